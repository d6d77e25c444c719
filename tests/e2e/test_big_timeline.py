"""A big library: the grid keeps a bounded number of DOM nodes wherever the user scrolls or jumps."""

import re
from datetime import UTC, datetime, timedelta

from playwright.sync_api import expect

from tests.e2e.conftest import sign_in

PHOTOS = 5000
MAX_GRID_NODES = 500


def grid_nodes(page):
    return page.evaluate("document.querySelectorAll('.grid *').length")


def test_the_grid_stays_small_and_jumps_to_the_oldest_month(page, fast_library):
    from photonix.photos.models import Photo

    newest = datetime(2025, 6, 30, 12, tzinfo=UTC)
    times = [newest - timedelta(hours=17 * n) for n in range(PHOTOS)]  # about ten years
    Photo.objects.bulk_create(Photo(library=fast_library, taken_at=t, sort_at=t) for t in times)
    oldest_month = times[-1].strftime("%B %Y")

    sign_in(page, "alice", "secret-alice")
    expect(page.locator("a.tile").first).to_be_visible()
    assert grid_nodes(page) <= MAX_GRID_NODES

    page.mouse.wheel(0, 20_000)
    page.wait_for_timeout(300)
    assert grid_nodes(page) <= MAX_GRID_NODES

    # Selecting every loaded photo shows a check on every tile, and the grid stays as small.
    page.keyboard.press("a")
    expect(page.get_by_role("toolbar", name="Selected photos")).to_contain_text(re.compile(r"^\d+ selected"))
    assert grid_nodes(page) <= MAX_GRID_NODES
    page.keyboard.press("Escape")
    expect(page.get_by_role("toolbar", name="Selected photos")).to_be_hidden()

    # Back from a photo, the timeline is where it was.
    # One element (a locator would find whichever tile is ninth in the DOM when it acts: the
    # virtualizer renders other rows once this one scrolls into view).
    tile = page.locator("a.tile").nth(8).element_handle()
    tile.scroll_into_view_if_needed()
    scrolled = page.evaluate("window.scrollY")
    assert scrolled > 10_000
    tile.click()
    expect(page).to_have_url(re.compile(r"/photos/"))
    # The URL changes before the photo page is rendered: Esc is for the page the user sees.
    expect(page.get_by_role("button", name="Back to the timeline")).to_be_visible()
    page.keyboard.press("Escape")
    expect(page).to_have_url(re.compile(r"/$"))
    page.wait_for_function(f"Math.abs(window.scrollY - {scrolled}) < 2")

    scrubber = page.get_by_role("slider", name="Jump to a month")
    scrubber.focus()
    pages = []
    page.on("request", lambda request: "/photos?" in request.url and pages.append(request.url))
    page.keyboard.press("End")
    expect(scrubber).to_have_attribute("aria-valuetext", oldest_month)
    expect(page.get_by_role("heading", name=re.compile(f"^{oldest_month}"))).to_be_in_viewport()
    expect(page.locator("a.tile").last).to_be_in_viewport()
    assert grid_nodes(page) <= MAX_GRID_NODES
    # Only the months on screen were fetched (each from its start), not the thousands of photos in between.
    assert 0 < len(pages) <= 6, pages
