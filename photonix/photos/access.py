"""The one place that decides what an API caller may see and change in a library.

Every route that touches a library, a photo, a person or a face goes through these helpers:

- no caller (``request.auth`` unset) → 401;
- not a member of the library, or a token scoped to another library → 404, exactly as if
  the library or photo did not exist;
- ``write=True`` with a read-only token → 403;
- ``owner=True`` (settings, folders, members) for a member who is not an owner → 403.

``request.auth`` is the ``photonix.accounts.auth.Caller`` set by the API's authenticators.
"""

from django.http import Http404
from ninja.errors import AuthenticationError, HttpError

from photonix.photos.models import LibraryUser, Photo, PhotoTag, Tag


def caller(request):
    """The authenticated caller, or 401."""
    found = getattr(request, "auth", None)
    if found is None:
        raise AuthenticationError()
    return found


def memberships(request):
    """The caller's ``LibraryUser`` rows (with their libraries), within a token's scope."""
    who = caller(request)
    rows = LibraryUser.objects.filter(user=who.user).select_related("library").order_by("library__name")
    if who.library_scope is not None:
        rows = rows.filter(library_id=who.library_scope)
    return rows


def membership_for(request, library_id, write=False, owner=False):
    """The caller's ``LibraryUser`` row for the library, after the checks above."""
    row = memberships(request).filter(library_id=library_id).first()
    if row is None:
        raise Http404("No such library")
    if (write or owner) and caller(request).read_only:
        raise HttpError(403, "This token is read-only.")
    if owner and not row.owner:
        raise HttpError(403, "Only an owner of the library may do this.")
    return row


def library_for(request, library_id, write=False, owner=False):
    """The library, if the caller may see it (and change it, and own it, as asked)."""
    return membership_for(request, library_id, write, owner).library


def _visible_photos(who, photo_ids):
    photos = Photo.objects.filter(pk__in=photo_ids, library__users__user=who.user)
    if who.library_scope is not None:
        photos = photos.filter(library_id=who.library_scope)
    return photos


def photo_for(request, photo_id, write=False):
    """The photo, if it is in a library the caller may see (and change, with ``write``)."""
    who = caller(request)
    photo = _visible_photos(who, [photo_id]).first()
    if photo is None:
        raise Http404("No such photo")
    if write and who.read_only:
        raise HttpError(403, "This token is read-only.")
    return photo


def photos_for(request, photo_ids, write=False):
    """The photos (a queryset), if every one of them is in a library the caller may see (and change);
    else 404 for them all, as if none existed, so that nothing is done to any."""
    who = caller(request)
    wanted = set(photo_ids)
    if _visible_photos(who, wanted).count() != len(wanted):
        raise Http404("No such photo")
    if write and who.read_only:
        raise HttpError(403, "This token is read-only.")
    return Photo.objects.filter(pk__in=wanted)


def person_for(request, person_id, write=False):
    """The person (a face ``Tag``), if it is in a library the caller may see (and change, with ``write``)."""
    person = Tag.objects.filter(pk=person_id, type=Tag.Type.FACE).first()
    if person is None or not _may_see(request, person.library_id, write):
        raise Http404("No such person")
    return person


def face_for(request, photo_tag_id, write=False):
    """The face (a face ``PhotoTag``), if its photo is in a library the caller may see (and change)."""
    face = PhotoTag.objects.filter(pk=photo_tag_id, tag__type=Tag.Type.FACE).select_related("tag").first()
    if face is None or not _may_see(request, face.tag.library_id, write):
        raise Http404("No such face")
    return face


def _may_see(request, library_id, write):
    """Whether the caller is a member of the library (403 for a change with a read-only token)."""
    try:
        library_for(request, library_id, write=write)
    except Http404:
        return False
    return True
