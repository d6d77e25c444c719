"""Face crops: a small square image of one face, for the People screen's cards and face lists.

A crop is cut from the photo's preview (the largest size made at import, in display orientation),
turned by the user's rotation as the face classifier saw it (``processing.display_image``), around
the face's box with a margin, and scaled to ``FACE_CROP_PIXELS`` square. It is made on first request
and kept under ``THUMBNAIL_ROOT/faces/`` named by its version: the face's box, the photo file's
thumbnail version and the user's rotation. So the URL changes when any of them does, and browsers
may keep a crop for a week (as thumbnails; ``views.face_thumbnail`` serves them).
"""

from pathlib import Path

from django.conf import settings
from django.urls import reverse
from PIL import Image

from photonix.common.files import atomic_write
from photonix.photos import on_demand
from photonix.photos.people import face_box
from photonix.photos.processing import preview_size
from photonix.photos.utils.paths import thumbnail_version, version_tag

FACE_CROP_VERSION = 1
FACE_CROP_PIXELS = 192
# The crop's side, in face box sides: the face with some hair and chin around it.
MARGIN = 1.6
QUALITY = 80


def face_crop_version(box: dict, photo_file) -> str:
    """The version of a face's crop from its box (``people.face_box``) and its photo's base file (a
    ``PhotoFile`` or a ``thumbnail_links.BaseFile``): changes with the box, the file and the user's rotation."""
    parts = (box["x"], box["y"], box["width"], box["height"])
    return version_tag(thumbnail_version(photo_file), photo_file.user_rotation, parts, FACE_CROP_VERSION)


def face_crop_url(face_id, version) -> str:
    return reverse("face-thumbnail", args=[face_id, version])


def face_crop_path(face, photo_file) -> Path:
    version = face_crop_version(face_box(face), photo_file)
    return Path(settings.THUMBNAIL_ROOT) / "faces" / f"{face.pk}.{version}.jpg"


def crop_box(box: dict, width: int, height: int) -> tuple[int, int, int, int]:
    """The pixel box of the square crop around a face box (``people.face_box``: centre and size,
    0-1) in a width x height image: ``MARGIN`` times the face's longer side, moved inside the image."""
    centre_x, centre_y, box_width, box_height = box["x"], box["y"], box["width"], box["height"]
    side = min(round(max(box_width * width, box_height * height) * MARGIN), width, height)
    side = max(side, 1)
    left = min(max(round(centre_x * width - side / 2), 0), width - side)
    top = min(max(round(centre_y * height - side / 2), 0), height - side)
    return left, top, left + side, top + side


def face_crop(face, photo_file) -> Path:
    """The path of the face's crop, made now if missing. The preview is made first if it is missing
    (``on_demand``: raises ``on_demand.Busy`` when that takes too long)."""
    path = face_crop_path(face, photo_file)
    if path.exists():
        return path
    preview = on_demand.thumbnail(photo_file, preview_size())
    with Image.open(preview) as image:
        image = image.convert("RGB")
    if photo_file.user_rotation:
        image = image.rotate(-photo_file.user_rotation, expand=True)
    crop = image.crop(crop_box(face_box(face), *image.size))
    crop = crop.resize((FACE_CROP_PIXELS, FACE_CROP_PIXELS), Image.Resampling.LANCZOS)
    with atomic_write(path) as f:
        crop.save(f, "JPEG", quality=QUALITY)
    return path
