"""Keyset paging of photos: newest first by ``Photo.sort_at``, ties broken by id (both descending).

A page never counts and never skips: it asks for the ``limit + 1`` photos after the cursor, so a
page deep in the library costs what the first one does (the index ``photo_page`` on
``(library, deleted, -sort_at, -id)`` is read from the cursor onwards), and photos added while a
client pages through do not shift the pages it has still to fetch.

The cursor is opaque to clients: the url-safe base64 of the last photo's ``sort_at`` (UTC, to the
microsecond) and id. The condition "after (s, i)" is written as ``sort_at <= s AND (sort_at < s OR
id < i)`` rather than a bare ``OR``, so that both SQLite and PostgreSQL seek the index to ``s``
instead of scanning it from the start.
"""

import base64
import binascii
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime

from django.db.models import Q, QuerySet

ORDER = ("-sort_at", "-id")
MAX_CURSOR_LENGTH = 200


class InvalidCursor(ValueError):
    """The cursor was not made by this module (the client's fault: a 422)."""


@dataclass(frozen=True)
class Cursor:
    """A position in the list order: just after the photo with this ``sort_at`` and id."""

    sort_at: datetime
    id: uuid.UUID

    @classmethod
    def of(cls, photo) -> "Cursor":
        return cls(photo.sort_at, photo.pk)

    def encode(self) -> str:
        text = f"{self.sort_at.astimezone(UTC).isoformat()}|{self.id}"
        return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")

    @classmethod
    def decode(cls, text: str) -> "Cursor":
        """The cursor ``encode`` wrote; ``InvalidCursor`` for anything else."""
        try:
            if len(text) > MAX_CURSOR_LENGTH:
                raise ValueError("too long")
            decoded = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4)).decode()
            moment, photo_id = decoded.split("|")
            sort_at = datetime.fromisoformat(moment)
            if sort_at.tzinfo is None:
                raise ValueError("no time zone")
            return cls(sort_at.astimezone(UTC), uuid.UUID(photo_id))
        except (ValueError, binascii.Error, OverflowError):
            raise InvalidCursor("The cursor is not valid: use a next_cursor the API returned.") from None

    @classmethod
    def month_end(cls, month: str) -> "Cursor":
        """The position just after every photo newer than ``month`` ("YYYY-MM", UTC): a page from
        here starts with that month's newest photo (the timeline's jump to a month)."""
        year, number = (int(part) for part in month.split("-"))
        if (year, number) == (9999, 12):
            return cls(datetime.max.replace(tzinfo=UTC), uuid.UUID(int=(1 << 128) - 1))
        following = datetime(year + number // 12, number % 12 + 1, 1, tzinfo=UTC)
        return cls(following, uuid.UUID(int=0))

    def after(self) -> Q:
        """Photos that come after this position in the list (older, or as old with a smaller id)."""
        return Q(sort_at__lte=self.sort_at) & (Q(sort_at__lt=self.sort_at) | Q(id__lt=self.id))

    def before(self) -> Q:
        """Photos that come before this position in the list."""
        return Q(sort_at__gte=self.sort_at) & (Q(sort_at__gt=self.sort_at) | Q(id__gt=self.id))


@dataclass(frozen=True)
class Page:
    items: list
    next_cursor: str | None


def page(queryset: QuerySet, cursor: Cursor | None, limit: int) -> Page:
    """Up to ``limit`` photos of ``queryset`` after ``cursor`` (from the newest without one).

    ``next_cursor`` is None on the last page.
    """
    if cursor is not None:
        queryset = queryset.filter(cursor.after())
    rows = list(queryset.order_by(*ORDER)[: limit + 1])
    items = rows[:limit]
    return Page(items, Cursor.of(items[-1]).encode() if len(rows) > limit else None)


def neighbours(queryset: QuerySet, photo) -> tuple[uuid.UUID | None, uuid.UUID | None]:
    """The ids of the photos just before and just after ``photo`` in ``queryset``'s list order.

    ``photo`` need not be in ``queryset`` (a photo that does not match the search has neighbours too).
    """
    here = Cursor.of(photo)
    ids = queryset.values_list("pk", flat=True)
    previous = ids.filter(here.before()).order_by("sort_at", "id").first()
    following = ids.filter(here.after()).order_by(*ORDER).first()
    return previous, following
