"""The search box: suggestions as you type, chips for the accepted terms, the query in the URL."""

import re

from playwright.sync_api import expect

from tests.conftest import wait_for_pipeline
from tests.e2e.conftest import fixture_files, import_photos, screenshot, sign_in


def test_a_suggestion_becomes_a_chip_and_the_query_lives_in_the_url(page, fast_library, fixture_photos):
    wait_for_pipeline([p.pk for p in import_photos(fast_library, fixture_files(fixture_photos))])  # places too
    sign_in(page, "alice", "secret-alice")
    expect(page.locator("a.tile img").first).to_be_visible()

    search = page.get_by_role("searchbox", name="Search")
    search.click()
    search.press_sequentially("gre")
    greece = page.get_by_role("option", name=re.compile("^Greece"))
    expect(greece).to_be_visible()
    screenshot(page, "search-suggestions")
    search.press("Tab")  # accepts the first suggestion
    expect(page).to_have_url(re.compile(r"/\?q=place%3AGreece$"))
    expect(page.get_by_role("button", name="Remove “Place: Greece” from the search")).to_be_visible()
    expect(search).to_have_value("")
    expect(page.locator("a.tile img")).to_have_count(1)
    expect(page.get_by_role("img", name="tree.jpg")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth <= visualViewport.width"), (
        "the page is wider than the screen"
    )

    # Reload keeps the query (and its chip); typed words join it as chips on Enter; ↓ + Enter accepts.
    page.reload()
    expect(page.get_by_role("img", name="tree.jpg")).to_be_visible()
    expect(page.locator("a.tile img")).to_have_count(1)
    search.fill("2018")
    search.press("Enter")
    expect(page).to_have_url(re.compile(r"/\?q=place%3AGreece\+2018$"))
    expect(page.locator(".chip")).to_have_count(2)
    expect(page.locator("a.tile img")).to_have_count(1)

    # Backspace in the empty input removes the last chip; back and forward walk the queries.
    search.press("Backspace")
    expect(page).to_have_url(re.compile(r"/\?q=place%3AGreece$"))
    page.go_back()
    expect(page).to_have_url(re.compile(r"/\?q=place%3AGreece\+2018$"))
    expect(page.locator(".chip")).to_have_count(2)
    page.go_forward()
    expect(page.locator(".chip")).to_have_count(1)

    # Esc closes the suggestions; a removed chip gives the whole library back.
    search.press_sequentially("gre")
    expect(greece).to_be_visible()
    search.press("Escape")
    expect(greece).to_be_hidden()
    search.fill("")
    page.get_by_role("button", name="Remove “Place: Greece” from the search").click()
    expect(page).to_have_url(re.compile(r"/$"))
    page.wait_for_function("document.querySelectorAll('a.tile img').length > 1")

    # The filter panel: facets counted for the query, each a toggle of its term; sliders write ranges.
    page.get_by_role("button", name="Filters").click()
    panel = page.get_by_role("complementary", name="Filters")
    greece_facet = panel.get_by_role("button", name=re.compile("^Greece 1$"))
    expect(greece_facet).to_have_attribute("aria-pressed", "false")
    greece_facet.click()
    expect(page).to_have_url(re.compile(r"/\?q=place%3AGreece$"))
    expect(greece_facet).to_have_attribute("aria-pressed", "true")
    expect(page.locator("a.tile img")).to_have_count(1)
    screenshot(page, "filters")
    panel.get_by_role("slider", name="Rating (stars), from").press("ArrowRight")
    expect(page).to_have_url(re.compile(r"/\?q=place%3AGreece\+rating%3A1-5$"))
    panel.get_by_role("button", name="Close the filters").click()
    expect(panel).to_be_hidden()
