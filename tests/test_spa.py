"""The web UI as Django serves it: index.html for every client route (with the CSRF cookie,
never cached), hashed assets cached for good by WhiteNoise, the API and admin left alone."""

import pytest
from django.core.management import call_command
from django.test import Client

ROUTES = ["/", "/login", "/setup", "/photos/0b6f2f43-6c1a-4f55-8d0a-1f2a3b4c5d6e", "/settings?tab=members", "/no/such"]


@pytest.fixture
def built_ui(tmp_path, settings):
    """A stand-in for ui/dist: an index.html, one hashed asset and one plain file, collected."""
    dist = tmp_path / "dist"
    (dist / "assets").mkdir(parents=True)
    (dist / "index.html").write_text('<!doctype html><script src="/static/ui/assets/index-Ab1_cD-9.js"></script>')
    (dist / "assets" / "index-Ab1_cD-9.js").write_text("console.log('photonix')")
    (dist / "logo.svg").write_text("<svg/>")
    settings.UI_DIST = dist
    settings.STATICFILES_DIRS = [("ui", dist)]
    settings.STATIC_ROOT = tmp_path / "static"
    call_command("collectstatic", interactive=False, verbosity=0)
    return dist


@pytest.mark.parametrize("url", ROUTES)
def test_every_client_route_gets_index_html_with_the_csrf_cookie_never_cached(built_ui, url):
    response = Client().get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/html; charset=utf-8"
    assert response.content == (built_ui / "index.html").read_bytes()
    assert "csrftoken" in response.cookies
    assert "no-cache" in response["Cache-Control"]


def test_hashed_assets_are_cached_for_good_and_other_files_are_not(built_ui):
    client = Client()
    asset = client.get("/static/ui/assets/index-Ab1_cD-9.js")
    assert asset.status_code == 200
    assert b"".join(asset.streaming_content) == b"console.log('photonix')"
    assert "immutable" in asset["Cache-Control"]
    logo = client.get("/static/ui/logo.svg")
    assert logo.status_code == 200
    assert "immutable" not in logo["Cache-Control"]


@pytest.mark.django_db
def test_api_admin_and_thumbnails_are_not_client_routes(built_ui):
    client = Client()
    api = client.get("/api/v1/no-such-thing")
    assert (api.status_code, api.json()) == (404, {"detail": "Not Found"})
    assert client.get("/admin/").status_code == 302  # to the admin's own login page
    assert client.get("/static/ui/missing.js").status_code == 404
    thumbnail = client.get("/thumbnails/0b6f2f43-6c1a-4f55-8d0a-1f2a3b4c5d6e/256x256_cover_q50.jpg")
    assert thumbnail.status_code == 302 and thumbnail["Location"].startswith("/admin/login/")  # not signed in


def test_an_unbuilt_ui_says_how_to_build_it(tmp_path, settings):
    settings.UI_DIST = tmp_path / "never-built"
    response = Client().get("/")
    assert response.status_code == 503
    assert b"make start" in response.content
