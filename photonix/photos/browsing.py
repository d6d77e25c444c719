"""Browsing aids over a search's photos: the timeline (counts per month) and albums (the map: ``maps.py``).

Each takes the photos of a search (a queryset already restricted to one library, ``deleted=False`` and
the parsed ``q``) and does its grouping in the database, in a fixed number of queries.

The timeline groups by month of ``Photo.sort_at`` (when the photo was taken, else its file's time), as
the photos list sorts them, so that the months add up to every photo of the search, **in UTC**: the
server does not know the viewer's time zone, and UTC months are stable whatever it is (a photo taken at
23:30 on 31 July in UTC-2 counts in August).
"""

from datetime import UTC

from django.db.models import Count, F, OuterRef, Subquery, UUIDField
from django.db.models.functions import Lower, TruncMonth

from photonix.common.queries import count_of
from photonix.photos.models import Photo, PhotoTag, Tag
from photonix.photos.thumbnail_links import thumbnail_urls


def timeline(photos):
    """``[{month: "2018-07", count}]`` of ``sort_at``, newest month first (months in UTC; see the module docstring)."""
    rows = (
        photos.order_by()
        .annotate(month=TruncMonth("sort_at", tzinfo=UTC))
        .values("month")
        .annotate(count=Count("pk"))
        .order_by("-month")
    )
    return [{"month": row["month"].strftime("%Y-%m"), "count": row["count"]} for row in rows]


def albums(library):
    """The library's albums by name: ``[{id, name, count, cover_photo_id, cover_thumbnail_url}]``.

    ``count`` counts the album's photos that are not deleted; the cover is the most recently taken of them.
    """
    in_album = PhotoTag.objects.filter(tag=OuterRef("pk"), deleted=False, photo__deleted=False)
    latest = in_album.order_by(F("photo__taken_at").desc(nulls_last=True), "-photo__created_at").values("photo_id")
    rows = list(
        Tag.objects.filter(library=library, type=Tag.Type.ALBUM)
        .annotate(count=count_of(in_album, "tag"), cover_photo_id=Subquery(latest[:1], output_field=UUIDField()))
        .order_by(Lower("name"), "name", "pk")
        .values("id", "name", "count", "cover_photo_id")
    )
    urls = thumbnail_urls(Photo.objects.filter(pk__in=[row["cover_photo_id"] for row in rows if row["cover_photo_id"]]))
    return [{**row, "cover_thumbnail_url": urls.get(row["cover_photo_id"])} for row in rows]
