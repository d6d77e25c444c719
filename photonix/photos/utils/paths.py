"""Where Photonix keeps the files it makes for each photo file.

- ``DATA_DIR/raw-photos-processed/{photofile_id}.{generation}.jpg``: the developed JPEG of a RAW/HEIC/AVIF file.
- ``DATA_DIR/cache/thumbnails/photofile/{size}/{photofile_id}.{version}.jpg``: thumbnails, e.g. size
  ``256x256_cover_q50``.

Every name carries a short tag of the file as recorded (:func:`generation`: its id, modification
time and size), and thumbnails also of the thumbnailer's version (:func:`thumbnail_version`). So a
file that changes gets new names: a step still working on the old file can only write files nobody
reads any more, and a thumbnail URL (which carries the same version) can be cached for a week.
Files of older generations are removed by the step that makes the new ones (:func:`older_files`).
"""

import hashlib
from datetime import UTC
from pathlib import Path

from django.conf import settings
from django.urls import reverse

from photonix.photos.utils.thumbnails import THUMBNAILER_VERSION

# Files Pillow decodes directly; every other accepted file is developed to a JPEG first.
DIRECT_MIMETYPES = {
    "image/jpeg",
    "image/png",
    "image/tiff",
    "image/bmp",
    "image/gif",
    "image/webp",
    "image/x-ms-bmp",
}


def needs_development(photo_file):
    return photo_file.mimetype not in DIRECT_MIMETYPES


def version_tag(*parts) -> str:
    """A short hex digest of ``parts``: the version part of the names of files Photonix makes."""
    return hashlib.blake2b(":".join(map(str, parts)).encode(), digest_size=5).hexdigest()


def generation(photo_file) -> str:
    """A short tag of the file as the database records it: it changes whenever the file does."""
    return version_tag(photo_file.pk, photo_file.file_modified_at.astimezone(UTC).isoformat(), photo_file.bytes)


def thumbnail_version(photo_file) -> str:
    """The version in the names and URLs of a file's thumbnails: its generation and the thumbnailer's version."""
    return version_tag(generation(photo_file), THUMBNAILER_VERSION)


def developed_path(photo_file) -> Path:
    return Path(settings.PHOTO_RAW_PROCESSED_DIR) / f"{photo_file.id}.{generation(photo_file)}.jpg"


def base_image_path(photo_file) -> Path:
    """The image that thumbnails and classifiers read for this file."""
    return developed_path(photo_file) if needs_development(photo_file) else Path(photo_file.path)


def _thumbnail_dir(size_name) -> Path:
    return Path(settings.THUMBNAIL_ROOT) / "photofile" / size_name


def thumbnail_path(photo_file, size) -> Path:
    return _thumbnail_dir(size.name) / f"{photo_file.id}.{thumbnail_version(photo_file)}.jpg"


def thumbnail_url(photo, size_name):
    """The URL of a photo's thumbnail of a size (``ThumbnailSize.name``), or None if it has no file.

    The URL names the thumbnail's version, so it changes when the photo's file changes: browsers may
    keep it for a week. The API gives clients these URLs.
    """
    photo_file = photo.base_file
    if photo_file is None:
        return None
    return reverse("thumbnail", args=[photo.pk, size_name, thumbnail_version(photo_file)])


def derived_files(photo_file):
    """Every file Photonix may have made for this photo file, of any generation (for clean-up on delete)."""
    root = Path(settings.THUMBNAIL_ROOT) / "photofile"
    folders = [Path(settings.PHOTO_RAW_PROCESSED_DIR), *(root.iterdir() if root.is_dir() else ())]
    for folder in folders:
        yield from folder.glob(f"{photo_file.id}.*jpg")  # "{id}.jpg" (before versions) and "{id}.{version}.jpg"


def older_files(photo_file):
    """The files made for earlier generations of this photo file, or by an earlier thumbnailer: safe to delete.

    Call it only with the file as the database records it now, never from a step whose file changed meanwhile.
    """
    current = {developed_path(photo_file).name, f"{photo_file.id}.{thumbnail_version(photo_file)}.jpg"}
    return [path for path in derived_files(photo_file) if path.name not in current]
