"""Photo routes: keyset pages of a library's photos, a photo's detail, its changes, metadata,
download, tags and albums, and bulk changes.

Every route resolves its library or photos through ``photonix.photos.access`` (404 for
non-members, 403 for read-only tokens on changes). A search ``q`` that does not parse and a
change that cannot be made are 422s (``SearchSyntaxError`` and ``EditRefused``, turned into
responses in ``photonix.web.api``).
"""

from pathlib import Path
from uuid import UUID

from django.db import transaction
from django.http import FileResponse
from django.shortcuts import get_object_or_404
from ninja import Query, Router
from ninja.errors import HttpError
from ninja.responses import Status

from photonix.common.schemas import Text
from photonix.photos import editing
from photonix.photos.access import library_for, photo_for, photos_for
from photonix.photos.api.photo_out import detail_queryset, photo_detail, photo_item, photo_tag_out
from photonix.photos.api.schemas import (
    BulkIn,
    BulkOut,
    PhotoDetail,
    PhotoMetadataOut,
    PhotoPage,
    PhotoPatch,
    PhotoTagIn,
    PhotoTagOut,
)
from photonix.photos.listing import library_photos, with_tile_data
from photonix.photos.models import Tag
from photonix.photos.paging import Cursor, InvalidCursor, neighbours, page
from photonix.photos.search import MAX_QUERY_LENGTH, parse
from photonix.photos.utils.errors import BadInputError
from photonix.photos.utils.metadata import read_all_metadata

router = Router(tags=["photos"])

SearchText = Text(MAX_QUERY_LENGTH, min_length=0)
MONTH = r"^[1-9]\d{3}-(0[1-9]|1[0-2])$"
BINARY = {"schema": {"type": "string", "format": "binary"}}
ORIGINAL_FILE = {"description": "The original file", "content": {"image/*": BINARY, "application/octet-stream": BINARY}}


@router.get("/libraries/{library_id}/photos", response=PhotoPage)
def list_photos(
    request,
    library_id: UUID,
    q: SearchText = "",
    cursor: Text(200) | None = None,
    limit: int = Query(100, ge=1, le=500),
    month: str | None = Query(None, pattern=MONTH, description="start at this month's newest photo (YYYY-MM, UTC)"),
):
    """A page of the library's photos matching ``q``, newest first; pass ``next_cursor`` back for the next.

    ``month`` starts the list at that month instead of at the newest photo (a cursor, when given, wins).
    """
    library = library_for(request, library_id)
    query = parse(q)
    try:
        after = Cursor.decode(cursor) if cursor else Cursor.month_end(month) if month else None
    except InvalidCursor as exc:
        raise HttpError(422, str(exc)) from exc
    found = page(with_tile_data(library_photos(library, query)), after, limit)
    return {"items": [photo_item(p) for p in found.items], "next_cursor": found.next_cursor}


# Declared before the /photos/{photo_id} routes, whose URL pattern would otherwise take "bulk" for an id.
@router.post("/photos/bulk", response=BulkOut)
def bulk_change(request, body: BulkIn):
    """One change to many photos in one transaction: all of them must be yours to change (else 404, nothing done)."""
    photos = photos_for(request, body.photo_ids, write=True)
    return {"changed": editing.bulk_edit(photos, body.action, rating=body.rating, name=body.name)}


def _detail(photo, query):
    """``PhotoDetail`` of the photo, with its neighbours in the list of the parsed search ``query``."""
    shown = detail_queryset().get(pk=photo.pk)
    previous_id, next_id = neighbours(library_photos(photo.library, query), shown)
    return photo_detail(shown, previous_id, next_id)


@router.get("/photos/{photo_id}", response=PhotoDetail)
def get_photo(request, photo_id: UUID, q: SearchText = ""):
    """Everything about a photo; ``previous_id``/``next_id`` are its neighbours in the list of ``q``."""
    return _detail(photo_for(request, photo_id), parse(q))


@router.patch("/photos/{photo_id}", response=PhotoDetail)
def update_photo(request, photo_id: UUID, body: PhotoPatch, q: SearchText = ""):
    """Rate, rotate, choose the file shown, delete or restore (only the fields sent change).

    The answer is the photo's detail as ``GET`` gives it, with its neighbours in the list of ``q``."""
    photo = photo_for(request, photo_id, write=True)
    query = parse(q)  # a bad q is refused before anything changes
    changes = body.model_dump(exclude_unset=True)
    with transaction.atomic():
        if "preferred_file_id" in changes:
            editing.set_preferred_file(photo, changes["preferred_file_id"])
        if "rotation" in changes:
            editing.set_rotation(photo, changes["rotation"])
        if "rating" in changes:
            editing.set_rating(photo, changes["rating"])
        if "deleted" in changes:
            editing.set_deleted(photo, changes["deleted"])
    return _detail(photo, query)


def _file(photo, file_id):
    """The photo's file ``file_id``, or its base file."""
    if file_id is not None:
        return get_object_or_404(photo.files, pk=file_id)
    base = photo.base_file
    if base is None:
        raise HttpError(404, "The photo has no file.")
    return base


@router.get("/photos/{photo_id}/metadata", response=PhotoMetadataOut)
def photo_metadata(request, photo_id: UUID, file_id: UUID | None = None):
    """Every value exiftool reads from the photo's base file (or ``file_id``)."""
    photo_file = _file(photo_for(request, photo_id), file_id)
    try:
        tags = read_all_metadata(photo_file.path)
    except FileNotFoundError as exc:
        raise HttpError(404, "The file is gone from disk.") from exc
    except BadInputError as exc:
        raise HttpError(404, str(exc)) from exc
    return {"file_id": photo_file.pk, "tags": tags}


@router.get(
    "/photos/{photo_id}/download",
    response={200: None},
    url_name="photo_download",
    openapi_extra={"responses": {200: ORIGINAL_FILE}},
)
def download_photo(request, photo_id: UUID, file_id: UUID | None = None):
    """The original file (the base file, or ``file_id``), as an attachment."""
    photo_file = _file(photo_for(request, photo_id), file_id)
    try:
        handle = open(photo_file.path, "rb")  # noqa: SIM115 - FileResponse closes it
    except OSError as exc:
        raise HttpError(404, "The file is gone from disk.") from exc
    return FileResponse(
        handle,
        as_attachment=True,
        filename=Path(photo_file.path).name,
        content_type=photo_file.mimetype or "application/octet-stream",
    )


@router.post("/photos/{photo_id}/tags", response={200: PhotoTagOut, 201: PhotoTagOut})
def add_photo_tag(request, photo_id: UUID, body: PhotoTagIn):
    """Put a generic tag or an album (by name, created if new) on the photo: 201, or 200 if it was there."""
    photo_tag, created = editing.add_tag(photo_for(request, photo_id, write=True), body.name, body.type)
    return Status(201 if created else 200, photo_tag_out(photo_tag))


@router.delete("/photos/{photo_id}/tags/{tag_id}", response={204: None})
def remove_photo_tag(request, photo_id: UUID, tag_id: UUID):
    """Take a generic tag or album off the photo (an unused generic tag is deleted; an album stays)."""
    photo = photo_for(request, photo_id, write=True)
    tag = Tag.objects.filter(pk=tag_id, photo_tags__photo=photo).first()
    if tag is None:
        raise HttpError(404, "The photo has no such tag.")
    editing.remove_tag(photo, tag)
    return Status(204, None)
