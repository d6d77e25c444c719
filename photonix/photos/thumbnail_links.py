"""Thumbnail URLs for lists of photos (map points, album covers, people), in one query.

Pages of photos prefetch their files (``Photo.objects.with_files()``); lists that may hold tens of
thousands of photos use :func:`base_files` instead, which reads only the base file of every photo
of a queryset, in one query (the user's preferred file, else the newest, as ``Photo.base_file``
does), and :func:`thumbnail_urls` turns them into the versioned URLs of
``photonix.photos.utils.paths.thumbnail_url`` (the map may ask for tens of thousands, so the URL
is reversed once per size and filled in per photo).
"""

import uuid
from typing import NamedTuple

from django.db.models import OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse

from photonix.photos.models import PhotoFile
from photonix.photos.processing import configured_sizes
from photonix.photos.utils.paths import thumbnail_version

_ID, _VERSION = uuid.UUID(int=0), "version"


class BaseFile(NamedTuple):
    """What lists need of a photo's base file (``paths.thumbnail_version`` reads pk, mtime and size; face
    crops also the user's rotation)."""

    pk: uuid.UUID
    photo_id: uuid.UUID
    path: str
    file_modified_at: object
    bytes: int
    user_rotation: int


def grid_size_name():
    """The size of the grid tiles: the smallest size made at import (``256x256_cover_q50`` by default)."""
    return min((s for s in configured_sizes() if s.at_import), key=lambda s: s.width * s.height).name


def base_file_id():
    """An expression for a photo's base file id: the preferred file, else the newest file."""
    newest = PhotoFile.objects.filter(photo=OuterRef("pk")).order_by("-file_modified_at", "-pk").values("pk")[:1]
    return Coalesce("preferred_photo_file_id", Subquery(newest))


def base_files(photos) -> dict[uuid.UUID, BaseFile]:
    """Photo id → its base file, for the photos of the queryset ``photos`` that have a file: one query."""
    ids = photos.order_by().annotate(base_file_id=base_file_id()).values("base_file_id")
    rows = PhotoFile.objects.filter(pk__in=ids).values_list(*BaseFile._fields)
    return {row[1]: BaseFile(*row) for row in rows}


def thumbnail_urls(photos, size_name=None) -> dict[uuid.UUID, str]:
    """Photo id → the URL of its thumbnail of ``size_name`` (default: the grid size), in one query."""
    template = reverse("thumbnail", args=[_ID, size_name or grid_size_name(), _VERSION])
    start, rest = template.split(str(_ID))
    middle, end = rest.rsplit(_VERSION, 1)
    return {pid: f"{start}{pid}{middle}{thumbnail_version(f)}{end}" for pid, f in base_files(photos).items()}
