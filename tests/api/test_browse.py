"""Browsing aids: facets, timeline, map and albums over the photos matching ``q``, on the shared fixture photos.

Fixture facts (see tests/test_search.py): snow.jpg 2018-02-28 and tree.jpg 2018-07-03 (GPS on Santorini,
tagged Greece > Firá by the location classifier), both Xiaomi MI 5, f/2.0, 1/1124 s, ISO 100, no flash;
bad_date.jpg and invalid_utf8.jpg fall back to 2000-01-01; the photos without a date count by their file's
time (now: they are copied in).
"""

import re
import shutil
from collections import Counter
from datetime import UTC, datetime
from fractions import Fraction

import pytest
from django.utils import timezone

from photonix.classifiers import registry
from photonix.photos.facets import exposure_seconds
from photonix.photos.importing import record_photo
from photonix.photos.models import Library, Photo, PhotoFile, PhotoTag, Tag
from photonix.photos.processing import classify_photo
from photonix.photos.search import filter_photos, parse
from tests.api.client import ApiClient

pytestmark = pytest.mark.django_db

SEARCHES = ["", "2018", "has:gps", "-has:gps", "Greece", "flash:off", "from:2018-03-01", "camera:xiaomi -2018", "xyz"]


@pytest.fixture
def photos(library, fixture_photos):
    """Every top-level fixture photo imported, by file name; tree.jpg and snow.jpg through the location and
    colour classifiers; tree.jpg rated 4 and in the album "Holidays"; photo_no_metadata_2.jpg deleted (and
    left out), with tags."""
    imported = {}
    for path in sorted(fixture_photos.iterdir()):
        if path.is_file():
            imported[path.name] = record_photo(shutil.copy(path, library.folder), library)
    for name in ("tree.jpg", "snow.jpg"):
        for classifier in ("location", "color"):
            classify_photo(imported[name], registry.get(classifier))
    Photo.objects.filter(pk=imported["tree.jpg"].pk).update(star_rating=4)
    album(library, "Holidays", imported["tree.jpg"])
    gone = imported.pop("photo_no_metadata_2.jpg")  # deleted: counted nowhere
    album(library, "Holidays", gone)
    classify_photo(gone, registry.get("color"))
    Photo.objects.filter(pk=gone.pk).update(deleted=True)
    return imported


@pytest.fixture
def api(alice):
    return ApiClient().login("alice", "secret-alice")


def album(library, name, *photos, deleted=False):
    tag, _ = Tag.objects.get_or_create(library=library, name=name, type=Tag.Type.ALBUM, source=Tag.Source.HUMAN)
    for photo in photos:
        PhotoTag.objects.create(photo=photo, tag=tag, source=Tag.Source.HUMAN, deleted=deleted)
    return tag


def listed(api, library, q):
    """The photos the photos list route shows for ``q`` (as a queryset)."""
    response = api.get(f"/libraries/{library.pk}/photos?limit=500&q={q}")
    assert response.status_code == 200 and response.json()["next_cursor"] is None, response.content
    return Photo.objects.filter(pk__in=[item["id"] for item in response.json()["items"]])


def get(api, library, route, q=""):
    response = api.request("GET", f"/libraries/{library.pk}/{route}?q={q}")
    assert response.status_code == 200, response.content
    return response.json()


# Facets


def test_facets_of_the_whole_library(api, library, photos):
    facets = get(api, library, "facets")
    assert [(c["name"], c["count"]) for c in facets["cameras"]] == [("Xiaomi MI 5", 2)]
    assert facets["lenses"] == []
    assert facets["aperture"] == {"min": 2.0, "max": 2.0}
    assert facets["iso_speed"] == {"min": 100, "max": 100}
    assert facets["rating"] == {"min": 0, "max": 4}
    assert facets["flash"] == {"on": 0, "off": 2}
    assert facets["exposure"] == {
        "min_seconds": pytest.approx(1 / 1124),
        "max_seconds": pytest.approx(1 / 1124),
        "values": [{"value": "1/1124", "seconds": pytest.approx(1 / 1124), "count": 2}],
    }
    assert [(m["value"], m["count"]) for m in facets["metering_modes"]] == [("Unknown", 2)]

    places = {t["name"]: t for t in facets["tags"]["location"]}
    assert places["Greece"]["count"] == 1 and places["Greece"]["parent_id"] is None
    assert places["Firá"]["parent_id"] == places["Greece"]["id"]
    assert [(t["name"], t["count"]) for t in facets["tags"]["album"]] == [("Holidays", 1)]
    assert facets["tags"]["color"] and all(t["count"] in (1, 2) for t in facets["tags"]["color"])
    assert all(re.fullmatch("#[0-9a-f]{6}", t["hex"]) for t in facets["tags"]["color"])  # for a swatch
    assert places["Greece"]["hex"] is None
    assert facets["tags"]["people"] == facets["tags"]["generic"] == []


def test_facets_count_only_the_photos_matching_q(api, library, photos):
    snow = get(api, library, "facets", "feb 2018")
    assert [(c["name"], c["count"]) for c in snow["cameras"]] == [("Xiaomi MI 5", 1)]
    assert snow["tags"]["location"] == [] and snow["tags"]["album"] == []
    assert snow["rating"] == {"min": 0, "max": 0}
    nothing = get(api, library, "facets", "xyz")
    assert nothing["cameras"] == [] and nothing["aperture"] == {"min": None, "max": None}
    assert nothing["exposure"] == {"min_seconds": None, "max_seconds": None, "values": []}
    assert nothing["rating"] == {"min": None, "max": None}


@pytest.mark.parametrize("q", SEARCHES)
def test_facets_timeline_and_map_see_the_photos_of_the_list(api, library, photos, q):
    """The same ``q`` gives the same photos: every count is the count of the list's photos with that value."""
    expected = listed(api, library, q)
    assert expected.count() == filter_photos(Photo.objects.filter(library=library, deleted=False), parse(q)).count()
    facets = get(api, library, "facets", q)
    for camera in facets["cameras"]:
        assert camera["count"] == expected.filter(camera_id=camera["id"]).count()
    assert sum(c["count"] for c in facets["cameras"]) == expected.filter(camera__isnull=False).count()
    for tags in facets["tags"].values():
        for tag in tags:
            assert tag["count"] == expected.filter(photo_tags__tag_id=tag["id"]).distinct().count()
    assert facets["flash"]["off"] == expected.filter(flash=False).count()

    months = get(api, library, "timeline", q)
    assert sum(m["count"] for m in months) == expected.count()

    points = get(api, library, "map", q)
    assert set(points["ids"]) == {
        str(pk) for pk in expected.filter(latitude__isnull=False).values_list("pk", flat=True)
    }


def test_a_search_syntax_error_is_a_422_naming_the_token(api, library):
    for route in ("facets", "timeline", "map"):
        response = api.get(f"/libraries/{library.pk}/{route}?q=tree%20aperture:abc")
        assert response.status_code == 422
        assert response.json()["token"] == "aperture:abc" and "aperture" in response.json()["detail"]


def test_facets_cost_a_bounded_number_of_queries(api, library, photos, django_assert_max_num_queries):
    for i in range(20):
        photo = Photo.objects.create(
            library=library, aperture=f"{i % 5 + 1}.8", exposure=f"1/{i + 1}", flash=i % 2 == 0
        )
        album(library, f"Album {i}", photo)
    with django_assert_max_num_queries(14):
        facets = get(api, library, "facets")
    assert len(facets["tags"]["album"]) == 21
    assert [e["value"] for e in facets["exposure"]["values"][:3]] == ["1/1124", "1/20", "1/19"]
    assert facets["exposure"]["max_seconds"] == 1.0


# Timeline


def test_timeline_counts_photos_per_month_newest_first(api, library, photos):
    undated = Photo.objects.create(library=library)  # counted by its file's time, as the list sorts it
    PhotoFile.objects.create(photo=undated, path="/x/a.jpg", file_modified_at=datetime(2015, 5, 5, tzinfo=UTC), bytes=1)
    undated.save()
    expected = Counter(p.sort_at.astimezone(UTC).strftime("%Y-%m") for p in listed(api, library, ""))
    assert expected["2015-05"] == 1
    months = get(api, library, "timeline")
    assert months == [{"month": month, "count": count} for month, count in sorted(expected.items(), reverse=True)]
    assert {"month": "2018-07", "count": 1} in months and {"month": "2000-01", "count": 2} in months
    assert get(api, library, "timeline", "2018") == [{"month": "2018-07", "count": 1}, {"month": "2018-02", "count": 1}]


def test_timeline_months_are_utc(api, library, settings):
    """1:00 UTC on 1 August is August even where it is still 31 July; 23:30 UTC on 31 July is July."""
    settings.TIME_ZONE = "America/Sao_Paulo"
    Photo.objects.create(library=library, taken_at=datetime(2019, 7, 31, 23, 30, tzinfo=UTC))
    Photo.objects.create(library=library, taken_at=datetime(2019, 8, 1, 1, 0, tzinfo=UTC))
    assert get(api, library, "timeline") == [{"month": "2019-08", "count": 1}, {"month": "2019-07", "count": 1}]


# Map


def test_the_map_has_tree_jpg_at_its_position(api, library, photos):
    tree = photos["tree.jpg"]
    assert get(api, library, "map") == {
        "ids": [str(tree.pk)],
        "latitudes": [round(float(tree.latitude), 5)],
        "longitudes": [round(float(tree.longitude), 5)],
    }
    assert 36 < float(tree.latitude) < 37 and 25 < float(tree.longitude) < 26  # Santorini
    assert get(api, library, "map", "-has:gps") == {"ids": [], "latitudes": [], "longitudes": []}


def test_the_map_costs_a_bounded_number_of_queries(api, library, django_assert_max_num_queries):
    for i in range(30):
        Photo.objects.create(library=library, latitude=10 + i / 10, longitude=20 - i / 100)
    Photo.objects.create(library=library, latitude=None, longitude=None)
    with django_assert_max_num_queries(5):
        points = get(api, library, "map")
    assert len(points["ids"]) == 30
    located = dict(zip(points["ids"], zip(points["latitudes"], points["longitudes"], strict=True), strict=True))
    for photo in Photo.objects.filter(library=library, latitude__isnull=False):
        assert located[str(photo.pk)] == (float(photo.latitude), float(photo.longitude))


def test_the_map_settings_name_the_tile_server_or_none(api, library, settings):
    settings.MAP_TILE_URL = "https://tiles.example.org/{z}/{x}/{y}.png"
    assert api.get("/map/settings").json() == {
        "tile_url": "https://tiles.example.org/{z}/{x}/{y}.png",
        "attribution": "© OpenStreetMap contributors",
    }
    settings.MAP_TILE_URL = ""  # the test settings' default: no tiles
    assert api.get("/map/settings").json()["tile_url"] is None


def test_country_outlines_are_geojson_cached_with_an_etag(api, library):
    response = api.get("/map/countries")
    assert response.status_code == 200 and "max-age=604800" in response["Cache-Control"]
    outlines = response.json()
    assert outlines["type"] == "FeatureCollection" and len(outlines["features"]) > 150
    [greece] = [f for f in outlines["features"] if f["properties"]["name"] == "Greece"]
    # Santorini's neighbourhood: Greece's outline (coarse: its islands are polygons of their own) spans 20-28 E.
    polygons = greece["geometry"]["coordinates"]
    if greece["geometry"]["type"] == "Polygon":
        polygons = [polygons]
    longitudes = [x for polygon in polygons for ring in polygon for x, _ in ring]
    assert 19 < min(longitudes) < 21 and 26 < max(longitudes) < 29
    again = api.client.get("/api/v1/map/countries", headers={"If-None-Match": response["ETag"]})
    assert again.status_code == 304 and again["ETag"] == response["ETag"]


# Albums


def test_albums_by_name_with_count_and_the_most_recent_photo_as_cover(api, library):
    old, new, gone = (
        Photo.objects.create(library=library, taken_at=datetime(year, 1, 1, tzinfo=UTC), deleted=year == 2022)
        for year in (2020, 2021, 2022)
    )
    PhotoFile.objects.create(photo=new, path="/x/new.jpg", file_modified_at=timezone.now(), bytes=1)
    album(library, "summer", old, new, gone)
    album(library, "Autumn", old)
    album(library, "Empty")
    album(library, "Winter", new, deleted=True)
    albums = get(api, library, "albums")
    assert [(a["name"], a["count"]) for a in albums] == [("Autumn", 1), ("Empty", 0), ("summer", 2), ("Winter", 0)]
    summer = albums[2]
    assert summer["cover_photo_id"] == str(new.pk)
    assert summer["cover_thumbnail_url"].startswith(f"/thumbnails/{new.pk}/256x256_cover_q50.")
    assert albums[0]["cover_photo_id"] == str(old.pk) and albums[0]["cover_thumbnail_url"] is None  # no file
    assert albums[1]["cover_photo_id"] is None


def test_exposure_text_to_seconds():
    assert exposure_seconds("1/250") == float(Fraction(1, 250))
    assert exposure_seconds("30") == 30.0
    assert exposure_seconds("0.5") == 0.5
    assert exposure_seconds("1/0") is None and exposure_seconds("bulb") is None


# Suggestions for the search box


def suggested(api, library, text, limit=None):
    url = f"/libraries/{library.pk}/suggestions?text={text}" + (f"&limit={limit}" if limit else "")
    response = api.get(url)
    assert response.status_code == 200, response.content
    return [(s["kind"], s["name"], s["detail"]) for s in response.json()]


def test_suggestions_name_places_albums_and_cameras_containing_the_text(api, library, photos):
    assert suggested(api, library, "gre")[0] == ("place", "Greece", None)
    assert ("place", "Firá", "Greece") in suggested(api, library, "fir")
    assert suggested(api, library, "HOLI") == [("album", "Holidays", None)]
    assert suggested(api, library, "mi 5") == [("camera", "Xiaomi MI 5", None)]
    assert suggested(api, library, "") == [] and suggested(api, library, "   ") == []
    assert suggested(api, library, "zzz") == []


def test_suggestions_put_names_starting_with_the_text_first_then_people_then_shorter(api, library, photos):
    tree = photos["tree.jpg"]
    for name, tag_type in [("Old Mill", Tag.Type.GENERIC), ("Millie", Tag.Type.FACE), ("Mill", Tag.Type.OBJECT)]:
        PhotoTag.objects.create(photo=tree, tag=Tag.objects.create(library=library, name=name, type=tag_type))
    assert [name for _, name, _ in suggested(api, library, "mill")] == ["Millie", "Mill", "Old Mill"]
    assert [name for _, name, _ in suggested(api, library, "mill", limit=2)] == ["Millie", "Mill"]


def test_suggestions_leave_out_unnamed_people_tags_of_no_visible_photo_and_other_libraries(api, library, photos):
    elsewhere = Library.objects.create(name="Not alice's")
    tree = photos["tree.jpg"]
    gone = Photo.objects.get(library=library, deleted=True)
    names = [("Unknown person 7", Tag.Type.FACE, tree), ("Secret", Tag.Type.GENERIC, gone)]
    names += [("Hidden", Tag.Type.GENERIC, tree)]
    for name, tag_type, photo in names:
        tag = Tag.objects.create(library=library, name=name, type=tag_type)
        PhotoTag.objects.create(photo=photo, tag=tag, deleted=name == "Hidden")
    PhotoTag.objects.create(
        photo=Photo.objects.create(library=elsewhere),
        tag=Tag.objects.create(library=elsewhere, name="Greek salad", type=Tag.Type.GENERIC),
    )
    assert suggested(api, library, "unknown") == []
    assert suggested(api, library, "secret") == [] and suggested(api, library, "hidden") == []
    assert suggested(api, library, "gree") == [("place", "Greece", None)]
    assert api.get(f"/libraries/{elsewhere.pk}/suggestions?text=gree").status_code == 404
