"""Library routes: the caller's libraries, their settings, folders and members, rescans.

Every route resolves the library through ``photonix.photos.access`` (404 for non-members,
403 for read-only tokens and for non-owners on owner-only changes).
"""

from uuid import UUID

from django.contrib.auth import get_user_model
from django.db import transaction
from django.shortcuts import get_object_or_404
from ninja import Router
from ninja.errors import HttpError
from ninja.responses import Status

from photonix.photos.access import library_for, membership_for, memberships
from photonix.photos.api.schemas import (
    Accepted,
    LibraryOut,
    LibraryPatch,
    MemberIn,
    MemberOut,
    MemberPatch,
    PathIn,
    PathOut,
    PathPatch,
)
from photonix.photos.libraries import (
    FolderRefused,
    UnknownClassifier,
    add_library_folder,
    classifier_switches,
    set_classifier_switches,
    start_import,
)
from photonix.photos.models import LibraryUser

router = Router(tags=["libraries"])


def library_out(membership):
    """The ``LibraryOut`` of a library as seen by the member of ``membership``."""
    library = membership.library
    return {
        "id": library.pk,
        "name": library.name,
        "role": "owner" if membership.owner else "member",
        "classifiers": classifier_switches(library),
        "created_at": library.created_at,
    }


def path_out(library_path):
    return {
        "id": library_path.pk,
        "path": library_path.path,
        "watch": library_path.watch_for_changes,
        "created_at": library_path.created_at,
    }


def member_out(row):
    return {"user_id": row.user_id, "username": row.user.get_username(), "owner": row.owner}


@router.get("/libraries", response=list[LibraryOut])
def list_libraries(request):
    """The libraries the caller is a member of (only the token's library for a scoped token)."""
    return [library_out(m) for m in memberships(request)]


@router.get("/libraries/{library_id}", response=LibraryOut)
def get_library(request, library_id: UUID):
    return library_out(membership_for(request, library_id))


@router.patch("/libraries/{library_id}", response=LibraryOut)
def update_library(request, library_id: UUID, body: LibraryPatch):
    """Rename the library or switch classifiers on and off (owners only)."""
    membership = membership_for(request, library_id, owner=True)
    library = membership.library
    try:
        set_classifier_switches(library, body.classifiers or {})
    except UnknownClassifier as exc:
        raise HttpError(422, str(exc)) from exc
    if body.name is not None:
        library.name = body.name
    library.save()
    return library_out(membership)


@router.get("/libraries/{library_id}/paths", response=list[PathOut])
def list_paths(request, library_id: UUID):
    return [path_out(p) for p in library_for(request, library_id).paths.order_by("path")]


@router.post("/libraries/{library_id}/paths", response={201: PathOut})
def add_path(request, library_id: UUID, body: PathIn):
    """Add a folder (it must exist, be readable and lie apart from Photonix's own data) and import it."""
    library = library_for(request, library_id, owner=True)
    try:
        library_path = add_library_folder(library, body.path, body.watch)
    except FolderRefused as exc:
        raise HttpError(422, str(exc)) from exc
    start_import(library)
    return Status(201, path_out(library_path))


@router.patch("/libraries/{library_id}/paths/{path_id}", response=PathOut)
def update_path(request, library_id: UUID, path_id: UUID, body: PathPatch):
    """Watch a folder for changes or stop watching it (owners only; the watcher reloads its folders every 10 s)."""
    library_path = get_object_or_404(library_for(request, library_id, owner=True).paths, pk=path_id)
    library_path.watch_for_changes = body.watch
    library_path.save(update_fields=["watch_for_changes", "updated_at"])
    return path_out(library_path)


@router.delete("/libraries/{library_id}/paths/{path_id}", response={204: None})
def remove_path(request, library_id: UUID, path_id: UUID):
    """Remove a folder from the library (its photos stay until the next rescan)."""
    library = library_for(request, library_id, owner=True)
    get_object_or_404(library.paths, pk=path_id).delete()
    return Status(204, None)


@router.get("/libraries/{library_id}/members", response=list[MemberOut])
def list_members(request, library_id: UUID):
    library = library_for(request, library_id)
    return [member_out(m) for m in library.users.select_related("user").order_by("user__username")]


@router.post("/libraries/{library_id}/members", response={201: MemberOut})
def add_member(request, library_id: UUID, body: MemberIn):
    """Add a user, by user name, as a member or an owner (owners only)."""
    library = library_for(request, library_id, owner=True)
    user = get_user_model().objects.filter(username=body.username).first()
    if user is None:
        raise HttpError(422, f"There is no user {body.username!r}.")
    if library.users.filter(user=user).exists():
        raise HttpError(409, f"{body.username} is a member already.")
    row = LibraryUser.objects.create(library=library, user=user, owner=body.owner)
    return Status(201, member_out(row))


def refuse_last_owner(library, row, message):
    """A 409 when ``row`` is the library's only owner (call in a transaction, ``row`` locked)."""
    if row.owner and not library.users.filter(owner=True).exclude(pk=row.pk).exists():
        raise HttpError(409, message)


@router.patch("/libraries/{library_id}/members/{user_id}", response=MemberOut)
def update_member(request, library_id: UUID, user_id: UUID, body: MemberPatch):
    """Make a member an owner or an owner a member (owners only); the library's last owner stays one."""
    library = library_for(request, library_id, owner=True)
    with transaction.atomic():
        row = get_object_or_404(library.users.select_for_update().select_related("user"), user_id=user_id)
        if not body.owner:
            refuse_last_owner(library, row, "The last owner of a library cannot become a member.")
        row.owner = body.owner
        row.save(update_fields=["owner", "updated_at"])
    return member_out(row)


@router.delete("/libraries/{library_id}/members/{user_id}", response={204: None})
def remove_member(request, library_id: UUID, user_id: UUID):
    """Remove a member (owners only); the library's last owner cannot be removed."""
    library = library_for(request, library_id, owner=True)
    with transaction.atomic():
        row = get_object_or_404(library.users.select_for_update(), user_id=user_id)
        refuse_last_owner(library, row, "The last owner of a library cannot be removed.")
        row.delete()
    return Status(204, None)


@router.post("/libraries/{library_id}/rescan", response={202: Accepted})
def rescan(request, library_id: UUID):
    """Look for new, changed and removed files in the library's folders now."""
    start_import(library_for(request, library_id, write=True))
    return Status(202, {"detail": "Rescan started."})
