"""The library routes: what each does for the people allowed to use it (who may is in
test_permissions.py)."""

import json

import pytest
import redis
from django.conf import settings

from photonix.photos.libraries import RESCAN_TASK
from tests.api.client import ApiClient
from tests.api.conftest import token_client

pytestmark = pytest.mark.django_db


def test_anonymous_cannot_list_libraries():
    assert ApiClient().get("/libraries").status_code == 401


def test_libraries_lists_the_callers_libraries_with_role(alice, bob, library, other_library):
    owner = ApiClient().login("alice", "secret-alice").get("/libraries").json()
    assert [(lib["name"], lib["role"]) for lib in owner] == [("Other library", "owner"), ("Test library", "owner")]
    assert owner[1]["classifiers"] == dict.fromkeys(["color", "event", "location", "face", "object", "style"], True)
    member = ApiClient().login("bob", "secret-bob").get("/libraries").json()
    assert [(lib["id"], lib["role"]) for lib in member] == [(str(library.pk), "member")]


def test_owner_renames_and_switches_classifiers(alice, library):
    api = ApiClient().login("alice", "secret-alice")
    response = api.patch(f"/libraries/{library.pk}", {"name": "Family", "classifiers": {"face": False}})
    assert response.status_code == 200
    assert response.json()["name"] == "Family" and response.json()["classifiers"]["face"] is False
    library.refresh_from_db()
    assert library.name == "Family" and library.classification_face_enabled is False
    assert library.classification_color_enabled is True
    unknown = api.patch(f"/libraries/{library.pk}", {"classifiers": {"sharpness": True}})
    assert unknown.status_code == 422 and "sharpness" in unknown.json()["detail"]
    assert api.patch(f"/libraries/{library.pk}", {"name": ""}).status_code == 422


def test_paths_are_validated_listed_and_removed(alice, library, tmp_path):
    api = ApiClient().login("alice", "secret-alice")
    refused = {
        str(tmp_path / "missing"): "is not a folder",
        str(settings.DATA_DIR): "is Photonix's own DATA_DIR",
        str(settings.DATA_DIR / "cache"): "is inside Photonix's own DATA_DIR",
        str(settings.DATA_DIR.parent): "contains Photonix's own DATA_DIR",
        str(library.folder): "is already a folder of this library",
    }
    (settings.DATA_DIR / "cache").mkdir(exist_ok=True)
    for path, message in refused.items():
        response = api.post(f"/libraries/{library.pk}/paths", {"path": path})
        assert response.status_code == 422 and message in response.json()["detail"], (path, response.content)
    (tmp_path / "real").mkdir()
    (tmp_path / "link").symlink_to(tmp_path / "real")
    added = api.post(f"/libraries/{library.pk}/paths", {"path": str(tmp_path / "link"), "watch": False}).json()
    assert added["path"] == str((tmp_path / "real").resolve()) and added["watch"] is False
    listed = [p["path"] for p in api.get(f"/libraries/{library.pk}/paths").json()]
    assert listed == sorted([str(library.folder), added["path"]])
    watched = api.patch(f"/libraries/{library.pk}/paths/{added['id']}", {"watch": True})
    assert watched.status_code == 200 and watched.json()["watch"] is True
    assert [p["watch"] for p in api.get(f"/libraries/{library.pk}/paths").json()] == [True, True]
    assert library.paths.get(pk=added["id"]).watch_for_changes is True
    assert api.delete(f"/libraries/{library.pk}/paths/{added['id']}").status_code == 204
    assert [p["path"] for p in api.get(f"/libraries/{library.pk}/paths").json()] == [str(library.folder)]


def test_members_are_added_by_name_and_the_last_owner_stays(alice, bob, library, django_user_model):
    api = ApiClient().login("alice", "secret-alice")
    django_user_model.objects.create_user("carol", password="secret-carol")
    assert api.post(f"/libraries/{library.pk}/members", {"username": "nobody"}).status_code == 422
    assert api.post(f"/libraries/{library.pk}/members", {"username": "bob"}).status_code == 409
    added = api.post(f"/libraries/{library.pk}/members", {"username": "carol", "owner": True})
    assert added.status_code == 201 and added.json()["owner"] is True
    carol = ApiClient().login("carol", "secret-carol")
    assert [lib["role"] for lib in carol.get("/libraries").json()] == ["owner"]
    members = api.get(f"/libraries/{library.pk}/members").json()
    assert [(m["username"], m["owner"]) for m in members] == [("alice", True), ("bob", False), ("carol", True)]
    demoted = api.patch(f"/libraries/{library.pk}/members/{bob.pk}", {"owner": True})
    assert demoted.status_code == 200 and demoted.json() == {"user_id": str(bob.pk), "username": "bob", "owner": True}
    assert [lib["role"] for lib in ApiClient().login("bob", "secret-bob").get("/libraries").json()] == ["owner"]
    assert api.patch(f"/libraries/{library.pk}/members/{bob.pk}", {"owner": False}).json()["owner"] is False
    assert carol.delete(f"/libraries/{library.pk}/members/{alice.pk}").status_code == 204
    last = carol.delete(f"/libraries/{library.pk}/members/{members[2]['user_id']}")
    assert last.status_code == 409 and "last owner" in last.json()["detail"]
    demoted = carol.patch(f"/libraries/{library.pk}/members/{members[2]['user_id']}", {"owner": False})
    assert demoted.status_code == 409 and "last owner" in demoted.json()["detail"]
    assert api.get(f"/libraries/{library.pk}").status_code == 404  # alice is no longer a member


def test_rescan_sends_the_rescan_task_after_commit(alice, library, django_capture_on_commit_callbacks):
    """The message is on the broker's default queue (no worker runs here; it is taken off again)."""
    broker = redis.Redis.from_url(settings.CELERY_BROKER_URL)
    with django_capture_on_commit_callbacks(execute=True):
        response = token_client(alice).post(f"/libraries/{library.pk}/rescan")
    assert response.status_code == 202
    ours = [
        raw
        for raw in broker.lrange("default", 0, -1)
        if json.loads(raw)["headers"]["task"] == RESCAN_TASK
        and json.loads(raw)["headers"]["argsrepr"] == f"['{library.pk}']"
    ]
    assert len(ours) == 1
    assert broker.lrem("default", 1, ours[0]) == 1
