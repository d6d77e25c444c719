"""The pipeline survives what lost, repeated and stalled work in the original: a worker
killed mid-task, a broker that forgets its queues, and running everything twice."""

import os
import re
import signal
import sqlite3
import threading
from pathlib import Path

import pytest
import redis
from django.conf import settings
from django.db import connection

from photonix.celery import app
from photonix.photos.models import Photo, PhotoFile, PhotoTag, PipelineStep, Tag
from photonix.photos.pipeline import dispatch, reconcile
from photonix.photos.scanning import scan_library
from photonix.photos.steps import THUMBNAILS_STEP
from photonix.photos.tasks import STEP_TASK
from tests.conftest import record_folder, wait_for_pipeline
from tests.factories import make_jpeg
from tests.processes import process_env, queued_count, start_worker, wait_until

pytestmark = pytest.mark.django_db(transaction=True)


def _derived_files():
    """Every file Photonix made: thumbnails and developed RAW files."""
    folders = [Path(settings.THUMBNAIL_ROOT), Path(settings.PHOTO_RAW_PROCESSED_DIR)]
    return sorted(str(p) for folder in folders if folder.exists() for p in folder.rglob("*") if p.is_file())


def test_worker_killed_during_a_thumbnail_task_still_completes_the_photo(library):
    """SIGKILL while the thumbnail task runs: the message comes back, the restarted worker finishes the photo.

    The photo's file is turned into a pipe once recorded, so the thumbnail task blocks reading it until the
    test writes the photo into it: the kill lands mid-thumbnail for certain, however fast or loaded the machine.
    (Nothing before the thumbnail step reads a JPEG: the RAW step has nothing to develop.)
    """
    source = make_jpeg(library.folder / "photo.jpg", size=(1200, 800))
    data = source.read_bytes()
    record_folder(library)  # the pipeline is queued; no worker runs yet
    photo = Photo.objects.get()
    source.unlink()
    os.mkfifo(source)
    # A short visibility timeout, so that the restarted worker gets the unacknowledged message back soon.
    env = process_env(CELERY_VISIBILITY_TIMEOUT=3)
    worker = start_worker(app, "doomed", env=env, concurrency=1)
    try:
        wait_until(
            lambda: PipelineStep.objects.filter(photo=photo, step=THUMBNAILS_STEP, status="running").exists(),
            timeout=60,
            message="the thumbnail task to start (and block reading the pipe)",
        )
        worker.kill(signal.SIGKILL)  # the worker and its pool child, mid-task
        worker.popen.wait(10)
        assert PipelineStep.objects.get(photo=photo, step=THUMBNAILS_STEP).status == "running"
    finally:
        worker.stop()

    restarted = start_worker(app, "restarted", env=env, concurrency=1)
    # Opening the pipe to write waits until the redelivered task opens it to read.
    feed = threading.Thread(target=source.write_bytes, args=(data,), daemon=True)
    feed.start()
    try:
        steps = wait_for_pipeline([photo.pk], timeout=120)
    finally:
        restarted.stop()
        if feed.is_alive():  # nobody read the pipe: open its other end, so that the thread ends
            os.close(os.open(source, os.O_RDONLY | os.O_NONBLOCK))
        feed.join(10)
    thumbnails = steps[(photo.pk, THUMBNAILS_STEP)]
    assert thumbnails.status == "done"
    assert thumbnails.attempts == 2
    assert all(step.status in ("done", "skipped") for step in steps.values()), steps


def test_a_database_outage_under_a_running_task_is_retried_then_reconciled(library, settings):
    """The database refuses every write (here: another process holds SQLite's write lock) while the worker runs
    the photo's first task: the task retries with backoff up to ``max_retries``, fails, and leaves the step
    pending, not failed; once the database is back, reconciliation dispatches the photo and it is completed."""
    if connection.vendor != "sqlite":
        pytest.skip("the outage is made with SQLite's write lock")
    settings.RECONCILE_IDLE_GRACE = 0
    make_jpeg(library.folder / "photo.jpg", size=(640, 480))
    record_folder(library)  # the pipeline is queued; no worker runs yet
    photo = Photo.objects.get()
    outage = sqlite3.connect(connection.settings_dict["NAME"], isolation_level=None)
    outage.execute("BEGIN EXCLUSIVE")  # every other writer now gets "database is locked"
    worker = start_worker(app, "outage", env=process_env(TEST_SQLITE_BUSY_TIMEOUT=0.2), concurrency=1)
    try:
        gave_up = "process_raw_task[{}] raised unexpected: OperationalError('database is locked')"
        wait_until(
            lambda: re.search(re.escape(gave_up).replace(r"\{\}", "[-0-9a-f]+"), worker.output()),
            timeout=240,
            message="the RAW task to use up its retries",
        )
        assert worker.output().count("retry: Retry in") == STEP_TASK["max_retries"]
        outage.execute("ROLLBACK")  # the database is back
        assert set(PipelineStep.objects.filter(photo=photo).values_list("status", flat=True)) == {"pending"}

        assert reconcile() == 1
        steps = wait_for_pipeline([photo.pk], timeout=120)
    finally:
        outage.close()
        worker.stop()
    assert {s.status for s in steps.values()} <= {"done", "skipped"}, steps


def test_flushed_broker_loses_no_photo_after_reconciliation(library, settings):
    settings.RECONCILE_IDLE_GRACE = 0
    for n in range(50):
        make_jpeg(library.folder / f"photo-{n:02}.jpg", size=(640, 480), taken_at=f"2024:05:{n % 28 + 1:02} 12:00:00")
    record_folder(library)  # 50 pipelines queued, no worker running
    broker = redis.Redis.from_url(settings.CELERY_BROKER_URL)
    assert queued_count(broker) == 50
    broker.flushdb()

    worker = start_worker(app, "after-flush", concurrency=2)
    try:
        assert reconcile() == 50
        photo_ids = list(Photo.objects.values_list("pk", flat=True))
        steps = wait_for_pipeline(photo_ids, timeout=300)
    finally:
        worker.stop()
    assert len(photo_ids) == 50
    assert {s.status for s in steps.values()} <= {"done", "skipped"}
    assert reconcile() == 0  # nothing left to do


def test_running_the_whole_pipeline_twice_duplicates_nothing(library, live_worker):
    make_jpeg(library.folder / "a.jpg", size=(1200, 800), taken_at="2023:12:25 10:00:00", gps=(51.5304, -0.1286))
    make_jpeg(library.folder / "b.jpg", size=(800, 1200), orientation=6)
    record_folder(library)
    photo_ids = list(Photo.objects.values_list("pk", flat=True))
    wait_for_pipeline(photo_ids)
    before = (_counts(), _derived_files())

    dispatch(photo_ids)  # every step reset to pending and run again
    wait_for_pipeline(photo_ids)
    (rescan,) = scan_library(library).values()
    assert (rescan.sent, rescan.unchanged) == (0, 2)  # and a rescan finds nothing new

    after = (_counts(), _derived_files())
    assert after == before


def _counts():
    return {model.__name__: model.objects.count() for model in (Photo, PhotoFile, Tag, PhotoTag, PipelineStep)}
