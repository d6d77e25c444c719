"""The event classifier: holidays from the date taken, fixed and movable, in the photo's own time zone."""

from datetime import date, datetime, timedelta, timezone

import piexif
import pytest
from dateutil.easter import easter as dateutil_easter

from photonix.classifiers import registry
from photonix.classifiers.base import PhotoInfo
from photonix.classifiers.event import EventClassifier
from photonix.classifiers.event.classifier import easter_sunday, events_on
from photonix.photos.importing import record_photo
from photonix.photos.models import Photo
from photonix.photos.processing import classify_photo
from tests.factories import make_jpeg


def events(taken_at):
    tags = EventClassifier().run(None, PhotoInfo(taken_at=taken_at))
    assert all(t.type == "E" and t.confidence == t.significance == 1.0 for t in tags)
    return [t.name for t in tags]


@pytest.mark.parametrize(
    ("taken_at", "expected"),
    [
        (datetime(2019, 12, 25, 9, 30), "Christmas Day"),
        (datetime(2020, 10, 31, 21, 0), "Halloween"),
        (datetime(2021, 2, 14, 12, 0), "Valentine's Day"),
        # Quirk 12 fixed: the original said "New Year" on Dec 31 and "New Year End" on Jan 1.
        (datetime(2021, 12, 31, 23, 59), "New Year's Eve"),
        (datetime(2022, 1, 1, 0, 0), "New Year's Day"),
        (datetime(2022, 1, 1, 23, 59, 59), "New Year's Day"),
        (datetime(2024, 2, 14, 18, 0, tzinfo=timezone(timedelta(hours=-5))), "Valentine's Day"),
    ],
)
def test_fixed_dates(taken_at, expected):
    assert events(taken_at) == [expected]


@pytest.mark.parametrize(
    "taken_at",
    [
        datetime(2019, 12, 24, 23, 59),
        datetime(2019, 12, 26),
        datetime(2020, 10, 30),
        datetime(2021, 2, 15),
        datetime(2021, 12, 30, 23, 59),
        datetime(2022, 1, 2, 0, 0),
        datetime(2018, 2, 28, 7, 16, 25),
    ],
)
def test_other_days_have_no_event(taken_at):
    assert events(taken_at) == []


def test_no_date_no_tags():
    assert events(None) == []


@pytest.mark.parametrize(
    ("year", "expected"),
    [
        (2019, date(2019, 4, 21)),
        (2024, date(2024, 3, 31)),
        (2025, date(2025, 4, 20)),
        (2026, date(2026, 4, 5)),
        (1818, date(1818, 3, 22)),  # the earliest possible date
        (2038, date(2038, 4, 25)),  # the latest possible date
        (2285, date(2285, 3, 22)),
    ],
)
def test_easter_sunday_computus(year, expected):
    assert easter_sunday(year) == expected


def test_easter_sunday_agrees_with_dateutil_in_every_year_it_knows():
    """python-dateutil's Western Easter, from the first Gregorian Easter (1583) to 4099."""
    assert [year for year in range(1583, 4100) if easter_sunday(year) != dateutil_easter(year)] == []


def test_easter_is_tagged_only_on_easter_sunday():
    assert events(datetime(2024, 3, 31, 11, 0)) == ["Easter Sunday"]
    assert events(datetime(2024, 4, 1, 11, 0)) == []
    assert events(datetime(2025, 3, 31, 11, 0)) == []


def test_rules_are_easy_to_extend(monkeypatch):
    from photonix.classifiers.event import classifier

    monkeypatch.setattr(classifier, "FIXED_DATES", [*classifier.FIXED_DATES, ("Bastille Day", 7, 14)])
    monkeypatch.setattr(
        classifier,
        "MOVABLE_FEASTS",
        [
            *classifier.MOVABLE_FEASTS,
            ("Good Friday", lambda year: easter_sunday(year) - timedelta(days=2)),
        ],
    )
    assert events_on(date(2023, 7, 14)) == ["Bastille Day"]
    assert events_on(date(2024, 3, 29)) == ["Good Friday"]
    assert events_on(date(2024, 3, 31)) == ["Easter Sunday"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("written", "offset", "expected"),
    [
        # 03:00 UTC on the 25th, but Christmas Eve where it was taken.
        pytest.param("2019:12:24 22:00:00", "-05:00", [], id="Christmas Eve in New York"),
        # 22:00 UTC on the 24th, but Christmas morning where it was taken.
        pytest.param("2019:12:25 08:00:00", "+10:00", ["Christmas Day"], id="Christmas morning in Sydney"),
        pytest.param("2019:12:25 23:30:00", None, ["Christmas Day"], id="no offset: the date as written"),
        pytest.param("2019:12:24 23:30:00", None, [], id="no offset: Christmas Eve as written"),
    ],
)
def test_an_imported_photo_gets_the_holidays_of_its_own_date(library, written, offset, expected):
    """Import a photo (its EXIF date and offset as a camera writes them) and run the event step on it."""
    exif = {piexif.ExifIFD.DateTimeOriginal: written.encode()}
    if offset:
        exif[piexif.ExifIFD.OffsetTimeOriginal] = offset.encode()
    photo = record_photo(make_jpeg(library.folder / "party.jpg", (64, 48), raw_exif={"Exif": exif}), library)

    classify_photo(photo, registry.get("event"))

    assert sorted(photo.photo_tags.filter(tag__type="E").values_list("tag__name", flat=True)) == expected


@pytest.mark.django_db
def test_a_photo_imported_before_offsets_were_kept_gets_its_offset_from_its_file(library):
    """Photos imported before migration 0004 have no offset: their event step (re-run by reconciliation,
    as the classifier's version was raised) reads it from the file."""
    exif = {piexif.ExifIFD.DateTimeOriginal: b"2019:12:24 22:00:00", piexif.ExifIFD.OffsetTimeOriginal: b"-05:00"}
    photo = record_photo(make_jpeg(library.folder / "eve.jpg", (64, 48), raw_exif={"Exif": exif}), library)
    Photo.objects.filter(pk=photo.pk).update(taken_at_offset=None)
    photo.refresh_from_db()

    classify_photo(photo, registry.get("event"))

    assert not photo.photo_tags.filter(tag__type="E").exists()
    photo.refresh_from_db()
    assert photo.taken_at_offset == -300
    assert photo.local_taken_at.isoformat() == "2019-12-24T22:00:00-05:00"
