"""GET /libraries/{id}/photos?month=YYYY-MM: the list from a month on (the timeline's date scrubber)."""

from datetime import UTC, datetime, timedelta

import pytest

from tests.api.client import ApiClient
from tests.api.conftest import add_photo

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(alice):
    return ApiClient().login("alice", "secret-alice")


def names(response):
    assert response.status_code == 200, response.content
    return [item["file_name"] for item in response.json()["items"]]


def test_a_page_starts_at_the_months_newest_photo_and_pages_on_to_older_months(api, library):
    april = datetime(2020, 4, 1, tzinfo=UTC)  # the first instant of April belongs to April
    for name, moment in [
        ("april-first.jpg", april),
        ("march-last.jpg", april - timedelta(microseconds=1)),
        ("march.jpg", datetime(2020, 3, 10, tzinfo=UTC)),
        ("february.jpg", datetime(2020, 2, 29, 23, tzinfo=UTC)),
        ("december.jpg", datetime(2019, 12, 31, 23, 59, tzinfo=UTC)),
    ]:
        add_photo(library, name, moment)
    url = f"/libraries/{library.pk}/photos?limit=2&month="
    assert names(api.get(url + "2020-03")) == ["march-last.jpg", "march.jpg"]
    first = api.get(url + "2020-03").json()
    rest = api.get(f"/libraries/{library.pk}/photos?limit=5&month=2020-03&cursor={first['next_cursor']}")
    assert names(rest) == ["february.jpg", "december.jpg"]  # the cursor goes on from the page
    assert names(api.get(url + "2020-01")) == ["december.jpg"]  # an empty month: the next older one
    assert names(api.get(url + "2019-12")) == ["december.jpg"]  # the year's last month
    assert names(api.get(url + "9999-12")) == ["april-first.jpg", "march-last.jpg"]
    assert names(api.get(url + "1900-01")) == []


@pytest.mark.parametrize("month", ["2020-13", "2020-00", "0000-01", "2020-1", "20201", "abcd-ef", "2020-01-01"])
def test_a_malformed_month_is_a_422(api, library, month):
    response = api.get(f"/libraries/{library.pk}/photos?month={month}")
    assert response.status_code == 422, response.content
    assert "detail" in response.json()
