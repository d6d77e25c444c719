"""The timeline: every photo of the library, newest first, as square lazy thumbnails named by file."""

import re
from pathlib import Path

from playwright.sync_api import expect

from photonix.photos import editing
from tests.conftest import wait_for_pipeline
from tests.e2e.conftest import fixture_files, import_photos, screenshot, sign_in


def shown_photos(page):
    """Scroll the whole timeline; every photo tile seen on the way: file name → (link, img attributes)."""
    seen = {}
    page.evaluate("window.scrollTo(0, 0)")
    while True:
        for tile in page.locator("a.tile:has(img)").all():
            img = tile.locator("img")
            attributes = {name: img.get_attribute(name) for name in ("loading", "decoding", "width", "height")}
            seen[img.get_attribute("alt")] = (tile.get_attribute("href"), attributes)
        at_bottom = page.evaluate("window.scrollY + window.innerHeight >= document.documentElement.scrollHeight - 2")
        if at_bottom:
            return seen
        page.evaluate("window.scrollBy(0, window.innerHeight * 0.8)")
        page.wait_for_timeout(150)


def test_the_timeline_shows_every_fixture_named_by_its_file(page, fast_library, fixture_photos):
    files = fixture_files(fixture_photos)
    ids = {Path(p.files.get().path).name: str(p.pk) for p in import_photos(fast_library, files)}
    sign_in(page, "alice", "secret-alice")
    expect(page).to_have_url(re.compile(r"/$"))
    expect(page.locator("a.tile img").first).to_be_visible()
    screenshot(page, "timeline")

    seen = shown_photos(page)
    assert sorted(seen) == sorted(f.name for f in files)
    for name, (href, attributes) in seen.items():
        assert href == f"/photos/{ids[name]}"
        assert attributes["loading"] == "lazy" and attributes["decoding"] == "async"
        assert int(attributes["width"]) == int(attributes["height"]) > 100
    # The scrubber jumps to the oldest month (as a slider: End), and back to the newest (Home).
    page.evaluate("window.scrollTo(0, 0)")
    scrubber = page.get_by_role("slider", name="Jump to a month")
    scrubber.focus()
    page.keyboard.press("End")
    expect(scrubber).to_have_attribute("aria-valuetext", "January 2000")
    expect(page.get_by_role("heading", name=re.compile("^January 2000"))).to_be_in_viewport()
    page.keyboard.press("Home")
    expect(page.locator("h2.month").first).to_be_in_viewport()
    box = scrubber.bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] - 2)
    expect(page.get_by_role("heading", name=re.compile("^January 2000"))).to_be_in_viewport()


def test_search_and_the_photo_page_move_within_the_query(page, fast_library, fixture_photos):
    files = fixture_files(fixture_photos)
    photos = import_photos(fast_library, files)
    wait_for_pipeline([p.pk for p in photos])  # places too: "Greece"
    holiday = {"snow.jpg", "tree.jpg", "Boris_Becker_0004.jpg"}
    for photo in photos:
        if Path(photo.files.get().path).name in holiday:
            editing.add_tag(photo, "holiday", "generic")
    sign_in(page, "alice", "secret-alice")
    expect(page.locator("a.tile img").first).to_be_visible()

    search = page.get_by_role("searchbox", name="Search")
    page.keyboard.press("/")
    expect(search).to_be_focused()
    search.fill("Greece")
    search.press("Enter")
    expect(page).to_have_url(re.compile(r"/\?q=Greece$"))
    expect(page.locator("a.tile img")).to_have_count(1)
    expect(page.get_by_role("img", name="tree.jpg")).to_be_visible()

    page.get_by_role("link").filter(has=page.get_by_role("img", name="tree.jpg")).click()
    expect(page).to_have_url(re.compile(r"/photos/[0-9a-f-]+\?q=Greece$"))
    expect(page.get_by_role("heading", name="tree.jpg")).to_be_visible()
    expect(page.get_by_role("button", name="Next photo")).to_be_disabled()  # the only photo of the search
    screenshot(page, "photo")
    page.keyboard.press("Escape")
    expect(page).to_have_url(re.compile(r"/\?q=Greece$"))

    # In a search of three photos, → goes through exactly those, in the grid's order, and ← back.
    search.press("Backspace")  # in the empty box: removes the "Greece" chip
    expect(page).not_to_have_url(re.compile(r"Greece"))
    search.fill("holiday")
    search.press("Enter")
    expect(page.locator("a.tile img")).to_have_count(3)
    in_grid = [img.get_attribute("alt") for img in page.locator("a.tile img").all()]
    assert set(in_grid) == holiday
    page.locator("a.tile").first.click()
    title = page.locator("h1.viewer-title")
    expect(title).to_have_text(in_grid[0])
    for name in in_grid[1:]:
        page.keyboard.press("ArrowRight")
        expect(title).to_have_text(name)
        expect(page).to_have_url(re.compile(r"\?q=holiday$"))
    expect(page.get_by_role("button", name="Next photo")).to_be_disabled()
    for name in reversed(in_grid[:-1]):
        page.keyboard.press("ArrowLeft")
        expect(title).to_have_text(name)
    expect(page.get_by_role("button", name="Previous photo")).to_be_disabled()
    stage = page.locator(".photo-stage").bounding_box()  # a swipe to the left shows the next photo
    middle_y = stage["y"] + stage["height"] / 2
    page.mouse.move(stage["x"] + stage["width"] * 0.8, middle_y)
    page.mouse.down()
    page.mouse.move(stage["x"] + stage["width"] * 0.2, middle_y, steps=5)
    page.mouse.up()
    expect(title).to_have_text(in_grid[1])
    page.keyboard.press("ArrowLeft")
    expect(title).to_have_text(in_grid[0])
    page.keyboard.press("Escape")
    expect(page).to_have_url(re.compile(r"/\?q=holiday$"))

    page.get_by_role("button", name="Clear search").click()
    expect(page).to_have_url(re.compile(r"/$"))
    page.wait_for_function("document.querySelectorAll('a.tile img').length > 1")  # the whole library again
    first = page.locator("a.tile").first
    first_name = first.locator("img").get_attribute("alt")
    first.click()
    title = page.locator("h1.viewer-title")
    expect(title).to_have_text(first_name)
    first_url = page.url

    def shows_another_photo():
        page.wait_for_function(
            "(name) => document.querySelector('h1.viewer-title')?.textContent.trim() !== name && "
            "document.querySelector('h1.viewer-title') !== null",
            arg=first_name,
        )

    page.keyboard.press("ArrowRight")
    shows_another_photo()
    second_url = page.url
    page.keyboard.press("ArrowLeft")
    expect(title).to_have_text(first_name)
    expect(page).to_have_url(first_url)
    page.keyboard.press("ArrowRight")
    shows_another_photo()
    expect(page).to_have_url(second_url)
    page.keyboard.press("Escape")
    expect(page).to_have_url(re.compile(r"/$"))
    expect(page.get_by_role("img", name=first_name)).to_be_visible()
