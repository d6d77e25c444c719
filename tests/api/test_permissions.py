"""The permission matrix: every route of the OpenAPI schema under every kind of caller.

A new route must be added to ``ROUTES`` (with the kind of permission it needs) or to
``PUBLIC``; ``test_every_route_is_in_the_matrix`` fails until it is. Routes that need
particular objects get them from ``url_and_body``.
"""

import json

import pytest
from django.test import Client

from photonix.accounts.tokens import issue_token
from photonix.photos.editing import add_tag
from photonix.photos.models import LibraryPath, LibraryUser, PhotoTag, Tag
from tests.api.client import ApiClient
from tests.api.conftest import add_photo, token_client

pytestmark = pytest.mark.django_db

CALLERS = ["anonymous", "token of another library", "read-only token", "member", "owner", "owner's token"]
OK = "ok"  # allowed: neither 401, 403 nor 404 (what the route then does is tested with the route)

# kind of route → the status each caller (in CALLERS order) gets
KINDS = {
    "read": (401, 404, OK, OK, OK, OK),
    "write": (401, 404, 403, OK, OK, OK),
    "owner": (401, 404, 403, 403, OK, OK),
    "account read": (401, OK, OK, OK, OK, OK),
    "account write": (401, OK, 403, OK, OK, OK),
    "new token": (401, 403, 403, OK, OK, OK),
}

ROUTES = {
    "POST /api/v1/auth/logout": "account write",
    "GET /api/v1/me": "account read",
    "POST /api/v1/me/password": "account write",
    "GET /api/v1/tokens": "account read",
    "POST /api/v1/tokens": "new token",
    "DELETE /api/v1/tokens/{token_id}": "account write",
    "GET /api/v1/libraries": "account read",
    "GET /api/v1/libraries/{library_id}": "read",
    "PATCH /api/v1/libraries/{library_id}": "owner",
    "GET /api/v1/libraries/{library_id}/paths": "read",
    "POST /api/v1/libraries/{library_id}/paths": "owner",
    "PATCH /api/v1/libraries/{library_id}/paths/{path_id}": "owner",
    "DELETE /api/v1/libraries/{library_id}/paths/{path_id}": "owner",
    "GET /api/v1/libraries/{library_id}/members": "read",
    "POST /api/v1/libraries/{library_id}/members": "owner",
    "PATCH /api/v1/libraries/{library_id}/members/{user_id}": "owner",
    "DELETE /api/v1/libraries/{library_id}/members/{user_id}": "owner",
    "POST /api/v1/libraries/{library_id}/rescan": "write",
    "GET /api/v1/libraries/{library_id}/photos": "read",
    "POST /api/v1/photos/bulk": "write",
    "GET /api/v1/photos/{photo_id}": "read",
    "PATCH /api/v1/photos/{photo_id}": "write",
    "GET /api/v1/photos/{photo_id}/metadata": "read",
    "GET /api/v1/photos/{photo_id}/download": "read",
    "POST /api/v1/photos/{photo_id}/tags": "write",
    "DELETE /api/v1/photos/{photo_id}/tags/{tag_id}": "write",
    "GET /api/v1/libraries/{library_id}/facets": "read",
    "GET /api/v1/libraries/{library_id}/timeline": "read",
    "GET /api/v1/libraries/{library_id}/map": "read",
    "GET /api/v1/libraries/{library_id}/albums": "read",
    "GET /api/v1/libraries/{library_id}/suggestions": "read",
    "GET /api/v1/libraries/{library_id}/people": "read",
    "GET /api/v1/people/{person_id}/faces": "read",
    "GET /api/v1/map/settings": "account read",
    "GET /api/v1/map/countries": "account read",
    "PATCH /api/v1/people/{person_id}": "write",
    "POST /api/v1/people/{person_id}/merge": "write",
    "PATCH /api/v1/faces/{photo_tag_id}": "write",
    "GET /api/v1/libraries/{library_id}/processing": "read",
    "PATCH /api/v1/libraries/{library_id}/processing": "owner",
    "POST /api/v1/libraries/{library_id}/processing/retry": "write",
}

PUBLIC = {"GET /api/health", "GET /api/v1/setup", "POST /api/v1/setup", "POST /api/v1/auth/login"}

BODIES = {
    "POST /api/v1/me/password": {"old_password": "wrong", "new_password": "a-long-password"},
    "POST /api/v1/tokens": {"name": "another"},
    "PATCH /api/v1/libraries/{library_id}": {"name": "Renamed"},
    "POST /api/v1/libraries/{library_id}/members": {"username": "erin"},
    "PATCH /api/v1/libraries/{library_id}/paths/{path_id}": {"watch": False},
    "PATCH /api/v1/libraries/{library_id}/members/{user_id}": {"owner": True},
    "PATCH /api/v1/photos/{photo_id}": {"rating": 4},
    "POST /api/v1/photos/{photo_id}/tags": {"name": "matrix"},
    "POST /api/v1/photos/bulk": lambda ids: {"photo_ids": [str(ids["photo_id"])], "action": "rate", "rating": 3},
    "PATCH /api/v1/people/{person_id}": {"name": "Someone named"},
    "PATCH /api/v1/faces/{photo_tag_id}": {"verified": True},
    "PATCH /api/v1/libraries/{library_id}/processing": {"classifier": "color", "paused": True},
    "POST /api/v1/people/{person_id}/merge": lambda ids: {"into": str(ids["other_person_id"])},
}


@pytest.fixture
def callers(alice, bob, other_library):
    """Caller name → (client, the user it acts as)."""
    return {
        "anonymous": (ApiClient(), alice),
        "token of another library": (token_client(alice, library=other_library), alice),
        "read-only token": (token_client(alice, read_only=True), alice),
        "member": (ApiClient().login("bob", "secret-bob"), bob),
        "owner": (ApiClient().login("alice", "secret-alice"), alice),
        "owner's token": (token_client(alice), alice),
    }


def url_and_body(route, user, library, tmp_path, django_user_model):
    """The URL of ``route`` on ``library``, with the objects it names created for it."""
    method, template = route.split(" ")
    dave = django_user_model.objects.create_user("dave")
    LibraryUser.objects.create(library=library, user=dave)
    django_user_model.objects.create_user("erin")
    photo = add_photo(library, "matrix.jpg", real=True)
    person, other_person = (
        Tag.objects.create(library=library, name=name, type=Tag.Type.FACE, source=Tag.Source.COMPUTER)
        for name in ("Unknown person 0001", "Someone else")
    )
    face, _ = (
        PhotoTag.objects.create(photo=photo, tag=tag, source=Tag.Source.COMPUTER) for tag in (person, other_person)
    )
    ids = {
        "library_id": library.pk,
        "person_id": person.pk,
        "other_person_id": other_person.pk,
        "photo_tag_id": face.pk,
        "path_id": LibraryPath.objects.create(library=library, path=str(tmp_path)).pk,
        "user_id": dave.pk,
        "token_id": issue_token(user, "to delete")[0].pk,
        "photo_id": photo.pk,
        "tag_id": add_tag(photo, "to remove", "generic")[0].tag_id,
    }
    (tmp_path / "more").mkdir()
    body = BODIES.get(route, {"path": str(tmp_path / "more")} if route.endswith("/paths") else None)
    body = body(ids) if callable(body) else body
    return method, template.removeprefix("/api/v1").format(**ids), body if body is not None or method != "POST" else {}


def test_every_route_is_in_the_matrix():
    schema = json.loads(Client().get("/api/openapi.json").content)
    routes = {f"{method.upper()} {path}" for path, operations in schema["paths"].items() for method in operations}
    assert routes - set(ROUTES) - PUBLIC == set(), "add these routes to ROUTES (or PUBLIC)"
    assert set(ROUTES) | PUBLIC <= routes


@pytest.mark.parametrize("who", CALLERS)
@pytest.mark.parametrize("route", list(ROUTES))
def test_permission_matrix(route, who, callers, library, tmp_path, django_user_model):
    client, user = callers[who]
    method, url, body = url_and_body(route, user, library, tmp_path, django_user_model)
    response = client.request(method, url, body)
    expected = KINDS[ROUTES[route]][CALLERS.index(who)]
    if expected == OK:
        assert response.status_code not in (401, 403, 404) and response.status_code < 500, response.content
    else:
        assert response.status_code == expected, response.content
        assert "detail" in response.json()
