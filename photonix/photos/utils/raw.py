"""Developing photos that browsers cannot show (camera RAW, HEIC/HEIF, AVIF) into a JPEG.

Pure image code (no models, no Celery): the raw task calls :func:`develop` and records the
returned :class:`Development` with ``RAW_PROCESS_VERSION``.

- **RAW** (anything LibRaw reads: CR2, CR3, NEF, ARW, DNG, RW2, ...): the camera's embedded JPEG
  preview is used when it is the full photo, that is at least 512 px on its short side and within
  5% of the sensor's size in both directions, unrotated (see :func:`is_full_size_preview`). It is
  written byte for byte, except that its EXIF is replaced by a single orientation tag taken from
  the RAW file, so that thumbnails turn it the right way up. Otherwise the RAW is demosaiced by
  LibRaw with the camera's white balance into 8-bit sRGB, already turned the right way up. The
  file is read by Python into LibRaw's buffer (once), so every LibRaw error is about the content
  (:class:`BadInputError`) and the ``OSError``s that escape are about the disk.
- **HEIC/HEIF** (pillow-heif, libheif) and **AVIF** (Pillow's own plugin, libavif), recognised by
  their ISO-BMFF brand: decoded and saved as a JPEG of quality 92 with the EXIF and ICC profile
  kept. The container's rotation survives: libheif applies it to the pixels (and resets the EXIF
  orientation to 1), Pillow's AVIF plugin writes it into the EXIF orientation.

Images above ``MAX_IMAGE_PIXELS`` are refused before their pixels are decoded (``limits.py``).
The JPEG is written atomically: readers never see a partial file.
"""

from contextlib import contextmanager
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path
from typing import BinaryIO

import piexif
import pillow_heif
import rawpy
from PIL import ExifTags, Image, features

from photonix.common.files import atomic_write
from photonix.photos.utils.errors import BadInputError
from photonix.photos.utils.limits import check_pixels, open_image
from photonix.photos.utils.thumbnails import bad_input_on_decode_errors

RAW_PROCESS_VERSION = 20261202

JPEG_QUALITY = 92
MIN_PREVIEW_SIDE = 512  # px; an embedded preview smaller than this on its short side is never used
PREVIEW_SIZE_TOLERANCE = 0.05  # how far from the sensor's size a preview may be, in each direction

# ISO-BMFF major brands (bytes 8-12, after "ftyp") of HEIF and AVIF files. CR3 is ISO-BMFF too ("crx ").
_HEIF_BRANDS = {b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx", b"mif1", b"msf1"}
_AVIF_BRANDS = {b"avif", b"avis"}

# LibRaw's `flip` (dcraw's convention) -> the EXIF orientation that describes the same transform.
_FLIP_TO_ORIENTATION = {0: 1, 1: 2, 2: 4, 3: 3, 4: 5, 5: 8, 6: 6, 7: 7}


@dataclass(frozen=True)
class Development:
    """What :func:`develop` did.

    ``params``: how the JPEG was made ("embedded preview", "libraw demosaic camera-wb",
    "pillow-heif", "pillow avif"); ``external_version``: the library that did it, with its
    version; ``width``/``height``: the JPEG's size as displayed (after its EXIF orientation).
    """

    params: str
    external_version: str
    width: int
    height: int


def develop(src: Path, dest: Path) -> Development:
    """Write a JPEG of the photo in ``src`` (RAW, HEIC/HEIF or AVIF) to ``dest``.

    Raises :class:`BadInputError` when the file can never be developed.
    """
    src, dest = Path(src), Path(dest)
    with src.open("rb") as file:
        head = file.read(12)
        if not head:
            raise BadInputError("The file is empty")
        file.seek(0)
        if head[4:8] == b"ftyp" and head[8:12] in _HEIF_BRANDS | _AVIF_BRANDS:
            return _develop_with_pillow(file.read(), dest)
        return _develop_raw(file, dest)  # LibRaw reads the file into its own buffer: it is in memory once


def is_full_size_preview(preview: tuple[int, int], sensor: tuple[int, int]) -> bool:
    """Whether an embedded preview of size ``preview`` (w, h) can stand in for a ``sensor`` (w, h) photo.

    Both sizes are in the sensor's orientation; a preview turned on its side does not qualify.
    """
    if min(preview) < MIN_PREVIEW_SIDE:
        return False
    return all(abs(p - s) <= s * PREVIEW_SIZE_TOLERANCE for p, s in zip(preview, sensor, strict=True))


def _develop_raw(file: BinaryIO, dest: Path) -> Development:
    with _bad_input_on_libraw_errors(), rawpy.imread(file) as raw:
        check_pixels(raw.sizes.raw_width, raw.sizes.raw_height)  # before anything is unpacked
        libraw = "LibRaw " + ".".join(map(str, rawpy.libraw_version))
        orientation = _FLIP_TO_ORIENTATION.get(raw.sizes.flip, 1)
        preview = _full_size_preview(raw, orientation)
        if preview is not None:
            jpeg, (width, height) = preview
            with atomic_write(dest) as f:
                f.write(jpeg)
            if orientation in (5, 6, 7, 8):  # turned on its side
                width, height = height, width
            return Development("embedded preview", libraw, width, height)
        image = Image.fromarray(raw.postprocess(use_camera_wb=True, output_bps=8))
    with atomic_write(dest) as f:
        image.save(f, "JPEG", quality=JPEG_QUALITY)
    return Development("libraw demosaic camera-wb", libraw, image.width, image.height)


def _full_size_preview(raw: rawpy.RawPy, orientation: int) -> tuple[bytes, tuple[int, int]] | None:
    """The embedded JPEG preview with ``orientation`` set in its EXIF, and its size; or None.

    None when there is no preview, it is not a JPEG, it is not the full photo, or it does not
    decode (it is then not worth more than a full demosaic).
    """
    try:
        thumb = raw.extract_thumb()
    except rawpy.LibRawError:
        return None
    if thumb.format != rawpy.ThumbFormat.JPEG:
        return None
    try:
        with Image.open(BytesIO(thumb.data)) as image:
            size = image.size
            if not is_full_size_preview(size, (raw.sizes.width, raw.sizes.height)):
                return None
            image.draft("RGB", (image.width // 8, image.height // 8))  # decodes the whole stream, cheaply
            image.load()
        exif = piexif.dump({"0th": {piexif.ImageIFD.Orientation: orientation}})
        jpeg = BytesIO()
        piexif.insert(exif, thumb.data, jpeg)
    except (OSError, SyntaxError, ValueError, EOFError, Image.DecompressionBombError):
        return None
    return jpeg.getvalue(), size


def _develop_with_pillow(data: bytes, dest: Path) -> Development:
    if data[8:12] in _AVIF_BRANDS:
        params, external_version = "pillow avif", f"libavif {features.version('avif')}"
    else:
        pillow_heif.register_heif_opener()
        params, external_version = "pillow-heif", f"libheif {pillow_heif.libheif_version()}"
    with bad_input_on_decode_errors():
        image = open_image(BytesIO(data))
        image.load()
        info = {key: image.info[key] for key in ("exif", "icc_profile") if image.info.get(key)}
        turned = image.getexif().get(ExifTags.Base.Orientation, 1) in (5, 6, 7, 8)
        if image.mode not in ("RGB", "L"):
            image = image.convert("RGB")
    with atomic_write(dest) as f:
        image.save(f, "JPEG", quality=JPEG_QUALITY, **info)
    width, height = image.size[::-1] if turned else image.size
    return Development(params, external_version, width, height)


@contextmanager
def _bad_input_on_libraw_errors():
    """Turn LibRaw's errors into :class:`BadInputError`, except running out of memory."""
    try:
        yield
    except rawpy.LibRawUnsufficientMemoryError:
        raise
    except rawpy.LibRawError as e:
        reason = e.args[0].decode(errors="replace") if e.args and isinstance(e.args[0], bytes) else str(e)
        raise BadInputError(f"Not a RAW file LibRaw can read, or a damaged one ({reason})") from e
