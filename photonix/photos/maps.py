"""The map: where the photos of a search were taken, and the country outlines drawn without tiles.

- :func:`map_points` gives the located photos of a search as three parallel arrays (ids, latitudes,
  longitudes): a library of 100,000 photos may have tens of thousands of positions, and one small
  row per photo (no thumbnail URL, no GeoJSON feature objects) keeps the answer small and quick to
  make. Clients cluster the points themselves and open a photo by its id.
- :func:`country_outlines` is a GeoJSON ``FeatureCollection`` of the world's countries, from the
  outlines the location classifier uses (shipped in the ``countryinfo`` package), simplified and
  rounded for drawing, so that the map is useful with no tile server (offline, or
  ``MAP_TILE_URL`` empty). It is made once per process; :func:`country_outlines_etag` names it.
"""

import hashlib
import json
from functools import cache

import numpy as np
import shapely
from countryinfo import CountryInfo
from django.db.models import CharField, FloatField
from django.db.models.functions import Cast

# Coordinates to 5 decimals: about 1 m, finer than any GPS a camera records.
POINT_DECIMALS = 5
# Outline simplification tolerance and rounding, in degrees: about 5 km and 1 km, below what a
# whole-country view shows: 173 outlines in 155 KB of JSON (50 KB gzip).
OUTLINE_TOLERANCE = 0.05
OUTLINE_DECIMALS = 2


def _dashed(photo_id: str) -> str:
    """A UUID as text in its usual form: SQLite stores it as 32 hex digits, PostgreSQL answers dashed."""
    if len(photo_id) == 36:
        return photo_id
    return f"{photo_id[:8]}-{photo_id[8:12]}-{photo_id[12:16]}-{photo_id[16:20]}-{photo_id[20:]}"


def map_points(photos) -> dict:
    """``{ids, latitudes, longitudes}`` of the photos of the queryset ``photos`` that have a GPS position."""
    # Ids as text and positions as floats, not UUID and Decimal objects: on 100,000 points making
    # those objects took more time than the query.
    rows = (
        photos.filter(latitude__isnull=False, longitude__isnull=False)
        .order_by()
        .values_list(Cast("id", CharField()), Cast("latitude", FloatField()), Cast("longitude", FloatField()))
    )
    ids, latitudes, longitudes = [], [], []
    for photo_id, latitude, longitude in rows:
        ids.append(_dashed(photo_id))
        latitudes.append(round(latitude, POINT_DECIMALS))
        longitudes.append(round(longitude, POINT_DECIMALS))
    return {"ids": ids, "latitudes": latitudes, "longitudes": longitudes}


def _rounded(geometry) -> dict:
    return shapely.geometry.mapping(shapely.transform(geometry, lambda xy: np.round(xy, OUTLINE_DECIMALS)))


@cache
def country_outlines() -> bytes:
    """The countries' outlines as GeoJSON (UTF-8 JSON bytes), each feature with its ``name``."""
    features = []
    for info in CountryInfo.all().values():
        for feature in (info.get("geoJSON") or {}).get("features", []):
            outline = shapely.geometry.shape(feature["geometry"]).simplify(OUTLINE_TOLERANCE)
            if not outline.is_empty:
                features.append(
                    {"type": "Feature", "properties": {"name": info["name"]}, "geometry": _rounded(outline)}
                )
    collection = {"type": "FeatureCollection", "features": features}
    return json.dumps(collection, separators=(",", ":")).encode()


@cache
def country_outlines_etag() -> str:
    return '"' + hashlib.blake2b(country_outlines(), digest_size=8).hexdigest() + '"'
