"""Signing in and out of the web UI."""

import re

from playwright.sync_api import expect

from tests.e2e.conftest import sign_in


def test_sign_in_and_sign_out(page, fast_library):
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/login$"))

    sign_in(page, "alice", "not-her-password")
    expect(page.get_by_role("alert")).to_contain_text("Wrong user name or password.")
    expect(page).to_have_url(re.compile(r"/login$"))

    sign_in(page, "alice", "secret-alice")
    expect(page).to_have_url(re.compile(r"/$"))
    expect(page.get_by_role("searchbox", name="Search")).to_be_visible()
    expect(page.get_by_role("navigation", name="Main").get_by_role("link", name="Timeline")).to_be_visible()

    page.get_by_label("Account: alice").click()
    page.get_by_role("button", name="Sign out").click()
    expect(page).to_have_url(re.compile(r"/login$"))
    page.goto("/settings")
    expect(page).to_have_url(re.compile(r"/login\?next=%2Fsettings$"))


def test_signing_in_returns_to_the_page_that_asked(page, fast_library):
    page.goto("/people")
    expect(page).to_have_url(re.compile(r"/login\?next=%2Fpeople$"))
    page.get_by_label("Username").fill("alice")
    page.get_by_label("Password").fill("secret-alice")
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(re.compile(r"/people$"))
    expect(page.get_by_role("heading", name="No people yet")).to_be_visible()


def test_too_many_failed_sign_ins_are_refused_readably(page, fast_library):
    for _ in range(5):
        sign_in(page, "alice", "guess")
        expect(page.get_by_role("alert")).to_contain_text("Wrong user name or password.")
    sign_in(page, "alice", "secret-alice")  # even the right password, while locked
    expect(page.get_by_role("alert")).to_contain_text("Too many failed sign-ins. Try again in 15 minutes.")
    expect(page).to_have_url(re.compile(r"/login$"))
