"""People routes: a library's people, naming and merging them, and correcting single faces.

A person's id is its face ``Tag`` id, a face's id its ``PhotoTag`` id. Both resolve through
``photonix.photos.access`` (a person or face of a library the caller is not a member of is 404).
The rules live in ``photonix.photos.people``.
"""

from uuid import UUID

from ninja import Router
from ninja.errors import HttpError

from photonix.photos import people
from photonix.photos.access import face_for, library_for, person_for
from photonix.photos.api.schemas import FaceOut, FacePatch, MergeIn, PersonOut, PersonPatch
from photonix.photos.models import Photo, Tag
from photonix.photos.processing import preview_size
from photonix.photos.thumbnail_links import thumbnail_urls

router = Router(tags=["people"])


def people_out(library_id, person_ids=None):
    """``PersonOut`` of the library's people (or of the given ones), with their covers' thumbnail URLs."""
    rows = people.people_of(library_id, person_ids)
    covers = [row["cover"] for row in rows if row["cover"]]
    # The preview size keeps the whole photo, so the box applies to it (the grid size is cropped square).
    urls = thumbnail_urls(Photo.objects.filter(pk__in=[cover["photo_id"] for cover in covers]), preview_size().name)
    for cover in covers:
        cover["thumbnail_url"] = urls.get(cover["photo_id"])
    return rows


def person_out(person):
    return people_out(person.library_id, [person.pk])[0]


def face_out(face):
    return {
        "id": face.pk,
        "photo_id": face.photo_id,
        "person_id": face.tag_id,
        "person_name": face.tag.name,
        "verified": face.verified,
        "blocked": face.deleted,
        "box": people.face_box(face),
    }


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
        return face_out(people.update_face(face, person, body.name, verified=body.verified, blocked=body.blocked))
    except people.PersonRefused as exc:
        raise HttpError(422, str(exc)) from exc
