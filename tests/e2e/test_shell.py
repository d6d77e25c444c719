"""The app shell: API errors shown with a retry, the shortcuts overlay, the theme toggle, the navigation."""

import re

from playwright.sync_api import expect

from tests.e2e.conftest import import_photos, sign_in


def test_an_api_error_is_shown_with_a_retry_never_a_blank_page(page, fast_library):
    sign_in(page, "alice", "secret-alice")
    expect(page.get_by_role("heading", name="No photos yet")).to_be_visible()

    broken = {"on": True}

    def timeline(route):
        if broken["on"]:
            route.fulfill(status=500, content_type="text/html", body="<h1>Server Error (500)</h1>")
        else:
            route.continue_()

    page.route(re.compile(r"/api/v1/libraries/[^/]+/timeline"), timeline)
    page.reload()
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("Photonix answered with an error (HTTP 500).")
    broken["on"] = False
    alert.get_by_role("button", name="Try again").click()
    expect(page.get_by_role("heading", name="No photos yet")).to_be_visible()
    expect(page.get_by_role("alert")).to_have_count(0)


def test_shortcuts_overlay_theme_toggle_and_navigation(page, fast_library):
    sign_in(page, "alice", "secret-alice")
    expect(page.get_by_role("heading", name="No photos yet")).to_be_visible()

    page.keyboard.press("?")
    dialog = page.get_by_role("dialog", name="Keyboard shortcuts")
    expect(dialog).to_be_visible()
    expect(dialog).to_contain_text("Focus the search box")
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()

    page.get_by_role("button", name="Theme: follows the system").click()
    expect(page.locator("html")).to_have_attribute("data-theme", "light")
    page.get_by_role("button", name="Theme: light").click()
    expect(page.locator("html")).to_have_attribute("data-theme", "dark")
    page.reload()
    expect(page.get_by_role("button", name="Theme: dark")).to_be_visible()
    expect(page.locator("html")).to_have_attribute("data-theme", "dark")

    nav = page.get_by_role("navigation", name="Main")
    empty_screens = {
        "Albums": "No albums yet",
        "People": "No people yet",
        "Map": "No photo here has a position",
    }
    for screen, heading in empty_screens.items():
        nav.get_by_role("link", name=screen).click()
        expect(page.get_by_role("heading", name=heading)).to_be_visible()
        expect(nav.get_by_role("link", name=screen)).to_have_attribute("aria-current", "page")
    page.go_back()
    expect(page).to_have_url(re.compile(r"/people$"))
    nav.get_by_role("link", name="Timeline").click()
    expect(page.get_by_role("heading", name="No photos yet")).to_be_visible()


def test_the_library_switcher_shows_with_several_libraries_and_remembers_the_choice(page, fast_library, fixture_photos):
    from photonix.photos.models import Library, LibraryUser

    import_photos(fast_library, [fixture_photos / "tree.jpg"])
    sign_in(page, "alice", "secret-alice")
    expect(page.get_by_role("img", name="tree.jpg")).to_be_visible()
    expect(page.get_by_label("Library")).to_have_count(0)  # one library: no switcher

    other = Library.objects.create(name="Another library")  # sorts first
    LibraryUser.objects.create(library=other, user=fast_library.users.get().user, owner=True)
    page.reload()
    switcher = page.get_by_label("Library")
    expect(switcher).to_have_value(str(other.pk))
    expect(page.get_by_role("heading", name="No photos yet")).to_be_visible()
    switcher.select_option(label="Test library")
    expect(page.get_by_role("img", name="tree.jpg")).to_be_visible()
    page.reload()
    expect(page.get_by_label("Library")).to_have_value(str(fast_library.pk))
    expect(page.get_by_role("img", name="tree.jpg")).to_be_visible()
