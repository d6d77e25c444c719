"""Where Photonix keeps the files it makes for each photo file.

- ``DATA_DIR/raw-photos-processed/{photofile_id}.jpg``: the developed JPEG of a RAW/HEIC/AVIF file.
- ``DATA_DIR/cache/thumbnails/photofile/{size}/{photofile_id}.jpg``: thumbnails, e.g. size
  ``256x256_cover_q50``.
"""

from pathlib import Path

from django.conf import settings

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


def developed_path(photo_file) -> Path:
    return Path(settings.PHOTO_RAW_PROCESSED_DIR) / f"{photo_file.id}.jpg"


def base_image_path(photo_file) -> Path:
    """The image that thumbnails and classifiers read for this file."""
    return developed_path(photo_file) if needs_development(photo_file) else Path(photo_file.path)


def thumbnail_path(photo_file, size) -> Path:
    return Path(settings.THUMBNAIL_ROOT) / "photofile" / size.name / f"{photo_file.id}.jpg"


def derived_files(photo_file):
    """Every file Photonix may have made for this photo file (for clean-up on delete)."""
    root = Path(settings.THUMBNAIL_ROOT) / "photofile"
    yield developed_path(photo_file)
    if root.is_dir():
        for size_dir in root.iterdir():
            yield size_dir / f"{photo_file.id}.jpg"
