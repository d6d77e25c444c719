"""The pipeline survives what lost, repeated and stalled work in the original: a worker
killed mid-task, a broker that forgets its queues, and running everything twice."""

import os
import re
import signal
import sqlite3
import threading
from contextlib import contextmanager
from pathlib import Path

import psycopg
import pytest
import redis
from django.conf import settings
from django.db import connection

from photonix.celery import app
from photonix.photos.models import Photo, PhotoFile, PhotoTag, PipelineStep, Tag
from photonix.photos.pipeline import dispatch, queues_idle, reconcile
from photonix.photos.scanning import scan_library
from photonix.photos.steps import THUMBNAILS_STEP
from photonix.photos.tasks import STEP_TASK
from tests.conftest import record_folder, wait_for_pipeline
from tests.factories import make_jpeg
from tests.processes import TcpProxy, process_env, queued_count, start_worker, wait_until

pytestmark = pytest.mark.django_db(transaction=True)


def _derived_files():
    """Every file Photonix made: thumbnails and developed RAW files."""
    folders = [Path(settings.THUMBNAIL_ROOT), Path(settings.PHOTO_RAW_PROCESSED_DIR)]
    return sorted(str(p) for folder in folders if folder.exists() for p in folder.rglob("*") if p.is_file())


class PhotoBehindAPipe:
    """One recorded photo (its pipeline queued, no worker yet) whose file is then turned into a pipe: the
    thumbnail task blocks reading it until ``feed()`` writes the photo into it, so whatever the test does
    meanwhile lands mid-thumbnail for certain, however fast or loaded the machine. (Nothing before the
    thumbnail step reads a JPEG: the RAW step has nothing to develop.)"""

    def __init__(self, library):
        self.path = make_jpeg(library.folder / "photo.jpg", size=(1200, 800))
        data = self.path.read_bytes()
        record_folder(library)
        self.photo = Photo.objects.get()
        self.path.unlink()
        os.mkfifo(self.path)
        # Opening the pipe to write waits until a thumbnail task opens it to read.
        self.writer = threading.Thread(target=self.path.write_bytes, args=(data,), daemon=True)

    def wait_until_thumbnailing(self):
        wait_until(
            lambda: PipelineStep.objects.filter(photo=self.photo, step=THUMBNAILS_STEP, status="running").exists(),
            timeout=60,
            message="the thumbnail task to start (and block reading the pipe)",
        )

    def feed(self):
        self.writer.start()

    def close(self):
        if self.writer.is_alive():  # nobody read the pipe: open its other end, so that the thread ends
            os.close(os.open(self.path, os.O_RDONLY | os.O_NONBLOCK))
        if self.writer.ident is not None:
            self.writer.join(10)


def test_worker_killed_during_a_thumbnail_task_still_completes_the_photo(library):
    """SIGKILL while the thumbnail task runs: the message comes back, the restarted worker finishes the photo."""
    pipe = PhotoBehindAPipe(library)
    photo = pipe.photo
    # A short visibility timeout, so that the restarted worker gets the unacknowledged message back soon.
    env = process_env(CELERY_VISIBILITY_TIMEOUT=3)
    worker = start_worker(app, "doomed", env=env, concurrency=1)
    try:
        pipe.wait_until_thumbnailing()
        worker.kill(signal.SIGKILL)  # the worker and its pool child, mid-task
        worker.popen.wait(10)
        assert PipelineStep.objects.get(photo=photo, step=THUMBNAILS_STEP).status == "running"
    finally:
        worker.stop()

    restarted = start_worker(app, "restarted", env=env, concurrency=1)
    pipe.feed()
    try:
        steps = wait_for_pipeline([photo.pk], timeout=120)
    finally:
        restarted.stop()
        pipe.close()
    thumbnails = steps[(photo.pk, THUMBNAILS_STEP)]
    assert thumbnails.status == "done"
    assert thumbnails.attempts == 2
    assert all(step.status in ("done", "skipped") for step in steps.values()), steps


@contextmanager
def database_outage():
    """While inside, the test database refuses the worker: on SQLite another connection holds the write lock
    (the worker must be started with ``TEST_SQLITE_BUSY_TIMEOUT`` short); on PostgreSQL the database accepts no
    new connection (this test's own, opened before, stays usable). Yields the worker environment to use."""
    if connection.vendor == "sqlite":
        outage = sqlite3.connect(connection.settings_dict["NAME"], isolation_level=None)
        outage.execute("BEGIN EXCLUSIVE")  # every other writer now gets "database is locked"
        try:
            yield process_env(TEST_SQLITE_BUSY_TIMEOUT=0.2)
        finally:
            outage.execute("ROLLBACK")
            outage.close()
        return
    db = connection.settings_dict
    # A database cannot refuse connections from inside: this is said from the server's "postgres" database.
    admin = psycopg.connect(
        host=db["HOST"], port=db["PORT"] or None, user=db["USER"], password=db["PASSWORD"] or None, dbname="postgres"
    )
    admin.autocommit = True
    name = connection.ops.quote_name(db["NAME"])
    admin.execute(f"ALTER DATABASE {name} WITH ALLOW_CONNECTIONS false")
    try:
        yield process_env()
    finally:
        admin.execute(f"ALTER DATABASE {name} WITH ALLOW_CONNECTIONS true")
        admin.close()


def test_a_database_outage_under_a_running_task_is_retried_then_reconciled(library, settings):
    """The database refuses the worker while it runs the photo's first task: the task retries with backoff up
    to ``max_retries``, fails, and leaves the step pending, not failed; once the database is back,
    reconciliation dispatches the photo and it is completed."""
    settings.RECONCILE_IDLE_GRACE = 0
    make_jpeg(library.folder / "photo.jpg", size=(640, 480))
    record_folder(library)  # the pipeline is queued; no worker runs yet
    photo = Photo.objects.get()
    with database_outage() as env:
        worker = start_worker(app, "outage", env=env, concurrency=1)
        try:
            gave_up = r"process_raw_task\[([-0-9a-f]+)\] raised unexpected: OperationalError\("
            task_id = wait_until(
                lambda: re.search(gave_up, worker.output()), timeout=240, message="the RAW task to use up its retries"
            )[1]
            assert worker.output().count(f"process_raw_task[{task_id}] retry: Retry in") == STEP_TASK["max_retries"]
        except BaseException:
            worker.stop()
            raise
    try:  # the database is back
        assert set(PipelineStep.objects.filter(photo=photo).values_list("status", flat=True)) == {"pending"}
        # The worker acknowledges the message just after logging the failure: until then the broker is busy, and
        # reconciliation rightly waits its 6 h busy grace.
        wait_until(queues_idle, timeout=30, interval=0.2, message="the worker to acknowledge the task it gave up")
        assert reconcile() == 1
        steps = wait_for_pipeline([photo.pk], timeout=120)
    finally:
        worker.stop()
    assert {s.status for s in steps.values()} <= {"done", "skipped"}, steps


def test_a_broker_outage_under_a_running_task_loses_no_photo(library, settings):
    """The worker loses Redis while it runs a thumbnail task (its connection goes through a proxy the test cuts):
    it terminates the task rather than finish work it could not acknowledge, keeps trying to reconnect, and
    once Redis is reachable again the photo is completed, by the redelivered message or, when Celery lost it
    in the outage, by reconciliation once the broker holds nothing more. The worker never exits.

    As in the SIGKILL test, the photo's file is a pipe, so the task is certainly mid-thumbnail at the cut."""
    settings.RECONCILE_IDLE_GRACE = 0
    pipe = PhotoBehindAPipe(library)
    photo = pipe.photo
    with TcpProxy(settings.CELERY_BROKER_URL) as proxy:
        env = process_env(REDIS_URL=proxy.redis_url(settings.CELERY_BROKER_URL), CELERY_VISIBILITY_TIMEOUT=3)
        worker = start_worker(app, "cut-off", env=env, concurrency=1)
        try:
            pipe.wait_until_thumbnailing()
            proxy.cut()
            wait_until(
                lambda: "cannot be acknowledged after a connection loss" in worker.output(),
                timeout=60,
                message="the worker to terminate the running task",
            )
            proxy.restore()
            pipe.feed()
            wait_until(queues_idle, timeout=120, interval=0.5, message="the broker to hold no message")
            reconcile()  # nothing to do if the redelivered message completed the photo
            steps = wait_for_pipeline([photo.pk], timeout=120)
            assert "Connected to redis" in worker.output().rpartition("Connection to broker lost")[2]
            assert worker.popen.poll() is None, "the worker exited"
        finally:
            worker.stop()
            pipe.close()
    assert steps[(photo.pk, THUMBNAILS_STEP)].status == "done"
    assert {s.status for s in steps.values()} <= {"done", "skipped"}, steps
    assert _derived_files()  # the thumbnails were written


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
