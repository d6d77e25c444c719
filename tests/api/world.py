"""A small but complete library for tests that call every route: real JPEGs imported with
their EXIF, tags of every kind, people with faces, albums, ledger rows, members, folders and
tokens, so that a route's path parameters can name objects that exist.

``build_world`` returns a ``World``: its ``ids`` map every path parameter name of the API
(``library_id``, ``photo_id``...) to the id of an object that the owner "alice" may use (routes
that delete what they name get objects made for deleting: a second folder, a second member, a
second token); ``token`` is a Bearer token of alice's; ``values`` are body field values that a
route accepts (a user who is not a member yet, a folder that is not in the library yet, photos,
files, people, classifiers and steps that exist).
"""

import random
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from django.contrib.auth import get_user_model

from photonix.accounts.tokens import issue_token
from photonix.photos.importing import record_photo
from photonix.photos.models import Library, LibraryPath, LibraryUser, PhotoTag, PipelineStep, Tag
from photonix.photos.people import EMBEDDING_SIZE
from tests.factories import make_jpeg

PASSWORD = "secret-alice"

# name, taken at, GPS, camera make and model
PHOTOS = [
    ("beach.jpg", "2021:07:14 10:00:00", (36.4618, 25.3753), "Canon", "EOS R5"),
    ("city.jpg", "2019:03:02 18:30:00", (51.5007, -0.1246), "FUJIFILM", "X-T4"),
    ("garden.jpg", "2016:05:21 08:15:00", None, "Canon", "EOS R5"),
    ("no-exif.jpg", None, None, None, None),
]


@dataclass
class World:
    library: Library
    ids: dict
    token: str
    values: dict


def _tag(library, photo, name, tag_type, source=Tag.Source.HUMAN, **photo_tag):
    tag, _ = Tag.objects.get_or_create(library=library, name=name, type=tag_type, source=source)
    return tag, PhotoTag.objects.create(photo=photo, tag=tag, source=source, **photo_tag)


def _face(library, photo, person, x, rng):
    """A face of ``person`` (a computer-made face tag) with a box and a 128-d embedding."""
    embedding = [rng.uniform(-0.2, 0.2) for _ in range(EMBEDDING_SIZE)]
    return _tag(
        library,
        photo,
        person,
        Tag.Type.FACE,
        Tag.Source.COMPUTER,
        confidence=0.9,
        significance=0.2,
        position_x=x,
        position_y=0.4,
        size_x=0.1,
        size_y=0.15,
        extra_data={"embedding": embedding},
    )


def build_world(folder: Path) -> World:
    """Alice's library on ``folder`` (which must be empty), with everything described above."""
    users = get_user_model().objects
    alice = users.create_user("alice", password=PASSWORD)
    bob = users.create_user("bob", password="secret-bob")
    users.create_user("erin", password="secret-erin")  # not a member: can be added
    library = Library.objects.create(name="Test library")
    LibraryPath.objects.create(library=library, path=str(folder))
    LibraryUser.objects.create(library=library, user=alice, owner=True)
    LibraryUser.objects.create(library=library, user=bob, owner=False)
    spare_folder = folder.parent / "spare"
    spare_folder.mkdir()
    spare_path = LibraryPath.objects.create(library=library, path=str(spare_folder), watch_for_changes=False)

    photos = []
    for name, taken_at, gps, make, model in PHOTOS:
        make_jpeg(folder / name, (320, 240), taken_at=taken_at, gps=gps, make=make, model=model)
        photos.append(record_photo(folder / name, library))
    beach, city, garden, _ = photos
    beach.star_rating = 5
    beach.save(update_fields=["star_rating"])

    rng = random.Random(8)
    _tag(library, beach, "Sea", Tag.Type.GENERIC)
    _tag(library, city, "Sea", Tag.Type.GENERIC)
    album, _ = _tag(library, beach, "Holidays", Tag.Type.ALBUM)
    _tag(library, city, "Holidays", Tag.Type.ALBUM)
    _tag(library, beach, "Greece", Tag.Type.LOCATION, Tag.Source.COMPUTER)
    _tag(library, city, "Blue", Tag.Type.COLOR, Tag.Source.COMPUTER, significance=0.4)
    _tag(library, garden, "Tree", Tag.Type.OBJECT, Tag.Source.COMPUTER, position_x=0.5, position_y=0.5)
    person, face = _face(library, beach, "Carol", 0.3, rng)
    _face(library, city, "Carol", 0.6, rng)
    unknown, _ = _face(library, garden, "Unknown person 0001", 0.5, rng)

    long_ago = datetime(2026, 1, 1, tzinfo=UTC)
    steps = PipelineStep.objects.filter(photo__library=library)  # the import made them pending
    steps.update(status="done", attempts=1, started_at=long_ago, finished_at=long_ago + timedelta(seconds=1))
    steps.filter(photo=garden, step__startswith="classify.").update(status="failed", error="ValueError: a test")

    _, token = issue_token(alice, "fuzzing")
    ids = {
        "library_id": library.pk,
        "path_id": spare_path.pk,
        "user_id": bob.pk,
        "token_id": issue_token(alice, "to delete")[0].pk,
        "photo_id": beach.pk,
        "person_id": person.pk,
        "photo_tag_id": face.pk,
        "tag_id": album.pk,
        "album_id": album.pk,
    }
    (folder.parent / "more").mkdir()
    values = {
        "username": "erin",
        "path": str(folder.parent / "more"),
        "photo_ids": [str(photo.pk) for photo in photos],
        "preferred_file_id": str(beach.files.get().pk),
        "into": str(unknown.pk),
        "person_id": str(unknown.pk),
        "classifier": "color",
        "step": "classify.color",
    }
    return World(library=library, ids=ids, token=token, values=values)
