"""The interface every classifier implements."""

from dataclasses import dataclass, field
from datetime import datetime

from PIL import Image


@dataclass(frozen=True)
class PhotoInfo:
    """What a classifier may know about a photo besides its pixels."""

    taken_at: datetime | None = None  # in the photo's own UTC offset: its date is the local date
    latitude: float | None = None
    longitude: float | None = None
    exposure: str | None = None  # as exiftool prints it, e.g. "1/250" or "30"
    aperture: float | None = None
    iso_speed: int | None = None
    focal_length: float | None = None


@dataclass(frozen=True)
class TagResult:
    """One tag a classifier puts on a photo.

    ``box`` is ``(centre_x, centre_y, width, height)`` normalised to 0-1 in the image's
    display orientation. ``parent`` names a tag of the same type this one sits under
    (a city under its country). ``extra`` is stored as JSON (a face's embedding).
    """

    name: str
    type: str  # one of photonix.photos.models.Tag.Type values: "C", "E", "L", "S", "F", "O"
    confidence: float
    significance: float | None = None
    parent: str | None = None
    box: tuple[float, float, float, float] | None = None
    ordering: float | None = None
    extra: dict | None = field(default=None, compare=False)


class ClassifierUnavailable(Exception):
    """The classifier cannot run here (e.g. its model file is missing); the message says why."""


class Classifier:
    """Base class. Subclasses set the attributes and implement ``run``.

    - ``name``: short name, used in task names (``classify_<name>_task``) and steps
      (``classify.<name>``).
    - ``version``: an integer (YYYYMMDD); raising it makes reconciliation re-run the step.
    - ``queue``: ``"default"`` for light classifiers, ``"ml"`` for heavy models.
    - ``library_flag``: the ``Library`` boolean field that switches it on.
    - ``tag_type``: the ``Tag.Type`` value of the tags it makes (its tags are replaced on re-run).
    - ``needs_image``: False when ``run`` only reads ``PhotoInfo`` (no need to decode pixels).

    Heavy models are loaded lazily on first ``run`` and kept for the life of the process.
    """

    name: str
    version: int
    queue: str = "default"
    library_flag: str
    tag_type: str
    needs_image: bool = True

    def run(self, image: Image.Image | None, info: PhotoInfo) -> list[TagResult]:
        """Return the tags for this photo. ``image`` is RGB in display orientation."""
        raise NotImplementedError
