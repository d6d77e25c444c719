"""Read a photo's metadata (EXIF, XMP, IPTC, GPS, maker notes) with exiftool.

One ``exiftool -stay_open`` process is started lazily per Python process and reused for every file, so a
library scan does not pay exiftool's start-up cost per photo. Calls are serialised by a lock, so
``read_metadata`` is safe to call from several threads. The process is restarted when it has died, and a
process forked from this one (a Celery prefork child) starts its own.

exiftool is asked for a fixed list of tags as JSON (``-j``), with human-readable values for the text fields
(``MeteringMode`` -> "Multi-segment") and numbers for the rest (the ``#`` suffix, e.g. ``GPSLatitude#``, which
exiftool already signs for south and west). ``-b`` makes exiftool send text that is not valid UTF-8 as
``base64:...``; such values are decoded here with undecodable bytes dropped, as the original Photonix did
(``invalid_utf8.jpg``: an Artist of bytes 0xFF 0xFF reads as no artist), instead of crashing.

Failure cases:

- a file that does not exist: ``FileNotFoundError`` (from ``os.stat``), as for any missing file;
- a file exiftool cannot read at all (empty, unknown or broken format, unreadable): ``BadInputError`` with
  exiftool's reason, e.g. "exiftool cannot read this file: File is empty";
- a file exiftool reads but that is not a photo (a text file named ``.jpg``): a ``PhotoMetadata`` with what
  it found (``mimetype="text/plain"``, no dimensions). Deciding what is a photo is the job of
  ``filetypes.detect_kind``, which runs first.
"""

import base64
import json
import math
import os
import re
import threading
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path

import exiftool

from photonix.photos.utils.errors import BadInputError

# The tags read from every file. A ``#`` suffix asks for exiftool's numeric value instead of its printed one.
TAGS = (
    "Error",
    "MIMEType",
    "ImageSize#",  # composite: exiftool's choice of the main image's size, "W H" (pre-rotation)
    "DateTimeOriginal",
    "OffsetTimeOriginal",
    "CreateDate",
    "OffsetTimeDigitized",
    "DateTimeCreated",
    "DateCreated",
    "GPSDateTime",
    "ModifyDate",
    "OffsetTime",
    "Artist",
    "Make",
    "Model",
    "LensID",
    "LensModel",
    "GPSLatitude#",
    "GPSLongitude#",
    "GPSAltitude#",
    "Aperture#",
    "ExposureTime",
    "ISO",
    "FocalLength#",
    "Flash#",
    "MeteringMode",
    "DriveMode",
    "ShootingMode",
    "Rating#",
    "Orientation#",
    "Subject",
    "Keywords",
)

# Bytes that end or alter a line of exiftool's -stay_open argument file (see single_argument).
CONTROL_BYTE = re.compile(rb"[\x00-\x1f\x7f]")

# Where taken_at comes from, best first: (date tag, tag holding its UTC offset when the date has none).
# GPSDateTime is always UTC. ModifyDate (the last edit) is only a last resort before the file's mtime.
DATE_TAGS = (
    ("DateTimeOriginal", "OffsetTimeOriginal"),
    ("CreateDate", "OffsetTimeDigitized"),
    ("DateTimeCreated", None),
    ("DateCreated", None),
    ("GPSDateTime", None),
    ("ModifyDate", "OffsetTime"),
)

# EXIF Orientation -> clockwise rotation needed to display the photo. As in the original Photonix, the
# mirrored orientations (2, 4, 5, 7) map to 0: a mirror cannot be undone by rotating.
ROTATIONS = {3: 180, 6: 90, 8: 270}

# "2018:02:28 07:16:25", "2000/01/01 00:00:00", "2018-02-28T07:16:25.411+01:00", "2018:07:03 09:29:14Z".
DATE_RE = re.compile(
    r"(\d{4})[:/-](\d{1,2})[:/-](\d{1,2})[ T](\d{1,2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?\s*(Z|[+-]\d{2}:?\d{2})?"
)
OFFSET_RE = re.compile(r"([+-])(\d{2}):?(\d{2})")


@dataclass(frozen=True)
class PhotoMetadata:
    """What Photonix keeps of one file's metadata. Every field is None when the file does not say."""

    mimetype: str | None
    width: int | None  # pixel size as stored, before the EXIF rotation
    height: int | None
    taken_at: datetime  # timezone-aware, in the UTC offset the file gives (UTC when it gives none)
    taken_by: str | None
    camera_make: str | None
    camera_model: str | None  # without the make, e.g. "EOS 5D" for Canon "Canon EOS 5D"
    lens: str | None
    latitude: float | None  # decimal degrees, south negative
    longitude: float | None  # decimal degrees, west negative
    altitude: float | None  # metres, below sea level negative
    aperture: Decimal | None  # f-number, one decimal
    exposure: str | None  # e.g. "1/250"
    iso_speed: int | None
    focal_length: Decimal | None  # millimetres, one decimal
    flash: bool | None  # whether the flash fired
    metering_mode: str | None
    drive_mode: str | None
    shooting_mode: str | None
    star_rating: int | None  # 0-5
    rotation: int  # 0, 90, 180 or 270: clockwise rotation needed to display the photo
    subjects: tuple[str, ...]  # XMP subjects and IPTC keywords


def read_metadata(path: str | os.PathLike) -> PhotoMetadata:
    """Read the metadata of the file at ``path`` with the shared exiftool process.

    ``taken_at`` is the first parseable of DateTimeOriginal, CreateDate, IPTC/XMP date created, the GPS
    date and ModifyDate, using the matching EXIF offset tag when the date has no offset and UTC otherwise;
    it keeps that offset (``utc_offset_minutes`` gives it), so that its date is the day where the photo was
    taken. When none parses it is the file's modification time, in UTC. Unparseable dates are skipped, never raised.

    Raises ``FileNotFoundError`` if the file does not exist and ``BadInputError`` if exiftool cannot read it
    at all (see the module docstring).
    """
    path = Path(path)
    modified_at = datetime.fromtimestamp(os.stat(path).st_mtime, UTC)
    tags = _exiftool_tags(path, [f"-{tag}" for tag in TAGS])
    if "Error" in tags:
        raise BadInputError(f"exiftool cannot read this file: {tags['Error']}")

    width, height = _image_size(tags.get("ImageSize"))
    make = _text(tags.get("Make"), 128)
    return PhotoMetadata(
        mimetype=_text(tags.get("MIMEType")),
        width=width,
        height=height,
        taken_at=_taken_at(tags) or modified_at,
        taken_by=_text(tags.get("Artist"), 128),
        camera_make=make,
        camera_model=_model_without_make(_text(tags.get("Model")), make),
        lens=_text(tags.get("LensID") or tags.get("LensModel"), 128),
        latitude=_in_range(_number(tags.get("GPSLatitude")), 90),
        longitude=_in_range(_number(tags.get("GPSLongitude")), 180),
        altitude=_number(tags.get("GPSAltitude")),
        aperture=_one_decimal(tags.get("Aperture")),
        exposure=_text(tags.get("ExposureTime"), 8),
        iso_speed=_first_integer(tags.get("ISO")),
        focal_length=_one_decimal(tags.get("FocalLength")),
        flash=_flash_fired(tags.get("Flash")),
        metering_mode=_text(tags.get("MeteringMode"), 64),
        drive_mode=_text(tags.get("DriveMode"), 64),
        shooting_mode=_text(tags.get("ShootingMode"), 64),
        star_rating=_star_rating(tags.get("Rating")),
        rotation=ROTATIONS.get(_first_integer(tags.get("Orientation")), 0),
        subjects=_subjects(tags.get("Subject"), tags.get("Keywords")),
    )


def read_all_metadata(path: str | os.PathLike) -> dict[str, object]:
    """Every tag exiftool finds in the file, for people to read: ``{"EXIF:Make": "Canon", ...}``.

    Keys are "group:tag"; values are exiftool's printed values (text or numbers, lists for lists).
    Embedded images (exiftool's "Preview" group: thumbnails, previews, JpgFromRaw) are left out, other
    binary values read "(binary data)", and bytes of text that are not valid UTF-8 are dropped. An
    unreadable file gives what exiftool could say, with its "ExifTool:Error". Raises
    ``FileNotFoundError`` if the file does not exist and ``BadInputError`` if exiftool says nothing.
    """
    path = Path(path)
    os.stat(path)
    tags = _exiftool_tags(path, ["-G", "--Preview:all"])
    tags.pop("SourceFile", None)
    return {
        name: "(binary data)" if isinstance(value, str) and "\x00" in value else value for name, value in tags.items()
    }


def parse_datetime(text: str, offset: str | None = None) -> datetime | None:
    """Parse an EXIF/XMP date such as "2018:02:28 07:16:25" into an aware datetime, or None.

    The date separators may be ``:``, ``/`` or ``-``; fractions of a second are dropped. A zone in the
    text ("Z", "+01:00") wins, else ``offset`` (an EXIF OffsetTime* value such as "+02:00"), else UTC; the
    result is in that zone, so that its date and time read as the camera wrote them.
    Garbage ("200X:0X:0X 0X:0X:0X") and impossible dates ("0000:00:00 00:00:00") give None.
    """
    match = DATE_RE.fullmatch(str(text).strip())
    if not match:
        return None
    year, month, day, hour, minute, second, zone = match.groups()
    try:
        tz = _timezone(zone or offset)
        return datetime(int(year), int(month), int(day), int(hour), int(minute), int(second or 0), tzinfo=tz)
    except ValueError:  # an impossible date or offset
        return None


def utc_offset_minutes(moment: datetime) -> int:
    """The UTC offset of an aware datetime in whole minutes (-300 for New York in winter)."""
    return int(moment.utcoffset().total_seconds() // 60)


_lock = threading.Lock()
_exiftool: exiftool.ExifToolHelper | None = None


def _forget_exiftool_after_fork() -> None:
    """In a forked child, drop the parent's exiftool pipes and lock: the child starts its own."""
    global _exiftool, _lock
    _exiftool = None
    _lock = threading.Lock()


os.register_at_fork(after_in_child=_forget_exiftool_after_fork)


def _exiftool_tags(path: Path, options: list[str]) -> dict:
    """Run the shared exiftool on one file with ``options`` (tag names, output switches) besides the
    common ``-j -b``, and return its tags, with base64 (non-UTF-8) values decoded."""
    global _exiftool
    with _lock:
        if _exiftool is None:
            _exiftool = exiftool.ExifToolHelper(common_args=["-j", "-b"], check_execute=False, encoding="utf-8")
        # ExifToolHelper.execute starts the process again if it has died since the last call.
        output = _exiftool.execute(
            *(single_argument(option.encode()) for option in options), _file_argument(path), raw_bytes=True
        )
        errors = _exiftool.last_stderr
    if not output:
        reason = errors.decode("utf-8", errors="replace").strip() or "no output"
        raise BadInputError(f"exiftool cannot read this file: {reason}")
    (tags,) = json.loads(output.decode("utf-8", errors="replace"))
    return {name: _decode_base64(value) for name, value in tags.items()}


def single_argument(argument: bytes) -> bytes:
    """``argument`` if exiftool's ``-stay_open`` argument file reads it back as exactly that one argument.

    exiftool reads one argument per line (``\\n``), drops a trailing ``\\r`` and leading whitespace, skips
    lines starting with ``#`` and treats a line starting with ``-`` as an option. So an argument must
    contain no control character (C0 or DEL) and must not start with whitespace or ``#``. Raises ValueError.
    """
    if CONTROL_BYTE.search(argument) or argument[:1] in (b"", b" ", b"#"):
        raise ValueError(f"Not a single exiftool argument: {argument!r}")
    return argument


def _file_argument(path: Path) -> bytes:
    """The file's absolute path as one exiftool argument: it starts with ``/``, so never reads as an option.

    A name exiftool would misread (a control character) raises ``BadInputError``: the file is rejected.
    """
    argument = os.fsencode(path.absolute())
    try:
        return single_argument(argument)
    except ValueError as error:
        raise BadInputError("The file name contains a control character: exiftool is not given it.") from error


def _decode_base64(value):
    """Turn exiftool's ``base64:...`` (text that was not valid UTF-8) back into text, dropping bad bytes."""
    if isinstance(value, list):
        return [_decode_base64(item) for item in value]
    if isinstance(value, str) and value.startswith("base64:"):
        return base64.b64decode(value[len("base64:") :]).decode("utf-8", errors="ignore")
    return value


def _taken_at(tags: dict) -> datetime | None:
    for date_tag, offset_tag in DATE_TAGS:
        if tags.get(date_tag) is not None:
            taken = parse_datetime(tags[date_tag], _text(tags.get(offset_tag)) if offset_tag else None)
            if taken:
                return taken
    return None


def _timezone(zone: str | None) -> timezone:
    """The timezone of an offset such as "+02:00" or "-0330"; UTC for "Z", a missing or an unreadable one."""
    match = OFFSET_RE.fullmatch(zone.strip()) if zone else None
    if not match:
        return UTC
    sign, hours, minutes = match.groups()
    delta = timedelta(hours=int(hours), minutes=int(minutes))
    return timezone(-delta if sign == "-" else delta)


def _text(value, max_length: int | None = None) -> str | None:
    """The value as stripped text cut to ``max_length``, or None when empty. JSON numbers become text."""
    if value is None:
        return None
    return str(value).strip()[:max_length] or None


def _number(value) -> float | None:
    """The value as a finite float, or None (missing, "undef", "inf"...)."""
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


def _in_range(number: float | None, limit: float) -> float | None:
    return number if number is not None and -limit <= number <= limit else None


def _one_decimal(value) -> Decimal | None:
    number = _number(value)
    return None if number is None else Decimal(str(number)).quantize(Decimal("0.1"))


def _first_integer(value) -> int | None:
    """The first run of digits (exiftool can print ISO as "100, 0, 0"), or None."""
    match = re.search(r"\d+", str(value)) if value is not None else None
    return int(match.group()) if match else None


def _image_size(value) -> tuple[int | None, int | None]:
    """exiftool's numeric ImageSize, "4032 3024", as (width, height)."""
    match = re.fullmatch(r"(\d+) (\d+)", str(value)) if value is not None else None
    return (int(match.group(1)), int(match.group(2))) if match else (None, None)


def _model_without_make(model: str | None, make: str | None) -> str | None:
    """The model with the make's name removed from its start ("Canon EOS 5D" -> "EOS 5D"), cut to 128."""
    if model and make and model.lower().startswith(make.lower()):
        model = model[len(make) :].strip()
    return model[:128] if model else None


def _flash_fired(value) -> bool | None:
    """Bit 0 of the EXIF Flash value says whether the flash fired."""
    number = _number(value)
    return None if number is None else bool(int(number) & 1)


def _star_rating(value) -> int | None:
    """The XMP/EXIF rating if it is 0-5; -1 (rejected) and percentages are not star ratings."""
    number = _number(value)
    return int(number) if number is not None and 0 <= number <= 5 else None


def _subjects(*values) -> tuple[str, ...]:
    """XMP subjects and IPTC keywords (a list or a single value each), stripped and cut to 128 characters (a tag's
    name), without empties or repeats."""
    names = []
    for value in values:
        items = value if isinstance(value, list) else [] if value is None else [value]
        names.extend(str(item).strip()[:128] for item in items)
    return tuple(dict.fromkeys(name for name in names if name))
