"""How the photo routes show photos: the dicts behind ``PhotoItem`` and ``PhotoDetail`` (schemas.py).

Each builder reads only what the routes prefetched (files via ``Photo.objects.with_files()``, tags
via ``detail_queryset``), so a list costs no query per photo.
"""

import os

from django.db.models import Prefetch
from django.urls import reverse

from photonix.photos.listing import color_hex, display_size
from photonix.photos.models import Photo, PhotoTag, Tag
from photonix.photos.processing import configured_sizes
from photonix.photos.utils.paths import thumbnail_url

API_NAMESPACE = "api-1"
# Tag type → its group in ``PhotoTags``.
TAG_GROUPS = {
    Tag.Type.LOCATION: "locations",
    Tag.Type.COLOR: "colors",
    Tag.Type.FACE: "people",
    Tag.Type.OBJECT: "objects",
    Tag.Type.STYLE: "styles",
    Tag.Type.EVENT: "events",
    Tag.Type.GENERIC: "generic",
    Tag.Type.ALBUM: "albums",
}


def thumbnails(photo):
    """Size name → the versioned URL of the photo's thumbnail of that size (none for a photo without files)."""
    urls = {size.name: thumbnail_url(photo, size.name) for size in configured_sizes()}
    return {name: url for name, url in urls.items() if url}


def photo_item(photo):
    """A grid tile (``photo`` from ``listing.with_tile_data``)."""
    base = photo.base_file
    width, height = display_size(base)
    main_hex = color_hex(photo.main_color)
    return {
        "id": photo.pk,
        "taken_at": photo.taken_at,
        "sort_at": photo.sort_at,
        "width": width,
        "height": height,
        "rotation": base.user_rotation if base else 0,
        "rating": photo.star_rating,
        "color": {"name": photo.main_color, "hex": main_hex} if main_hex else None,
        "thumbnails": thumbnails(photo),
        "file_name": os.path.basename(base.path) if base else None,
    }


def detail_queryset():
    """Photos with everything ``photo_detail`` reads, in four queries whatever the photo."""
    tags = PhotoTag.objects.select_related("tag", "tag__parent").order_by("-significance", "tag__name")
    return (
        Photo.objects.select_related("camera", "lens")
        .with_files()
        .prefetch_related(Prefetch("photo_tags", queryset=tags))
    )


def _number(value):
    return float(value) if value is not None else None


def photo_tag_out(photo_tag):
    tag = photo_tag.tag
    box = (photo_tag.position_x, photo_tag.position_y, photo_tag.size_x, photo_tag.size_y)
    return {
        "id": photo_tag.pk,
        "tag_id": tag.pk,
        "name": tag.name,
        "type": Tag.Type(tag.type).label.lower(),
        "source": Tag.Source(photo_tag.source).label.lower(),
        "confidence": photo_tag.confidence,
        "significance": photo_tag.significance,
        "verified": photo_tag.verified,
        "deleted": photo_tag.deleted,
        "box": dict(zip(("x", "y", "width", "height"), box, strict=True)) if None not in box else None,
        "parent": {"id": tag.parent.pk, "name": tag.parent.name} if tag.parent else None,
        "hex": color_hex(tag.name) if tag.type == Tag.Type.COLOR else None,
    }


def _file_out(photo_file, base):
    return {
        "id": photo_file.pk,
        "path": photo_file.path,
        "file_name": os.path.basename(photo_file.path),
        "bytes": photo_file.bytes,
        "mimetype": photo_file.mimetype,
        "width": photo_file.width,
        "height": photo_file.height,
        "modified_at": photo_file.file_modified_at,
        "is_base": photo_file == base,
        "exif_rotation": photo_file.exif_rotation,
        "rotation": photo_file.user_rotation,
    }


def photo_detail(photo, previous_id=None, next_id=None):
    """Everything the detail view shows (``photo`` from ``detail_queryset``)."""
    base = photo.base_file
    width, height = display_size(base)
    tags = {group: [] for group in TAG_GROUPS.values()}
    for photo_tag in photo.photo_tags.all():
        tags[TAG_GROUPS[photo_tag.tag.type]].append(photo_tag_out(photo_tag))
    camera, lens = photo.camera, photo.lens
    return {
        "id": photo.pk,
        "library_id": photo.library_id,
        "taken_at": photo.taken_at,
        "sort_at": photo.sort_at,
        "taken_by": photo.taken_by,
        "camera": {"id": camera.pk, "make": camera.make, "model": camera.model} if camera else None,
        "lens": {"id": lens.pk, "name": lens.name} if lens else None,
        "aperture": _number(photo.aperture),
        "exposure": photo.exposure,
        "iso_speed": photo.iso_speed,
        "focal_length": _number(photo.focal_length),
        "flash": photo.flash,
        "metering_mode": photo.metering_mode,
        "drive_mode": photo.drive_mode,
        "shooting_mode": photo.shooting_mode,
        "latitude": _number(photo.latitude),
        "longitude": _number(photo.longitude),
        "altitude": _number(photo.altitude),
        "rating": photo.star_rating,
        "deleted": photo.deleted,
        "width": width,
        "height": height,
        "rotation": base.user_rotation if base else 0,
        "files": [_file_out(f, base) for f in photo.files.all()],
        "tags": tags,
        "previous_id": previous_id,
        "next_id": next_id,
        "thumbnails": thumbnails(photo),
        "download_url": reverse(f"{API_NAMESPACE}:photo_download", args=[photo.pk]),
    }
