"""The event classifier: holidays from the date taken, fixed and movable."""

from datetime import date, datetime, timedelta, timezone

import pytest
from dateutil.easter import easter as dateutil_easter

from photonix.classifiers.base import PhotoInfo
from photonix.classifiers.event import EventClassifier
from photonix.classifiers.event.classifier import easter_sunday, events_on


def events(taken_at):
    tags = EventClassifier().run(None, PhotoInfo(taken_at=taken_at))
    assert all(t.type == "E" and t.confidence == t.significance == 1.0 for t in tags)
    return [t.name for t in tags]


def test_attributes():
    c = EventClassifier()
    assert (c.name, c.queue, c.library_flag, c.tag_type, c.needs_image) == (
        "event",
        "default",
        "classification_event_enabled",
        "E",
        False,
    )
    assert 20260101 <= c.version <= 99991231


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
