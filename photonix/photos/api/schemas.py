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


class PathPatch(Schema):
    watch: bool


class MemberOut(Schema):
    user_id: UUID
    username: str
    owner: bool


class MemberIn(Schema):
    username: Text(150)
    owner: bool = False


class MemberPatch(Schema):
    owner: bool


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


# ---------------------------------------------------------------------------------------------------------
# Browsing aids, people and processing


class TagCount(Schema):
    id: UUID
    name: str
    parent_id: UUID | None = Field(description="the tag this one sits under (a city's country), if any")
    count: int = Field(description="photos of the search with this tag")
    hex: str | None = Field(None, description='a colour\'s "#rrggbb" (colour tags only), for a swatch')


class TagFacets(Schema):
    location: list[TagCount]
    color: list[TagCount]
    object: list[TagCount]
    style: list[TagCount]
    event: list[TagCount]
    generic: list[TagCount]
    album: list[TagCount]
    people: list[TagCount]


class NamedCount(Schema):
    id: UUID
    name: str
    count: int


class ValueCount(Schema):
    value: str
    count: int


class NumberRange(Schema):
    min: float | None
    max: float | None


class ExposureCount(Schema):
    value: str = Field(description='as recorded, e.g. "1/250"')
    seconds: float | None
    count: int


class ExposureFacet(Schema):
    min_seconds: float | None
    max_seconds: float | None
    values: list[ExposureCount] = Field(description="shortest first")


class FlashCount(Schema):
    on: int
    off: int


class FacetsOut(Schema):
    tags: TagFacets
    cameras: list[NamedCount]
    lenses: list[NamedCount]
    aperture: NumberRange
    exposure: ExposureFacet
    iso_speed: NumberRange
    focal_length: NumberRange
    rating: NumberRange = Field(description="unrated photos count as 0")
    flash: FlashCount
    metering_modes: list[ValueCount]
    drive_modes: list[ValueCount]
    shooting_modes: list[ValueCount]


class MonthCount(Schema):
    month: str = Field(description="YYYY-MM, in UTC", examples=["2018-07"])
    count: int


class MapOut(Schema):
    ids: list[str] = Field(description="photo ids; the i-th photo is at latitudes[i], longitudes[i]")
    latitudes: list[float]
    longitudes: list[float]


class MapSettingsOut(Schema):
    tile_url: str | None = Field(description="a {z}/{x}/{y} tile URL template; null: no tiles, draw the outlines")
    attribution: str


class SuggestionOut(Schema):
    kind: Literal["person", "place", "album", "object", "color", "style", "event", "tag", "camera", "lens"]
    id: UUID
    name: str
    detail: str | None = Field(description="where a place lies (a city's country), else null")


class AlbumOut(Schema):
    id: UUID
    name: str
    count: int
    cover_photo_id: UUID | None
    cover_thumbnail_url: str | None


class FaceBox(Schema):
    x: float = Field(description="centre, 0-1 of the width in display orientation")
    y: float
    width: float
    height: float


class CoverFace(Schema):
    photo_tag_id: UUID
    photo_id: UUID
    face_url: str | None = Field(description="a square crop of the face (null for a face without a box)")
    box: FaceBox | None


class PersonOut(Schema):
    id: UUID
    name: str
    named: bool = Field(description='false for "Unknown person NNNN"')
    face_count: int
    photo_count: int = Field(description="photos with a face of this person (fewer than faces when a photo has two)")
    cover: CoverFace | None = Field(description="null only for a person whose every face is blocked")


class PersonPatch(Schema):
    name: Text(128)


class MergeIn(Schema):
    into: UUID


class FacePatch(Schema):
    person_id: UUID | None = Field(None, description="give the face to this person")
    name: Text(128) | None = Field(None, description="give the face to the person of this name (new or existing)")
    verified: bool | None = None
    blocked: bool | None = Field(None, description="not a face, or nobody to name: stops counting and matching")


class FaceOut(Schema):
    id: UUID
    photo_id: UUID
    person_id: UUID
    person_name: str
    verified: bool
    blocked: bool
    box: FaceBox | None
    face_url: str | None = Field(description="a square crop of the face (null for a face without a box)")


class StepOut(Schema):
    step: str
    classifier: str | None
    paused: bool
    total: int
    done: int
    skipped: int
    pending: int
    running: int
    failed: int
    blocked: int = Field(description="photos this step never runs for: an earlier step (raw, thumbnails) failed")
    finished_recently: int = Field(description="steps finished in the last 10 minutes")
    eta_seconds: int | None = Field(description="at the recent pace; null when nothing finished recently")


class FailureOut(Schema):
    photo_id: UUID
    path: str | None
    step: str
    reason: str
    failed_at: datetime | None


class RejectedOut(Schema):
    path: str
    reason: str
    rejected_at: datetime


class ProcessingOut(Schema):
    steps: list[StepOut]
    failed_count: int
    failures: list[FailureOut] = Field(description="the latest first")
    rejected_count: int
    rejected: list[RejectedOut] = Field(description="the latest first")


class RetryIn(Schema):
    step: Text(32) | None = None


class RetryOut(Schema):
    steps: int
    photos: int


class PauseIn(Schema):
    classifier: Text(32)
    paused: bool


class PauseOut(Schema):
    classifier: str
    paused: bool
    photos_sent: int = Field(description="photos sent through the classifier again on resuming")
