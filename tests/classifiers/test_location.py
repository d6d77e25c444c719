"""The location classifier: offline country and nearby place from GPS (cases from the original's tests)."""

import pytest

from photonix.classifiers.base import PhotoInfo, TagResult
from photonix.classifiers.location import LocationClassifier
from photonix.classifiers.location.classifier import Gazetteer, Place

# tree.jpg's position, read with `exiftool -n -GPSLatitude -GPSLongitude tree.jpg` from
# ../shared/fixtures/photos/tree.jpg (36° 21' 49.63" N, 25° 28' 42.46" E: Santorini).
TREE_JPG = (36.3637861111111, 25.4784611111111)


def place(lat, lon):
    return LocationClassifier().run(None, PhotoInfo(latitude=lat, longitude=lon))


def names(lat, lon):
    return [(t.name, t.parent) for t in place(lat, lon)]


def test_london_tags():
    assert place(51.5304213, -0.1286445) == [
        TagResult(name="United Kingdom", type="L", confidence=1.0, significance=1.0),
        TagResult(name="London", type="L", confidence=0.5, significance=0.5, parent="United Kingdom"),
    ]


def test_vernier_is_switzerland():
    # The coarse outline of France covers Vernier; the places around it are Swiss.
    # The most populous within 10 km is Geneva.
    assert names(46.2170, 6.0847) == [("Switzerland", None), ("Genève", "Switzerland")]


def test_france_by_the_belgian_border():
    # Belgium's coarse outline covers this point; the nearest place, Bray-Dunes, is French.
    # Among the French places within 10 km Téteghem is the most populous (Koksijde, larger,
    # is in Belgium and so not a candidate), as in the original.
    assert names(51.074323, 2.547278) == [("France", None), ("Téteghem", "France")]


def test_tree_jpg_on_santorini():
    # No outline has Santorini; the places within 10 km are Greek, and Firá the most populous.
    assert names(*TREE_JPG) == [("Greece", None), ("Firá", "Greece")]


def test_sea_off_oia_takes_the_country_of_the_places_nearby():
    assert names(36.4396445, 25.3560936) == [("Greece", None), ("Oía", "Greece")]


@pytest.mark.parametrize(
    ("lat", "lon"),
    [
        (40.0, -40.0),  # mid-Atlantic: the nearest place (Lajes das Flores, Azores) is 758 km away
        # The North Sea off John o' Groats, east of Orkney's South Ronaldsay: outside the UK's
        # outline, and the nearest place (Kirkwall) is 29 km away.
        (58.8, -2.6),
    ],
)
def test_at_sea_no_tags(lat, lon):
    assert place(lat, lon) == []


def test_country_without_an_outline_from_its_places():
    # countryinfo has no outline for Hungary; its places still answer.
    assert names(47.4979, 19.0402) == [("Hungary", None), ("Budapest", "Hungary")]


def test_outline_alone_gives_the_country():
    # Inland Greenland: inside its outline, hundreds of km from any place.
    assert names(75.0, -40.0) == [("Greenland", None)]


def test_the_data_loads_places_outlines_and_short_country_names():
    """A gazetteer loaded here (the classifier's is loaded once per process): countryinfo's short names ("South
    Korea", not reverse-geocode's "Korea, Republic of"), reverse-geocode's for the codes countryinfo lacks, the
    outlines for points far from any place."""
    loaded = Gazetteer()
    assert loaded.lookup(37.5665, 126.978) == Place("South Korea", "Seoul")
    assert loaded.lookup(55.7558, 37.6173) == Place("Russia", "Moscow")
    assert loaded.lookup(42.6629, 21.1655) == Place("Kosovo", "Pristina")
    assert loaded.lookup(75.0, -40.0) == Place("Greenland", None)


def test_the_antimeridian_is_in_range():
    """180° E and 180° W are the same valid line: Chukotka is Russia and Taveuni's waters are Fiji on it."""
    assert names(67.0, 180.0) == names(67.0, -180.0) == [("Russia", None)]
    assert names(-16.5, 180.0) == [("Fiji", None)]


def test_place_named_like_its_country_is_not_repeated():
    assert names(1.2897, 103.8501) == [("Singapore", None)]


@pytest.mark.parametrize(
    ("lat", "lon"), [(None, None), (51.5, None), (None, -0.1), (91.0, 0.0), (0.0, 181.0), (float("nan"), 0.0)]
)
def test_no_or_invalid_position_no_tags(lat, lon):
    assert place(lat, lon) == []
