"""Personal access tokens: shown once, stored hashed, read-only, library scope, Bearer first."""

import hashlib
from datetime import UTC, datetime, timedelta

import pytest
from django.test import Client
from django.utils import timezone

from photonix.accounts.models import AccessToken
from photonix.accounts.tokens import issue_token
from tests.api.client import ApiClient
from tests.api.conftest import token_client

pytestmark = pytest.mark.django_db


def test_a_new_token_is_shown_once_and_only_its_hash_is_stored(alice):
    api = ApiClient().login("alice", "secret-alice")
    created = api.post("/tokens", {"name": "laptop"})
    assert created.status_code == 201
    secret = created.json()["token"]
    assert secret.startswith("phx_") and len(secret) > 40
    stored = AccessToken.objects.get()
    assert stored.digest == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in {getattr(stored, f.attname) for f in AccessToken._meta.fields}
    listed = api.get("/tokens").json()
    assert [t["name"] for t in listed] == ["laptop"]
    assert "token" not in listed[0] and secret.startswith(listed[0]["prefix"])
    me = ApiClient(token=secret).get("/me")
    assert me.status_code == 200 and me.json()["username"] == "alice"
    assert api.get("/tokens").json()[0]["last_used_at"] is not None


def test_a_deleted_or_expired_or_wrong_token_is_401(alice):
    api = ApiClient().login("alice", "secret-alice")
    secret = api.post("/tokens", {"name": "old"}).json()["token"]
    token_id = AccessToken.objects.get().pk
    assert api.delete(f"/tokens/{token_id}").status_code == 204
    assert ApiClient(token=secret).get("/me").status_code == 401
    past = (timezone.now() - timedelta(minutes=1)).isoformat()
    expired = api.post("/tokens", {"name": "expired", "expires_at": past}).json()["token"]
    assert ApiClient(token=expired).get("/me").status_code == 401
    assert ApiClient(token="phx_not-a-real-token").get("/me").status_code == 401


def test_tokens_of_other_users_cannot_be_deleted(alice, bob):
    token = token_client(alice)
    token.post("/tokens", {"name": "mine"})
    mine = AccessToken.objects.filter(name="mine").get()
    assert ApiClient().login("bob", "secret-bob").delete(f"/tokens/{mine.pk}").status_code == 404
    assert AccessToken.objects.filter(pk=mine.pk).exists()


def test_a_read_only_token_reads_but_changes_nothing(alice, library):
    reader = token_client(alice, read_only=True)
    assert reader.get("/libraries").status_code == 200
    for response in (
        reader.post("/tokens", {"name": "more"}),
        reader.patch(f"/libraries/{library.pk}", {"name": "Renamed"}),
        reader.post(f"/libraries/{library.pk}/rescan"),
        reader.post("/auth/logout"),
    ):
        assert response.status_code == 403
        assert response.json() == {"detail": "This token is read-only."}


def test_a_scoped_token_sees_only_its_library(alice, library, other_library):
    scoped = token_client(alice, library=other_library)
    assert [lib["name"] for lib in scoped.get("/libraries").json()] == ["Other library"]
    assert scoped.get(f"/libraries/{library.pk}").status_code == 404
    assert scoped.get(f"/libraries/{other_library.pk}").status_code == 200
    assert scoped.post("/tokens", {"name": "wider"}).status_code == 403
    assert scoped.post("/tokens", {"name": "same", "library_id": str(other_library.pk)}).status_code == 201


def test_a_token_cannot_be_scoped_to_a_library_of_someone_else(alice, bob, other_library):
    bob_api = ApiClient().login("bob", "secret-bob")
    response = bob_api.post("/tokens", {"name": "x", "library_id": str(other_library.pk)})
    assert response.status_code == 404


def test_the_bearer_token_is_used_before_the_session(alice, bob, other_library):
    """Bob's session with alice's token acts as alice, and needs no CSRF header."""
    api = ApiClient(csrf=False).login("bob", "secret-bob")
    _, secret = issue_token(alice, "t")
    api.token = secret
    assert api.get("/me").json()["username"] == "alice"
    assert api.post(f"/libraries/{other_library.pk}/rescan").status_code == 202


def test_the_admin_lists_tokens_without_their_secrets(alice, django_user_model):
    token, secret = issue_token(alice, "laptop")
    admin = Client()
    admin.force_login(django_user_model.objects.create_superuser("root", password="secret-root"))
    page = admin.get("/admin/accounts/accesstoken/")
    assert page.status_code == 200
    assert token.prefix in page.text and secret not in page.text


@pytest.mark.parametrize(
    ("expires_at", "status", "stored"),
    [
        ("6253-01-16T16:20:53+21:37", 201, datetime(6253, 1, 15, 18, 43, 53, tzinfo=UTC)),  # found by schemathesis
        ("2030-05-01T12:00:00", 201, datetime(2030, 5, 1, 12, tzinfo=UTC)),  # no zone: UTC
        ("9999-12-31T23:59:59-23:59", 422, None),  # beyond the last representable moment in UTC
    ],
)
def test_a_token_expiry_is_stored_in_utc(alice, expires_at, status, stored):
    api = ApiClient().login("alice", "secret-alice")
    response = api.post("/tokens", {"name": "expiring", "expires_at": expires_at})
    assert response.status_code == status, response.content
    if stored:
        assert AccessToken.objects.get(name="expiring").expires_at == stored
