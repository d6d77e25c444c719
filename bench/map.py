"""Server time of the map route on a library whose photos all have a GPS position (SQLite).

    .venv/bin/python bench/map.py [--points 100000] [--samples 5]

Fills a throw-away SQLite database (in a temporary ``DATA_DIR``, removed at the end) with one
library of ``--points`` photos spread over the world, each with one file row, then requests
``GET /api/v1/libraries/{id}/map`` through Django's test client with a token (in this process, no
network): one warm-up, then ``--samples`` requests. Printed: the median wall time, the median CPU
time of this process (steadier than wall time on a busy machine) and the response size.
No Redis and no worker are needed.
"""

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if __name__ == "__main__":  # run as a script: import the project, not the modules beside this file
    sys.path = [str(ROOT), *(p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench")]

CHUNK = 5000
FIRST_DAY = datetime(2011, 1, 1, tzinfo=UTC)


def fill(points):
    """A library of ``points`` located photos with a file each; returns (library, a token of its owner)."""
    import numpy as np
    from django.contrib.auth import get_user_model

    from photonix.accounts.tokens import issue_token
    from photonix.photos.models import Library, LibraryUser, Photo, PhotoFile

    owner = get_user_model().objects.create_user("bench")
    library = Library.objects.create(name="Map bench")
    LibraryUser.objects.create(library=library, user=owner, owner=True)
    rng = np.random.default_rng(1)
    for start in range(0, points, CHUNK):
        photos = [
            Photo(
                library=library,
                latitude=f"{rng.uniform(-60, 70):.6f}",
                longitude=f"{rng.uniform(-180, 180):.6f}",
                taken_at=FIRST_DAY + timedelta(hours=i),
                sort_at=FIRST_DAY + timedelta(hours=i),
            )
            for i in range(start, min(points, start + CHUNK))
        ]
        Photo.objects.bulk_create(photos)
        files = [PhotoFile(photo=p, path=f"/bench/{p.pk}.jpg", file_modified_at=FIRST_DAY, bytes=1) for p in photos]
        PhotoFile.objects.bulk_create(files)
    return library, issue_token(owner, "bench")[1]


def measure(library, token, points, samples):
    from django.test import Client

    client, url = Client(), f"/api/v1/libraries/{library.pk}/map"

    def get():
        response = client.get(url, headers={"Authorization": f"Bearer {token}"})
        assert response.status_code == 200 and len(response.json()["ids"]) == points, response.status_code
        return len(response.content)

    get()
    walls, cpus = [], []
    for _ in range(samples):
        wall, cpu = time.perf_counter(), time.process_time()
        size = get()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return statistics.median(walls), statistics.median(cpus), size


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--points", type=int, default=100_000, help="located photos (default 100,000)")
    parser.add_argument("--samples", type=int, default=5, help="timed requests (default 5)")
    args = parser.parse_args()
    data_dir = tempfile.mkdtemp(prefix="photonix-bench-map-")
    os.environ.update(DATA_DIR=data_dir, DJANGO_SETTINGS_MODULE="photonix.web.settings")
    os.environ.pop("DATABASE_URL", None)
    try:
        import django
        from django.core.management import call_command

        django.setup()
        call_command("migrate", verbosity=0)
        library, token = fill(args.points)
        wall, cpu, size = measure(library, token, args.points, args.samples)
        figures = f"{wall * 1000:,.0f} ms wall, {cpu * 1000:,.0f} ms CPU, {size / 2**20:.1f} MiB"
        print(f"map of {args.points:,} points: {figures}")
    finally:
        shutil.rmtree(data_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
