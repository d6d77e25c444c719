"""How long reconciliation's query takes on a big library.

Makes a throw-away SQLite database (the embedded default) with N photos (default 100,000) and
their eight ledger rows each, all done except a given share left pending long ago, then times
``photos_needing_work`` (what the beat task runs every 5 minutes) and ``pipeline_status``'s
counts. Nothing is sent to the broker: ``idle=True`` is passed instead of asking Redis.

    .venv/bin/python bench/reconcile.py [--photos 100000] [--unfinished 0.01]
"""

import argparse
import os
import shutil
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--photos", type=int, default=100_000)
    parser.add_argument("--unfinished", type=float, default=0.01, help="share of photos left pending")
    args = parser.parse_args()

    data_dir = tempfile.mkdtemp(prefix="photonix-bench-reconcile-")
    os.environ.update(DJANGO_SETTINGS_MODULE="photonix.web.settings", DATA_DIR=data_dir)
    os.environ.pop("DATABASE_URL", None)  # always the embedded SQLite default, in the temporary folder
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command
    from django.utils import timezone

    from photonix.photos.models import Library, Photo, PipelineStep
    from photonix.photos.pipeline import photos_needing_work
    from photonix.photos.steps import step_versions

    call_command("migrate", verbosity=0)
    library = Library.objects.create(name="Big")
    versions = step_versions()
    long_ago = timezone.now() - timedelta(days=1)
    started = time.perf_counter()
    every = max(1, round(1 / args.unfinished)) if args.unfinished else 0
    for start in range(0, args.photos, 10_000):
        photos = Photo.objects.bulk_create(Photo(library=library) for _ in range(min(10_000, args.photos - start)))
        PipelineStep.objects.bulk_create(
            PipelineStep(
                photo=photo,
                step=step,
                version=version,
                status="pending" if every and (start + i) % every == 0 else "done",
            )
            for i, photo in enumerate(photos)
            for step, version in versions.items()
        )
    PipelineStep.objects.update(updated_at=long_ago)  # (auto_now set it on create)
    print(
        f"made {args.photos} photos and {args.photos * len(versions)} ledger rows in "
        f"{time.perf_counter() - started:.1f}s ({django.db.connection.vendor})"
    )

    timings = []
    for _ in range(3):
        started = time.perf_counter()
        found = photos_needing_work(idle=True)
        timings.append(time.perf_counter() - started)
    print(f"photos_needing_work: {len(found)} photos found, best of 3: {min(timings):.2f}s")
    started = time.perf_counter()
    call_command("pipeline_status", stdout=open(os.devnull, "w"))
    print(f"pipeline_status: {time.perf_counter() - started:.2f}s")
    shutil.rmtree(data_dir)


if __name__ == "__main__":
    main()
