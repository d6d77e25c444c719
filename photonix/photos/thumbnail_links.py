"""Thumbnail URLs for lists of photos (map points, album covers, people), in one query.

``Photo.base_file`` costs a query per photo; :func:`base_files` finds the base file of every
photo of a queryset at once (the user's preferred file, else the newest, as ``base_file``
does), and :func:`thumbnail_urls` turns them into the versioned URLs of
``photonix.photos.utils.paths.thumbnail_url``.
"""

from django.db.models import OuterRef, Subquery
from django.db.models.functions import Coalesce

from photonix.photos.models import PhotoFile
from photonix.photos.processing import configured_sizes
from photonix.photos.utils.paths import file_thumbnail_url


def grid_size_name():
    """The size of the grid tiles: the smallest size made at import (``256x256_cover_q50`` by default)."""
    return min((s for s in configured_sizes() if s.at_import), key=lambda s: s.width * s.height).name


def base_file_id():
    """An expression for a photo's base file id: the preferred file, else the newest file."""
    newest = PhotoFile.objects.filter(photo=OuterRef("pk")).order_by("-file_modified_at").values("pk")[:1]
    return Coalesce("preferred_photo_file_id", Subquery(newest))


def base_files(photos):
    """Photo id → its base file (``id``, ``photo_id``, ``path``, ``file_modified_at``, ``bytes`` loaded),
    for the photos of the queryset ``photos`` that have a file: one query, whatever their number."""
    ids = photos.order_by().annotate(base_file_id=base_file_id()).values("base_file_id")
    files = PhotoFile.objects.filter(pk__in=ids).only("id", "photo_id", "path", "file_modified_at", "bytes")
    return {photo_file.photo_id: photo_file for photo_file in files}


def thumbnail_urls(photos, size_name=None):
    """Photo id → the URL of its thumbnail of ``size_name`` (default: the grid size), in one query."""
    size_name = size_name or grid_size_name()
    return {photo_id: file_thumbnail_url(f, size_name) for photo_id, f in base_files(photos).items()}
