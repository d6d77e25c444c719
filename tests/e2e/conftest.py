"""End-to-end tests: the built web UI in a real headless Chromium (Playwright, driving Debian's
``chromium``) against the real stack: gunicorn on the test database, a real Celery worker on
the test Redis, the shared fixture photos imported for real.

Every test runs twice, at a desktop and at a phone viewport (375 x 812). Each browser context
refuses any request that would leave 127.0.0.1, and its test fails if one was tried, or if the
page threw a JavaScript error.
"""

import os
import shutil
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.core.management import call_command

from photonix.photos.pipeline import queues_idle
from tests.api.conftest import no_login_failures  # noqa: F401 - autouse here too: no failed logins left over
from tests.conftest import wait_for_pipeline
from tests.processes import start_web_server, wait_until

# Playwright's sync API keeps an event loop in the test's thread; the ORM calls of the fixtures
# (made between browser steps, never concurrently with them) are safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
VIEWPORTS = {"desktop": {"width": 1280, "height": 800}, "phone": {"width": 375, "height": 812}}
SCREENSHOTS = Path(__file__).resolve().parent.parent.parent / "docs" / "screenshots"
FAST_CLASSIFIERS_ONLY = {"face": False, "object": False, "style": False}


def pytest_collection_modifyitems(items):
    """Every e2e test commits its data (gunicorn and the worker read it from their own connections)."""
    here = Path(__file__).parent
    for item in items:
        if item.path.is_relative_to(here):
            item.add_marker(pytest.mark.django_db(transaction=True))


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.is_file():
        pytest.skip("Debian's chromium is not installed (scripts/bootstrap.sh dev installs it)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def built_ui():
    """The UI as ``make start`` serves it: built (scripts/build_ui.sh) and collected."""
    index = Path(settings.UI_DIST) / "index.html"
    assert index.is_file(), f"{index} is missing: run scripts/build_ui.sh (make test does)"
    call_command("collectstatic", interactive=False, verbosity=0)


@pytest.fixture(scope="module")
def web_server(built_ui, live_worker):
    """gunicorn serving Photonix on the test database (the worker processes what it imports)."""
    proc = start_web_server(workers=1, threads=8)
    yield proc
    proc.stop()


@pytest.fixture(params=list(VIEWPORTS))
def page(request, browser, web_server):
    """A new browser context (no cookies) at one of the viewports; ``page.viewport_name`` says which."""
    name = request.param
    context = browser.new_context(
        base_url=web_server.url, viewport=VIEWPORTS[name], is_mobile=name == "phone", has_touch=name == "phone"
    )
    outside, errors = [], []

    def only_this_machine(route):
        if urlsplit(route.request.url).hostname == "127.0.0.1":
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    context.route("**/*", only_this_machine)
    tab = context.new_page()
    tab.on("pageerror", lambda error: errors.append(str(error)))
    tab.viewport_name = name
    yield tab
    context.close()
    assert not outside, f"requests to other hosts: {outside}"
    assert not errors, f"JavaScript errors: {errors}"


@pytest.fixture(autouse=True)
def idle_queues_afterwards(request):
    """The worker finishes what a test started before the test's data is emptied."""
    yield
    if "web_server" in request.fixturenames:
        wait_until(queues_idle, timeout=120, message="the worker to finish the tasks of this test")


@pytest.fixture
def fast_library(library):
    """``library`` (alice's) with only the fast classifiers, so that imports finish quickly."""
    from photonix.photos.libraries import set_classifier_switches

    set_classifier_switches(library, FAST_CLASSIFIERS_ONLY)
    library.save()
    return library


def fixture_files(fixture_photos):
    """Every shared fixture photo (the top folder and faces/)."""
    return sorted(p for p in fixture_photos.rglob("*") if p.is_file())


def import_photos(library, files):
    """Copy ``files`` into the library's folder, record them and wait for their thumbnails."""
    from photonix.photos.importing import record_photo

    photos = []
    for source in files:
        shutil.copy(source, library.folder / source.name)
        photos.append(record_photo(library.folder / source.name, library))
    wait_for_pipeline([p.pk for p in photos], steps=["thumbnails"])
    return photos


def sign_in(page, username, password):
    page.goto("/login")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()


def screenshot(page, name):
    """Take a screenshot once the images on screen have loaded: into docs/screenshots/ (the README's,
    committed) with ``UPDATE_SCREENSHOTS=1``, else into the test run's DATA_DIR, so a test run leaves
    the work tree clean."""
    page.wait_for_function(
        """() => [...document.images]
            .filter((img) => img.getBoundingClientRect().top < innerHeight)
            .every((img) => img.complete && img.naturalWidth > 0)"""
    )
    folder = SCREENSHOTS if os.environ.get("UPDATE_SCREENSHOTS") else Path(settings.DATA_DIR) / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=folder / f"{name}-{page.viewport_name}.png")
