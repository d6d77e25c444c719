"""Test images made on the fly: JPEGs with real EXIF, Bayer DNGs, HEICs and broken files.

Used by the tests and by the benchmarks in ``bench/``. Everything is generated with numpy,
Pillow, piexif, pidng and pillow-heif, so no photo has to be committed.

The default picture looks enough like a photo to cost what a photo costs to decode: colour
gradients, a few flat shapes and per-pixel noise (a 24 MP one is 7 MB at quality 90, a camera's
8-12 MB at 90-95). A 24 MP one takes about a second to make.
"""

import struct
import zlib
from datetime import datetime
from io import BytesIO
from pathlib import Path

import numpy as np
import piexif
import pillow_heif
from pidng.core import RAW2DNG
from pidng.defs import CalibrationIlluminant, CFAPattern, DNGVersion, PhotometricInterpretation
from pidng.dng import DNGTags, Tag, dngIFD, dngTag
from PIL import Image

# XYZ (D65) -> linear sRGB. Given to the DNG as its ColorMatrix1, it makes the "camera" see
# linear sRGB, so LibRaw renders the scene in about the colours it was drawn with.
_XYZ_TO_SRGB = ((3.2406, -1.5372, -0.4986), (-0.9689, 1.8758, 0.0415), (0.0557, -0.2040, 1.0570))


def photo_pixels(size: tuple[int, int], *, seed: int = 0) -> np.ndarray:
    """An RGB uint8 array (height, width, 3) that looks vaguely like a photo.

        Red grows left to right, green top to bottom, blue along the diagonal; a yellow disc sits
        right of centre and a dark blue bar near the top left; noise (0 to 31 added to every value)
    covers everything.
    """
    width, height = size
    x = np.linspace(0, 223, width, dtype=np.float32)[None, :]
    y = np.linspace(0, 223, height, dtype=np.float32)[:, None]
    pixels = np.empty((height, width, 3), np.uint8)
    pixels[..., 0] = x
    pixels[..., 1] = y
    pixels[..., 2] = (x + y) / 2
    rows, cols = np.ogrid[:height, :width]
    radius = min(width, height) / 5
    pixels[(cols - width * 0.65) ** 2 + (rows - height * 0.55) ** 2 < radius**2] = (223, 190, 30)
    pixels[height // 8 : height // 4, width // 10 : width // 3] = (20, 40, 150)
    pixels += np.random.default_rng(seed).integers(0, 32, size=pixels.shape, dtype=np.uint8)
    return pixels


def exif_bytes(
    *,
    taken_at: datetime | str | None = None,
    gps: tuple[float, float] | None = None,
    orientation: int | None = None,
    make: str | None = None,
    model: str | None = None,
    raw: dict[str, dict[int, object]] | None = None,
) -> bytes:
    """An EXIF block (piexif) holding only what is given.

    ``taken_at`` fills DateTimeOriginal/DateTimeDigitized (and OffsetTimeOriginal when it is a
    timezone-aware datetime); a string is written as is ("2024:05:01 12:00:00", or a broken date
    to test parsers); ``gps`` is (latitude, longitude) in decimal degrees, negative for S/W.
    ``raw`` holds any other piexif entries by IFD (``{"0th": {...}, "Exif": {...}, "GPS": {...}}``),
    written over those the other arguments make.
    """
    zeroth: dict[int, object] = {}
    exif: dict[int, object] = {}
    gps_ifd: dict[int, object] = {}
    if make is not None:
        zeroth[piexif.ImageIFD.Make] = make
    if model is not None:
        zeroth[piexif.ImageIFD.Model] = model
    if orientation is not None:
        zeroth[piexif.ImageIFD.Orientation] = orientation
    if taken_at is not None:
        stamp = taken_at if isinstance(taken_at, str) else taken_at.strftime("%Y:%m:%d %H:%M:%S")
        zeroth[piexif.ImageIFD.DateTime] = stamp
        exif[piexif.ExifIFD.DateTimeOriginal] = stamp
        exif[piexif.ExifIFD.DateTimeDigitized] = stamp
        if isinstance(taken_at, datetime) and taken_at.utcoffset() is not None:
            offset = taken_at.strftime("%z")  # +0100
            exif[piexif.ExifIFD.OffsetTimeOriginal] = f"{offset[:3]}:{offset[3:5]}"
    if gps is not None:
        latitude, longitude = gps
        gps_ifd[piexif.GPSIFD.GPSVersionID] = (2, 3, 0, 0)
        gps_ifd[piexif.GPSIFD.GPSLatitudeRef] = "N" if latitude >= 0 else "S"
        gps_ifd[piexif.GPSIFD.GPSLatitude] = _degrees_to_rationals(abs(latitude))
        gps_ifd[piexif.GPSIFD.GPSLongitudeRef] = "E" if longitude >= 0 else "W"
        gps_ifd[piexif.GPSIFD.GPSLongitude] = _degrees_to_rationals(abs(longitude))
    for name, ifd in (("0th", zeroth), ("Exif", exif), ("GPS", gps_ifd)):
        ifd.update((raw or {}).get(name, {}))
    return piexif.dump({"0th": zeroth, "Exif": exif, "GPS": gps_ifd})


def _degrees_to_rationals(value: float) -> tuple[tuple[int, int], ...]:
    """Degrees, minutes and seconds (to 1/10000 s) as EXIF rationals."""
    degrees, rest = divmod(round(value * 3600 * 10000), 3600 * 10000)
    minutes, seconds = divmod(rest, 60 * 10000)
    return (degrees, 1), (minutes, 1), (seconds, 10000)


def make_jpeg(
    path: Path,
    size: tuple[int, int] = (640, 480),
    *,
    taken_at: datetime | str | None = None,
    gps: tuple[float, float] | None = None,
    orientation: int | None = None,
    make: str | None = None,
    model: str | None = None,
    color: tuple[int, int, int] | None = None,
    image: Image.Image | None = None,
    icc_profile: bytes | None = None,
    quality: int = 90,
    raw_exif: dict[str, dict[int, object]] | None = None,
) -> Path:
    """Write a JPEG with real EXIF and return its path.

    The pixels are :func:`photo_pixels` of ``size``, or a flat ``color``, or exactly ``image``
    (which then sets the size). EXIF arguments are those of :func:`exif_bytes` (``raw_exif`` is its
    ``raw``); without any, the JPEG has no EXIF at all. ``icc_profile`` is embedded as is.
    """
    path = Path(path)
    if image is None:
        image = Image.new("RGB", size, color) if color is not None else Image.fromarray(photo_pixels(size))
    options = {"quality": quality}
    if any(value is not None for value in (taken_at, gps, orientation, make, model, raw_exif)):
        options["exif"] = exif_bytes(
            taken_at=taken_at, gps=gps, orientation=orientation, make=make, model=model, raw=raw_exif
        )
    if icc_profile is not None:
        options["icc_profile"] = icc_profile
    image.save(path, "JPEG", **options)
    return path


def make_heic(
    path: Path,
    size: tuple[int, int] = (640, 480),
    *,
    taken_at: datetime | str | None = None,
    orientation: int | None = None,
    make: str | None = None,
    model: str | None = None,
    quality: int = 80,
) -> Path:
    """Write a HEIC of :func:`photo_pixels` (with EXIF when any EXIF argument is given)."""
    path = Path(path)
    heif = pillow_heif.from_pillow(Image.fromarray(photo_pixels(size)))
    options = {"quality": quality}
    if any(value is not None for value in (taken_at, orientation, make, model)):
        options["exif"] = exif_bytes(taken_at=taken_at, orientation=orientation, make=make, model=model)
    heif.save(path, **options)
    return path


def make_dng(
    path: Path,
    size: tuple[int, int] = (640, 480),
    *,
    with_preview: bool | None = None,
    orientation: int | None = None,
    pixels: np.ndarray | None = None,
    make: str = "Photonix",
    model: str = "Test DNG",
) -> Path:
    """Write a real Bayer (RGGB, 16-bit, uncompressed) DNG that LibRaw opens and demosaics.

    The scene is ``pixels`` (an RGB uint8 array, which then sets the size) or
    :func:`photo_pixels` of ``size``, mosaicked after undoing the sRGB gamma.

    ``with_preview``: ``None`` stores no preview; ``True`` adds a full-size JPEG preview of the
    scene (in a second IFD, as cameras do); ``False`` adds a small 160 px JPEG thumbnail that
    is too small to stand in for the photo. ``orientation`` is the TIFF/EXIF orientation tag;
    ``make`` and ``model`` are the camera's (UniqueCameraModel is the two joined).
    """
    path = Path(path)
    scene = photo_pixels(size) if pixels is None else pixels
    height, width = scene.shape[:2]
    linear = ((scene.astype(np.float32) / 255) ** 2.2 * 65535).astype(np.uint16)
    mosaic = np.empty((height, width), np.uint16)
    mosaic[0::2, 0::2] = linear[0::2, 0::2, 0]
    mosaic[0::2, 1::2] = linear[0::2, 1::2, 1]
    mosaic[1::2, 0::2] = linear[1::2, 0::2, 1]
    mosaic[1::2, 1::2] = linear[1::2, 1::2, 2]

    tags = DNGTags()
    tags.set(Tag.ImageWidth, width)
    tags.set(Tag.ImageLength, height)
    tags.set(Tag.TileWidth, width)
    tags.set(Tag.TileLength, height)
    tags.set(Tag.Orientation, orientation or 1)
    tags.set(Tag.PhotometricInterpretation, PhotometricInterpretation.Color_Filter_Array)
    tags.set(Tag.SamplesPerPixel, 1)
    tags.set(Tag.BitsPerSample, 16)
    tags.set(Tag.CFARepeatPatternDim, [2, 2])
    tags.set(Tag.CFAPattern, CFAPattern.RGGB)
    tags.set(Tag.BlackLevel, 0)
    tags.set(Tag.WhiteLevel, 65535)
    tags.set(Tag.ColorMatrix1, [[round(v * 10000), 10000] for row in _XYZ_TO_SRGB for v in row])
    tags.set(Tag.CalibrationIlluminant1, CalibrationIlluminant.D65)
    tags.set(Tag.AsShotNeutral, [[1, 1], [1, 1], [1, 1]])
    tags.set(Tag.Make, make)
    tags.set(Tag.Model, model)
    tags.set(Tag.UniqueCameraModel, f"{make} {model}")
    tags.set(Tag.DNGVersion, DNGVersion.V1_4)
    tags.set(Tag.DNGBackwardVersion, DNGVersion.V1_2)
    converter = RAW2DNG()
    converter.options(tags, path="", compress=False)
    dng = converter.convert(mosaic)

    if with_preview is not None:
        preview = Image.fromarray(scene)
        if not with_preview:
            preview.thumbnail((160, 160))
        jpeg = BytesIO()
        preview.save(jpeg, "JPEG", quality=90)
        dng = _append_jpeg_ifd(dng, jpeg.getvalue(), preview.size)
    path.write_bytes(dng)
    return path


def _append_jpeg_ifd(dng: bytearray, jpeg: bytes, size: tuple[int, int]) -> bytearray:
    """Chain a second IFD holding a JPEG preview after the raw IFD written by pidng."""
    strip_offsets = dngTag(Tag.StripOffsets, [0])
    ifd = dngIFD()
    ifd.tags = [
        dngTag(Tag.NewSubfileType, [1]),  # a reduced-resolution copy of the raw image
        dngTag(Tag.ImageWidth, [size[0]]),
        dngTag(Tag.ImageLength, [size[1]]),
        dngTag(Tag.BitsPerSample, [8, 8, 8]),
        dngTag(Tag.Compression, [7]),  # JPEG
        dngTag(Tag.PhotometricInterpretation, [6]),  # YCbCr
        strip_offsets,
        dngTag(Tag.SamplesPerPixel, [3]),
        dngTag(Tag.RowsPerStrip, [size[1]]),
        dngTag(Tag.StripByteCounts, [len(jpeg)]),
    ]
    ifd_offset = (len(dng) + 3) & ~3
    jpeg_offset = ifd_offset + ifd.dataLen()
    strip_offsets.setValue([jpeg_offset])
    buf = bytearray(jpeg_offset + len(jpeg))
    buf[: len(dng)] = dng
    ifd.setBuffer(buf, ifd_offset)
    ifd.write()
    buf[jpeg_offset:] = jpeg
    first_ifd = struct.unpack_from("<I", buf, 4)[0]
    entries = struct.unpack_from("<H", buf, first_ifd)[0]
    struct.pack_into("<I", buf, first_ifd + 2 + 12 * entries, ifd_offset)  # IFD0's "next IFD"
    return buf


def adobe_rgb_profile() -> bytes:
    """A minimal ICC v2 matrix/TRC profile with the Adobe RGB (1998) primaries and gamma 2.2.

    Wide-gamut enough that its pixel values differ clearly from sRGB ones (sRGB pure red is
    about (219, 0, 0) in it), for testing colour management.
    """
    d50 = (0.9642, 1.0, 0.8249)
    primaries = ((0.60974, 0.31111, 0.01947), (0.20528, 0.62567, 0.06087), (0.14919, 0.06322, 0.74457))

    def xyz(values: tuple[float, float, float]) -> bytes:
        return b"XYZ \0\0\0\0" + b"".join(struct.pack(">i", round(v * 65536)) for v in values)

    name = b"Adobe RGB (1998) compatible (Photonix tests)"
    description = b"desc\0\0\0\0" + struct.pack(">I", len(name) + 1) + name + b"\0" + bytes(4 + 4 + 2 + 1 + 67)
    gamma = b"curv\0\0\0\0" + struct.pack(">IH", 1, 563) + b"\0\0"  # u8Fixed8 2.2, padded to 4 bytes
    tags = [
        (b"desc", description),
        (b"cprt", b"text\0\0\0\0No copyright, use freely\0"),
        (b"wtpt", xyz(d50)),
        (b"rXYZ", xyz(primaries[0])),
        (b"gXYZ", xyz(primaries[1])),
        (b"bXYZ", xyz(primaries[2])),
        (b"rTRC", gamma),
        (b"gTRC", gamma),
        (b"bTRC", gamma),
    ]
    offset = 128 + 4 + 12 * len(tags)
    table, data = b"", b""
    for signature, body in tags:
        body += bytes(-len(body) % 4)
        table += signature + struct.pack(">II", offset + len(data), len(body))
        data += body
    total = offset + len(data)
    header = (
        struct.pack(">I4sI4s4s4s", total, b"\0\0\0\0", 0x02100000, b"mntr", b"RGB ", b"XYZ ")
        + bytes(12)  # date
        + b"acsp"
        + bytes(4 + 4 + 4 + 4 + 8 + 4)  # platform, flags, manufacturer, model, attributes, intent
        + b"".join(struct.pack(">i", round(v * 65536)) for v in d50)
        + bytes(4 + 16 + 28)  # creator, profile id, reserved
    )
    return header + struct.pack(">I", len(tags)) + table + data


def make_bad_files(directory: Path) -> dict[str, Path]:
    """Write one file of each kind that can never be processed, and return them by name.

    ``zero_byte`` (empty .jpg), ``not_an_image`` (text in a .jpg), ``truncated`` (the first half
    of a real JPEG), ``decompression_bomb`` (a valid PNG header claiming 40000x40000 pixels,
    tiny on disk), ``garbage_dng`` (a TIFF signature followed by random bytes).
    """
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    files = {
        "zero_byte": directory / "zero_byte.jpg",
        "not_an_image": directory / "not_an_image.jpg",
        "truncated": directory / "truncated.jpg",
        "decompression_bomb": directory / "decompression_bomb.png",
        "garbage_dng": directory / "garbage.dng",
    }
    files["zero_byte"].write_bytes(b"")
    files["not_an_image"].write_text("This is a shopping list, not a photo.\nMilk\nEggs\n")
    whole = make_jpeg(directory / "whole.jpg").read_bytes()
    files["truncated"].write_bytes(whole[: len(whole) // 2])
    (directory / "whole.jpg").unlink()
    files["decompression_bomb"].write_bytes(_png_header_only(40000, 40000))
    random_bytes = np.random.default_rng(1).integers(0, 256, 64 * 1024, dtype=np.uint8).tobytes()
    files["garbage_dng"].write_bytes(b"II*\0\x08\0\0\0" + random_bytes)
    return files


def _png_header_only(width: int, height: int) -> bytes:
    """A PNG whose IHDR claims width x height RGB pixels, with a tiny (wrong) IDAT."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0" * 64)) + chunk(b"IEND", b"")
    )


# Where dlib's detector puts the face in an LFW 250×250 crop (x1, y1, x2, y2): about 89 px wide.
LFW_FACE_BOX = (76, 86, 165, 176)

# A 6000×4000 group photo: (face width in pixels, top-left corner of the pasted LFW crop).
GROUP_LAYOUT = (
    (1000, (100, 600)),
    (600, (3050, 150)),
    (350, (4900, 150)),
    (200, (4900, 1400)),
    (120, (3150, 2300)),
    (80, (3800, 2400)),
    (60, (4400, 2500)),
)


def make_group_photo(
    path: Path, background: Path, portraits: list[Path], layout=GROUP_LAYOUT, size=(6000, 4000)
) -> list[tuple[float, float, float, float]]:
    """Write a 24 MP group photo (JPEG, quality 90) and return where each face is, ``(x1, y1, x2, y2)`` in pixels.

    ``background`` (a landscape photo) is scaled up to ``size`` with a little per-pixel noise, so
    the JPEG costs what a camera's costs to decode; each LFW crop of ``portraits`` is pasted scaled
    so that its face is the layout's width (faces cycle through ``portraits``).
    """
    scene = np.asarray(Image.open(background).convert("RGB").resize(size, Image.Resampling.BICUBIC), np.int16)
    noise = np.random.default_rng(0).integers(-12, 13, size=scene.shape, dtype=np.int16)
    photo = Image.fromarray(np.clip(scene + noise, 0, 255).astype(np.uint8))
    left, top, right, bottom = LFW_FACE_BOX
    boxes = []
    for i, (face_width, (x, y)) in enumerate(layout):
        scale = face_width / (right - left)
        side = round(250 * scale)
        portrait = Image.open(portraits[i % len(portraits)]).convert("RGB")
        photo.paste(portrait.resize((side, side), Image.Resampling.BICUBIC), (x, y))
        boxes.append((x + left * scale, y + top * scale, x + right * scale, y + bottom * scale))
    photo.save(path, "JPEG", quality=90)
    return boxes


def pixel_box(box: tuple[float, float, float, float], size: tuple[int, int]) -> tuple[float, float, float, float]:
    """A tag's normalised ``(centre x, centre y, width, height)`` as ``(x1, y1, x2, y2)`` in pixels of ``size``."""
    cx, cy, w, h = box
    return ((cx - w / 2) * size[0], (cy - h / 2) * size[1], (cx + w / 2) * size[0], (cy + h / 2) * size[1])


def is_face(box, face, widths=(0.5, 2.0)) -> bool:
    """Whether ``box`` (x1, y1, x2, y2) is the pasted ``face`` (same corners).

    It is when its centre lies in the face and its width is ``widths[0]`` to ``widths[1]`` times the face's.
    """
    x1, y1, x2, y2 = face
    cx, cy = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
    return x1 <= cx <= x2 and y1 <= cy <= y2 and widths[0] <= (box[2] - box[0]) / (x2 - x1) <= widths[1]
