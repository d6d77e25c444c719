"""Request and response bodies of the photos app's routes, a section per route module."""

from datetime import datetime
from typing import Annotated, Any, Literal
from uuid import UUID

from ninja import Schema
from pydantic import ConfigDict, Field

from photonix.common.schemas import Text


class LibraryOut(Schema):
    id: UUID
    name: str
    role: Literal["owner", "member"]
    classifiers: dict[str, bool]
    created_at: datetime


class LibraryPatch(Schema):
    name: Text(128) | None = None
    classifiers: dict[str, bool] | None = None


class PathOut(Schema):
    id: UUID
    path: str
    watch: bool
    created_at: datetime


class PathIn(Schema):
    path: Text(512)
    watch: bool = True


class MemberOut(Schema):
    user_id: UUID
    username: str
    owner: bool


class MemberIn(Schema):
    username: Text(150)
    owner: bool = False


class Accepted(Schema):
    detail: str


# --- Photos (photonix/photos/api/photos.py) ---------------------------------------------------------

TagKind = Literal["album", "color", "event", "face", "generic", "location", "object", "style"]


class PhotoColor(Schema):
    name: str
    hex: str  # "#rrggbb"


class PhotoItem(Schema):
    """A grid tile. ``width``/``height`` are in display orientation (EXIF applied, as the thumbnails);
    ``rotation`` is the user's clockwise rotation for the client to apply on top."""

    id: UUID
    taken_at: datetime | None
    sort_at: datetime
    width: int | None
    height: int | None
    rotation: int
    rating: int | None
    color: PhotoColor | None
    thumbnails: dict[str, str]  # size name ("256x256_cover_q50") → versioned URL
    file_name: str | None


class PhotoPage(Schema):
    items: list[PhotoItem]
    next_cursor: str | None  # pass as ?cursor= for the next page; null on the last page


class Box(Schema):
    """A face or object: centre and size, normalised to 0-1 in display orientation (before the user's rotation)."""

    x: float
    y: float
    width: float
    height: float


class TagParent(Schema):
    id: UUID
    name: str


class PhotoTagOut(Schema):
    id: UUID  # the photo tag (a face's id for PATCH /faces/{id})
    tag_id: UUID
    name: str
    type: TagKind
    source: Literal["computer", "human"]
    confidence: float
    significance: float | None
    verified: bool
    deleted: bool  # a face the user blocked
    box: Box | None
    parent: TagParent | None  # a place's country, say
    hex: str | None  # colours only: "#rrggbb"


class PhotoTags(Schema):
    locations: list[PhotoTagOut]
    colors: list[PhotoTagOut]
    people: list[PhotoTagOut]
    objects: list[PhotoTagOut]
    styles: list[PhotoTagOut]
    events: list[PhotoTagOut]
    generic: list[PhotoTagOut]
    albums: list[PhotoTagOut]


class PhotoFileOut(Schema):
    id: UUID
    path: str
    file_name: str
    bytes: int
    mimetype: str | None
    width: int | None  # as stored, before any rotation
    height: int | None
    modified_at: datetime
    is_base: bool  # the file the photo shows
    exif_rotation: int
    rotation: int  # the user's rotation


class CameraOut(Schema):
    id: UUID
    make: str
    model: str


class LensOut(Schema):
    id: UUID
    name: str


class PhotoDetail(Schema):
    id: UUID
    library_id: UUID
    taken_at: datetime | None
    sort_at: datetime
    taken_by: str | None
    camera: CameraOut | None
    lens: LensOut | None
    aperture: float | None
    exposure: str | None
    iso_speed: int | None
    focal_length: float | None
    flash: bool | None
    metering_mode: str | None
    drive_mode: str | None
    shooting_mode: str | None
    latitude: float | None
    longitude: float | None
    altitude: float | None
    rating: int | None
    deleted: bool
    width: int | None
    height: int | None
    rotation: int
    files: list[PhotoFileOut]
    tags: PhotoTags
    previous_id: UUID | None  # the neighbours in the list of ?q= (newer, older)
    next_id: UUID | None
    thumbnails: dict[str, str]
    download_url: str


def _without_defaults(schema):
    """Optional fields that have no default value to send (leaving one out is not the same as null)."""
    for field in schema["properties"].values():
        field.pop("default", None)


class PhotoPatch(Schema):
    """Only the fields sent are changed (null is refused)."""

    model_config = ConfigDict(json_schema_extra=_without_defaults)

    rating: Annotated[int, Field(ge=0, le=5)] = None
    rotation: Literal[0, 90, 180, 270] = None
    preferred_file_id: UUID = None
    deleted: bool = None


class PhotoMetadataOut(Schema):
    file_id: UUID
    tags: dict[str, Any]  # "EXIF:Make" → "Canon", as exiftool prints them


class PhotoTagIn(Schema):
    name: Text(128)
    type: Literal["generic", "album"] = "generic"


class BulkIn(Schema):
    photo_ids: Annotated[list[UUID], Field(min_length=1, max_length=1000)]
    action: Literal["rate", "tag_add", "tag_remove", "album_add", "album_remove", "delete", "restore"]
    rating: Annotated[int, Field(ge=0, le=5)] | None = None  # for "rate"
    name: Text(128) | None = None  # the tag or album of the tag and album actions


class BulkOut(Schema):
    changed: int  # photos that changed
