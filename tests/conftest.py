"""Shared fixtures: the real Redis (test database 14/15), a real worker and a real Flower."""

import time
from datetime import UTC, datetime
from pathlib import Path

import pytest
import redis
from django.conf import settings

from photonix.celery import app
from photonix.photos.importing import UNREADABLE, record_photo
from photonix.photos.models import Library, LibraryPath, LibraryUser, PipelineStep, RejectedFile
from photonix.photos.pipeline import queues_idle
from photonix.photos.scanning import walk
from photonix.photos.steps import FINISHED, step_versions
from tests.processes import start_flower, start_worker, wait_until

SHARED = Path(__file__).resolve().parent.parent.parent / "shared"
FIXTURE_PHOTOS = SHARED / "fixtures" / "photos"


@pytest.fixture(scope="session")
def redis_flushed():
    """The test broker and result databases, emptied once per session."""
    for url in (settings.CELERY_BROKER_URL, settings.CELERY_RESULT_BACKEND):
        redis.Redis.from_url(url).flushdb()


@pytest.fixture(scope="module")
def live_worker(django_db_setup, django_db_blocker, redis_flushed):
    """One real ``celery worker`` process (prefork, 2 children) on both queues, per test module."""
    proc = start_worker(app, "test-worker")
    yield proc
    proc.stop()


@pytest.fixture(scope="session")
def flower(redis_flushed):
    proc = start_flower()
    yield proc
    proc.stop()


@pytest.fixture
def server_zone(monkeypatch):
    """The server's local time zone is not the database's (UTC): file times must still compare as instants."""
    monkeypatch.setenv("TZ", "America/New_York")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.fixture
def object_model():
    """The YOLOX-nano weights in ../shared/models (where tests/settings.py points MODEL_DIR)."""
    path = SHARED / "models" / "yolox_nano.onnx"
    if not path.is_file():
        pytest.skip("../shared/models/yolox_nano.onnx is not present")
    return path


@pytest.fixture
def fixture_photos():
    if not FIXTURE_PHOTOS.is_dir():
        pytest.skip("../shared/fixtures/photos is not present")
    return FIXTURE_PHOTOS


def make_library(django_user_model, owner, name, folder):
    """A library called ``name`` on the new empty ``folder``, owned by a new user ``owner`` (password
    ``secret-<owner>``); ``library.folder`` is the folder."""
    user = django_user_model.objects.create_user(owner, password=f"secret-{owner}")
    folder.mkdir()
    lib = Library.objects.create(name=name)
    LibraryPath.objects.create(library=lib, path=str(folder))
    LibraryUser.objects.create(library=lib, user=user, owner=True)
    lib.folder = folder
    return lib


@pytest.fixture
def library(request, tmp_path, django_user_model):
    """A library owned by "alice" on an empty folder ``tmp_path/photos``.

    With a live worker, its teardown waits until the worker has finished what the test
    started: a task still writing while the test database is emptied deadlocks PostgreSQL.
    """
    yield make_library(django_user_model, "alice", "Test library", tmp_path / "photos")
    if "live_worker" in request.fixturenames:
        wait_until(queues_idle, timeout=120, message="the worker to finish the tasks of this test")


def record_folder(library):
    """Record every file of ``library.folder`` in this process with ``record_photo`` (as a worker's import
    would), for tests about what comes after the import."""
    for path in walk(library.folder):
        record_photo(path, library)


def rejected_as_unreadable(library, path):
    """``path``, recorded as a worker records a file it was not allowed to read."""
    stat = path.stat()
    RejectedFile.objects.create(
        library=library,
        path=str(path),
        file_modified_at=datetime.fromtimestamp(stat.st_mtime, tz=UTC),
        bytes=stat.st_size,
        reason=f"{UNREADABLE}: [Errno 13]",
    )
    return path


def wait_for_pipeline(photo_ids, steps=None, timeout=120):
    """Wait until every given step of every photo is finished (done, skipped or failed)."""
    steps = list(steps or step_versions())
    expected = len(photo_ids) * len(steps)

    def finished():
        return PipelineStep.objects.filter(photo_id__in=photo_ids, step__in=steps, status__in=FINISHED).count()

    wait_until(
        lambda: finished() == expected,
        timeout=timeout,
        interval=0.5,
        message=f"{expected} finished steps (have {finished()})",
    )
    return {(s.photo_id, s.step): s for s in PipelineStep.objects.filter(photo_id__in=photo_ids)}
