"""GET /libraries/{id}/photos: keyset pages (newest first, ties by id), the search q, and what a tile carries."""

import base64
from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from photonix.photos.listing import library_photos, with_tile_data
from photonix.photos.models import Photo, PhotoTag, Tag
from photonix.photos.paging import ORDER, Cursor
from photonix.photos.search import parse
from tests.api.client import ApiClient
from tests.api.conftest import add_photo

pytestmark = pytest.mark.django_db

START = datetime(2020, 1, 1, tzinfo=UTC)


@pytest.fixture
def api(alice):
    return ApiClient().login("alice", "secret-alice")


def list_order(photos):
    """Newest first, ties broken by the larger id first: the order the API promises."""
    return [p.pk for p in sorted(photos, key=lambda p: (p.sort_at, p.pk), reverse=True)]


def all_pages(api, library, limit, q=""):
    """Every page's ids, following next_cursor to the end."""
    pages, cursor = [], None
    while True:
        url = f"/libraries/{library.pk}/photos?limit={limit}&q={q}" + (f"&cursor={cursor}" if cursor else "")
        response = api.get(url)
        assert response.status_code == 200, response.content
        body = response.json()
        pages.append([item["id"] for item in body["items"]])
        cursor = body["next_cursor"]
        if cursor is None:
            return pages


def test_every_photo_once_newest_first_with_ties_on_sort_at(api, library):
    # 23 photos on 5 distinct moments: most of them share their sort_at with others.
    photos = [add_photo(library, f"p{i}.jpg", START + timedelta(hours=i % 5)) for i in range(23)]
    pages = all_pages(api, library, limit=4)
    assert [len(p) for p in pages] == [4, 4, 4, 4, 4, 3]
    seen = [pid for p in pages for pid in p]
    assert seen == [str(pid) for pid in list_order(photos)]


def test_a_photo_without_taken_at_sorts_by_its_files_time(api, library):
    older = add_photo(library, "dated.jpg", START)
    undated = add_photo(library, "undated.jpg", None, file_fields={"file_modified_at": START + timedelta(days=1)})
    undated.save()  # its file exists now: sort_at follows the file's modification time
    undated.refresh_from_db()
    assert undated.sort_at == START + timedelta(days=1)
    assert all_pages(api, library, limit=10) == [[str(undated.pk), str(older.pk)]]


def test_sort_at_follows_taken_at(library):
    photo = add_photo(library, "p.jpg", START)
    photo.taken_at = START + timedelta(days=3)
    photo.save(update_fields=["taken_at"])
    photo.refresh_from_db()
    assert photo.sort_at == START + timedelta(days=3)


def test_the_cursor_is_stable_while_photos_are_added(api, library):
    photos = [add_photo(library, f"p{i}.jpg", START + timedelta(minutes=i)) for i in range(10)]
    first = api.get(f"/libraries/{library.pk}/photos?limit=4").json()
    newer = add_photo(library, "new.jpg", START + timedelta(days=1))
    older = add_photo(library, "old.jpg", START - timedelta(days=1))
    rest, cursor = [], first["next_cursor"]
    while cursor:
        body = api.get(f"/libraries/{library.pk}/photos?limit=4&cursor={cursor}").json()
        rest += [item["id"] for item in body["items"]]
        cursor = body["next_cursor"]
    expected = [str(pid) for pid in list_order([*photos, older])]
    assert [item["id"] for item in first["items"]] + rest == expected
    assert str(newer.pk) not in rest  # newer than the cursor: on a fresh first page, not on later pages


@pytest.mark.parametrize(
    "cursor",
    [
        "abc",
        "!!!!",
        base64.urlsafe_b64encode(b"not|a-cursor").decode(),
        base64.urlsafe_b64encode(b"2020-01-01T00:00:00|not-a-uuid").decode(),
        base64.urlsafe_b64encode(b"2020-01-01T00:00:00|8f7e2f2c-7f47-4d3a-9d4c-3a0c2b1e5d6f").decode(),  # no zone
        base64.urlsafe_b64encode(b"9999-12-31T23:59:59-23:59|8f7e2f2c-7f47-4d3a-9d4c-3a0c2b1e5d6f").decode(),
        "é" * 10,
        "A" * 201,
    ],
)
def test_a_malformed_cursor_is_a_422(api, library, cursor):
    response = api.get(f"/libraries/{library.pk}/photos?cursor={cursor}")
    assert response.status_code == 422, response.content
    assert "detail" in response.json()


def test_limit_defaults_to_100_and_is_bounded(api, library):
    for i in range(101):
        add_photo(library, f"p{i}.jpg", START + timedelta(minutes=i))
    body = api.get(f"/libraries/{library.pk}/photos").json()
    assert len(body["items"]) == 100 and body["next_cursor"]
    assert api.get(f"/libraries/{library.pk}/photos?limit=501").status_code == 422
    assert api.get(f"/libraries/{library.pk}/photos?limit=0").status_code == 422


def test_a_deep_page_costs_the_same_queries_as_the_first_whatever_its_size(api, library):
    for i in range(60):
        photo = add_photo(library, f"p{i}.jpg", START + timedelta(minutes=i))
        PhotoTag.objects.create(photo=photo, tag=color_tag(library, "Red"), source="C", significance=0.5)
    counts = {}
    deep = api.get(f"/libraries/{library.pk}/photos?limit=50").json()["next_cursor"]
    for name, url in {
        "first, 2": f"/libraries/{library.pk}/photos?limit=2",
        "first, 50": f"/libraries/{library.pk}/photos?limit=50",
        "deep, 10": f"/libraries/{library.pk}/photos?limit=10&cursor={deep}",
    }.items():
        with CaptureQueriesContext(connection) as queries:
            assert api.get(url).status_code == 200
        counts[name] = len(queries)
    assert len(set(counts.values())) == 1, counts
    assert not any("COUNT(" in q["sql"].upper() for q in queries.captured_queries)


def test_a_page_of_500_needs_few_queries(api, library, django_assert_max_num_queries):
    for i in range(500):
        add_photo(library, f"p{i}.jpg", START + timedelta(minutes=i))
    with django_assert_max_num_queries(8):
        assert len(api.get(f"/libraries/{library.pk}/photos?limit=500").json()["items"]) == 500


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the plan is checked on SQLite")
def test_the_page_query_reads_the_photo_page_index_without_sorting(library):
    add_photo(library, "p.jpg", START)
    cursor = Cursor(START, Photo.objects.get().pk)
    for query in (parse(""), parse("tree")):
        photos = with_tile_data(library_photos(library, query)).filter(cursor.after()).order_by(*ORDER)[:101]
        sql, params = photos.query.sql_with_params()
        with connection.cursor() as db:
            db.execute(f"EXPLAIN QUERY PLAN {sql}", params)
            rows = db.fetchall()
        top = " / ".join(detail for _, parent, _, detail in rows if parent == 0)  # not the subqueries' steps
        assert "USING INDEX photo_page (library_id=? AND deleted=? AND sort_at<?)" in top, rows
        assert "TEMP B-TREE" not in top, rows  # read in index order: no sort of the matching photos


def color_tag(library, name):
    return Tag.objects.get_or_create(library=library, name=name, type=Tag.Type.COLOR, source=Tag.Source.COMPUTER)[0]


def test_an_item_carries_what_a_tile_needs(api, library):
    photo = add_photo(
        library,
        "été.jpg",
        START,
        star_rating=4,
        file_fields={"width": 4000, "height": 3000, "exif_rotation": 90, "user_rotation": 180},
    )
    PhotoTag.objects.create(photo=photo, tag=color_tag(library, "Azure"), source="C", significance=0.2)
    PhotoTag.objects.create(photo=photo, tag=color_tag(library, "Orange"), source="C", significance=0.7)
    (item,) = api.get(f"/libraries/{library.pk}/photos").json()["items"]
    version_urls = item.pop("thumbnails")
    assert item == {
        "id": str(photo.pk),
        "taken_at": "2020-01-01T00:00:00Z",
        "sort_at": "2020-01-01T00:00:00Z",
        "width": 3000,  # turned by its EXIF orientation, as the thumbnails are
        "height": 4000,
        "rotation": 180,
        "rating": 4,
        "color": {"name": "Orange", "hex": "#f58500"},
        "file_name": "été.jpg",
    }
    assert set(version_urls) == {"256x256_cover_q50", "1920x1920_contain_q80", "3840x3840_contain_q75"}
    assert version_urls["256x256_cover_q50"].startswith(f"/thumbnails/{photo.pk}/256x256_cover_q50.")


def test_deleted_photos_and_other_libraries_are_not_listed(api, library, other_library):
    shown = add_photo(library, "shown.jpg", START)
    add_photo(library, "deleted.jpg", START, deleted=True)
    other_library.folder = library.folder
    add_photo(other_library, "elsewhere.jpg", START)
    assert all_pages(api, library, limit=10) == [[str(shown.pk)]]


def test_q_filters_the_pages_and_a_syntax_error_is_a_422_naming_the_token(api, library):
    tree = add_photo(library, "tree.jpg", START)
    beach = add_photo(library, "beach.jpg", START + timedelta(days=1))
    tag = Tag.objects.create(library=library, name="Tree", type=Tag.Type.OBJECT, source=Tag.Source.COMPUTER)
    PhotoTag.objects.create(photo=tree, tag=tag, source="C")
    assert all_pages(api, library, limit=10, q="tree") == [[str(tree.pk)]]
    assert all_pages(api, library, limit=10, q="-tree%20in%202020") == [[str(beach.pk)]]
    response = api.get(f"/libraries/{library.pk}/photos?q=tree%20aperture:wide")
    assert response.status_code == 422
    assert response.json()["token"] == "aperture:wide"
    assert "aperture" in response.json()["detail"] and "wide" in response.json()["detail"]
    unknown = api.get(f"/libraries/{library.pk}/photos?q=colour:red").json()
    assert unknown["token"] == "colour:red" and "unknown filter" in unknown["detail"]
