"""Login, logout, the caller, password change, CSRF, and the failed-login limits (API and admin)."""

import pytest
from django.test import Client

from tests.api.client import ApiClient
from tests.api.conftest import token_client

pytestmark = pytest.mark.django_db


def test_login_sets_session_and_csrf_cookies_and_me_answers(alice):
    api = ApiClient()
    response = api.post("/auth/login", {"username": "alice", "password": "secret-alice"})
    assert response.status_code == 200
    assert response.json()["username"] == "alice"
    assert {"sessionid", "csrftoken"} <= set(response.cookies)
    me = api.get("/me")
    assert me.status_code == 200
    assert me.json() == {"id": str(alice.pk), "username": "alice", "email": "", "is_superuser": False}


def test_wrong_password_is_401_json(alice):
    response = ApiClient().post("/auth/login", {"username": "alice", "password": "wrong"})
    assert response.status_code == 401
    assert response["Content-Type"].startswith("application/json")
    assert response.json() == {"detail": "Wrong user name or password."}


def test_anonymous_me_is_401():
    response = ApiClient().get("/me")
    assert response.status_code == 401
    assert response.json() == {"detail": "Unauthorized"}


def test_logout_ends_the_session(alice):
    api = ApiClient().login("alice", "secret-alice")
    assert api.post("/auth/logout").status_code == 204
    assert api.get("/me").status_code == 401


def test_session_writes_need_the_csrf_header_tokens_do_not(alice):
    no_header = ApiClient(csrf=False).login("alice", "secret-alice")
    response = no_header.post("/tokens", {"name": "laptop"})
    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]
    assert ApiClient().login("alice", "secret-alice").post("/tokens", {"name": "laptop"}).status_code == 201
    assert token_client(alice).post("/tokens", {"name": "phone"}).status_code == 201


def test_password_change_keeps_the_session_and_needs_the_old_password(alice):
    api = ApiClient().login("alice", "secret-alice")
    wrong = api.post("/me/password", {"old_password": "nope", "new_password": "a-new-password"})
    assert wrong.status_code == 400
    short = api.post("/me/password", {"old_password": "secret-alice", "new_password": "short"})
    assert short.status_code == 422
    assert "too short" in short.json()["detail"]
    changed = api.post("/me/password", {"old_password": "secret-alice", "new_password": "a-new-password"})
    assert changed.status_code == 204
    assert api.get("/me").status_code == 200
    assert ApiClient().post("/auth/login", {"username": "alice", "password": "secret-alice"}).status_code == 401
    ApiClient().login("alice", "a-new-password")


def test_five_failures_lock_the_user_name_with_retry_after(alice, bob):
    api = ApiClient()
    for _ in range(5):
        assert api.post("/auth/login", {"username": "alice", "password": "wrong"}).status_code == 401
    locked = api.post("/auth/login", {"username": "alice", "password": "secret-alice"})
    assert locked.status_code == 429
    assert 0 < int(locked["Retry-After"]) <= 15 * 60
    assert "Too many failed logins" in locked.json()["detail"]
    ApiClient().login("bob", "secret-bob")  # another user from the same address may still log in


def test_an_address_is_locked_after_its_limit_across_user_names(alice, settings):
    settings.LOGIN_FAILURES_PER_ADDRESS = 3
    api = ApiClient()
    for name in ("x", "y", "z"):
        assert api.post("/auth/login", {"username": name, "password": "wrong"}).status_code == 401
    assert api.post("/auth/login", {"username": "alice", "password": "secret-alice"}).status_code == 429


def test_a_successful_login_clears_the_user_name_count(alice):
    api = ApiClient()
    for _ in range(4):
        api.post("/auth/login", {"username": "alice", "password": "wrong"})
    api.login("alice", "secret-alice")
    for _ in range(4):
        assert api.post("/auth/login", {"username": "alice", "password": "wrong"}).status_code == 401
    api.login("alice", "secret-alice")


def test_admin_login_failures_count_and_the_admin_login_is_locked_too(django_user_model, library):
    django_user_model.objects.create_superuser("root", password="secret-root")
    admin = Client()
    for _ in range(5):
        page = admin.post("/admin/login/", {"username": "root", "password": "wrong"})
        assert page.status_code == 200  # the form again, with its error
    locked = admin.post("/admin/login/", {"username": "root", "password": "secret-root"})
    assert locked.status_code == 429
    assert int(locked["Retry-After"]) > 0
    assert ApiClient().post("/auth/login", {"username": "root", "password": "secret-root"}).status_code == 429
