"""The search language (photonix/photos/search.py): parsing every token and error, the original Photonix's
filter cases (reference §7.5) on the shared fixture photos, each new token on photos made here, and
property-based tests that no string makes ``parse`` or the filtered query raise anything else than
``SearchSyntaxError``.

Fixture dates (read with exiftool): snow.jpg 2018-02-28 07:16:25, tree.jpg 2018-07-03 12:29:21 (GPS on
Santorini, tagged Greece and Firá by the location classifier); both 1/1124 s, f/2.0, ISO 100, Xiaomi MI 5.
bad_date.jpg and invalid_utf8.jpg fall back to 2000-01-01, the photos without a date to their file's time
(today, as they are copied in).
"""

import shutil
import uuid
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from photonix.classifiers import registry
from photonix.photos.importing import record_photo
from photonix.photos.models import Camera, Lens, Photo, PhotoFile, PhotoTag, Tag
from photonix.photos.processing import classify_photo
from photonix.photos.search import (
    HANDLERS,
    MAX_LIST_VALUES,
    MAX_QUERY_LENGTH,
    MAX_TERMS,
    Chip,
    DateWords,
    Period,
    PhotoQuery,
    Range,
    Ref,
    SearchSyntaxError,
    Term,
    filter_photos,
    parse,
)

TODAY = date(2026, 6, 15)
KNOWN = (
    "tag:, person:, place:, album:, camera:, lens:, aperture:, focalLength:, isoSpeed:, rating:, exposure:, flash:, "
    "meteringMode:, driveMode:, shootingMode:, from:, to:, has:, type:, id:"
)
UUID = "0b0e5a7e-0a40-4a53-9cbb-8c0d7a1d2f11"


def search(library, q, today=TODAY):
    """The file names of the library's photos matching ``q``, sorted (a duplicate row shows twice)."""
    photos = filter_photos(Photo.objects.filter(library=library, deleted=False), parse(q, today))
    return sorted(Path(file.path).name for photo in photos for file in photo.files.all())


def tag(photo, name, tag_type=Tag.Type.GENERIC, deleted=False):
    """Put a (human-made) tag on a photo; returns the Tag."""
    tag, _ = Tag.objects.get_or_create(library=photo.library, name=name, type=tag_type, source=Tag.Source.HUMAN)
    PhotoTag.objects.create(photo=photo, tag=tag, source=Tag.Source.HUMAN, deleted=deleted)
    return tag


# Parsing


@pytest.mark.parametrize(
    "q, canonical",
    [
        ("tree", "tree"),
        ("  tree   in  ", "tree"),
        ("Tree in near during taken on of", "Tree"),
        ('"Boris Becker"', '"Boris Becker"'),
        ('"in"', '"in"'),
        ("-tree", "-tree"),
        ('-"Boris Becker"', '-"Boris Becker"'),
        (f"tag:{UUID}", f"tag:{UUID}"),
        (f"TAG:{UUID.replace('-', '').upper()}", f"tag:{UUID}"),
        ("tag:Tree", '"Tree"'),
        ("-tag:x", '-"x"'),
        ('person:"Boris Becker"', 'person:"Boris Becker"'),
        ('person:"Boris Becker', 'person:"Boris Becker"'),  # an unclosed quote runs to the end
        ("place:Santorini", "place:Santorini"),
        (f"album:{UUID}", f"album:{UUID}"),
        ("camera:Xiaomi", "camera:Xiaomi"),
        (f"lens:{UUID}", f"lens:{UUID}"),
        ("aperture:2.8-5.6", "aperture:2.8-5.6"),
        ("aperture:5.6-2.8", "aperture:2.8-5.6"),
        ("isoSpeed:100-800", "isoSpeed:100-800"),
        ("isospeed:>=400", "isoSpeed:>=400"),
        ("focalLength:24-70", "focalLength:24-70"),
        ("rating:>=4", "rating:>=4"),
        ("rating:=3", "rating:3"),
        ("rating:<2", "rating:<2"),
        ("rating:<=2", "rating:<=2"),
        ("rating:>2", "rating:>2"),
        ("exposure:1/4000-1/1600-1/1124", "exposure:1/4000-1/1600-1/1124"),
        ("flash:ON", "flash:on"),
        ("flash:off", "flash:off"),
        ("meeteringMode:Unknown", "meteringMode:Unknown"),
        ("meteringMode:Spot", "meteringMode:Spot"),
        ("driveMode:Continuous", "driveMode:Continuous"),
        ('shootingMode:"Night scene"', 'shootingMode:"Night scene"'),
        (f"id:{UUID}", f"id:{UUID}"),
        ("from:2018-07-03", "from:2018-07-03"),
        ("to:2018-07-03T12:30:15", "to:2018-07-03T12:30:15"),
        ("from:2018 to:2018-07", "from:2018 to:2018-07"),
        ("has:GPS -has:gps", "has:gps -has:gps"),
        ("type:JPG type:raw type:heif", "type:jpeg type:raw type:heic"),
        ("10:30", "10:30"),
    ],
)
def test_every_token_parses_to_its_canonical_form(q, canonical):
    query = parse(q, TODAY)
    assert str(query) == canonical
    assert parse(canonical, TODAY) == query


def test_values_are_typed():
    query = parse(f'aperture:2.8-5.6 rating:>4 exposure:1/250-1/125 camera:{UUID} lens:"EF 50mm" x', TODAY)
    assert query == PhotoQuery(
        (
            Term("aperture", Range(Decimal("2.8"), Decimal("5.6"))),
            Term("rating", Range(4, None, strict_low=True)),
            Term("exposure", HANDLERS["exposure"].read("1/250-1/125")),
            Term("camera", Ref(id=uuid.UUID(UUID))),
            Term("lens", Ref(name="EF 50mm")),
            Term("word", "x"),
        )
    )


@pytest.mark.parametrize("q", ["mar 18 2017", "18 mar 2017", "18th March 2017", "2017 march 18", "Mar 18th 2017"])
def test_date_words_in_any_order(q):
    assert parse(q, TODAY).terms == (Term("date", DateWords(18, 3, 2017)),)
    assert str(parse(q, TODAY)) == "18 mar 2017"


@pytest.mark.parametrize(
    "q, today, expected",
    [
        ("mar", date(2026, 6, 15), DateWords(None, 3, 2026)),  # not after this month: this year
        ("jun", date(2026, 6, 15), DateWords(None, 6, 2026)),
        ("sept", date(2026, 6, 15), DateWords(None, 9, 2025)),  # after this month: last year
        ("december 24", date(2026, 6, 15), DateWords(24, 12, 2025)),
    ],
)
def test_month_without_year_is_its_latest_occurrence(q, today, expected):
    assert parse(q, today).terms == (Term("date", expected),)


def test_only_the_first_date_word_of_each_kind_counts_and_the_rest_are_words():
    query = parse("party 2017 mar 2018 may 5 6", TODAY)
    assert query.terms == (
        Term("word", "party"),
        Term("date", DateWords(5, 3, 2017)),
        Term("word", "2018"),
        Term("word", "may"),
        Term("word", "6"),
    )
    assert parse(str(query), TODAY) == query


def test_short_or_unknown_month_words_and_out_of_range_numbers_are_words():
    assert [t.key for t in parse("ma 32 1899 2101 marchx 0", TODAY).terms] == ["word"] * 6


def test_date_words_reach_the_first_and_last_day_and_year():
    assert parse("1st mar 1900", TODAY).terms == (Term("date", DateWords(1, 3, 1900)),)
    assert parse("31 dec 2100", TODAY).terms == (Term("date", DateWords(31, 12, 2100)),)


def test_date_words_select_a_whole_day_month_or_year():
    assert DateWords(3, 7, 2018).period() == Period(datetime(2018, 7, 3), datetime(2018, 7, 4), "3 jul 2018")
    assert DateWords(None, 12, 2018).period() == Period(datetime(2018, 12, 1), datetime(2019, 1, 1), "dec 2018")
    assert DateWords(None, None, 2018).period() == Period(datetime(2018, 1, 1), datetime(2019, 1, 1), "2018")
    assert DateWords(3, 7, None).period() is None  # a lone day selects no span


def test_chips_name_each_term_with_its_canonical_token():
    assert parse('tree -person:"Boris Becker" in 2018 rating:>=4', TODAY).chips() == [
        Chip("word", "tree", False, "tree"),
        Chip("person", "Boris Becker", True, '-person:"Boris Becker"'),
        Chip("date", "2018", False, "2018"),
        Chip("rating", ">=4", False, "rating:>=4"),
    ]


def test_empty_queries_have_no_terms():
    for q in ("", "   ", "in on of", '""', "-", None):
        assert parse(q, TODAY) == PhotoQuery()


@pytest.mark.parametrize(
    "q, token, message",
    [
        ("aperture:abc", "aperture:abc", "aperture: expected a number range like 2.8-5.6, got 'abc'"),
        ("isoSpeed:1.5-3", "isoSpeed:1.5-3", "isoSpeed: expected a number range like 100-800, got '1.5-3'"),
        ("focalLength:-5", "focalLength:-5", "focalLength: expected a number range like 24-70, got '-5'"),
        ("rating:6", "rating:6", "rating: 6 is out of range (at most 5)"),
        ("rating:>=4-5", "rating:>=4-5", "rating: expected a number range like 3-5 or >=4, got '>=4-5'"),
        ("aperture:1000", "aperture:1000", "aperture: 1000 is out of range (at most 999.9)"),
        (
            "exposure:fast",
            "exposure:fast",
            "exposure: expected up to 50 exposure times like 1/250-1/125-0.5, got 'fast'",
        ),
        ("flash:maybe", "flash:maybe", "flash: expected one of on, off, got 'maybe'"),
        ("has:faces", "has:faces", "has: expected one of gps, got 'faces'"),
        ("type:mp4", "type:mp4", "type: expected one of raw, jpeg, png, tiff, webp, gif, bmp, heic, avif, got 'mp4'"),
        ("from:2018-13-01", "from:2018-13-01", "from: '2018-13-01' is not a date"),
        (
            "to:yesterday",
            "to:yesterday",
            "to: expected a date like 2018-07-03 (or 2018, 2018-07, 2018-07-03T12:30), got 'yesterday'",
        ),
        ("from:1700", "from:1700", "from: '1700' is out of range (years 1800-2200)"),
        ("id:123", "id:123", "id: expected a uuid, got '123'"),
        ("tree camera:", "camera:", "camera: expected a value"),
        ("camera: canon", "camera:", "camera: expected a value"),
        ('person:""', 'person:""', "person: expected a value"),
        ("colour:red", "colour:red", f"colour: unknown filter (known: {KNOWN})"),
        ("31 feb 2018", "31 feb 2018", "31 feb 2018 is not a date"),
        (f"library_id:{UUID}", f"library_id:{UUID}", f"library_id: unknown filter (known: {KNOWN})"),
        ("x" * (MAX_QUERY_LENGTH + 1), "", f"the search is too long (at most {MAX_QUERY_LENGTH} characters)"),
        (
            " ".join(f"w{i}" for i in range(MAX_TERMS + 1)),
            f"w{MAX_TERMS}",
            f"too many search terms (at most {MAX_TERMS})",
        ),
    ],
)
def test_syntax_errors_name_the_token(q, token, message):
    with pytest.raises(SearchSyntaxError) as error:
        parse(q, TODAY)
    assert (error.value.token, error.value.message, str(error.value)) == (token, message, message)
    assert isinstance(error.value, ValueError)


def test_limits_are_inclusive():
    """Years 1800 to 2200 and up to 50 exposure times are accepted; one more is a syntax error."""
    assert str(parse("from:1800 to:2200", TODAY)) == "from:1800 to:2200"
    assert len(parse("exposure:" + "-".join(["1/250"] * MAX_LIST_VALUES), TODAY).terms[0].value.values) == 50
    with pytest.raises(SearchSyntaxError):
        parse("exposure:" + "-".join(["1/250"] * (MAX_LIST_VALUES + 1)), TODAY)


@pytest.mark.parametrize("q", ['tag:Say"cheese"', 'camera:12"', '"Boris Becker"', 'lens:"Pro Max"'])
def test_names_with_quotes_or_spaces_read_back_the_same(q):
    assert str(parse(q, TODAY)) == q
    assert parse(str(parse(q, TODAY)), TODAY) == parse(q, TODAY)


def test_control_characters_and_lone_surrogates_separate_words():
    """A lone surrogate (which no database can store) is not kept in a word."""
    assert str(parse("tree\x00snow\tsea\u2003sky\udc80moon", TODAY)) == "tree snow sea sky moon"


def test_a_search_of_the_maximum_length_is_read_and_one_character_more_is_refused():
    assert parse("a" * MAX_QUERY_LENGTH, TODAY).terms == (Term("word", "a" * MAX_QUERY_LENGTH),)
    with pytest.raises(SearchSyntaxError, match="too long"):
        parse("a" * (MAX_QUERY_LENGTH + 1), TODAY)


def test_empty_terms_are_passed_over_and_the_rest_is_read():
    assert parse('"" tree - snow', TODAY).terms == (Term("word", "tree"), Term("word", "snow"))


# The original's cases (reference §7.5) on the shared fixture photos


@pytest.fixture
def fixtures(library, fixture_photos):
    """Every top-level fixture photo imported into the library, by file name; tree.jpg has a "Tree" tag and its
    places from the location classifier (Greece, Firá)."""
    photos = {}
    for path in sorted(fixture_photos.iterdir()):
        if path.is_file():
            photos[path.name] = record_photo(shutil.copy(path, library.folder), library)
    classify_photo(photos["tree.jpg"], registry.get("location"))
    tag(photos["tree.jpg"], "Tree", Tag.Type.OBJECT)
    return photos


@pytest.mark.django_db
def test_fixture_photos_have_the_dates_these_tests_rely_on(fixtures):
    assert fixtures["snow.jpg"].taken_at == datetime(2018, 2, 28, 7, 16, 25, tzinfo=UTC)
    assert fixtures["tree.jpg"].taken_at == datetime(2018, 7, 3, 12, 29, 21, tzinfo=UTC)
    assert {t.name for t in Tag.objects.filter(photo_tags__photo=fixtures["tree.jpg"])} >= {"Greece", "Firá"}


@pytest.mark.django_db
def test_tag_filter_returns_each_photo_once(library, fixtures):
    tree = fixtures["tree.jpg"]
    sea = tag(tree, "Sea")
    tag(tree, "Sea")  # the same tag twice (two faces of one person are two PhotoTags of one Tag)
    tag(tree, "Seaside")
    assert search(library, f"tag:{sea.id}") == ["tree.jpg"]
    assert search(library, "sea") == ["tree.jpg"]
    assert filter_photos(Photo.objects.all(), parse("sea")).count() == 1


@pytest.mark.django_db
def test_a_year_finds_the_photos_of_that_year(library, fixtures):
    assert search(library, "2018") == ["snow.jpg", "tree.jpg"]
    assert search(library, "2000") == ["bad_date.jpg", "invalid_utf8.jpg"]
    assert search(library, "2017") == []


@pytest.mark.django_db
@pytest.mark.parametrize(
    "q, expected",
    [("feb 2018", "snow.jpg"), ("February 2018", "snow.jpg"), ("2018 FEB", "snow.jpg"), ("jul 2018", "tree.jpg")],
)
def test_a_month_name_or_abbreviation_and_a_year(library, fixtures, q, expected):
    assert search(library, q) == [expected]


@pytest.mark.django_db
@pytest.mark.parametrize("q", ["feb 28 2018", "28 feb 2018", "28th February 2018", "taken on 28 feb 2018"])
def test_a_full_date_in_either_order(library, fixtures, q):
    assert search(library, q) == ["snow.jpg"]
    assert search(library, q.replace("28", "27")) == []


@pytest.mark.django_db
def test_a_month_without_a_year_is_the_latest_such_month(library, fixtures):
    assert search(library, "july", today=date(2019, 1, 10)) == ["tree.jpg"]
    assert search(library, "july", today=date(2018, 7, 3)) == ["tree.jpg"]
    assert search(library, "july", today=date(2018, 6, 30)) == []  # July 2017


@pytest.mark.django_db
def test_words_must_all_match_a_tag(library, fixtures):
    assert search(library, "party in jul 2018") == []
    assert search(library, "Tree in jul 2018") == ["tree.jpg"]
    assert search(library, "tree in feb 2018") == []
    assert search(library, "fir greece") == search(library, '"Firá"') == ["tree.jpg"]
    assert search(library, "place:Greece 2018") == ["tree.jpg"]


@pytest.mark.django_db
def test_exposure_list_with_gps_finds_only_the_photo_with_a_position(library, fixtures):
    assert search(library, "exposure:1/4000-1/1600-1/1124") == ["snow.jpg", "tree.jpg"]
    assert search(library, "exposure:1/4000-1/1600-1/1124 has:gps") == ["tree.jpg"]
    assert search(library, "exposure:1/4000-1/1600") == []


@pytest.mark.django_db
def test_the_fixture_exif_values(library, fixtures):
    both = ["snow.jpg", "tree.jpg"]
    assert search(library, "aperture:1.8-2.2 isoSpeed:100 focalLength:4-5 flash:off") == both
    assert search(library, 'camera:"xiaomi mi 5" meteringMode:unknown') == both
    assert search(library, "aperture:2.8-5.6") == search(library, "flash:on") == search(library, "camera:canon") == []
    assert search(library, f"id:{fixtures['snow.jpg'].id}") == ["snow.jpg"]


@pytest.mark.django_db
def test_a_lone_day_filters_nothing(library, fixtures):
    assert search(library, "18") == search(library, "") == sorted(fixtures)


# New tokens, on photos made here


def make_photo(library, name, mimetypes=("image/jpeg",), **fields):
    """A Photo row with one file per mimetype, named ``name`` (plus the file's number after the first)."""
    photo = Photo.objects.create(library=library, **fields)
    for number, mimetype in enumerate(mimetypes):
        PhotoFile.objects.create(
            photo=photo,
            path=f"/made-up/{library.id}/{name}{'.' + str(number) if number else ''}",
            mimetype=mimetype,
            file_modified_at=datetime(2020, 1, 1, tzinfo=UTC),
            bytes=1,
        )
    return photo


@pytest.mark.django_db
def test_quoted_words_match_whole_tag_names(library):
    tag(make_photo(library, "tree"), "Tree")
    tag(make_photo(library, "treetop"), "Treetop")
    tag(make_photo(library, "two words"), "Boris Becker", Tag.Type.FACE)
    assert search(library, "tree") == ["tree", "treetop"]
    assert search(library, '"tree"') == search(library, "tag:TREE") == ["tree"]
    assert search(library, '"Boris Becker"') == ["two words"]
    assert search(library, '"Boris"') == []


@pytest.mark.django_db
def test_minus_excludes_words_tags_and_tokens(library):
    tree = tag(make_photo(library, "tree", latitude=1, longitude=2), "Tree")
    tag(make_photo(library, "treetop"), "Treetop")
    make_photo(library, "untagged")
    assert search(library, "-treetop") == ["tree", "untagged"]
    assert search(library, "tree -treetop") == ["tree"]
    assert search(library, f"-tag:{tree.id}") == search(library, '-"Tree"') == ["treetop", "untagged"]
    assert search(library, "-has:gps") == ["treetop", "untagged"]


@pytest.mark.django_db
def test_soft_deleted_tags_are_not_found(library):
    tag(make_photo(library, "kept"), "Beach")
    removed = tag(make_photo(library, "removed"), "Beach", deleted=True)
    assert search(library, "beach") == search(library, f"tag:{removed.id}") == ["kept"]
    assert search(library, "-beach") == ["removed"]


@pytest.mark.django_db
def test_person_place_and_album_look_only_at_their_tag_type(library):
    boris = make_photo(library, "boris")
    person = tag(boris, "Boris Becker", Tag.Type.FACE)
    tag(make_photo(library, "place"), "Boris Becker", Tag.Type.LOCATION)
    album = tag(make_photo(library, "album"), "Holidays", Tag.Type.ALBUM)
    assert search(library, 'person:"boris becker"') == search(library, f"person:{person.id}") == ["boris"]
    assert search(library, 'place:"Boris Becker"') == ["place"]
    assert search(library, "album:holidays") == search(library, f"album:{album.id}") == ["album"]
    assert search(library, "person:Boris") == search(library, f"place:{person.id}") == []


@pytest.mark.django_db
def test_camera_and_lens_by_name_or_uuid(library):
    canon = Camera.objects.create(library=library, make="Canon", model="EOS R5")
    lens = Lens.objects.create(library=library, name="RF 24-70mm F2.8")
    make_photo(library, "canon", camera=canon, lens=lens)
    make_photo(library, "other")
    assert search(library, "camera:canon") == search(library, 'camera:"canon eos r5"') == ["canon"]
    assert search(library, f"camera:{canon.id}") == search(library, f"lens:{lens.id}") == ["canon"]
    assert search(library, "lens:24-70mm") == ["canon"]
    assert search(library, "-camera:canon") == ["other"]


@pytest.mark.django_db
def test_dates_span_the_whole_year_month_or_second(library):
    for name, moment in (
        ("new year", datetime(2018, 1, 1)),
        ("31 jan", datetime(2018, 1, 31, 23, 59, 59)),
        ("1 feb", datetime(2018, 2, 1)),
        ("new year's eve", datetime(2018, 12, 31, 23, 59, 59)),
        ("2019", datetime(2019, 1, 1)),
    ):
        make_photo(library, name, taken_at=moment.replace(tzinfo=UTC))
    assert sorted(search(library, "from:2018")) == sorted(["new year", "31 jan", "1 feb", "new year's eve", "2019"])
    assert sorted(search(library, "to:2018")) == sorted(["new year", "31 jan", "1 feb", "new year's eve"])
    assert sorted(search(library, "to:2018-01")) == sorted(["new year", "31 jan"])
    assert sorted(search(library, "to:2018-12-31T23:59:58")) == sorted(["new year", "31 jan", "1 feb"])
    assert sorted(search(library, "2018")) == sorted(["new year", "31 jan", "1 feb", "new year's eve"])
    assert sorted(search(library, "jan 2018")) == sorted(["new year", "31 jan"])
    assert search(library, "dec 2018") == ["new year's eve"]


@pytest.mark.django_db
def test_from_and_to_are_inclusive(library):
    make_photo(library, "early", taken_at=datetime(2018, 7, 3, 0, 0, tzinfo=UTC))
    make_photo(library, "late", taken_at=datetime(2018, 7, 3, 23, 59, 59, tzinfo=UTC))
    make_photo(library, "next", taken_at=datetime(2018, 7, 4, tzinfo=UTC))
    make_photo(library, "undated")  # placed, as in the timeline, at its file's time: here, now
    assert search(library, "from:2018-07-03 to:2018-07-03") == ["early", "late"]
    assert search(library, "from:2018-07-04") == ["next", "undated"]
    assert search(library, "to:2018-07-02") == []
    assert search(library, "to:2018-07") == ["early", "late", "next"]
    assert search(library, "to:2018-06") == []
    assert search(library, "from:2018-07-03T12:00 to:2018-07-03T23:59") == ["late"]
    assert search(library, "from:2018-07-03T23:59:59") == ["late", "next", "undated"]


@pytest.mark.django_db
def test_rating_comparisons_count_unrated_as_zero(library):
    for stars in (None, 0, 3, 4, 5):
        make_photo(library, f"rated {stars}", star_rating=stars)
    assert search(library, "rating:>=4") == ["rated 4", "rated 5"]
    assert search(library, "rating:>4") == ["rated 5"]
    assert search(library, "rating:<3") == ["rated 0", "rated None"]
    assert search(library, "rating:<=3") == ["rated 0", "rated 3", "rated None"]
    assert search(library, "rating:=4") == search(library, "rating:4-4") == ["rated 4"]
    assert search(library, "rating:0") == ["rated 0", "rated None"]
    assert search(library, "rating:5-3") == ["rated 3", "rated 4", "rated 5"]
    assert search(library, "rating:>0") == ["rated 3", "rated 4", "rated 5"]
    assert search(library, "rating:<=1") == search(library, "rating:0-1") == ["rated 0", "rated None"]
    assert search(library, "rating:<0") == []


@pytest.mark.django_db
def test_ranges_and_modes(library):
    make_photo(
        library,
        "portrait",
        aperture=Decimal("1.8"),
        iso_speed=3200,
        focal_length=Decimal("85"),
        flash=True,
        metering_mode="Spot",
        drive_mode="Single",
        shooting_mode="Night scene",
    )
    make_photo(library, "landscape", aperture=Decimal("8"), iso_speed=100, focal_length=Decimal("24"), flash=False)
    assert search(library, "aperture:<2 isoSpeed:>=800 focalLength:50-100 flash:on") == ["portrait"]
    assert search(library, "aperture:5.6-11 isoSpeed:100 focalLength:<=24 flash:off") == ["landscape"]
    assert search(library, 'meteringMode:spot driveMode:Single shootingMode:"night scene"') == ["portrait"]
    assert search(library, "-aperture:<2") == ["landscape"]


@pytest.mark.django_db
def test_has_gps(library):
    make_photo(library, "placed", latitude=Decimal("36.36"), longitude=Decimal("25.47"))
    make_photo(library, "nowhere")
    assert search(library, "has:gps") == ["placed"]


@pytest.mark.django_db
def test_type_finds_photos_by_their_files(library):
    make_photo(library, "pair", mimetypes=("image/x-canon-cr2", "image/jpeg"))
    make_photo(library, "dng", mimetypes=("image/x-adobe-dng",))
    make_photo(library, "phone", mimetypes=("image/heic",))
    make_photo(library, "png", mimetypes=("image/png",))
    assert search(library, "type:raw") == ["dng", "pair", "pair.1"]
    assert search(library, "type:jpg") == ["pair", "pair.1"]
    assert search(library, "type:heic") == ["phone"]
    assert search(library, "-type:raw") == ["phone", "png"]
    assert search(library, "type:raw -type:jpeg") == ["dng"]


# Any string


QUERY_PARTS = st.lists(
    st.tuples(
        st.sampled_from(["", "-"]),
        st.sampled_from(["", "", "meeteringMode:", "x:", *[f"{name}:" for name in HANDLERS]]),
        st.sampled_from(["", '"']),
        st.one_of(
            st.text(max_size=12),
            st.from_regex(r"[<>=]{0,2}\d{1,4}(\.\d{1,2})?(-\d{1,5})?", fullmatch=True),
            st.sampled_from(["mar", "sept", "18th", "2018", "1/250-1/60", "2018-02-29", "2018-07-03T12:30", UUID]),
        ),
    ),
    max_size=8,
).map(lambda parts: " ".join("".join(part) for part in parts))
ANY_QUERY = st.one_of(st.text(max_size=60), QUERY_PARTS)
TODAYS = st.dates(min_value=date(1901, 1, 1), max_value=date(2100, 12, 31))


@settings(max_examples=400, deadline=None, database=None)
@given(q=ANY_QUERY, today=TODAYS)
def test_parse_returns_a_query_that_reads_back_the_same_or_a_syntax_error(q, today):
    try:
        query = parse(q, today)
    except SearchSyntaxError as error:
        assert str(error)
        return
    assert parse(str(query), today) == query


@pytest.fixture
def one_photo(library):
    tag(
        make_photo(library, "one", star_rating=3, latitude=1, longitude=1, taken_at=datetime(2018, 3, 1, tzinfo=UTC)),
        "x",
    )


@pytest.mark.django_db
@settings(max_examples=150, deadline=None, database=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(q=ANY_QUERY)
def test_applying_any_parsed_query_never_raises(library, one_photo, q):
    try:
        query = parse(q, TODAY)
    except SearchSyntaxError:
        return
    list(filter_photos(Photo.objects.filter(library=library), query))
