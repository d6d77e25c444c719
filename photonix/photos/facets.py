"""Facets: what the photos matching a search have, with counts, so that a client can narrow it.

:func:`facets` takes a library and a parsed search and counts, over the library's photos that
match it and are not deleted, in the database and in a fixed number of queries (at most
nine, whatever the size of the library): tags by type (with the parent of places, so
that a client can draw the hierarchy), cameras, lenses, the ranges of aperture, ISO, focal length
and rating (unrated counts as 0, as in ``rating:`` searches), the exposure times (sorted by their
length in seconds), flash on/off and the metering, drive and shooting modes.

The search's condition is evaluated twice for the photo fields (a GROUP BY of camera × lens with the
ranges, one of exposure × modes, reduced here) and at most once more for the tags.
"""

from collections import Counter
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from django.db.models import Count, Max, Min, Q
from django.db.models.functions import Coalesce

from photonix.photos.listing import color_hex, library_photos
from photonix.photos.models import Camera, Lens, PhotoTag, Tag
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


def _tag_counts(photo_tags):
    """Tag id → how many of these (not deleted) photo tags it has: a GROUP BY on the (tag, deleted) index."""
    rows = photo_tags.filter(deleted=False).values("tag_id").annotate(count=Count("*")).order_by()
    return Counter({row["tag_id"]: row["count"] for row in rows})


def tag_counts(library, photos, matched=None):
    """Tag id → the number of ``photos`` (the library's photos matching a search, ``matched`` of them;
    None when the search has no terms) carrying the tag.

    Counting the photo tags of the whole library is cheap (a scan of the ``(tag, deleted)`` index,
    minus the tags of deleted photos); probing photo by photo is not. So a search matching more than
    half of the library is counted as the whole library minus the photos it does not match.
    """
    live = library.photos.filter(deleted=False)
    if matched is not None and matched * 2 <= live.count():
        return _tag_counts(PhotoTag.objects.filter(photo__in=photos.order_by().values("pk")))
    # tag IN (the library's tags), not a join: SQLite then reads the (tag, deleted) index alone.
    counts = _tag_counts(PhotoTag.objects.filter(tag__in=Tag.objects.filter(library=library).values("pk")))
    counts -= _tag_counts(PhotoTag.objects.filter(photo__library=library, photo__deleted=True))
    if matched is not None:
        counts -= _tag_counts(PhotoTag.objects.filter(photo__in=live.exclude(pk__in=photos.values("pk")).values("pk")))
    return counts


def tag_facets(library, photos, matched=None):
    """Tag type name → ``[{id, name, parent_id, count, hex}]``: the tags of these photos and how many carry each
    (``hex``: a colour's ``#rrggbb``, else None)
    (a photo with a tag twice, two faces of one person, counts twice). ``matched`` as for :func:`tag_counts`."""
    counts = tag_counts(library, photos, matched)
    by_type = {tag_type: [] for tag_type in TAG_FACETS}
    for tag in Tag.objects.filter(library=library).values("id", "name", "type", "parent_id"):
        if counts[tag["id"]] > 0 and tag["type"] in by_type:
            hex_ = color_hex(tag["name"]) if tag["type"] == Tag.Type.COLOR else None
            by_type[tag["type"]].append({**tag, "count": counts[tag["id"]], "hex": hex_})
    return {
        TAG_FACETS[tag_type]: sorted(tags, key=lambda row, t=tag_type: _tag_sort_key(t, row))
        for tag_type, tags in by_type.items()
    }


# ---------------------------------------------------------------------------------------------------------
# Photo fields


def _aggregates():
    """Per group of photos: the flash counts and the ranges (reduced over the groups by :func:`_totals`)."""
    aggregates = {"flash_on": Count("pk", filter=Q(flash=True)), "flash_off": Count("pk", filter=Q(flash=False))}
    for name, field in RANGES.items():
        aggregates[f"{name}_min"], aggregates[f"{name}_max"] = Min(field), Max(field)
    aggregates["rating_min"] = Min(Coalesce("star_rating", 0))
    aggregates["rating_max"] = Max(Coalesce("star_rating", 0))
    return aggregates


def _groups(photos, fields, **aggregates):
    """The photos grouped by the values of ``fields``, with each group's count and ``aggregates`` (the groups
    in use are few: camera × lens, exposure × modes; one GROUP BY evaluates the search once for all)."""
    return list(photos.order_by().values(*fields).annotate(count=Count("*"), **aggregates).order_by())


def _totals(groups):
    """How many photos, flash on/off and the ranges, over all the groups."""
    totals = {key: sum(group[key] for group in groups) for key in ("count", "flash_on", "flash_off")}
    for name in (*RANGES, "rating"):
        lows = [group[f"{name}_min"] for group in groups if group[f"{name}_min"] is not None]
        highs = [group[f"{name}_max"] for group in groups if group[f"{name}_max"] is not None]
        totals[name] = {"min": _number(min(lows, default=None)), "max": _number(max(highs, default=None))}
    return totals


def _counted(groups, field):
    counts = Counter()
    for group in groups:
        if group[field] not in (None, ""):
            counts[group[field]] += group["count"]
    return counts


def _by_count(items):
    return sorted(items, key=lambda item: (-item["count"], str(item.get("name", item.get("value"))).casefold()))


def _exposures(groups):
    exposures = [Exposure(text, exposure_seconds(text), n) for text, n in _counted(groups, "exposure").items()]
    exposures.sort(key=lambda e: (e.seconds is None, e.seconds or 0, e.value))
    seconds = [e.seconds for e in exposures if e.seconds is not None]
    return {"min_seconds": min(seconds, default=None), "max_seconds": max(seconds, default=None), "values": exposures}


def facets(library, query):
    """Everything the library's photos matching ``query`` (a parsed search) have, with counts (see the
    module docstring)."""
    photos = library_photos(library, query)
    gear = _groups(photos, ("camera_id", "lens_id"), **_aggregates())
    settings = _groups(photos, ("exposure", *MODES.values()))
    totals = _totals(gear)
    cameras, lenses = _counted(gear, "camera_id"), _counted(gear, "lens_id")
    camera_names = {c.pk: str(c) for c in Camera.objects.filter(pk__in=list(cameras))}
    lens_names = {lens.pk: lens.name for lens in Lens.objects.filter(pk__in=list(lenses))}
    return {
        "tags": tag_facets(library, photos, None if not query.terms else totals["count"]),
        "cameras": _by_count({"id": pk, "name": camera_names[pk], "count": n} for pk, n in cameras.items()),
        "lenses": _by_count({"id": pk, "name": lens_names[pk], "count": n} for pk, n in lenses.items()),
        **{name: totals[name] for name in (*RANGES, "rating")},
        "exposure": _exposures(settings),
        "flash": {"on": totals["flash_on"], "off": totals["flash_off"]},
        **{
            name: _by_count({"value": value, "count": n} for value, n in _counted(settings, field).items())
            for name, field in MODES.items()
        },
    }
