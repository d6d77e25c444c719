"""Server time of the API's browsing routes on a big library, on SQLite and on PostgreSQL.

    .venv/bin/python bench/api.py [--photos 100000] [--tags-per-photo 10] [--db sqlite|postgres|both]

What it does, for each database:

1. Sets up a throw-away world: a temporary ``DATA_DIR`` with a SQLite database in it, or a
   database ``photonix_bench`` on the PostgreSQL server of ``--postgres`` (created first, dropped
   at the end). Then ``migrate``.
2. Fills one library with ``--photos`` photos (one JPEG file row each; nothing is written to
   disk) and about ``--tags-per-photo`` tags per photo, with bulk inserts: dates spread over 15
   years (3% undated, sorted by their file's time), five cameras and six lenses, exposure values,
   GPS on a third, ratings on a fifth. Tags are drawn per photo across the tag types (colours,
   objects, places, people, styles, generic tags, albums, events), each type's names with a
   Zipf-like distribution (name n is drawn about 1/n^1.1 as often as the first). PostgreSQL then
   gets an ``ANALYZE`` (its autovacuum would run one after such a load); SQLite gets none, as in
   a real installation.
3. Times each route through Django's test client, in this process (no network, no server), with a
   Bearer token of the library's owner: one warm-up request each, then ``--samples`` rounds in
   which every route is requested once (so that a busy moment weighs on all routes alike).

The routes: the first page of photos; a page ``--depth`` photos deep (its cursor is built for
that position directly, as ``next_cursor`` would be after following that many photos); a page
filtered by a tag and a year; facets, timeline and map of the whole library; search-box suggestions
for a letter most names contain, and for most of a name. Printed: p50 and
p95 of the server time in milliseconds, the response size, and the ratio of the deep page's p50
to the first page's (goal: at most 1.5). ``--explain`` also prints, for each route, how many
queries one request makes, and the slowest with its query plan (``EXPLAIN``).

Everything is removed at the end, also on Ctrl-C or an error. ``--db both`` runs the two
databases one after the other, each in its own process.
"""

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from urllib.parse import urlencode, urlsplit, urlunsplit

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
if __name__ == "__main__":  # run as a script: import the project, not the modules beside this file
    sys.path = [str(ROOT), *(p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench")]

from bench.pipeline import BENCH_DB_NAME, percentile, postgres_admin  # noqa: E402

CHUNK = 5000  # photos per transaction of the fill
FIRST_DAY = datetime(2011, 1, 1, tzinfo=UTC)
YEARS = 15
UNDATED = 0.03
RATED = 0.2
WITH_GPS = 1 / 3
ZIPF_EXPONENT = 1.1
CAMERAS = [
    ("Canon", "EOS R5"),
    ("Canon", "EOS 5D Mark III"),
    ("FUJIFILM", "X-T4"),
    ("Apple", "iPhone 13"),
    ("SONY", "ILCE-7M3"),
]
# camera i takes lens i or i + 1
LENSES = [
    "RF24-105mm F4 L IS USM",
    "EF50mm f/1.8 STM",
    "XF35mmF1.4 R",
    "iPhone 13 back dual wide camera",
    "FE 85mm F1.8",
    "FE 24-70mm F2.8 GM",
]
APERTURES = ["1.8", "2.8", "4.0", "5.6", "8.0", "11.0"]
EXPOSURES = ["1/30", "1/60", "1/125", "1/250", "1/500", "1/1000", "1/4000"]
ISOS = [100, 200, 400, 800, 1600, 3200]
FOCAL_LENGTHS = ["24.0", "35.0", "50.0", "85.0", "105.0"]
# London, Paris, Santorini, New York, Sydney, Tokyo, Berlin, Rome
PLACES = [
    (51.5007, -0.1246),
    (48.8584, 2.2945),
    (36.4618, 25.3753),
    (40.7484, -73.9857),
    (-33.8568, 151.2153),
    (35.6586, 139.7454),
    (52.5163, 13.3777),
    (41.9029, 12.4534),
]
# tag type → (name prefix, source, number of names, share of a photo's tags)
TAG_TYPES = {
    "C": ("Colour", "C", 12, 0.20),
    "O": ("Object", "C", 80, 0.20),
    "L": ("Place", "C", 300, 0.15),
    "F": ("Person", "C", 200, 0.10),
    "S": ("Style", "C", 10, 0.10),
    "G": ("Tag", "H", 500, 0.10),
    "A": ("Album", "H", 60, 0.10),
    "E": ("Event", "C", 15, 0.05),
}
BOXED = {"F", "O"}  # types whose photo tags have a box
FILTER_TAG = ("G", 3)  # the filtered page: the third most common generic tag...
FILTER_YEAR = 2019  # ...in this year


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--photos", type=int, default=100_000, help="photos in the library (default 100,000)")
    parser.add_argument("--tags-per-photo", type=float, default=10, help="average tags per photo (default 10)")
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--depth", type=int, default=50_000, help="position of the deep page (default 50,000)")
    parser.add_argument("--samples", type=int, default=20, help="timed requests per route (default 20)")
    parser.add_argument("--postgres", default="postgres://postgres@127.0.0.1:5432/postgres", help="server URL")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--explain", action="store_true", help="print each route's slowest query and its plan")
    args = parser.parse_args()
    if args.photos < 2 or args.tags_per_photo < 0 or args.samples < 1:
        parser.error("need at least 2 photos, no negative tag count and at least one sample")
    return args


def tag_name(tag_type, rank):
    return f"{TAG_TYPES[tag_type][0]} {rank:03d}"


# --------------------------------------------------------------------------- the library


def make_tags(library):
    """Every tag of the library: ``{(type, rank): Tag}`` (rank 1 is the most common name)."""
    from photonix.photos.models import Tag

    tags = [
        Tag(library=library, name=tag_name(tag_type, rank), type=tag_type, source=source)
        for tag_type, (_, source, count, _) in TAG_TYPES.items()
        for rank in range(1, count + 1)
    ]
    Tag.objects.bulk_create(tags, batch_size=1000)
    return {(t.type, int(t.name.rsplit(" ", 1)[1])): t for t in tags}


def draw_tags(rng, n_photos, tags_per_photo):
    """For each photo, the (type, rank) of its tags: a Poisson number of them, without repeats."""
    types = list(TAG_TYPES)
    shares = np.array([TAG_TYPES[t][3] for t in types])
    zipf = {}
    for t in types:
        weights = 1 / np.arange(1, TAG_TYPES[t][2] + 1) ** ZIPF_EXPONENT
        zipf[t] = weights / weights.sum()
    counts = rng.poisson(tags_per_photo, n_photos)
    candidates = 2 * counts + 4  # repeats are skipped: draw more than needed
    drawn_types = rng.choice(len(types), size=candidates.sum(), p=shares / shares.sum())
    ranks = np.empty(len(drawn_types), dtype=np.int64)
    for i, t in enumerate(types):
        where = drawn_types == i
        ranks[where] = rng.choice(len(zipf[t]), size=where.sum(), p=zipf[t]) + 1
    pairs = list(zip(drawn_types.tolist(), ranks.tolist(), strict=True))
    per_photo, start = [], 0
    for count, drawn in zip(counts, candidates, strict=True):
        distinct = list(dict.fromkeys(pairs[start : start + drawn]))[:count]
        per_photo.append([(types[t], rank) for t, rank in distinct])
        start += drawn
    return per_photo


def db_converter(field, connection):
    """A function turning a Python value of ``field`` into what the database driver takes."""
    if field.is_relation:
        field = field.target_field
    kind = field.get_internal_type()
    if kind == "UUIDField" and not connection.features.has_native_uuid_field:
        return lambda value: value.hex if value is not None else None
    if kind == "DateTimeField":
        return connection.ops.adapt_datetimefield_value
    if kind == "DecimalField":
        return lambda value: connection.ops.adapt_decimalfield_value(value, field.max_digits, field.decimal_places)
    return lambda value: value


def insert(model, rows):
    """Insert ``rows`` (dicts of attname → value, every one with the same keys; the other fields
    take their static defaults) with one ``executemany``.

    Django's ``bulk_create`` compiles every value of every row in Python, which takes far longer
    than the database's own work for a million rows; the values are converted here once per field.
    """
    from django.db import connection

    fields = list(model._meta.concrete_fields)
    given = rows[0].keys()
    defaults = {f.attname: f.get_default() for f in fields if f.attname not in given}
    converters = [(f.attname, db_converter(f, connection)) for f in fields]
    quote = connection.ops.quote_name
    sql = "INSERT INTO {} ({}) VALUES ({})".format(
        quote(model._meta.db_table), ", ".join(quote(f.column) for f in fields), ", ".join(["%s"] * len(fields))
    )
    with connection.cursor() as cursor:
        cursor.executemany(sql, [[convert({**defaults, **row}[name]) for name, convert in converters] for row in rows])


def photo_row(rng, library, cameras, lenses, now):
    """A photo: its row, and its file's."""
    taken_at = FIRST_DAY + timedelta(seconds=rng.uniform(0, YEARS * 365.25 * 86400))
    modified = taken_at + timedelta(days=int(rng.integers(0, 30)))
    undated = rng.random() < UNDATED
    place = PLACES[rng.integers(len(PLACES))] if rng.random() < WITH_GPS else None
    camera = int(rng.integers(len(cameras)))
    photo = {
        "id": uuid.uuid4(),
        "created_at": now,
        "updated_at": now,
        "library_id": library.pk,
        "taken_at": None if undated else taken_at,
        "sort_at": modified if undated else taken_at,
        "camera_id": cameras[camera].pk,
        "lens_id": lenses[camera + int(rng.integers(2))].pk,
        "aperture": Decimal(APERTURES[rng.integers(len(APERTURES))]),
        "exposure": EXPOSURES[rng.integers(len(EXPOSURES))],
        "iso_speed": ISOS[rng.integers(len(ISOS))],
        "focal_length": Decimal(FOCAL_LENGTHS[rng.integers(len(FOCAL_LENGTHS))]),
        "flash": bool(rng.random() < 0.1),
        "latitude": Decimal(f"{place[0] + rng.normal(0, 0.05):.6f}") if place else None,
        "longitude": Decimal(f"{place[1] + rng.normal(0, 0.05):.6f}") if place else None,
        "star_rating": int(rng.integers(1, 6)) if rng.random() < RATED else None,
    }
    photo_file = {
        "id": uuid.uuid4(),
        "created_at": now,
        "updated_at": now,
        "photo_id": photo["id"],
        "path": f"/bench/{taken_at.year}/{photo['id']}.jpg",
        "width": 6000,
        "height": 4000,
        "mimetype": "image/jpeg",
        "file_modified_at": modified,
        "bytes": int(rng.integers(4_000_000, 12_000_000)),
    }
    return photo, photo_file


def photo_tag_row(photo, tag, now):
    boxed = tag.type in BOXED
    return {
        "id": uuid.uuid4(),
        "created_at": now,
        "updated_at": now,
        "photo_id": photo["id"],
        "tag_id": tag.pk,
        "source": tag.source,
        "confidence": 0.9,
        "significance": 0.5,
        "position_x": 0.5 if boxed else None,
        "position_y": 0.5 if boxed else None,
        "size_x": 0.2 if boxed else None,
        "size_y": 0.3 if boxed else None,
    }


def fill_library(library, n_photos, tags_per_photo, seed):
    """``n_photos`` photos with their files and tags (see the module docstring); returns the tag count."""
    from django.db import transaction
    from django.utils import timezone

    from photonix.photos.models import Camera, Lens, Photo, PhotoFile, PhotoTag

    rng = np.random.default_rng(seed)
    cameras = Camera.objects.bulk_create(Camera(library=library, make=m, model=n) for m, n in CAMERAS)
    lenses = Lens.objects.bulk_create(Lens(library=library, name=name) for name in LENSES)
    tags = make_tags(library)
    now = timezone.now()
    made = 0
    for start in range(0, n_photos, CHUNK):
        size = min(CHUNK, n_photos - start)
        photos, files = zip(*(photo_row(rng, library, cameras, lenses, now) for _ in range(size)), strict=True)
        photo_tags = [
            photo_tag_row(photo, tags[key], now)
            for photo, keys in zip(photos, draw_tags(rng, size, tags_per_photo), strict=True)
            for key in keys
        ]
        with transaction.atomic():
            insert(Photo, photos)
            insert(PhotoFile, files)
            insert(PhotoTag, photo_tags)
        made += len(photo_tags)
        print(f"  {start + size:,} photos, {made:,} photo tags", end="\r", flush=True)
    print()
    return made


# --------------------------------------------------------------------------- timing


def deep_cursor(library, depth):
    """The ``next_cursor`` a client holds after paging through the first ``depth`` photos."""
    from photonix.photos.models import Photo
    from photonix.photos.paging import ORDER, Cursor

    sort_at, photo_id = (
        Photo.objects.filter(library=library, deleted=False).order_by(*ORDER).values_list("sort_at", "id")[depth - 1]
    )
    return Cursor(sort_at, photo_id).encode()


def routes(library, args):
    """Route name → URL, for every route of the module docstring."""
    base = f"/api/v1/libraries/{library.pk}"
    depth = min(args.depth, args.photos - 1)
    filtered = f'"{tag_name(*FILTER_TAG)}" {FILTER_YEAR}'
    typed = tag_name(*FILTER_TAG)[:-1]  # most of a name, as while typing it
    return {
        "first page": f"{base}/photos",
        f"page {depth:,} deep": f"{base}/photos?{urlencode({'cursor': deep_cursor(library, depth)})}",
        f"filtered page (q={filtered})": f"{base}/photos?{urlencode({'q': filtered})}",
        "facets": f"{base}/facets",
        "timeline": f"{base}/timeline",
        "map": f"{base}/map",
        "suggestions (text=e: most names)": f"{base}/suggestions?text=e",
        f"suggestions (text={typed})": f"{base}/suggestions?{urlencode({'text': typed})}",
    }


def explain(client, url, token):
    """The queries of one GET of ``url``: how many, and the slowest with its query plan."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        client.get(url, headers={"Authorization": f"Bearer {token}"})
    slowest = max(captured.captured_queries, key=lambda q: float(q["time"]))
    prefix = "EXPLAIN QUERY PLAN " if connection.vendor == "sqlite" else "EXPLAIN "
    with connection.cursor() as cursor:
        cursor.execute(prefix + slowest["sql"])
        plan = [" ".join(str(v) for v in row) for row in cursor.fetchall()]
    total, worst = sum(float(q["time"]) for q in captured.captured_queries), float(slowest["time"])
    print(f"    {len(captured)} queries, {total * 1000:.0f} ms in all; the slowest ({worst * 1000:.0f} ms):")
    print(f"    {slowest['sql'][:600]}")
    print("      " + "\n      ".join(plan))


def measure(library, token, args):
    """Route name → (server times in seconds, response size).

    Each route is requested once to warm up (and, with ``--explain``, once more to show its
    queries), then the routes are timed in turns, ``--samples`` rounds, so that a busy moment of the
    machine weighs on all of them alike (the deep page ÷ first page ratio in particular).
    """
    from django.test import Client

    client = Client()
    headers = {"Authorization": f"Bearer {token}"}
    urls = routes(library, args)
    sizes = {}
    for name, url in urls.items():
        response = client.get(url, headers=headers)
        if response.status_code != 200:
            raise SystemExit(f"GET {url}: {response.status_code} {response.content[:500]!r}")
        sizes[name] = len(response.content)
        if args.explain:
            print(f"  {name}: GET {url}")
            explain(client, url, token)
    times = {name: [] for name in urls}
    for _ in range(args.samples):
        for name, url in urls.items():
            started = time.perf_counter()
            client.get(url, headers=headers)
            times[name].append(time.perf_counter() - started)
    return {name: (times[name], sizes[name]) for name in urls}


def report(results, vendor):
    print(f"\n{vendor}: server time of GET, ms (p50 / p95), response size")
    for name, (times, size) in results.items():
        p50, p95 = percentile(times, 0.5) * 1000, percentile(times, 0.95) * 1000
        print(f"  {name:<42} {p50:8.1f} {p95:8.1f}   {size / 1024:9.1f} KiB")
    first, deep = (percentile(results[name][0], 0.5) for name in list(results)[:2])
    print(f"  deep page / first page (p50): {deep / first:.2f} (goal <= 1.5)")


# --------------------------------------------------------------------------- one database


def database_url(args, data_dir):
    if args.db == "sqlite":
        return f"sqlite:///{data_dir / 'bench.sqlite3'}"
    return urlunsplit(urlsplit(args.postgres)._replace(path=f"/{BENCH_DB_NAME}"))


def run(args):
    data_dir = Path(tempfile.mkdtemp(prefix="photonix-bench-api-"))
    url = database_url(args, data_dir)
    os.environ.update(
        DJANGO_SETTINGS_MODULE="photonix.web.settings",
        PHOTONIX_USE_TEST_DB="",
        DATA_DIR=str(data_dir),
        DATABASE_URL=url,
        ALLOWED_HOSTS="testserver",
        DEBUG="",
    )
    if args.db == "postgres":
        postgres_admin(args.postgres, f'DROP DATABASE IF EXISTS "{BENCH_DB_NAME}" WITH (FORCE)')
        postgres_admin(args.postgres, f'CREATE DATABASE "{BENCH_DB_NAME}"')
    try:
        import django

        django.setup()
        from django.contrib.auth import get_user_model
        from django.core.management import call_command
        from django.db import connection

        from photonix.accounts.tokens import issue_token
        from photonix.photos.models import Library, LibraryUser

        call_command("migrate", verbosity=0)
        owner = get_user_model().objects.create_user("bench")
        library = Library.objects.create(name="Big")
        LibraryUser.objects.create(library=library, user=owner, owner=True)
        print(f"{connection.vendor}: filling a library with {args.photos:,} photos...", flush=True)
        started = time.perf_counter()
        tag_count = fill_library(library, args.photos, args.tags_per_photo, args.seed)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        print(f"  made {args.photos:,} photos and {tag_count:,} photo tags in {time.perf_counter() - started:.0f}s")
        report(measure(library, issue_token(owner, "bench")[1], args), connection.vendor)
    finally:
        from django.db import connections

        connections.close_all()
        if args.db == "postgres":
            postgres_admin(args.postgres, f'DROP DATABASE IF EXISTS "{BENCH_DB_NAME}" WITH (FORCE)')
        shutil.rmtree(data_dir, ignore_errors=True)


def main():
    args = parse_args()
    if args.db != "both":
        run(args)
        return
    for db in ("sqlite", "postgres"):
        options = ["--photos", args.photos, "--tags-per-photo", args.tags_per_photo, "--depth", args.depth]
        options += ["--samples", args.samples, "--postgres", args.postgres, "--seed", args.seed, "--db", db]
        options += ["--explain"] if args.explain else []
        subprocess.run([sys.executable, __file__, *map(str, options)], check=True)


if __name__ == "__main__":
    main()
