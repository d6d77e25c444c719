"""Facets: what the photos matching a search have, with counts, so that a client can narrow it.

:func:`facets` takes the photos of a search (a queryset already restricted to one library,
``deleted=False`` and the parsed ``q``) and counts, in the database and in a fixed number of
queries (eight, whatever the size of the library): tags by type (with the parent of places, so
that a client can draw the hierarchy), cameras, lenses, the ranges of aperture, ISO, focal length
and rating (unrated counts as 0, as in ``rating:`` searches), the exposure times (sorted by their
length in seconds), flash on/off and the metering, drive and shooting modes.
"""

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from django.db.models import Count, Max, Min, Q
from django.db.models.functions import Coalesce

from photonix.photos.models import PhotoTag, Tag
from photonix.photos.people import is_named

# Tag type → its name in the facets.
TAG_FACETS = {
    Tag.Type.LOCATION: "location",
    Tag.Type.COLOR: "color",
    Tag.Type.OBJECT: "object",
    Tag.Type.STYLE: "style",
    Tag.Type.EVENT: "event",
    Tag.Type.GENERIC: "generic",
    Tag.Type.ALBUM: "album",
    Tag.Type.FACE: "people",
}
RANGES = {"aperture": "aperture", "iso_speed": "iso_speed", "focal_length": "focal_length"}
MODES = {"metering_modes": "metering_mode", "drive_modes": "drive_mode", "shooting_modes": "shooting_mode"}


@dataclass(frozen=True)
class Exposure:
    value: str  # as recorded, e.g. "1/250"
    seconds: float | None  # None when the text is not a number or a fraction
    count: int


def exposure_seconds(text: str) -> float | None:
    """``"1/250"`` → 0.004, ``"2.5"`` → 2.5; None for anything else."""
    try:
        return float(Fraction(text.strip()))
    except (ValueError, ZeroDivisionError):
        return None


def _number(value):
    return float(value) if isinstance(value, Decimal) else value


def _tag_sort_key(tag_type, row):
    if tag_type == Tag.Type.FACE:  # people: named ones by name, then unknown people, most photos first
        named = is_named(row["name"])
        return (not named, row["name"].casefold() if named else "", -row["count"], row["name"])
    return (-row["count"], row["name"].casefold())


def tag_facets(photos):
    """Tag type name → ``[{id, name, parent_id, count}]``: the tags of these photos and how many carry each."""
    rows = (
        PhotoTag.objects.filter(photo__in=photos.order_by().values("pk"), deleted=False)
        .values("tag_id", "tag__name", "tag__type", "tag__parent_id")
        .annotate(count=Count("photo_id", distinct=True))
        .order_by()
    )
    by_type = {tag_type: [] for tag_type in TAG_FACETS}
    for row in rows:
        if row["tag__type"] in by_type:
            by_type[row["tag__type"]].append(
                {
                    "id": row["tag_id"],
                    "name": row["tag__name"],
                    "parent_id": row["tag__parent_id"],
                    "count": row["count"],
                }
            )
    return {
        TAG_FACETS[tag_type]: sorted(tags, key=lambda row, t=tag_type: _tag_sort_key(t, row))
        for tag_type, tags in by_type.items()
    }


def _named_counts(photos, key, *name_fields):
    rows = photos.filter(**{f"{key}__isnull": False}).values(key, *name_fields).annotate(count=Count("pk")).order_by()
    items = [{"id": row[key], "name": " ".join(row[f] for f in name_fields), "count": row["count"]} for row in rows]
    return sorted(items, key=lambda item: (-item["count"], item["name"].casefold()))


def _value_counts(photos, field):
    rows = photos.exclude(**{f"{field}__isnull": True}).exclude(**{field: ""})
    rows = rows.values(field).annotate(count=Count("pk")).order_by()
    return sorted(
        ({"value": row[field], "count": row["count"]} for row in rows), key=lambda r: (-r["count"], r["value"])
    )


def facets(photos):
    """Everything a search's photos have, with counts (see the module docstring)."""
    aggregates = {}
    for name, field in RANGES.items():
        aggregates[f"{name}_min"], aggregates[f"{name}_max"] = Min(field), Max(field)
    aggregates["rating_min"] = Min(Coalesce("star_rating", 0))
    aggregates["rating_max"] = Max(Coalesce("star_rating", 0))
    aggregates["flash_on"] = Count("pk", filter=Q(flash=True))
    aggregates["flash_off"] = Count("pk", filter=Q(flash=False))
    totals = photos.order_by().aggregate(**aggregates)

    exposures = [
        Exposure(row["value"], exposure_seconds(row["value"]), row["count"])
        for row in _value_counts(photos, "exposure")
    ]
    exposures.sort(key=lambda e: (e.seconds is None, e.seconds or 0, e.value))
    seconds = [e.seconds for e in exposures if e.seconds is not None]
    return {
        "tags": tag_facets(photos),
        "cameras": _named_counts(photos, "camera_id", "camera__make", "camera__model"),
        "lenses": _named_counts(photos, "lens_id", "lens__name"),
        **{
            name: {"min": _number(totals[f"{name}_min"]), "max": _number(totals[f"{name}_max"])}
            for name in (*RANGES, "rating")
        },
        "exposure": {
            "min_seconds": min(seconds, default=None),
            "max_seconds": max(seconds, default=None),
            "values": exposures,
        },
        "flash": {"on": totals["flash_on"], "off": totals["flash_off"]},
        **{name: _value_counts(photos, field) for name, field in MODES.items()},
    }
