"""Event classifier: the holidays that fall on the day a photo was taken.

It reads only ``PhotoInfo.taken_at``, in the photo's own UTC offset (the file's EXIF offset; without
one, the date as the camera wrote it): holidays are local, so a photo taken on 24 December at 22:00
-05:00 is Christmas Eve although it is already the 25th in UTC. It never reads the file's modification
time: a photo copied on Christmas Day was not taken at Christmas. No date, no tags.

Holidays are rules in two lists, so adding one is one line:

- ``FIXED_DATES``: (name, month, day), the same date every year;
- ``MOVABLE_FEASTS``: (name, function of the year returning its date), e.g. Easter.

Every holiday on that day is tagged, with confidence 1.0: the date either matches or not.

Fixes from the original (quirk 12): Dec 31 is "New Year's Eve" and Jan 1 "New Year's Day"
(the original called them "New Year" and "New Year End"), and only the date taken counts.
"""

from collections.abc import Callable
from datetime import date

from PIL import Image

from photonix.classifiers.base import Classifier, PhotoInfo, TagResult


def easter_sunday(year: int) -> date:
    """Western (Gregorian) Easter Sunday: the anonymous Gregorian computus (Meeus/Jones/Butcher)."""
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    el = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * el) // 451
    month, day = divmod(h + el - 7 * m + 114, 31)
    return date(year, month, day + 1)


FIXED_DATES: list[tuple[str, int, int]] = [
    ("New Year's Day", 1, 1),
    ("Valentine's Day", 2, 14),
    ("Halloween", 10, 31),
    ("Christmas Day", 12, 25),
    ("New Year's Eve", 12, 31),
]

MOVABLE_FEASTS: list[tuple[str, Callable[[int], date]]] = [
    ("Easter Sunday", easter_sunday),
]


def events_on(day: date) -> list[str]:
    """The names of the holidays on ``day``, fixed dates first."""
    fixed = [name for name, month, dom in FIXED_DATES if (day.month, day.day) == (month, dom)]
    movable = [name for name, date_in in MOVABLE_FEASTS if date_in(day.year) == day]
    return fixed + movable


class EventClassifier(Classifier):
    """Tags the holidays (Christmas, New Year, Easter...) that fall on the date the photo was taken."""

    name = "event"
    version = 20261202  # 20261202: the local date (before, the UTC date)
    queue = "default"
    library_flag = "classification_event_enabled"
    tag_type = "E"
    needs_image = False

    def run(self, image: Image.Image | None, info: PhotoInfo) -> list[TagResult]:
        if info.taken_at is None:
            return []
        return [
            TagResult(name=name, type=self.tag_type, confidence=1.0, significance=1.0)
            for name in events_on(info.taken_at.date())
        ]
