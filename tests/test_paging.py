"""photonix.photos.paging: the opaque cursor (no database needed)."""

import uuid
from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from photonix.photos.paging import Cursor, InvalidCursor


@given(st.datetimes(timezones=st.just(UTC), min_value=datetime(1800, 1, 1)), st.uuids())
def test_a_cursor_survives_its_round_trip(moment, photo_id):
    assert Cursor.decode(Cursor(moment, photo_id).encode()) == Cursor(moment, photo_id)


def test_a_cursor_is_url_safe_and_kept_in_utc():
    photo_id = uuid.uuid4()
    local = datetime(2020, 5, 1, 12, 0, 0, 123456, tzinfo=timezone(timedelta(hours=2)))
    text = Cursor(local, photo_id).encode()
    assert set(text) <= set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
    decoded = Cursor.decode(text)
    assert decoded.sort_at == local and decoded.sort_at.tzinfo == UTC and decoded.id == photo_id


@given(st.text(max_size=300))
def test_anything_else_is_an_invalid_cursor_never_another_error(text):
    try:
        Cursor.decode(text)
    except InvalidCursor:
        pass


@pytest.mark.parametrize("text", ["", "x", "MjAyMC0wMS0wMVQwMDowMDowMHx4"])
def test_invalid_cursors(text):
    with pytest.raises(InvalidCursor):
        Cursor.decode(text)
