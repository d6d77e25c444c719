"""People: naming the faces the face classifier finds, and the user naming people.

A person is a face ``Tag`` (type F, source C) of one library; each face seen on a photo is a
``PhotoTag`` of that tag whose ``extra_data["embedding"]`` holds the face's 128-d embedding.

- :func:`name_faces` gives each new face the name of the nearest known face of the same
  library (euclidean distance below ``FACE_DISTANCE_THRESHOLD``), or a new
  "Unknown person NNNN". Two faces of one photo never get the same person.
- :func:`replace_face_tags` stores a photo's named faces, replacing the photo's previous
  computer-made face tags, so re-running the classifier never duplicates them.
- :func:`name_person` renames a person (merging into an existing person of that name).
  Matching returns a tag's *current* name, so new photos of that face get the new name.
- :func:`merge_people` moves a person's faces to another person; :func:`update_face` gives one
  face to another person (:func:`person_named` finds or creates one by name), verifies or blocks
  it; :func:`people_of` lists a library's people with their face counts and cover faces.
- :func:`rebuild_face_index` writes a per-library file of all known embeddings, so that
  naming does not read every embedding from the database. Faces stored or changed (moved to
  another person, blocked) after the index was built are read from the database, so results
  never depend on the index being fresh.

Naming a person does not mark its faces verified: the name applies to the whole group the
matcher made, which may contain mistakes, and verifying stays a per-face user decision.
A face's verified flag survives a re-run of the classifier when the face gets the same person.
"""

from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from pathlib import Path

import numpy as np
from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Count, F, IntegerField, OuterRef, Q, Subquery, UUIDField, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from photonix.classifiers.base import TagResult
from photonix.common.files import atomic_write
from photonix.common.queries import count_of
from photonix.photos.models import Library, Photo, PhotoTag, Tag

# dlib's embeddings put two photos of one person below 0.6 apart (99.38% on LFW). On the LFW
# fixtures the same person is 0.38-0.51 apart and different people 0.72-0.98.
FACE_DISTANCE_THRESHOLD = 0.6
EMBEDDING_SIZE = 128
UNKNOWN_PERSON_PREFIX = "Unknown person "
# One face of one photo measured again (a re-run, a rotation) is far closer than two photos of one person.
SAME_FACE_DISTANCE = 0.3
# How many different people are considered for each face (the nearest face of each).
CANDIDATES_PER_FACE = 10
# Faces created this long before the index was built are compared by brute force too: a face
# written by a transaction that committed after the index read the database is never missed.
INDEX_OVERLAP = timedelta(hours=1)

_index_cache: dict[Path, tuple[int, "KnownFaces"]] = {}


@dataclass(frozen=True)
class KnownFaces:
    """Embeddings of known faces, row by row with their PhotoTag and Tag ids (as strings)."""

    embeddings: np.ndarray  # N×128 float32
    photo_tag_ids: np.ndarray  # N str
    tag_ids: np.ndarray  # N str
    built_at: datetime | None = None  # for an index: when it was built

    @classmethod
    def from_rows(cls, rows, built_at=None) -> "KnownFaces":
        """From ``(photo_tag_id, tag_id, extra_data)`` rows."""
        photo_tag_ids, tag_ids, embeddings = [], [], []
        for photo_tag_id, tag_id, extra_data in rows:
            photo_tag_ids.append(str(photo_tag_id))
            tag_ids.append(str(tag_id))
            embeddings.append(extra_data["embedding"])
        return cls(
            embeddings=np.array(embeddings, dtype=np.float32).reshape(-1, EMBEDDING_SIZE),
            photo_tag_ids=np.array(photo_tag_ids, dtype=str),
            tag_ids=np.array(tag_ids, dtype=str),
            built_at=built_at,
        )

    def without(self, photo_tag_ids) -> "KnownFaces":
        """These faces except the given PhotoTags."""
        keep = ~np.isin(self.photo_tag_ids, [str(i) for i in photo_tag_ids])
        return KnownFaces(self.embeddings[keep], self.photo_tag_ids[keep], self.tag_ids[keep], self.built_at)

    def __add__(self, other: "KnownFaces") -> "KnownFaces":
        return KnownFaces(
            embeddings=np.concatenate([self.embeddings, other.embeddings]),
            photo_tag_ids=np.concatenate([self.photo_tag_ids, other.photo_tag_ids]),
            tag_ids=np.concatenate([self.tag_ids, other.tag_ids]),
        )


def face_photo_tags(library: Library):
    """The library's known faces: its computer-made face tags' PhotoTags that have an embedding."""
    return PhotoTag.objects.filter(
        tag__library=library,
        tag__type=Tag.Type.FACE,
        tag__source=Tag.Source.COMPUTER,
        deleted=False,
        extra_data__has_key="embedding",
    )


def face_index_path(library: Library) -> Path:
    return Path(settings.DATA_DIR) / "cache" / "faces" / f"{library.id}.npz"


def rebuild_face_index(library: Library) -> int:
    """Write the library's face index (atomically) and return how many faces it holds."""
    built_at = timezone.now()
    rows = face_photo_tags(library).values_list("id", "tag_id", "extra_data").iterator(chunk_size=2000)
    faces = KnownFaces.from_rows(rows)
    path = face_index_path(library)
    with atomic_write(path) as f:
        np.savez(
            f,
            embeddings=faces.embeddings,
            photo_tag_ids=faces.photo_tag_ids,
            tag_ids=faces.tag_ids,
            built_at=np.array(built_at.isoformat()),
        )
    return len(faces.photo_tag_ids)


def load_face_index(library: Library) -> KnownFaces | None:
    """The library's face index, or None if it was never built. Kept in memory until the file changes."""
    path = face_index_path(library)
    try:
        mtime = path.stat().st_mtime_ns
    except FileNotFoundError:
        return None
    cached = _index_cache.get(path)
    if cached is None or cached[0] != mtime:
        with np.load(path, allow_pickle=False) as data:
            index = KnownFaces(
                embeddings=data["embeddings"],
                photo_tag_ids=data["photo_tag_ids"],
                tag_ids=data["tag_ids"],
                built_at=datetime.fromisoformat(str(data["built_at"])),
            )
        _index_cache[path] = cached = (mtime, index)
    return cached[1]


def known_faces(library: Library) -> KnownFaces:
    """Every known face of the library: the index, with the faces stored or changed since it was built.

    A face the user moved to another person (a merge, a reassignment) or blocked since the index
    was built is taken from the database, not from the index: people are grouped by their
    current faces.
    """
    index = load_face_index(library)
    rows = face_photo_tags(library)
    if index is None:
        return KnownFaces.from_rows(rows.values_list("id", "tag_id", "extra_data"))
    since = index.built_at - INDEX_OVERLAP
    touched = Q(created_at__gte=since) | Q(updated_at__gte=since)
    changed = PhotoTag.objects.filter(touched, tag__library=library, tag__type=Tag.Type.FACE)
    recent = rows.filter(touched).values_list("id", "tag_id", "extra_data")
    return index.without(changed.values_list("id", flat=True)) + KnownFaces.from_rows(recent)


def nearest_per_person(distances: np.ndarray, tag_ids: np.ndarray) -> np.ndarray:
    """Row numbers of the nearest face of each person within the threshold, nearest first."""
    close = np.flatnonzero(distances < FACE_DISTANCE_THRESHOLD)
    close = close[np.argsort(distances[close], kind="stable")]
    _, first = np.unique(tag_ids[close], return_index=True)
    return close[np.sort(first)][:CANDIDATES_PER_FACE]


def name_faces(library: Library, results: list[TagResult]) -> list[TagResult]:
    """The face results of one photo with ``name`` set to the person each face belongs to.

    Each face takes the name of the nearest known face of this library when closer than
    ``FACE_DISTANCE_THRESHOLD``; the closest face-person pairs are settled first, and a
    person already given to another face of the photo is not given again. A face that
    matches nobody becomes a new person: its "Unknown person NNNN" tag is created here, so
    that two workers never give the same new name to two different people.
    """
    if not results:
        return []
    known = known_faces(library)
    squared_norms = np.einsum("ij,ij->i", known.embeddings, known.embeddings)
    candidates = []  # (distance, result number, photo tag id)
    for i, result in enumerate(results):
        face = np.asarray(result.extra["embedding"], dtype=np.float32)
        distances = np.sqrt(np.maximum(squared_norms - 2 * known.embeddings @ face + face @ face, 0))
        for row in nearest_per_person(distances, known.tag_ids):
            candidates.append((float(distances[row]), i, known.photo_tag_ids[row]))

    # The index may be older than a rename, merge or deletion: read each candidate's current person.
    current = face_photo_tags(library).filter(id__in={c[2] for c in candidates}).values_list("id", "tag__name")
    person_of = {str(photo_tag_id): name for photo_tag_id, name in current}
    names = [None] * len(results)
    for _, i, photo_tag_id in sorted(candidates):
        name = person_of.get(photo_tag_id)
        if name is not None and names[i] is None and name not in names:
            names[i] = name
    names = [name or new_unknown_person(library) for name in names]
    return [replace(result, name=name) for result, name in zip(results, names, strict=True)]


def new_unknown_person(library: Library) -> str:
    """Create the face tag "Unknown person NNNN" with the next free number and return its name."""
    existing = Tag.objects.filter(
        library=library, type=Tag.Type.FACE, source=Tag.Source.COMPUTER, name__startswith=UNKNOWN_PERSON_PREFIX
    ).values_list("name", flat=True)
    suffixes = (name.removeprefix(UNKNOWN_PERSON_PREFIX) for name in existing)
    number = max((int(suffix) for suffix in suffixes if suffix.isdigit()), default=0)
    while True:
        number += 1
        name = f"{UNKNOWN_PERSON_PREFIX}{number:04d}"
        try:
            with transaction.atomic():
                Tag.objects.create(library=library, name=name, type=Tag.Type.FACE, source=Tag.Source.COMPUTER)
            return name
        except IntegrityError:  # another worker took this number meanwhile
            continue


def replace_face_tags(photo: Photo, named_results: list[TagResult], model_version: int) -> list[PhotoTag]:
    """Replace the photo's computer-made face PhotoTags by ``named_results``, in one transaction.

    Each result becomes a PhotoTag of the library's face tag of that name, with its box
    (``position`` = centre, ``size``), confidence, significance and embedding. A face that
    gets a person the user had verified on this photo stays verified; a face the user had
    blocked on this photo (the same face measured again: closer than ``SAME_FACE_DISTANCE``)
    stays blocked. People left with no face at all are deleted.
    """
    with transaction.atomic():
        old = PhotoTag.objects.filter(
            photo=photo, source=Tag.Source.COMPUTER, tag__type=Tag.Type.FACE, tag__source=Tag.Source.COMPUTER
        )
        old_tag_ids = set(old.values_list("tag_id", flat=True))
        verified_tag_ids = set(old.filter(verified=True).values_list("tag_id", flat=True))
        blocked = KnownFaces.from_rows(
            old.filter(deleted=True, extra_data__has_key="embedding").values_list("id", "tag_id", "extra_data")
        )
        old.delete()
        created = []
        for result in named_results:
            tag, _ = Tag.objects.get_or_create(
                library_id=photo.library_id, name=result.name, type=Tag.Type.FACE, source=Tag.Source.COMPUTER
            )
            centre_x, centre_y, width, height = result.box
            face = np.asarray(result.extra["embedding"], dtype=np.float32)
            was_blocked = bool(np.any(np.linalg.norm(blocked.embeddings - face, axis=1) < SAME_FACE_DISTANCE))
            created.append(
                PhotoTag.objects.create(
                    photo=photo,
                    tag=tag,
                    source=Tag.Source.COMPUTER,
                    model_version=model_version,
                    confidence=result.confidence,
                    significance=result.significance,
                    verified=tag.id in verified_tag_ids and not was_blocked,
                    deleted=was_blocked,
                    position_x=centre_x,
                    position_y=centre_y,
                    size_x=width,
                    size_y=height,
                    extra_data={"embedding": [float(x) for x in result.extra["embedding"]]},
                )
            )
        Tag.objects.filter(id__in=old_tag_ids, photo_tags__isnull=True).delete()
    return created


def name_person(tag: Tag, new_name: str) -> Tag:
    """The user names a person: rename the face tag, or merge it into the library's face tag of that name.

    Returns the tag that now holds the person's faces. The lookup is scoped to the tag's
    library (upstream quirk 8). Faces are not marked verified (see the module docstring).
    """
    new_name = new_name.strip()
    if tag.type != Tag.Type.FACE:
        raise ValueError(f"{tag} is not a face tag")
    if not new_name:
        raise ValueError("a person's name cannot be empty")
    with transaction.atomic():
        same_name = (
            Tag.objects.filter(library_id=tag.library_id, type=tag.type, source=tag.source, name=new_name)
            .exclude(pk=tag.pk)
            .first()
        )
        if same_name is None:
            tag.name = new_name
            tag.save(update_fields=["name", "updated_at"])
            return tag
        return merge_people(tag, same_name)


class PersonRefused(ValueError):
    """A change to people that cannot be made (the message says why)."""


def _check_person(tag: Tag, library_id) -> None:
    if tag.type != Tag.Type.FACE or tag.library_id != library_id:
        raise PersonRefused(f"{tag.name!r} is not a person of this library")


def merge_people(tag: Tag, into: Tag) -> Tag:
    """Move every face of the person ``tag`` to the person ``into`` (of the same library) and delete ``tag``.

    The moved faces keep their verified and blocked flags. Returns ``into``.
    """
    _check_person(into, tag.library_id)
    if into.pk == tag.pk:
        raise PersonRefused("a person cannot be merged into itself")
    with transaction.atomic():
        tag.photo_tags.update(tag=into, updated_at=timezone.now())
        tag.delete()
    return into


def person_named(library_id, name: str) -> Tag:
    """The library's person called ``name`` (exactly), created if there is none."""
    name = name.strip()
    if not name:
        raise PersonRefused("a person's name cannot be empty")
    tag, _ = Tag.objects.get_or_create(library_id=library_id, name=name, type=Tag.Type.FACE, source=Tag.Source.COMPUTER)
    return tag


def update_face(face: PhotoTag, person: Tag | None = None, name=None, verified=None, blocked=None) -> PhotoTag:
    """The user corrects one face: give it to ``person``, or to the person called ``name`` (new or
    existing), which verifies it unless ``verified`` says otherwise; verify or unverify it; block it
    (not a face, or nobody to name: it stops counting and matching) or unblock it. A person left
    without faces is deleted. Faces found later follow: the matcher reads each known face's current
    person (:func:`known_faces`).
    """
    with transaction.atomic():
        old_tag_id = face.tag_id
        if name is not None:
            person = person_named(face.tag.library_id, name)
        if person is not None:
            _check_person(person, face.tag.library_id)
            face.tag = person
            face.verified = True
        if blocked is not None:
            face.deleted = blocked
            face.verified = False if blocked else face.verified
        if verified is not None:
            face.verified = verified
        face.save()
        if face.tag_id != old_tag_id:
            Tag.objects.filter(pk=old_tag_id, photo_tags__isnull=True).delete()
    return face


def is_named(name: str) -> bool:
    """Whether a person's name was given by someone (not "Unknown person NNNN")."""
    return not name.startswith(UNKNOWN_PERSON_PREFIX)


def people_of(library: Library, person_ids=None) -> list[dict]:
    """The library's people with at least one face (blocked faces and deleted photos not counted; with
    ``person_ids``, those people even without): ``{id, name, named, face_count, photo_count, cover}``, named people
    first (by name, case-insensitive), then unknown people with the most faces first. ``cover`` is the
    face shown for the person (verified faces first, then the most significant): ``{photo_tag_id,
    photo_id, box}``, or None without faces. Two queries. (A person has one face per photo unless the
    user gave two faces of a photo to one person: then ``photo_count`` is below ``face_count``.)
    """
    faces = PhotoTag.objects.filter(tag=OuterRef("pk"), deleted=False, photo__deleted=False)
    best = faces.order_by("-verified", F("significance").desc(nulls_last=True), "-created_at").values("pk")
    people = Tag.objects.filter(library=library, type=Tag.Type.FACE)
    if person_ids is not None:
        people = people.filter(pk__in=person_ids)
    photos = faces.order_by().values("tag").annotate(n=Count("photo_id", distinct=True)).values("n")
    rows = list(
        people.annotate(
            face_count=count_of(faces, "tag"),
            photo_count=Coalesce(Subquery(photos, output_field=IntegerField()), Value(0)),
            cover_id=Subquery(best[:1], output_field=UUIDField()),
        ).values("id", "name", "face_count", "photo_count", "cover_id")
    )
    if person_ids is None:  # filtered here, not in SQL, so that the subquery runs once
        rows = [row for row in rows if row["cover_id"] is not None]
    covers = PhotoTag.objects.defer("extra_data").in_bulk([row["cover_id"] for row in rows if row["cover_id"]])
    for row in rows:
        cover = covers.get(row.pop("cover_id"))
        row["named"] = is_named(row["name"])
        row["cover"] = cover and {"photo_tag_id": cover.pk, "photo_id": cover.photo_id, "box": face_box(cover)}
    return sorted(
        rows, key=lambda r: (not r["named"], r["name"].casefold() if r["named"] else "", -r["face_count"], r["name"])
    )


def face_box(face: PhotoTag) -> dict | None:
    """A face's box, normalised to 0-1 in display orientation: ``{x, y, width, height}`` of its centre and size."""
    if face.position_x is None:
        return None
    return {"x": face.position_x, "y": face.position_y, "width": face.size_x, "height": face.size_y}


def faces_of(person: Tag):
    """The person's faces that count (not blocked, on photos not deleted), newest photo first."""
    faces = PhotoTag.objects.filter(tag=person, deleted=False, photo__deleted=False).defer("extra_data")
    return faces.order_by("-photo__sort_at", "photo_id", "pk")
