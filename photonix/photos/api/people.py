"""People routes: a library's people, naming and merging them, and correcting single faces.

A person's id is its face ``Tag`` id, a face's id its ``PhotoTag`` id. Both resolve through
``photonix.photos.access`` (a person or face of a library the caller is not a member of is 404).
The rules live in ``photonix.photos.people``.
"""

from uuid import UUID

from ninja import Query, Router
from ninja.errors import HttpError

from photonix.photos import people
from photonix.photos.access import face_for, library_for, person_for
from photonix.photos.api.schemas import FaceOut, FacePatch, MergeIn, PersonOut, PersonPatch
from photonix.photos.face_crops import face_crop_url, face_crop_version
from photonix.photos.models import Photo, Tag
from photonix.photos.thumbnail_links import base_files

router = Router(tags=["people"])


def face_urls(faces) -> dict:
    """Face id → the URL of its crop, for ``faces``: ``(face id, photo id, box)`` (one query)."""
    files = base_files(Photo.objects.filter(pk__in={photo_id for _, photo_id, _ in faces}))
    return {
        face_id: face_crop_url(face_id, face_crop_version(box, files[photo_id]))
        for face_id, photo_id, box in faces
        if box is not None and photo_id in files
    }


def people_out(library_id, person_ids=None):
    """``PersonOut`` of the library's people (or of the given ones), with their cover faces' crop URLs."""
    rows = people.people_of(library_id, person_ids)
    covers = [row["cover"] for row in rows if row["cover"]]
    urls = face_urls([(cover["photo_tag_id"], cover["photo_id"], cover["box"]) for cover in covers])
    for cover in covers:
        cover["face_url"] = urls.get(cover["photo_tag_id"])
    return rows


def person_out(person):
    return people_out(person.library_id, [person.pk])[0]


def faces_out(faces):
    """``FaceOut`` of PhotoTags of faces (with their ``tag``), with their crop URLs."""
    boxes = [(face.pk, face.photo_id, people.face_box(face)) for face in faces]
    urls = face_urls(boxes)
    return [
        {
            "id": face.pk,
            "photo_id": face.photo_id,
            "person_id": face.tag_id,
            "person_name": face.tag.name,
            "verified": face.verified,
            "blocked": face.deleted,
            "box": box,
            "face_url": urls.get(face.pk),
        }
        for face, (_, _, box) in zip(faces, boxes, strict=True)
    ]


def library_person(library_id, person_id, field):
    """The person ``person_id`` of the library named in a request body (422 naming ``field`` if none)."""
    person = Tag.objects.filter(pk=person_id, library_id=library_id, type=Tag.Type.FACE).first()
    if person is None:
        raise HttpError(422, f"{field}: no such person in this library.")
    return person


@router.get("/libraries/{library_id}/people", response=list[PersonOut])
def list_people(request, library_id: UUID):
    """People with at least one face: named people by name, then unknown people with the most faces first."""
    return people_out(library_for(request, library_id).pk)


@router.get("/people/{person_id}/faces", response=list[FaceOut])
def list_faces(request, person_id: UUID, limit: int = Query(200, ge=1, le=500), offset: int = Query(0, ge=0)):
    """The person's faces that count (not blocked, on photos not deleted), newest photo first, with
    their crops: ``limit`` from ``offset`` (the person's ``face_count`` says how many there are)."""
    person = person_for(request, person_id)
    return faces_out(list(people.faces_of(person).select_related("tag")[offset : offset + limit]))


@router.patch("/people/{person_id}", response=PersonOut)
def name_person(request, person_id: UUID, body: PersonPatch):
    """Name a person; a name another person of the library has merges this person into that one
    (the answer is then the other person, with its id)."""
    person = person_for(request, person_id, write=True)
    try:
        return person_out(people.name_person(person, body.name))
    except ValueError as exc:
        raise HttpError(422, str(exc)) from exc


@router.post("/people/{person_id}/merge", response=PersonOut)
def merge_person(request, person_id: UUID, body: MergeIn):
    """Move every face of this person to the person ``into`` (of the same library); this person is deleted."""
    person = person_for(request, person_id, write=True)
    into = library_person(person.library_id, body.into, "into")
    try:
        return person_out(people.merge_people(person, into))
    except people.PersonRefused as exc:
        raise HttpError(422, str(exc)) from exc


@router.patch("/faces/{photo_tag_id}", response=FaceOut)
def update_face(request, photo_tag_id: UUID, body: FacePatch):
    """Give one face to another person (``person_id``, or ``name`` of a new or existing person),
    verify it, or block it."""
    face = face_for(request, photo_tag_id, write=True)
    if body.person_id is not None and body.name is not None:
        raise HttpError(422, "Give either person_id or name, not both.")
    person = None
    if body.person_id is not None:
        person = library_person(face.tag.library_id, body.person_id, "person_id")
    try:
        return faces_out([people.update_face(face, person, body.name, verified=body.verified, blocked=body.blocked)])[0]
    except people.PersonRefused as exc:
        raise HttpError(422, str(exc)) from exc
