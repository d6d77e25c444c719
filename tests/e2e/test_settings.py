"""The settings screen: the library (name, folders, members) and the account (password, tokens),
each change made through the UI and checked where a user would see it: the page, a new sign-in,
a request with the token."""

import re
import shutil

import requests
from playwright.sync_api import expect

from photonix.photos.models import LibraryUser
from tests.e2e.conftest import screenshot, sign_in
from tests.processes import wait_until


def open_settings(page, username="alice", password="secret-alice"):
    sign_in(page, username, password)
    expect(page.get_by_role("searchbox", name="Search")).to_be_visible()
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Settings").click()
    expect(page.get_by_role("heading", name="Settings", exact=True)).to_be_visible()


def set_role(page, username, role):
    """Choose a member's role and wait for the server's answer (the browser's requests pass through
    the test's Playwright routes: the test waits through Playwright, not by sleeping)."""
    with page.expect_response(lambda r: r.request.method == "PATCH" and "/members/" in r.url):
        page.get_by_role("combobox", name=f"Role of {username}").select_option(role)


def test_owner_renames_the_library_and_adds_watches_and_removes_a_folder(page, fast_library, fixture_photos, tmp_path):
    open_settings(page)
    page.get_by_label("Library name").fill("Family photos")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_role("heading", name="Library: Family photos")).to_be_visible()
    expect(page.get_by_role("status").filter(has_text="Saved.")).to_be_visible()
    fast_library.refresh_from_db()
    assert fast_library.name == "Family photos"

    folder_field = page.get_by_label("Folder path")
    folder_field.fill(str(tmp_path / "missing"))
    page.get_by_role("button", name="Add folder").click()
    expect(page.get_by_text(f"{tmp_path / 'missing'} is not a folder.")).to_be_visible()
    expect(folder_field).to_have_attribute("aria-invalid", "true")

    more = tmp_path / "more"
    more.mkdir()
    shutil.copy(fixture_photos / "tree.jpg", more / "tree.jpg")
    folder_field.fill(str(more))
    page.get_by_role("button", name="Add folder").click()
    row = page.get_by_role("listitem", name=str(more))
    expect(row).to_be_visible()
    expect(folder_field).to_have_value("")
    # Adding the folder imports it.
    wait_until(lambda: fast_library.photos.count() == 1, timeout=60, message="tree.jpg of the new folder imported")

    watch = row.get_by_role("checkbox", name=f"Watch {more} for changes")
    expect(watch).to_be_checked()
    with page.expect_response(lambda r: r.request.method == "PATCH"):
        watch.click()  # the box shows the server's answer
    expect(watch).not_to_be_checked()
    assert not fast_library.paths.get(path=str(more)).watch_for_changes
    page.reload()
    expect(page.get_by_role("checkbox", name=f"Watch {more} for changes")).not_to_be_checked()

    page.get_by_role("button", name=f"Remove {more}").click()
    page.get_by_role("button", name="Remove the folder").click()
    expect(page.get_by_role("listitem", name=str(more))).to_have_count(0)
    assert not fast_library.paths.filter(path=str(more)).exists()
    expect(page.get_by_role("listitem", name=str(fast_library.folder))).to_be_visible()
    page.evaluate("window.scrollTo(0, 0)")
    screenshot(page, "settings")


def test_owner_adds_a_member_changes_the_role_and_removes_them(page, fast_library, django_user_model):
    carol = django_user_model.objects.create_user("carol", password="secret-carol")
    open_settings(page)
    page.get_by_label("Username").fill("nobody")
    page.get_by_role("button", name="Add member").click()
    expect(page.get_by_text("There is no user 'nobody'.")).to_be_visible()

    page.get_by_label("Username").fill("carol")
    page.get_by_role("button", name="Add member").click()
    row = page.get_by_role("listitem", name="carol")
    expect(row.get_by_role("combobox", name="Role of carol")).to_have_value("member")
    assert LibraryUser.objects.get(library=fast_library, user=carol).owner is False

    set_role(page, "carol", "owner")
    assert LibraryUser.objects.get(library=fast_library, user=carol).owner is True
    # The last owner stays one: once carol is not an owner any more, alice cannot step down.
    set_role(page, "carol", "member")
    assert LibraryUser.objects.get(library=fast_library, user=carol).owner is False
    set_role(page, "alice", "member")
    expect(page.get_by_role("alert")).to_contain_text("The last owner of a library cannot become a member.")

    row.get_by_role("button", name="Remove carol").click()
    row.get_by_role("button", name="Remove the member").click()
    expect(page.get_by_role("listitem", name="carol")).to_have_count(0)
    assert not LibraryUser.objects.filter(library=fast_library, user=carol).exists()


def test_change_password_then_sign_in_with_the_new_one(page, fast_library):
    open_settings(page)
    page.get_by_label("Current password").fill("not-my-password")
    page.get_by_label("New password", exact=True).fill("a brand new passphrase")
    page.get_by_label("New password again").fill("a brand new passphrase")
    page.get_by_role("button", name="Change password").click()
    expect(page.get_by_role("alert")).to_contain_text("The old password is wrong.")

    page.get_by_label("Current password").fill("secret-alice")
    page.get_by_role("button", name="Change password").click()
    expect(page.get_by_role("status").filter(has_text="Your password is changed.")).to_be_visible()

    page.get_by_label("Account: alice").click()
    page.get_by_role("button", name="Sign out").click()
    expect(page).to_have_url(re.compile(r"/login"))
    sign_in(page, "alice", "secret-alice")
    expect(page.get_by_role("alert")).to_contain_text("Wrong user name or password.")
    sign_in(page, "alice", "a brand new passphrase")
    expect(page.get_by_role("searchbox", name="Search")).to_be_visible()


def test_create_a_token_shown_once_and_revoke_it(page, fast_library, web_server):
    open_settings(page)
    page.get_by_label("Token name").fill("backup script")
    page.get_by_label("Read only").check()
    page.get_by_role("button", name="Create token").click()
    shown = page.get_by_role("status", name="Token “backup script” created")
    expect(shown).to_contain_text("Copy it now: it is not shown again.")
    token = shown.get_by_role("textbox", name="New token").input_value()
    assert token.startswith("phx_")

    def libraries_with_token():
        return requests.get(
            f"{web_server.url}/api/v1/libraries", headers={"Authorization": f"Bearer {token}"}, timeout=10
        )

    answer = libraries_with_token()
    assert answer.status_code == 200 and [lib["name"] for lib in answer.json()] == [fast_library.name]

    shown.get_by_role("button", name="Done").click()
    expect(shown).to_have_count(0)
    row = page.get_by_role("listitem", name="backup script")
    expect(row).to_contain_text("read only")
    expect(row).to_contain_text(token[:8])
    page.reload()
    expect(page.get_by_role("listitem", name="backup script")).to_be_visible()
    expect(page.get_by_text(token)).to_have_count(0)  # never shown again

    page.get_by_role("button", name="Revoke backup script").click()
    page.get_by_role("button", name="Revoke the token").click()
    expect(page.get_by_role("listitem", name="backup script")).to_have_count(0)
    expect(page.get_by_text("No token yet.")).to_be_visible()
    assert libraries_with_token().status_code == 401
