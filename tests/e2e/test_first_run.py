"""First run: from an empty database, through the wizard, to an owner browsing the imported photos."""

import re
import shutil

from playwright.sync_api import expect

from tests.e2e.conftest import fixture_files, screenshot
from tests.e2e.test_timeline import shown_photos
from tests.processes import wait_until


def test_first_run_from_an_empty_database_to_a_browsing_owner(page, fixture_photos, tmp_path):
    folder = tmp_path / "photos"
    folder.mkdir()
    files = fixture_files(fixture_photos)
    for source in files:
        shutil.copy(source, folder / source.name)

    page.goto("/")
    expect(page).to_have_url(re.compile(r"/setup$"))
    page.get_by_label("Username").fill("owner")
    page.get_by_label("Password", exact=True).fill("a-long-password")
    page.get_by_label("Password again").fill("a-long-password")
    page.get_by_role("button", name="Next").click()

    page.get_by_label("Library name").fill("Family")
    page.get_by_label("Photo folder").fill("/no/such/folder")
    page.get_by_role("button", name="Next").click()
    for slow in ("Faces", "Objects", "Style"):
        page.get_by_role("checkbox", name=re.compile(f"^{slow}")).uncheck()
    page.get_by_role("button", name="Create the library and start importing").click()

    # The server refuses the folder: the wizard goes back to it and says why, on the field.
    folder_input = page.get_by_label("Photo folder")
    expect(folder_input).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_text("/no/such/folder is not a folder.")).to_be_visible()
    folder_input.fill(str(folder))
    page.get_by_role("button", name="Next").click()
    expect(page.get_by_role("checkbox", name=re.compile("^Faces"))).not_to_be_checked()
    page.get_by_role("button", name="Create the library and start importing").click()

    expect(page).to_have_url(re.compile(r"/processing\?welcome=1$"))
    expect(page.get_by_role("heading", name="Photonix is importing your photos")).to_be_visible()
    screenshot(page, "first-run-done")
    page.get_by_role("link", name="Open the timeline").click()
    expect(page).to_have_url(re.compile(r"/$"))

    names = sorted(f.name for f in files)

    def all_shown():
        page.locator(".grid, .empty-state").first.wait_for()  # the timeline, or "No photos yet"
        if sorted(shown_photos(page)) == names:
            return True
        page.reload()
        return False

    wait_until(all_shown, timeout=120, interval=2, message="every fixture photo in the timeline")
    page.get_by_label("Account: owner").click()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
