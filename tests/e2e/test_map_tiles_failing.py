"""The map when its tile server does not answer (an offline machine): the first failed tile makes
it draw the country outlines that Photonix serves, so the photo's marker still has a world around it.
The tile URL points at a closed port of 127.0.0.1, so nothing leaves the machine."""

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import import_photos, sign_in
from tests.processes import free_port, process_env, start_web_server


@pytest.fixture(scope="module")
def web_server(built_ui, live_worker):
    closed = f"http://127.0.0.1:{free_port()}/tiles/{{z}}/{{x}}/{{y}}.png"
    proc = start_web_server(workers=1, threads=8, env=process_env(MAP_TILE_URL=closed))
    yield proc
    proc.stop()


def test_failing_tiles_give_way_to_the_country_outlines(page, fast_library, fixture_photos):
    import_photos(fast_library, [fixture_photos / "tree.jpg"])
    tiles = []
    page.on("requestfailed", lambda request: tiles.append(request.url) if "/tiles/" in request.url else None)
    sign_in(page, "alice", "secret-alice")
    expect(page.get_by_role("link", name="Map")).to_be_visible()
    page.goto("/map")
    expect(page.locator(".leaflet-marker-icon.map-photo")).to_have_count(1)
    expect(page.locator("path.map-country").first).to_be_attached()
    expect(page.get_by_role("status").filter(has_text="country outlines")).to_be_visible()
    assert tiles, "the map asked its tile server first"
