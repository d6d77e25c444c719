"""The map without tiles (``MAP_TILE_URL`` empty): the located photo as a marker over the country
outlines that Photonix serves itself, every request to 127.0.0.1 (the ``page`` fixture checks)."""

import re

import pytest
from playwright.sync_api import expect

from tests.conftest import wait_for_pipeline
from tests.e2e.conftest import import_photos, screenshot, sign_in
from tests.processes import process_env, start_web_server


@pytest.fixture(scope="module")
def web_server(built_ui, live_worker):
    """gunicorn as in conftest, with the map's tiles switched off."""
    proc = start_web_server(workers=1, threads=8, env=process_env(MAP_TILE_URL=""))
    yield proc
    proc.stop()


def test_the_map_shows_tree_jpg_over_the_country_outlines(page, fast_library, fixture_photos):
    tree, _ = import_photos(fast_library, [fixture_photos / "tree.jpg", fixture_photos / "snow.jpg"])
    wait_for_pipeline([tree.pk])
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    sign_in(page, "alice", "secret-alice")
    expect(page.get_by_role("link", name="Map")).to_be_visible()
    page.get_by_role("link", name="Map").first.click()
    expect(page).to_have_url(re.compile(r"/map$"))

    markers = page.locator(".leaflet-marker-icon.map-photo")
    expect(markers).to_have_count(1)  # snow.jpg has no position
    expect(page.locator("path.map-country").first).to_be_attached()
    assert page.locator("path.map-country").count() > 150
    # The outlines cover the map (not squeezed into an icon-sized SVG by the page's styles).
    overlay, whole = page.locator(".leaflet-overlay-pane svg").bounding_box(), page.locator(".map").bounding_box()
    assert overlay["width"] >= whole["width"] and overlay["height"] >= whole["height"]
    expect(page.get_by_role("status").filter(has_text="1 photo with a position")).to_contain_text("country outlines")
    assert any(url.endswith("/api/v1/map/countries") for url in requests)
    assert all(url.startswith("http://127.0.0.1:") for url in requests)
    screenshot(page, "map")

    markers.first.click()
    expect(page).to_have_url(re.compile(f"/photos/{tree.pk}$"))
    expect(page.get_by_role("heading", name="tree.jpg")).to_be_visible()

    # The map follows the search in the URL.
    page.goto("/map?q=Greece")
    expect(markers).to_have_count(1)
    page.goto("/map?q=-has:gps")
    expect(page.get_by_role("heading", name="No photo with a position matches “-has:gps”")).to_be_visible()
    expect(markers).to_have_count(0)
