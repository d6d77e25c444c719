"""Which files Photonix imports, and how each one is decoded.

A library scan calls ``is_ignored`` and then ``detect_kind`` on every file, so both are cheap: ``is_ignored``
looks only at the path, and ``detect_kind`` reads headers only (Pillow's ``Image.open`` does not decode
pixels, pillow-heif parses the HEIF container, LibRaw opens the RAW file without unpacking it).

- ``is_ignored(path)``: files that are not photos and are skipped silently (videos, sidecars, hidden files,
  Synology ``@eaDir`` thumbnails). A scan does not record them at all.
- ``detect_kind(path)``: every other file is either a ``FileKind`` or a ``BadInputError`` whose message says
  why it cannot be imported (empty, unreadable, truncated, not an image...). That error is permanent: the
  file is recorded as failed and never retried.

A file that passes the header check can still fail later (pixel data truncated after a valid header, a
decompression bomb): the thumbnail and RAW steps raise ``BadInputError`` for those.
"""

import enum
import os
from pathlib import Path

import pillow_heif
import rawpy
from PIL import Image

# Imported for its side effect: it teaches Pillow to read CMYK TIFFs with an alpha channel (the `cmyk.tif`
# fixture). Importing it here makes detect_kind accept what the thumbnail step can decode, in every process.
import photonix.photos.utils.thumbnails  # noqa: F401
from photonix.photos.utils.errors import BadInputError


class FileKind(enum.Enum):
    """How a photo file is decoded."""

    IMAGE = "image"  # Pillow opens it directly: JPEG, PNG, TIFF, WebP, GIF, BMP, AVIF
    HEIF = "heif"  # pillow-heif opens it: HEIC/HEIF (pillow-heif 1.x has no AVIF decoder; Pillow reads AVIF)
    RAW = "raw"  # LibRaw (rawpy) opens it: DNG, CR2, CR3, NEF, ARW, RAF, ORF, RW2...


# Lower-case suffixes (with the dot) of files that scans skip silently: videos and sidecar files.
SKIPPED_EXTENSIONS = frozenset({".mov", ".mp4", ".mkv", ".avi", ".m4v", ".3gp", ".xmp", ".aae", ".thm"})

# Folders whose contents scans skip: Synology's generated thumbnails.
SKIPPED_FOLDERS = frozenset({"@eaDir"})

# The Pillow formats that count as FileKind.IMAGE (multi-picture phone JPEGs open as MPO through "JPEG").
PILLOW_FORMATS = ("JPEG", "PNG", "TIFF", "WEBP", "GIF", "BMP", "AVIF")

# Camera RAW suffixes. Most of these are TIFF inside, and Pillow would open their small embedded preview
# as a TIFF, so files with these suffixes are offered to LibRaw before Pillow.
RAW_EXTENSIONS = frozenset(
    ".3fr .ari .arw .cr2 .cr3 .crw .dcr .dng .erf .fff .gpr .iiq .k25 .kdc .mef .mos .mrw .nef .nrw .orf .pef "
    ".raf .raw .rw2 .rwl .sr2 .srf .srw .x3f".split()
)

# File signatures (offset, bytes, format), only used to word the error for a file that cannot be decoded.
SIGNATURES = (
    (0, b"\xff\xd8\xff", "JPEG"),
    (0, b"\x89PNG\r\n\x1a\n", "PNG"),
    (0, b"II*\x00", "TIFF"),
    (0, b"MM\x00*", "TIFF"),
    (0, b"GIF8", "GIF"),
    (0, b"BM", "BMP"),
    (8, b"WEBP", "WebP"),
    (4, b"ftyp", "HEIF/AVIF"),
)


def is_ignored(path: str | os.PathLike) -> bool:
    """True for files that are not photos and that scans skip without recording a failure.

    Videos and sidecars (by suffix, see ``SKIPPED_EXTENSIONS``), hidden files (the name starts with a dot,
    which covers ``.DS_Store`` and macOS ``._*`` files) and anything inside a ``@eaDir`` folder.
    """
    path = Path(path)
    return (
        path.name.startswith(".")
        or path.suffix.lower() in SKIPPED_EXTENSIONS
        or any(part in SKIPPED_FOLDERS for part in path.parent.parts)
    )


def detect_kind(path: str | os.PathLike) -> FileKind:
    """How to decode the photo at ``path``, from its content (the suffix only decides which check runs first).

    Raises ``BadInputError`` with a human-readable reason for an empty file, a file that cannot be read
    (permissions) and a file that no decoder accepts (not an image, truncated or corrupt header, unsupported
    variant). A file that does not exist raises
    ``FileNotFoundError``: it was moved or deleted, which is not bad input.
    """
    path = Path(path)
    try:
        with path.open("rb") as file:
            head = file.read(16)
    except PermissionError as error:
        raise BadInputError(f"Permission denied: Photonix cannot read {path}.") from error
    if not head:
        raise BadInputError("The file is empty (0 bytes).")

    looks_raw = path.suffix.lower() in RAW_EXTENSIONS
    if looks_raw and _opens_with_libraw(path):
        return FileKind.RAW
    if _opens_with_pillow(path):
        return FileKind.IMAGE
    if _opens_with_pillow_heif(path):
        return FileKind.HEIF
    if not looks_raw and _opens_with_libraw(path):
        return FileKind.RAW
    raise BadInputError(_undecodable_reason(head))


def _opens_with_pillow(path: Path) -> bool:
    try:
        with Image.open(path, formats=PILLOW_FORMATS):
            return True
    except Image.DecompressionBombError:
        return True  # a valid image header; the thumbnail step refuses it with its own reason
    except OSError:  # includes UnidentifiedImageError
        return False


def _opens_with_pillow_heif(path: Path) -> bool:
    if not pillow_heif.is_supported(path):  # reads the 12-byte "ftyp" header only
        return False
    try:
        pillow_heif.open_heif(path)  # parses the container; pixels are decoded on first use
    except (ValueError, OSError, RuntimeError):
        return False
    return True


def _opens_with_libraw(path: Path) -> bool:
    try:
        with rawpy.imread(str(path)):  # opens and identifies; the sensor data is unpacked on first use
            return True
    except (rawpy.LibRawError, rawpy.NotSupportedError, OSError):
        return False


def _undecodable_reason(head: bytes) -> str:
    """Word the error for a file no decoder accepts, naming the format its first bytes claim, if any."""
    for offset, signature, name in SIGNATURES:
        if head[offset : offset + len(signature)] == signature:
            return (
                f"This looks like a {name} file, but it cannot be decoded: "
                "it is truncated, corrupt or an unsupported variant."
            )
    return "This is not a supported image file (JPEG, PNG, TIFF, WebP, GIF, BMP, HEIC, AVIF or camera RAW)."
