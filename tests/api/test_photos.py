"""A photo's detail, its changes (PATCH), metadata, download, tags and albums, and bulk changes
(who may call each route is in test_permissions.py)."""

import json
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from urllib.parse import quote

import pytest
import redis
from django.conf import settings

from photonix.photos.models import Camera, Lens, Photo, PhotoFile, PhotoTag, PipelineStep, Tag
from photonix.photos.pipeline import queue_keys
from photonix.photos.rotation import ROTATION_DEBOUNCE_SECONDS
from tests.api.client import ApiClient
from tests.api.conftest import add_photo, token_client

pytestmark = pytest.mark.django_db

START = datetime(2020, 1, 1, tzinfo=UTC)
ROTATION_TASK = "photonix.photos.tasks.reclassify_after_rotation_task"


@pytest.fixture
def api(alice):
    return ApiClient().login("alice", "secret-alice")


def tag(library, name, tag_type, source=Tag.Source.COMPUTER, parent=None):
    return Tag.objects.get_or_create(library=library, name=name, type=tag_type, source=source, parent=parent)[0]


def test_detail_has_the_metadata_files_and_tags_by_type(api, library):
    camera = Camera.objects.create(library=library, make="Canon", model="EOS 5D")
    lens = Lens.objects.create(library=library, name="EF 50mm")
    photo = add_photo(
        library,
        "photo.jpg",
        START,
        camera=camera,
        lens=lens,
        aperture=Decimal("2.8"),
        exposure="1/250",
        iso_speed=400,
        focal_length=Decimal("50.0"),
        flash=False,
        metering_mode="Multi-segment",
        latitude=Decimal("64.150117"),
        longitude=Decimal("-21.933117"),
        altitude=Decimal("12.5"),
        star_rating=3,
        taken_by="Alice",
    )
    raw = PhotoFile.objects.create(
        photo=photo, path=str(library.folder / "photo.dng"), file_modified_at=START - timedelta(days=1), bytes=9000
    )
    country = tag(library, "Iceland", Tag.Type.LOCATION)
    PhotoTag.objects.create(photo=photo, tag=tag(library, "Reykjavík", Tag.Type.LOCATION, parent=country), source="C")
    PhotoTag.objects.create(photo=photo, tag=tag(library, "Blue", Tag.Type.COLOR), source="C", significance=0.4)
    face = PhotoTag.objects.create(
        photo=photo,
        tag=tag(library, "Boris", Tag.Type.FACE),
        source="C",
        verified=True,
        position_x=0.5,
        position_y=0.4,
        size_x=0.2,
        size_y=0.3,
    )
    PhotoTag.objects.create(
        photo=photo, tag=tag(library, "Unknown person 0001", Tag.Type.FACE), source="C", deleted=True
    )
    PhotoTag.objects.create(
        photo=photo,
        tag=tag(library, "dog", Tag.Type.OBJECT),
        source="C",
        confidence=0.8,
        position_x=0.1,
        position_y=0.2,
        size_x=0.1,
        size_y=0.1,
    )
    for name, tag_type in [("Serene", Tag.Type.STYLE), ("Christmas", Tag.Type.EVENT)]:
        PhotoTag.objects.create(photo=photo, tag=tag(library, name, tag_type), source="C")
    for name, tag_type in [("holiday", Tag.Type.GENERIC), ("Best of 2020", Tag.Type.ALBUM)]:
        PhotoTag.objects.create(photo=photo, tag=tag(library, name, tag_type, Tag.Source.HUMAN), source="H")

    detail = api.get(f"/photos/{photo.pk}").json()
    expected = {
        "id": str(photo.pk),
        "library_id": str(library.pk),
        "taken_at": "2020-01-01T00:00:00Z",
        "taken_by": "Alice",
        "camera": {"id": str(camera.pk), "make": "Canon", "model": "EOS 5D"},
        "lens": {"id": str(lens.pk), "name": "EF 50mm"},
        "aperture": 2.8,
        "exposure": "1/250",
        "iso_speed": 400,
        "focal_length": 50.0,
        "flash": False,
        "metering_mode": "Multi-segment",
        "drive_mode": None,
        "latitude": 64.150117,
        "longitude": -21.933117,
        "altitude": 12.5,
        "rating": 3,
        "deleted": False,
        "width": 640,
        "height": 480,
        "rotation": 0,
        "download_url": f"/api/v1/photos/{photo.pk}/download",
    }
    assert {key: detail[key] for key in expected} == expected
    assert [(f["file_name"], f["is_base"], f["bytes"]) for f in detail["files"]] == [
        ("photo.jpg", True, 1000),
        ("photo.dng", False, 9000),
    ]
    assert detail["files"][1]["id"] == str(raw.pk)
    tags = detail["tags"]
    assert tags["locations"][0]["name"] == "Reykjavík"
    assert tags["locations"][0]["parent"] == {"id": str(country.pk), "name": "Iceland"}
    assert (tags["colors"][0]["name"], tags["colors"][0]["significance"], tags["colors"][0]["hex"]) == (
        "Blue",
        0.4,
        "#0000ff",
    )
    people = {p["name"]: p for p in tags["people"]}
    assert people["Boris"]["id"] == str(face.pk)
    assert people["Boris"]["box"] == {"x": 0.5, "y": 0.4, "width": 0.2, "height": 0.3}
    assert people["Boris"]["verified"] is True and people["Boris"]["deleted"] is False
    assert people["Unknown person 0001"]["deleted"] is True and people["Unknown person 0001"]["box"] is None
    assert tags["objects"][0]["confidence"] == 0.8 and tags["objects"][0]["box"]["width"] == 0.1
    assert [t["name"] for t in tags["styles"]] == ["Serene"] and [t["name"] for t in tags["events"]] == ["Christmas"]
    assert tags["generic"][0]["name"] == "holiday" and tags["generic"][0]["source"] == "human"
    assert tags["albums"][0]["name"] == "Best of 2020" and tags["albums"][0]["type"] == "album"
    assert set(detail["thumbnails"]) == {"256x256_cover_q50", "1920x1920_contain_q80", "3840x3840_contain_q75"}


def test_detail_neighbours_follow_the_query(api, library):
    photos = [add_photo(library, f"p{i}.jpg", START + timedelta(days=i)) for i in range(5)]
    trees = tag(library, "tree", Tag.Type.OBJECT)
    for photo in photos[0], photos[2], photos[4]:
        PhotoTag.objects.create(photo=photo, tag=trees, source="C")
    middle = api.get(f"/photos/{photos[2].pk}").json()
    assert (middle["previous_id"], middle["next_id"]) == (str(photos[3].pk), str(photos[1].pk))
    in_query = api.get(f"/photos/{photos[2].pk}?q=tree").json()
    assert (in_query["previous_id"], in_query["next_id"]) == (str(photos[4].pk), str(photos[0].pk))
    rated = api.patch(f"/photos/{photos[2].pk}?q=tree", {"rating": 3}).json()  # a change answers the same
    assert (rated["rating"], rated["previous_id"], rated["next_id"]) == (3, str(photos[4].pk), str(photos[0].pk))
    refused = api.patch(f"/photos/{photos[2].pk}?q=rating:9", {"rating": 5})
    assert refused.status_code == 422 and refused.json()["token"] == "rating:9"
    assert Photo.objects.get(pk=photos[2].pk).star_rating == 3  # nothing changed
    newest = api.get(f"/photos/{photos[4].pk}?q=tree").json()
    assert (newest["previous_id"], newest["next_id"]) == (None, str(photos[2].pk))
    bad = api.get(f"/photos/{photos[2].pk}?q=rating:9")
    assert bad.status_code == 422 and bad.json()["token"] == "rating:9"


def test_neighbours_with_the_same_sort_at_are_ordered_by_id(api, library):
    photos = sorted((add_photo(library, f"p{i}.jpg", START) for i in range(3)), key=lambda p: p.pk, reverse=True)
    middle = api.get(f"/photos/{photos[1].pk}").json()
    assert (middle["previous_id"], middle["next_id"]) == (str(photos[0].pk), str(photos[2].pk))


def test_patch_rating_and_soft_delete_and_restore(api, library):
    photo = add_photo(library, "p.jpg", START)
    response = api.patch(f"/photos/{photo.pk}", {"rating": 5})
    assert response.status_code == 200 and response.json()["rating"] == 5
    assert api.patch(f"/photos/{photo.pk}", {"deleted": True}).json()["deleted"] is True
    assert api.get(f"/libraries/{library.pk}/photos").json()["items"] == []
    assert api.get(f"/photos/{photo.pk}").status_code == 200  # still there, to be restored
    api.patch(f"/photos/{photo.pk}", {"deleted": False})
    assert [i["id"] for i in api.get(f"/libraries/{library.pk}/photos").json()["items"]] == [str(photo.pk)]
    photo.refresh_from_db()
    assert (photo.star_rating, photo.deleted) == (5, False)


@pytest.mark.parametrize(
    "body",
    [{"rating": 6}, {"rating": -1}, {"rating": None}, {"rotation": 45}, {"deleted": None}, {"preferred_file_id": "x"}],
)
def test_patch_refuses_bad_values(api, library, body):
    photo = add_photo(library, "p.jpg", START, star_rating=2)
    assert api.patch(f"/photos/{photo.pk}", body).status_code == 422
    photo.refresh_from_db()
    assert photo.star_rating == 2


def take_messages(task_name, photo):
    """The messages of ``task_name`` for ``photo`` waiting on the default queue (any priority), taken off it
    (no worker runs in these tests)."""
    broker = redis.Redis.from_url(settings.CELERY_BROKER_URL)
    found = []
    for key in queue_keys("default"):
        for raw in broker.lrange(key, 0, -1):
            headers = json.loads(raw)["headers"]
            if headers["task"] == task_name and str(photo.pk) in headers["argsrepr"]:
                broker.lrem(key, 1, raw)
                found.append(headers)
    return found


def test_patch_rotation_rotates_the_base_file_and_schedules_reclassification(
    api, library, django_capture_on_commit_callbacks
):
    photo = add_photo(library, "p.jpg", START)
    with django_capture_on_commit_callbacks(execute=True):
        response = api.patch(f"/photos/{photo.pk}", {"rotation": 90})
    assert response.status_code == 200 and response.json()["rotation"] == 90
    assert photo.files.get().user_rotation == 90
    (headers,) = take_messages(ROTATION_TASK, photo)
    soon = datetime.now(UTC) + timedelta(seconds=ROTATION_DEBOUNCE_SECONDS - 5)
    assert datetime.fromisoformat(headers["eta"]) > soon  # sent with the debounce countdown


def test_patch_preferred_file_must_be_one_of_its_files_and_redoes_the_image_steps(
    api, library, django_capture_on_commit_callbacks
):
    photo = add_photo(library, "p.jpg", START)
    other = add_photo(library, "other.jpg", START)
    second = PhotoFile.objects.create(
        photo=photo, path=str(library.folder / "p.png"), file_modified_at=START - timedelta(days=1), bytes=5
    )
    before = api.get(f"/photos/{photo.pk}").json()["thumbnails"]["256x256_cover_q50"]
    refused = api.patch(f"/photos/{photo.pk}", {"preferred_file_id": str(other.files.get().pk)})
    assert refused.status_code == 422 and "not a file of this photo" in refused.json()["detail"]
    with django_capture_on_commit_callbacks(execute=True) as sent:
        response = api.patch(f"/photos/{photo.pk}", {"preferred_file_id": str(second.pk)})
    assert response.status_code == 200
    assert [f["is_base"] for f in response.json()["files"] if f["id"] == str(second.pk)] == [True]
    assert response.json()["thumbnails"]["256x256_cover_q50"] != before  # the new file's thumbnail
    assert len(sent) == 1
    pending = set(PipelineStep.objects.filter(photo=photo, status="pending").values_list("step", flat=True))
    assert pending == {"thumbnails", "classify.color", "classify.face", "classify.object", "classify.style"}
    assert len(take_messages("photonix.photos.tasks.process_raw_task", photo)) == 1  # the photo's pipeline


def test_metadata_lists_every_exiftool_value_of_a_file(api, library):
    photo = add_photo(library, "p.jpg", START, real=True)
    body = api.get(f"/photos/{photo.pk}/metadata").json()
    assert body["file_id"] == str(photo.files.get().pk)
    assert body["tags"]["EXIF:Make"] == "Canon" and body["tags"]["EXIF:Model"] == "Canon EOS 5D"
    assert body["tags"]["File:ImageWidth"] == 64 and body["tags"]["EXIF:DateTimeOriginal"] == "2020:01:01 00:00:00"
    assert "SourceFile" not in body["tags"]
    other = add_photo(library, "other.jpg", START, real=True)
    assert api.get(f"/photos/{photo.pk}/metadata?file_id={other.files.get().pk}").status_code == 404
    (library.folder / "p.jpg").unlink()
    gone = api.get(f"/photos/{photo.pk}/metadata")
    assert gone.status_code == 404 and "gone" in gone.json()["detail"]


def test_download_streams_the_original_with_its_name(api, library):
    photo = add_photo(library, "Été à Paris.jpg", START, real=True)
    response = api.get(f"/photos/{photo.pk}/download")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == (library.folder / "Été à Paris.jpg").read_bytes()
    assert response["Content-Type"] == "image/jpeg"
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;") and f"filename*=utf-8''{quote('Été à Paris.jpg')}" in disposition
    by_id = api.get(f"/photos/{photo.pk}/download?file_id={photo.files.get().pk}")
    assert b"".join(by_id.streaming_content) == (library.folder / "Été à Paris.jpg").read_bytes()
    (library.folder / "Été à Paris.jpg").unlink()
    gone = api.get(f"/photos/{photo.pk}/download")
    assert gone.status_code == 404 and gone.json() == {"detail": "The file is gone from disk."}


def test_a_tag_is_added_once_and_an_unused_generic_tag_is_deleted(api, library):
    photo = add_photo(library, "p.jpg", START)
    created = api.post(f"/photos/{photo.pk}/tags", {"name": "holiday"})
    assert created.status_code == 201
    assert created.json()["name"] == "holiday" and created.json()["type"] == "generic"
    again = api.post(f"/photos/{photo.pk}/tags", {"name": " Holiday ", "type": "generic"})
    assert again.status_code == 200 and again.json()["id"] == created.json()["id"]  # names ignore case
    assert api.post(f"/photos/{photo.pk}/tags", {"name": "   "}).status_code == 422
    assert [t["name"] for t in api.get(f"/photos/{photo.pk}").json()["tags"]["generic"]] == ["holiday"]
    tag_id = created.json()["tag_id"]
    assert api.delete(f"/photos/{photo.pk}/tags/{tag_id}").status_code == 204
    assert api.get(f"/photos/{photo.pk}").json()["tags"]["generic"] == []
    assert not Tag.objects.filter(pk=tag_id).exists()
    assert api.delete(f"/photos/{photo.pk}/tags/{tag_id}").status_code == 404


def test_an_album_stays_when_its_last_photo_leaves_and_other_tags_are_not_removed_here(api, library):
    photo = add_photo(library, "p.jpg", START)
    album = api.post(f"/photos/{photo.pk}/tags", {"name": "Best of", "type": "album"}).json()
    assert album["type"] == "album" and album["source"] == "human"
    assert api.delete(f"/photos/{photo.pk}/tags/{album['tag_id']}").status_code == 204
    assert Tag.objects.filter(pk=album["tag_id"], type=Tag.Type.ALBUM).exists()
    dog = tag(library, "dog", Tag.Type.OBJECT)
    PhotoTag.objects.create(photo=photo, tag=dog, source="C", position_x=0.2)
    PhotoTag.objects.create(photo=photo, tag=dog, source="C", position_x=0.7)  # two dogs
    refused = api.delete(f"/photos/{photo.pk}/tags/{dog.pk}")
    assert refused.status_code == 422 and PhotoTag.objects.filter(tag=dog).exists()
    assert api.post(f"/photos/{photo.pk}/tags", {"name": "x", "type": "face"}).status_code == 422
    assert api.post(f"/photos/{photo.pk}/tags", {"name": ""}).status_code == 422


def bulk(api, photos, action, **values):
    return api.post("/photos/bulk", {"photo_ids": [str(p.pk) for p in photos], "action": action, **values})


def test_bulk_rates_tags_albums_deletes_and_restores(api, library):
    photos = [add_photo(library, f"p{i}.jpg", START, star_rating=2 if i == 0 else None) for i in range(3)]
    assert bulk(api, photos, "rate", rating=2).json() == {"changed": 2}
    assert set(Photo.objects.values_list("star_rating", flat=True)) == {2}
    api.post(f"/photos/{photos[0].pk}/tags", {"name": "trip"})
    assert bulk(api, photos, "tag_add", name="trip").json() == {"changed": 2}
    assert bulk(api, photos, "album_add", name="Summer").json() == {"changed": 3}
    summer = Tag.objects.get(name="Summer", type=Tag.Type.ALBUM)
    assert summer.photo_tags.count() == 3
    assert bulk(api, photos[:2], "tag_remove", name="TRIP").json() == {"changed": 2}
    assert bulk(api, photos, "tag_remove", name="trip").json() == {"changed": 1}
    assert not Tag.objects.filter(name="trip").exists()
    assert bulk(api, photos, "album_remove", name="Summer").json() == {"changed": 3}
    assert Tag.objects.filter(pk=summer.pk).exists()  # an empty album stays
    assert bulk(api, photos[:2], "delete").json() == {"changed": 2}
    assert [i["id"] for i in api.get(f"/libraries/{library.pk}/photos").json()["items"]] == [str(photos[2].pk)]
    assert bulk(api, photos, "restore").json() == {"changed": 2}


def test_bulk_is_all_or_nothing(api, library, other_library, django_user_model, tmp_path):
    mine = [add_photo(library, f"p{i}.jpg", START) for i in range(2)]
    stranger = django_user_model.objects.create_user("mallory")
    theirs_library = type(library).objects.create(name="Mallory's")
    theirs_library.users.create(user=stranger, owner=True)
    theirs_library.folder = tmp_path
    theirs = add_photo(theirs_library, "theirs.jpg", START)
    response = bulk(api, [*mine, theirs], "rate", rating=5)
    assert response.status_code == 404
    missing = bulk(api, [*mine, Photo(pk="8f7e2f2c-7f47-4d3a-9d4c-3a0c2b1e5d6f")], "delete")
    assert missing.status_code == 404
    assert set(Photo.objects.values_list("star_rating", "deleted")) == {(None, False)}
    scoped = token_client(library.users.get().user, library=other_library)
    assert bulk(scoped, mine, "rate", rating=1).status_code == 404
    assert bulk(api, mine, "rate").status_code == 422  # no rating
    assert bulk(api, mine, "tag_add").status_code == 422  # no name
    assert api.post("/photos/bulk", {"photo_ids": [], "action": "delete"}).status_code == 422
    too_many = [str(mine[0].pk)] * 1001
    assert api.post("/photos/bulk", {"photo_ids": too_many, "action": "delete"}).status_code == 422
    assert set(Photo.objects.values_list("star_rating", "deleted")) == {(None, False)}
