"""The periodic tasks beat runs: rescans under a lock, and the face index rebuild."""

import shutil

import pytest
import redis
from django.conf import settings

from photonix.classifiers.registry import get
from photonix.photos.importing import record_photo
from photonix.photos.models import Library, Photo
from photonix.photos.people import face_index_path
from photonix.photos.processing import classify_photo
from photonix.photos.scanning import AlreadyRescanning, rescan_library, rescan_lock
from photonix.photos.tasks import (
    generate_thumbnails_task,
    rebuild_face_index_task,
    rescan_libraries_task,
    rescan_library_task,
)
from tests.factories import make_jpeg
from tests.processes import broker_keys, queued_tasks

pytestmark = pytest.mark.django_db


@pytest.fixture
def broker():
    """The test broker with empty queues, emptied again afterwards (nothing consumes what these tests send)."""
    client = redis.Redis.from_url(settings.CELERY_BROKER_URL)
    client.delete(*broker_keys())
    yield client
    client.delete(*broker_keys())


def test_beat_sends_one_rescan_task_per_library(library, broker):
    """The periodic rescan only fans out: each library gets its own task (its own lock, no global time limit)."""
    other = Library.objects.create(name="Other library")

    assert sorted(rescan_libraries_task()) == sorted([str(library.pk), str(other.pk)])

    expected = [("photonix.photos.tasks.rescan_library_task", [str(lib.pk)]) for lib in (library, other)]
    assert sorted(queued_tasks(broker)) == sorted(expected)
    assert rescan_library_task.time_limit > settings.CELERY_TASK_TIME_LIMIT


def test_rescan_task_imports_and_never_overlaps_a_running_rescan(library, broker):
    path = make_jpeg(library.folder / "a.jpg", size=(320, 240))
    lock = rescan_lock(library)
    assert lock.acquire()
    try:
        assert rescan_library_task(str(library.pk)) == {library.name: "already being rescanned"}
        assert Photo.objects.count() == 0
    finally:
        lock.release()

    summary = rescan_library_task(str(library.pk))
    assert summary[library.name][str(library.folder)].startswith("1 new or changed (sent to import)")
    assert queued_tasks(broker) == [("photonix.photos.tasks.import_file_task", [str(path), str(library.pk)])]


def test_face_index_task_indexes_each_library_s_faces(library, fixture_photos):
    for name in ("Boris_Becker_0003.jpg", "David_Beckham_0001.jpg"):
        shutil.copy(fixture_photos / "faces" / name, library.folder / name)
        photo = record_photo(library.folder / name, library)
        generate_thumbnails_task(str(photo.pk))
        classify_photo(photo, get("face"))

    assert rebuild_face_index_task() == {str(library.pk): 2}
    assert face_index_path(library).is_file()
    assert str(face_index_path(library)).startswith(str(settings.DATA_DIR))


LOCK_KEY = "photonix:rescan:{}"


def many_files(library, count=1200):
    """``count`` new (empty) .jpg files: a rescan only lists them, so it sends each to be imported."""
    for n in range(count):
        (library.folder / f"IMG_{n:04}.jpg").write_bytes(b"")


def test_a_long_rescan_keeps_its_lock_until_it_ends(library, broker):
    """A rescan longer than the lock's timeout renews it as it goes (every 500 files): the lock cannot
    expire under a running rescan and let a second one overlap it. Time is not waited for: the test
    shortens the lock's time to live, as hours of scanning would."""
    many_files(library)
    key = LOCK_KEY.format(library.pk)
    left = []

    def progress(message):
        left.append(broker.pttl(key))
        with pytest.raises(AlreadyRescanning):
            rescan_library(library)  # a second rescan meanwhile is refused
        broker.pexpire(key, 5000)  # 5 s left before the lock would expire

    (result,) = rescan_library(library, progress=progress).values()

    assert len(left) == 2
    assert left[1] > 60 * 1000  # renewed for the lock's whole timeout between the two calls
    assert result.sent == 1200
    assert not broker.exists(key)  # released at the end


def test_a_rescan_that_lost_its_lock_to_another_stops_and_leaves_it_alone(library, broker):
    """The lock expired anyway (a batch slower than its timeout) and another rescan took it: the first stops at
    its next renewal, with the reason, and the other's lock stays held."""
    many_files(library)
    other = rescan_lock(library)

    def progress(message):
        if not other.owned():
            broker.delete(LOCK_KEY.format(library.pk))  # expired
            assert other.acquire()  # another rescan starts

    try:
        with pytest.raises(AlreadyRescanning, match="another rescan took over"):
            rescan_library(library, progress=progress)
        assert other.owned()
    finally:
        other.release()


def test_a_rescan_whose_lock_vanished_takes_it_again_and_finishes(library, broker):
    """Redis restarted without persistence mid-rescan (the lock is gone, nobody else has it): the rescan takes
    the lock again, finishes, and releases it without an error."""
    many_files(library)
    key = LOCK_KEY.format(library.pk)
    held = []

    def progress(message):
        if not held:
            broker.delete(key)
        held.append(broker.exists(key))

    (result,) = rescan_library(library, progress=progress).values()

    assert held == [0, 1]  # gone after the restart, held again at the next renewal
    assert result.sent == 1200
    assert not broker.exists(key)
