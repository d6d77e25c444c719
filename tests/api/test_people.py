"""People routes: listing people, naming (and merging by name), merging, correcting single faces; issue 8
acceptance 5 on the LFW faces of ../shared/fixtures/photos/faces with the real face classifier."""

import shutil
from io import BytesIO

import pytest
from PIL import Image

from photonix.classifiers import registry
from photonix.classifiers.base import PhotoInfo
from photonix.photos import people
from photonix.photos.face_crops import FACE_CROP_PIXELS
from photonix.photos.importing import record_photo
from photonix.photos.models import Library, Photo, PhotoTag, Tag
from photonix.photos.processing import classify_photo
from photonix.photos.search import filter_photos, parse
from tests.api.client import ApiClient
from tests.conftest import FIXTURE_PHOTOS

FACES = FIXTURE_PHOTOS / "faces"
pytestmark = pytest.mark.django_db


@pytest.fixture
def api(alice):
    return ApiClient().login("alice", "secret-alice")


def import_faces(library, name):
    """Import one LFW photo and run the face classifier on it (as the face task does); returns its main face."""
    if not FACES.is_dir():
        pytest.skip("../shared/fixtures/photos/faces is not present")
    photo = record_photo(shutil.copy(FACES / f"{name}.jpg", library.folder), library)
    classify_photo(photo, registry.get("face"))
    # LFW photos are centred on their subject: the main face is the biggest.
    return PhotoTag.objects.filter(photo=photo, tag__type=Tag.Type.FACE).order_by("-size_x").first()


def person_photos(library, name):
    photos = filter_photos(Photo.objects.filter(library=library, deleted=False), parse(f'person:"{name}"'))
    return sorted(photo.files.get().path.rsplit("/", 1)[1] for photo in photos)


def people_by_name(api, library):
    response = api.get(f"/libraries/{library.pk}/people")
    assert response.status_code == 200, response.content
    return {person["name"]: person for person in response.json()}


def test_naming_merging_and_moving_faces_also_for_faces_found_later(api, library):
    """Issue 8, acceptance 5."""
    boris = [import_faces(library, f"Boris_Becker_000{i}") for i in (3, 4)]
    beckham = [import_faces(library, f"David_Beckham_000{i}") for i in (1, 2)]
    barbara = import_faces(library, "Barbara_Becker_0001")
    people.rebuild_face_index(library)  # what follows changes faces the index knows
    assert boris[0].tag_id == boris[1].tag_id != beckham[0].tag_id == beckham[1].tag_id != barbara.tag_id
    assert not people_by_name(api, library)[boris[0].tag.name]["named"]

    # Naming a cluster names it.
    named = api.patch(f"/people/{boris[0].tag_id}", {"name": "Boris Becker"}).json()
    assert (named["id"], named["name"], named["named"], named["face_count"]) == (
        str(boris[0].tag_id),
        "Boris Becker",
        True,
        2,
    )

    # Renaming a cluster to an existing name merges it into that person (quirk #341: nobody else is renamed).
    merged = api.patch(f"/people/{barbara.tag_id}", {"name": "Boris Becker"}).json()
    assert (merged["id"], merged["face_count"]) == (str(boris[0].tag_id), 3)
    assert not Tag.objects.filter(pk=barbara.tag_id).exists()

    # Assigning one wrong face to another (new) person moves only that face.
    face = api.patch(f"/faces/{barbara.pk}", {"name": "Barbara Becker"}).json()
    assert (face["person_name"], face["verified"], face["blocked"]) == ("Barbara Becker", True, False)
    everyone = people_by_name(api, library)
    assert everyone["Boris Becker"]["face_count"] == 2 and everyone["Barbara Becker"]["face_count"] == 1

    # A cluster split by mistake, merged back with the merge route.
    api.patch(f"/people/{beckham[0].tag_id}", {"name": "David Beckham"})
    split = api.patch(f"/faces/{beckham[1].pk}", {"name": "D. Beckham"}).json()
    merged = api.post(f"/people/{split['person_id']}/merge", {"into": str(beckham[0].tag_id)}).json()
    assert (merged["name"], merged["face_count"]) == ("David Beckham", 2)
    assert api.patch(f"/people/{split['person_id']}", {"name": "x"}).status_code == 404

    # Faces found later follow every correction.
    assert import_faces(library, "Boris_Becker_0005").tag.name == "Boris Becker"
    assert import_faces(library, "David_Beckham_0010").tag.name == "David Beckham"
    assert person_photos(library, "Boris Becker") == [f"Boris_Becker_000{i}.jpg" for i in (3, 4, 5)]
    assert person_photos(library, "Barbara Becker") == ["Barbara_Becker_0001.jpg"]
    assert person_photos(library, "David Beckham") == [f"David_Beckham_00{i}.jpg" for i in ("01", "02", "10")]

    # Named people first, by name, with their photo counts; their covers are faces of theirs.
    listed = api.get(f"/libraries/{library.pk}/people").json()
    assert [(p["name"], p["photo_count"]) for p in listed[:3]] == [
        ("Barbara Becker", 1),
        ("Boris Becker", 3),
        ("David Beckham", 3),
    ]
    cover = listed[1]["cover"]
    assert PhotoTag.objects.get(pk=cover["photo_tag_id"]).tag.name == "Boris Becker"
    assert 0 < cover["box"]["width"] <= 1 and 0 < cover["box"]["x"] < 1
    # The cover is a crop of the face: the face classifier finds one face filling most of it.
    crop = api.client.get(cover["face_url"])
    assert crop.status_code == 200 and crop["Content-Type"] == "image/jpeg"
    image = Image.open(BytesIO(b"".join(crop.streaming_content)))
    assert image.size == (FACE_CROP_PIXELS, FACE_CROP_PIXELS)
    [found] = registry.get("face").run(image.convert("RGB"), PhotoInfo())
    assert found.box[2] > 0.4 and abs(found.box[0] - 0.5) < 0.15 and abs(found.box[1] - 0.5) < 0.15

    # A person's faces: the faces that count, newest photo first, each with its crop.
    faces = api.get(f"/people/{listed[1]['id']}/faces").json()
    assert len(faces) == 3 and {f["person_name"] for f in faces} == {"Boris Becker"}
    assert cover["photo_tag_id"] in {f["id"] for f in faces}
    assert all(api.client.get(f["face_url"]).status_code == 200 for f in faces)
    assert len(api.get(f"/people/{listed[1]['id']}/faces?limit=2&offset=2").json()) == 1


# Synthetic faces (no classifier): a face tag per person and PhotoTags with embeddings


def person(library, name, faces=1, **face_fields):
    tag = Tag.objects.create(library=library, name=name, type=Tag.Type.FACE, source=Tag.Source.COMPUTER)
    for i in range(faces):
        PhotoTag.objects.create(
            photo=Photo.objects.create(library=library),
            tag=tag,
            source=Tag.Source.COMPUTER,
            significance=i,
            position_x=0.5,
            position_y=0.5,
            size_x=0.2,
            size_y=0.3,
            extra_data={"embedding": [float(i)] * 128},
            **face_fields,
        )
    return tag


def test_people_are_listed_named_first_then_unknown_by_face_count(api, library, django_assert_max_num_queries):
    person(library, "Unknown person 0001", faces=1)
    person(library, "Unknown person 0002", faces=3)
    person(library, "zoë", faces=1)
    person(library, "Anna", faces=2)
    person(library, "Unknown person 0003", faces=2, deleted=True)  # every face blocked: not listed
    with django_assert_max_num_queries(8):
        listed = api.get(f"/libraries/{library.pk}/people").json()
    assert [(p["name"], p["named"], p["face_count"]) for p in listed] == [
        ("Anna", True, 2),
        ("zoë", True, 1),
        ("Unknown person 0002", False, 3),
        ("Unknown person 0001", False, 1),
    ]
    assert listed[0]["cover"]["box"] == {"x": 0.5, "y": 0.5, "width": 0.2, "height": 0.3}
    assert listed[0]["cover"]["face_url"] is None  # photos without files


def test_blocked_faces_and_deleted_photos_do_not_count_and_are_not_matched(api, library):
    anna = person(library, "Anna", faces=3)
    first, second, third = anna.photo_tags.order_by("significance")
    Photo.objects.filter(pk=third.photo_id).update(deleted=True)
    blocked = api.patch(f"/faces/{first.pk}", {"blocked": True}).json()
    assert (blocked["blocked"], blocked["verified"], blocked["person_name"]) == (True, False, "Anna")
    assert people_by_name(api, library)["Anna"]["face_count"] == 1
    assert str(first.pk) not in set(people.known_faces(library).photo_tag_ids)
    api.patch(f"/faces/{second.pk}", {"blocked": True})
    assert "Anna" not in people_by_name(api, library)  # no face left to show
    renamed = api.patch(f"/people/{anna.pk}", {"name": "Anna B."}).json()
    assert (renamed["name"], renamed["face_count"], renamed["cover"]) == ("Anna B.", 0, None)
    api.patch(f"/faces/{second.pk}", {"blocked": False})
    assert api.patch(f"/faces/{first.pk}", {"blocked": False}).json()["blocked"] is False
    assert people_by_name(api, library)["Anna B."]["face_count"] == 2
    assert api.patch(f"/faces/{second.pk}", {"verified": True}).json()["verified"] is True


def test_a_person_moved_out_of_entirely_is_deleted(api, library):
    anna, bob = person(library, "Anna"), person(library, "Bob")
    face = anna.photo_tags.get()
    moved = api.patch(f"/faces/{face.pk}", {"person_id": str(bob.pk), "verified": False}).json()
    assert (moved["person_id"], moved["person_name"], moved["verified"]) == (str(bob.pk), "Bob", False)
    assert not Tag.objects.filter(pk=anna.pk).exists()
    assert people_by_name(api, library)["Bob"]["face_count"] == 2


def test_people_refusals(api, library):
    anna, bob = person(library, "Anna"), person(library, "Bob")
    face = anna.photo_tags.get()
    stranger_library = Library.objects.create(name="Not alice's")
    stranger = person(stranger_library, "Stranger")
    stranger_face = stranger.photo_tags.get()
    album = Tag.objects.create(library=library, name="Album", type=Tag.Type.ALBUM, source=Tag.Source.HUMAN)

    # Another library's person or face does not exist for alice; an album is not a person.
    assert api.patch(f"/people/{stranger.pk}", {"name": "x"}).status_code == 404
    assert api.post(f"/people/{stranger.pk}/merge", {"into": str(anna.pk)}).status_code == 404
    assert api.patch(f"/faces/{stranger_face.pk}", {"verified": True}).status_code == 404
    assert api.patch(f"/people/{album.pk}", {"name": "x"}).status_code == 404
    # ...nor may be named in a body.
    for response in (
        api.post(f"/people/{anna.pk}/merge", {"into": str(stranger.pk)}),
        api.patch(f"/faces/{face.pk}", {"person_id": str(stranger.pk)}),
        api.post(f"/people/{anna.pk}/merge", {"into": str(anna.pk)}),
        api.patch(f"/faces/{face.pk}", {"person_id": str(bob.pk), "name": "Bob"}),
        api.patch(f"/people/{anna.pk}", {"name": "   "}),
        api.patch(f"/faces/{face.pk}", {"name": "  "}),
        api.patch(f"/people/{anna.pk}", {"name": "a\x00b"}),
    ):
        assert response.status_code == 422, response.content
        assert response.json()["detail"]
    assert Tag.objects.get(pk=stranger.pk).name == "Stranger" and face.tag_id == anna.pk


def test_face_crops_are_for_members_only_and_follow_their_face(api, library, django_user_model):
    """A crop URL names its version: an old one (the user rotated the photo) is redirected to the
    current one; anyone but a member of the library, a blocked face and a deleted photo get 404."""
    face = import_faces(library, "Boris_Becker_0003")
    cover = people_by_name(api, library)[face.tag.name]["cover"]
    url = cover["face_url"]
    assert api.client.get(url).status_code == 200

    photo_file = face.photo.files.get()
    photo_file.user_rotation = 90
    photo_file.save()
    moved = api.client.get(url)
    assert moved.status_code == 302 and moved["Location"] != url
    assert moved["Location"] == people_by_name(api, library)[face.tag.name]["cover"]["face_url"]
    turned = Image.open(BytesIO(b"".join(api.client.get(moved["Location"]).streaming_content)))
    assert turned.size == (FACE_CROP_PIXELS, FACE_CROP_PIXELS)

    django_user_model.objects.create_user("mallory", password="secret-mallory")
    assert ApiClient().login("mallory", "secret-mallory").client.get(moved["Location"]).status_code == 404
    api.patch(f"/faces/{face.pk}", {"blocked": True})
    assert api.client.get(moved["Location"]).status_code == 404
    api.patch(f"/faces/{face.pk}", {"blocked": False})
    Photo.objects.filter(pk=face.photo_id).update(deleted=True)
    assert api.client.get(moved["Location"]).status_code == 404


def test_a_face_found_on_a_turned_photo_is_served_where_it_shows_before_the_turn(api, library):
    """The classifier sees the photo as the user turned it (a face lying on its side is found once turned
    upright); the box is stored and served in display orientation before that turn, as clients draw it."""
    if not FACES.is_dir():
        pytest.skip("../shared/fixtures/photos/faces is not present")
    shown = Image.new("RGB", (750, 250), (40, 80, 120))
    shown.paste(Image.open(FACES / "Boris_Becker_0003.jpg").convert("RGB").rotate(90), (500, 0))  # on its side
    shown.save(library.folder / "sideways.jpg", quality=95)
    photo = record_photo(library.folder / "sideways.jpg", library)
    photo.files.update(user_rotation=90)  # turned clockwise: the face is upright
    classify_photo(Photo.objects.get(pk=photo.pk), registry.get("face"))

    [face] = api.get(f"/photos/{photo.pk}").json()["tags"]["people"]
    box = face["box"]
    assert box["x"] == pytest.approx(625 / 750, abs=0.03) and box["y"] == pytest.approx(0.5, abs=0.06)
    assert box["width"] == pytest.approx(108 / 750, abs=0.03) and box["height"] == pytest.approx(108 / 250, abs=0.08)
