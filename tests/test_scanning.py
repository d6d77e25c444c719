"""What a rescan finds and sends, in this process: which files, in which order, which ones it leaves alone.

``scan_library`` runs here on the test database; the imports it sends are read back from the test broker's
default queue (no worker runs in this module, and the queues are emptied around each test). Files are
recorded as imported with ``record_photo``, as a worker would. tests/test_scan.py has the same promises
end to end, with a real worker.
"""

import os

import pytest
import redis
from django.conf import settings

from photonix.common.broker import redis_client
from photonix.photos.importing import record_photo
from photonix.photos.models import LibraryPath, Photo, RejectedFile
from photonix.photos.scanning import LOCK_TIMEOUT, rescan_library, rescan_lock, scan_library, walk
from tests.conftest import make_library, rejected_as_unreadable
from tests.factories import make_jpeg
from tests.processes import broker_keys, queued

pytestmark = pytest.mark.django_db
IMPORT = "photonix.photos.tasks.import_file_task"


@pytest.fixture
def sent():
    """The paths the test's rescans sent to be imported, in the order they were sent."""
    client = redis.Redis.from_url(settings.CELERY_BROKER_URL)
    client.delete(*broker_keys())
    yield lambda: [path for task, path in reversed(queued(client)) if task == IMPORT]
    client.delete(*broker_keys())


def rescan(library):
    (result,) = scan_library(library).values()
    return result


def test_walk_lists_files_in_sorted_order_and_leaves_out_synology_thumbnails(tmp_path):
    for name in ("b/2.jpg", "b/1.jpg", "a.jpg", "c/@eaDir/a.jpg/SYNOPHOTO_THUMB_M.jpg", "c/3.jpg"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes(b"x")
    assert [os.path.relpath(p, tmp_path) for p in walk(tmp_path)] == ["a.jpg", "b/1.jpg", "b/2.jpg", "c/3.jpg"]


def test_walk_leaves_out_data_dir_and_model_dir_inside_a_library(tmp_path, settings):
    settings.DATA_DIR, settings.MODEL_DIR = tmp_path / "data", tmp_path / "models"
    for name in ("a.jpg", "data/thumbnail.jpg", "models/weights.jpg", "models-not/b.jpg"):
        (tmp_path / name).parent.mkdir(exist_ok=True)
        (tmp_path / name).write_bytes(b"x")
    assert [os.path.relpath(p, tmp_path) for p in walk(tmp_path)] == ["a.jpg", "models-not/b.jpg"]


def test_walk_lists_links_to_files_but_does_not_follow_links_to_folders(tmp_path):
    (tmp_path / "photos").mkdir()
    make_jpeg(tmp_path / "photos" / "a.jpg")
    (tmp_path / "photos" / "loop").symlink_to(tmp_path / "photos")
    (tmp_path / "photos" / "link.jpg").symlink_to(tmp_path / "photos" / "a.jpg")
    assert [os.path.basename(p) for p in walk(tmp_path / "photos")] == ["a.jpg", "link.jpg"]


def test_new_files_are_sent_folder_by_folder_in_name_order_and_other_files_are_left_alone(library, sent):
    (library.folder / "2024").mkdir()
    for name in ("b.jpg", "2024/c.jpg", "a.jpg"):
        make_jpeg(library.folder / name)
    (library.folder / "clip.mov").write_bytes(b"\0" * 100)  # a video: not even counted
    (library.folder / ".DS_Store").write_bytes(b"\0")  # hidden
    assert str(rescan(library)) == "3 new or changed (sent to import), 0 unchanged, 0 skipped, 0 removed"
    assert sent() == [str(library.folder / name) for name in ("a.jpg", "b.jpg", "2024/c.jpg")]


def test_imported_files_are_unchanged_until_they_change(library, sent):
    names = ("same", "also same", "edited", "touched")
    same, also_same, edited, touched = (make_jpeg(library.folder / f"{name}.jpg") for name in names)
    for path in (same, also_same, edited, touched):
        record_photo(path, library)
    make_jpeg(edited, size=(300, 200))  # another size
    stat = touched.stat()
    os.utime(touched, (stat.st_atime, stat.st_mtime + 60))  # the same bytes, a later modification time
    result = rescan(library)
    assert (result.sent, result.unchanged) == (2, 2)
    assert sent() == [str(edited), str(touched)]


def test_deleted_files_are_forgotten(library, sent):
    kept, gone = (make_jpeg(library.folder / f"{name}.jpg") for name in ("kept", "gone"))
    bad = library.folder / "notes.jpg"
    bad.write_text("a shopping list")
    for path in (kept, gone, bad):
        record_photo(path, library)
    assert RejectedFile.objects.filter(path=str(bad)).exists()
    gone.unlink()
    bad.unlink()
    result = rescan(library)
    assert (result.sent, result.unchanged, result.removed) == (0, 1, 1)
    assert list(Photo.objects.values_list("files__path", flat=True)) == [str(kept)]
    assert not RejectedFile.objects.exists()
    assert sent() == []


def test_a_rejected_file_is_not_sent_again_until_it_changes(library, sent):
    bad = library.folder / "notes.jpg"
    bad.write_text("a shopping list")
    record_photo(bad, library)
    assert rescan(library).unchanged == 1
    bad.write_text("a longer shopping list")
    assert rescan(library).sent == 1
    assert sent() == [str(bad)]


def test_a_file_rejected_as_unreadable_is_sent_at_every_rescan(library, sent):
    """It may have become readable since: the worker's import tries it again (and rejects it again if not)."""
    path = rejected_as_unreadable(library, make_jpeg(library.folder / "locked.jpg"))
    assert (rescan(library).sent, rescan(library).sent) == (1, 1)
    assert sent() == [str(path)] * 2


def test_a_name_that_is_not_utf8_is_skipped(library, sent):
    make_jpeg(library.folder / "ok.jpg")
    for name in (b"caf\xe9.jpg", b"na\xefve.jpg"):
        (library.folder / os.fsdecode(name)).write_bytes((library.folder / "ok.jpg").read_bytes())
    result = rescan(library)
    assert (result.sent, result.skipped) == (1, 2)
    assert sent() == [str(library.folder / "ok.jpg")]


def test_a_folder_whose_name_extends_the_librarys_is_not_part_of_it(library, django_user_model, sent):
    """``photos`` and ``photos-2`` are two libraries: a rescan of the first neither sends nor forgets the second's."""
    other = make_library(django_user_model, "bob", "Other", library.folder.with_name("photos-2"))
    theirs = make_jpeg(other.folder / "theirs.jpg")
    record_photo(theirs, other)
    locked = rejected_as_unreadable(other, make_jpeg(other.folder / "locked.jpg"))
    mine = make_jpeg(library.folder / "mine.jpg")
    assert str(rescan(library)) == "1 new or changed (sent to import), 0 unchanged, 0 skipped, 0 removed"
    assert sent() == [str(mine)]
    assert Photo.objects.get(library=other).files.get().path == str(theirs)
    assert RejectedFile.objects.get().path == str(locked)


def test_a_folder_name_ending_in_a_space_is_rescanned_like_any_other(tmp_path, django_user_model, sent):
    library = make_library(django_user_model, "carol", "Spaced", tmp_path / "photos ")
    record_photo(make_jpeg(library.folder / "a.jpg"), library)
    assert str(rescan(library)) == "0 new or changed (sent to import), 1 unchanged, 0 skipped, 0 removed"


def test_every_folder_of_a_library_is_rescanned(library, tmp_path, sent):
    second = tmp_path / "more"
    second.mkdir()
    LibraryPath.objects.create(library=library, path=str(second))
    make_jpeg(library.folder / "a.jpg")
    make_jpeg(second / "b.jpg")
    results = scan_library(library)
    assert {path: result.sent for path, result in results.items()} == {str(library.folder): 1, str(second): 1}


def test_a_long_rescan_reports_its_progress_every_500_files(library, sent):
    """Counted over every file looked at, reported as the next one comes (here 999 videos, never sent, and
    the 500th and 1000th files, photos)."""
    for n in range(1, 1002):
        (library.folder / f"{n:04}.{'jpg' if n % 500 == 0 else 'mov'}").write_bytes(b"x")
    messages = []
    rescan_library(library, progress=messages.append)
    assert messages == [
        f"{library.folder}: {n} files looked at ({count} new or changed (sent to import), 0 unchanged, 0 skipped, "
        "0 removed)"
        for n, count in ((500, 1), (1000, 2))
    ]


def test_a_file_deleted_while_the_rescan_walks_is_passed_over_and_the_rest_is_sent(library, sent):
    """The 501st file goes after the folder was listed (here: while the 500th file's progress is reported)."""
    names = [f"{n:04}.{'jpg' if n > 500 else 'mov'}" for n in range(1, 504)]
    for name in names:
        (library.folder / name).write_bytes(b"x")
    rescan_library(library, progress=lambda message: (library.folder / names[500]).unlink())
    assert sent() == [str(library.folder / name) for name in names[501:]]


def test_only_the_store_folders_of_a_library_are_rescanned(library, tmp_path, sent):
    """An "import only" or "thumbnails" folder is not the library's: its files are not sent."""
    for kind in (LibraryPath.Type.IMPORT, LibraryPath.Type.THUMBNAILS):
        folder = tmp_path / kind.label
        folder.mkdir()
        make_jpeg(folder / "a.jpg")
        LibraryPath.objects.create(library=library, path=str(folder), type=kind)
    make_jpeg(library.folder / "b.jpg")
    assert list(scan_library(library)) == [str(library.folder)]
    assert sent() == [str(library.folder / "b.jpg")]


def test_rescan_library_lets_the_next_rescan_run(library, sent):
    make_jpeg(library.folder / "a.jpg")
    assert [r.sent for r in rescan_library(library).values()] == [1]
    assert [r.sent for r in rescan_library(library).values()] == [1]


def test_the_rescan_lock_of_a_crashed_rescan_expires_by_itself(library):
    """Held for hours at most (longer than any rescan), never forever: a rescan killed with the lock held does
    not stop every later rescan of the library."""
    lock = rescan_lock(library)
    assert lock.acquire()
    try:
        assert 3600 < redis_client().ttl(lock.name) <= LOCK_TIMEOUT
    finally:
        lock.release()
