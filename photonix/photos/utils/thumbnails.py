"""Thumbnails: every size a photo needs, made from one decode of its image.

Pure image code (no models, no Celery): the thumbnail task decides which sizes are missing and
where they go, then calls :func:`make_thumbnails` once.

Decisions, for the next engineer:

- **Display orientation.** The EXIF orientation is applied here (as ``ImageOps.exif_transpose``
  would), so thumbnails are stored the way the photo is meant to be seen and carry no EXIF. The
  user's own rotation is given to clients separately (the API's ``user_rotation``) and applied by
  them, so rotating a photo never needs new thumbnails. (The original Photonix stored thumbnails
  in sensor orientation and made every client rotate by EXIF + user rotation.)
- **sRGB output.** An embedded ICC profile is honoured (LittleCMS via ``ImageCms``); without one the
  image is taken to be sRGB. Every mode (CMYK, L, LA, P, RGBA, 16-bit grey...) becomes 8-bit RGB,
  transparency is flattened on white. The JPEGs carry no ICC profile: browsers assume sRGB.
- **Speed.** The source is decoded once. JPEGs are decoded in draft mode, at 1/2, 1/4 or 1/8 scale
  (done by libjpeg during the DCT, nearly free) when that still leaves enough pixels for every
  requested size. Sizes are made largest first; a smaller one is resized from the previous
  uncropped (``contain``) result when that has enough pixels, else from the decoded image. Turning
  and colour conversion are done after resizing, on fewer pixels. On a 24 MP JPEG the two import
  sizes take about 1.3x the time of decoding it once at full size (:func:`decode_floor`).
- **Bad input.** Anything wrong with the file's content (empty, not an image, truncated, a header
  claiming more than ``MAX_IMAGE_PIXELS`` pixels, see ``limits.py``) raises
  :class:`BadInputError`. The file is read into memory before decoding, so the ``OSError``s that
  escape (missing file, disk errors) are about the disk, never about the content.
- **Atomic writes.** Every file is written to a temporary name in its folder, synced, then renamed:
  readers never see half a thumbnail, even after a crash.
"""

import struct
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, replace
from functools import cache
from io import BytesIO
from math import ceil
from pathlib import Path
from typing import Literal

import numpy as np
from PIL import ExifTags, Image, ImageCms, TiffImagePlugin, UnidentifiedImageError

from photonix.common.files import atomic_write
from photonix.photos.utils.errors import BadInputError
from photonix.photos.utils.limits import open_image

THUMBNAILER_VERSION = 20261202

# Pillow has no mode for CMYK with an alpha channel and refuses such TIFFs (e.g. the `cmyk.tif`
# fixture). Read them as CMYK and drop the alpha, as Pillow does for CMYK with an unspecified extra sample.
for _byte_order in (TiffImagePlugin.II, TiffImagePlugin.MM):
    TiffImagePlugin.OPEN_INFO.setdefault((_byte_order, 5, (1,), 1, (8, 8, 8, 8, 8), (2,)), ("CMYK", "CMYKX"))

# Hamming: sharper than bilinear at the same cost. After draft mode the big step shrinks less than 2x,
# where bicubic (the original Photonix's filter) costs 1.6x as much for no visible gain at these sizes.
# The reducing gap lets Pillow box-average first when shrinking more than 2x (e.g. 1920 -> 256).
RESAMPLING = Image.Resampling.HAMMING
REDUCING_GAP = 2.0

# How to turn a photo stored with each EXIF orientation into its display orientation.
_TRANSPOSE = {
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_270,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}
_TURNED = {5, 6, 7, 8}  # orientations that swap width and height

# Errors Pillow and its plugins raise while parsing or decoding bad data (the bytes are already in
# memory); pillow-heif reports a failing HEVC/AV1 decoder as RuntimeError.
_DECODE_ERRORS = (OSError, SyntaxError, ValueError, EOFError, struct.error, RuntimeError)


@dataclass(frozen=True)
class ThumbnailSize:
    """One thumbnail size: a w x h box, how to fill it, the JPEG quality, and whether imports make it.

    ``cover`` crops the centre to exactly w x h; ``contain`` fits the whole photo within w x h
    and never upscales.
    """

    width: int
    height: int
    crop: Literal["cover", "contain"]
    quality: int
    at_import: bool

    @property
    def name(self) -> str:
        """The size as it appears in paths and URLs, e.g. ``256x256_cover_q50``."""
        return f"{self.width}x{self.height}_{self.crop}_q{self.quality}"


DEFAULT_SIZES = (
    ThumbnailSize(256, 256, "cover", 50, at_import=True),  # the grid
    ThumbnailSize(1920, 1920, "contain", 80, at_import=True),  # the detail view on most screens
    ThumbnailSize(3840, 3840, "contain", 75, at_import=False),  # 4K screens, made on demand
)


def make_thumbnails(src: Path, outputs: Mapping[ThumbnailSize, Path]) -> None:
    """Write one JPEG per requested size, decoding ``src`` only once.

    ``outputs`` maps each size to its destination file (folders are created). Raises
    :class:`BadInputError` if ``src`` can never be thumbnailed.
    """
    if not outputs:
        return
    sizes = sorted(outputs, key=lambda size: size.width * size.height, reverse=True)
    decoded, orientation, icc_profile = _decode(Path(src), sizes)
    turn = _TRANSPOSE.get(orientation)
    display_size = decoded.size[::-1] if orientation in _TURNED else decoded.size
    source = None  # the last uncropped thumbnail, to make smaller ones from
    for size in sizes:
        if source is not None and _has_pixels_for(source, display_size, size):
            thumbnail = _resize(source, size)
        else:
            # Resize first: turning and colour-converting the small result is cheaper (LittleCMS: ~20 ns/pixel).
            thumbnail = _resize(decoded, _turned(size) if orientation in _TURNED else size)
            thumbnail = _to_srgb(thumbnail if turn is None else thumbnail.transpose(turn), icc_profile)
        with atomic_write(outputs[size]) as f:
            thumbnail.save(f, "JPEG", quality=size.quality, optimize=False)
        if size.crop == "contain":
            source = thumbnail


def decode_floor(src: Path) -> None:
    """Decode ``src`` once at full resolution and nothing else.

    The benchmark's floor: the time :func:`make_thumbnails` takes is compared with this.
    """
    with Image.open(src) as image:
        image.load()


@contextmanager
def bad_input_on_decode_errors() -> Iterator[None]:
    """Turn Pillow's complaints about an image's content into :class:`BadInputError`.

    Only for code that decodes bytes already in memory: there, an ``OSError`` is about the data.
    """
    try:
        yield
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as e:
        raise BadInputError(f"Refused as a possible decompression bomb: {e}") from e
    except UnidentifiedImageError as e:
        raise BadInputError("Not an image, or an image format Photonix cannot read") from e
    except _DECODE_ERRORS as e:
        raise BadInputError(f"The image cannot be decoded (damaged or truncated file?): {e}") from e


def _decode(src: Path, sizes: list[ThumbnailSize]) -> tuple[Image.Image, int, bytes | None]:
    """Decode ``src`` just large enough for ``sizes``, as 8-bit L, RGB or CMYK, in stored orientation.

    Returns the image, its EXIF orientation and its ICC profile, if any.
    """
    data = src.read_bytes()
    if not data:
        raise BadInputError("The file is empty")
    with bad_input_on_decode_errors():
        image = open_image(BytesIO(data))
        orientation = image.getexif().get(ExifTags.Base.Orientation, 1)
        stored_sizes = [_turned(size) for size in sizes] if orientation in _TURNED else sizes
        needed = [_pixels_needed(image.size, size) for size in stored_sizes]
        image.draft("RGB", (max(w for w, _ in needed), max(h for _, h in needed)))
        image.load()
        return _to_8_bit(image), orientation, image.info.get("icc_profile")


def _to_8_bit(image: Image.Image) -> Image.Image:
    """``image`` in a mode that resizes well (L, RGB or CMYK), transparency flattened on white."""
    if image.mode in ("I", "I;16", "I;16L", "I;16B", "I;16N"):  # 16-bit grey: Pillow's convert() would clip
        image = Image.fromarray((np.asarray(image) >> 8).clip(0, 255).astype(np.uint8))
    if image.has_transparency_data:
        rgba = image.convert("RGBA")
        image = Image.new("RGB", image.size, "white")
        image.paste(rgba, mask=rgba.getchannel("A"))
    return image if image.mode in ("L", "RGB", "CMYK") else image.convert("RGB")


def _to_srgb(image: Image.Image, icc_profile: bytes | None) -> Image.Image:
    """``image`` as RGB in sRGB, converted through ``icc_profile`` unless that is missing or sRGB.

    A damaged or mismatched profile is ignored: the pixels are then taken as sRGB.
    """
    if icc_profile:
        try:
            profile = ImageCms.ImageCmsProfile(BytesIO(icc_profile))
            if "sRGB" not in (profile.profile.profile_description or ""):
                return ImageCms.profileToProfile(image, profile, _srgb_profile(), outputMode="RGB")
        except (ImageCms.PyCMSError, OSError, ValueError):
            pass
    return image if image.mode == "RGB" else image.convert("RGB")


@cache
def _srgb_profile() -> ImageCms.ImageCmsProfile:
    return ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))


def _scale(frame: tuple[int, int], size: ThumbnailSize) -> float:
    """How much ``size`` shrinks a ``frame`` (never above 1: what is not there cannot help)."""
    scales = (size.width / frame[0], size.height / frame[1])
    return min(1.0, max(scales) if size.crop == "cover" else min(scales))


def _pixels_needed(frame: tuple[int, int], size: ThumbnailSize) -> tuple[int, int]:
    """The smallest uncropped copy of ``frame`` from which ``size`` loses no detail."""
    scale = _scale(frame, size)
    return ceil(frame[0] * scale), ceil(frame[1] * scale)


def _turned(size: ThumbnailSize) -> ThumbnailSize:
    """``size`` with width and height swapped: the box as seen in a photo's stored orientation."""
    return replace(size, width=size.height, height=size.width)


def _has_pixels_for(source: Image.Image, frame: tuple[int, int], size: ThumbnailSize) -> bool:
    """Whether ``source``, an uncropped copy of ``frame``, is big enough to make ``size`` from."""
    needed = _pixels_needed(frame, size)
    return source.width >= needed[0] and source.height >= needed[1]


def _resize(image: Image.Image, size: ThumbnailSize) -> Image.Image:
    """``image`` fitted to ``size``'s box, its way (``cover`` or ``contain``)."""
    return _cover(image, size) if size.crop == "cover" else _contain(image, size)


def _cover(image: Image.Image, size: ThumbnailSize) -> Image.Image:
    """The centre of ``image``, cropped to the box's aspect ratio and resized to exactly the box."""
    scale = max(size.width / image.width, size.height / image.height)
    crop_width, crop_height = size.width / scale, size.height / scale
    left, top = (image.width - crop_width) / 2, (image.height - crop_height) / 2
    box = (left, top, left + crop_width, top + crop_height)
    return image.resize((size.width, size.height), RESAMPLING, box=box, reducing_gap=REDUCING_GAP)


def _contain(image: Image.Image, size: ThumbnailSize) -> Image.Image:
    """``image`` shrunk to fit within the box, keeping its aspect ratio (never enlarged)."""
    scale = _scale(image.size, size)
    target = (max(1, round(image.width * scale)), max(1, round(image.height * scale)))
    if target == image.size:
        return image
    return image.resize(target, RESAMPLING, reducing_gap=REDUCING_GAP)
