"""The watcher (``manage.py watch_photos``) keeps the database in line with the library folder.

Every test runs the real command as a subprocess on the test database and the test Redis,
changes the folder the way a user or a sync tool would, and checks what the user would then
see in Photonix within seconds: photos appearing, keeping their identity when renamed or
moved, and disappearing (with their thumbnails) when deleted. The watcher only lists files and
sends them to a real Celery worker (``live_worker``), which imports, develops and thumbnails them.
"""

import os
import shutil
import sys
import time

import pytest
from PIL import Image

from photonix.photos.models import Photo, PhotoFile, RejectedFile
from photonix.photos.processing import configured_sizes
from photonix.photos.steps import THUMBNAILS_STEP
from photonix.photos.utils.paths import developed_path, thumbnail_path
from photonix.photos.watcher import QUIET_SECONDS
from tests.conftest import wait_for_pipeline
from tests.factories import make_dng, make_heic, make_jpeg
from tests.processes import Proc, process_env, wait_until

pytestmark = pytest.mark.django_db(transaction=True)

SECONDS = 20  # how long any change may take to show in the database
IMPORT_SIZES = [size for size in configured_sizes() if size.at_import]


@pytest.fixture
def watcher(library, live_worker):
    """``manage.py watch_photos`` running as a real process, already watching ``library.folder``.

    The watcher only lists files: a worker (``live_worker``) imports them.
    """
    proc = Proc("watcher", [sys.executable, "manage.py", "watch_photos"], process_env())
    try:
        wait_until(
            lambda: _alive(proc) and f"Watching {str(library.folder)!r}" in proc.output(),
            timeout=SECONDS,
            message=f"the watcher to watch {library.folder}",
        )
        yield proc
    finally:
        proc.stop()


def _alive(proc):
    if proc.popen.poll() is not None:
        raise AssertionError(f"the watcher exited:\n{proc.output()[-3000:]}")
    return True


def eventually(watcher, predicate, what, timeout=SECONDS):
    """Wait until ``predicate()`` holds; on timeout, fail with the watcher's log."""
    try:
        return wait_until(lambda: _alive(watcher) and predicate(), timeout=timeout, interval=0.2, message=what)
    except AssertionError as exc:
        raise AssertionError(f"{exc}\n--- watcher log ---\n{watcher.output()[-4000:]}") from None


def recorded(path):
    """The PhotoFile recorded for ``path``, or None."""
    return PhotoFile.objects.filter(path=str(path)).select_related("photo").first()


def copy_in(src, folder, name=None):
    """Copy a finished file into the library, as a file manager does."""
    dest = folder / (name or src.name)
    shutil.copy(src, dest)
    return dest


def import_jpegs(watcher, folder, tmp_path, *names, size=(640, 480)):
    """Copy JPEGs into ``folder`` (in the library) and wait until the watcher has recorded them all."""
    dests = [copy_in(make_jpeg(tmp_path / name, size), folder) for name in names]
    eventually(watcher, lambda: all(recorded(d) for d in dests), f"{', '.join(names)} to be recorded")
    return [recorded(d) for d in dests]


def import_one(watcher, library, tmp_path, name="photo.jpg", size=(640, 480)):
    """Copy one JPEG into the library and wait for the watcher to record it."""
    return import_jpegs(watcher, library.folder, tmp_path, name, size=size)[0]


def after_the_quiet_window(watcher):
    """Let the watcher's quiet window pass, with two of its flush ticks (0.25 s) to spare: a late (wrong)
    deletion or import it still had to send is sent by then, so a check made next sees it."""
    time.sleep(QUIET_SECONDS + 0.5)
    _alive(watcher)


def thumbnail_files(photo_file):
    return [thumbnail_path(photo_file, size) for size in IMPORT_SIZES]


def test_copied_jpeg_heic_and_dng_are_imported_developed_and_thumbnailed(watcher, library, tmp_path, live_worker):
    """Photos copied into the folder appear, and the worker develops and thumbnails them."""
    sources = {
        "jpeg.jpg": make_jpeg(tmp_path / "jpeg.jpg", (800, 600)),
        "phone.heic": make_heic(tmp_path / "phone.heic", (640, 480)),
        "camera.dng": make_dng(tmp_path / "camera.dng", (640, 480)),
    }
    paths = [copy_in(src, library.folder) for src in sources.values()]

    eventually(watcher, lambda: all(recorded(p) for p in paths), "the three files to be recorded")
    files = {os.path.basename(pf.path): pf for pf in (recorded(p) for p in paths)}
    assert Photo.objects.count() == 3
    assert {name: (pf.width, pf.height) for name, pf in files.items()} == {
        "jpeg.jpg": (800, 600),
        "phone.heic": (640, 480),
        "camera.dng": (640, 480),
    }

    steps = wait_for_pipeline([pf.photo_id for pf in files.values()], timeout=90)
    assert {step.status for step in steps.values()} <= {"done", "skipped"}, {
        key: (s.status, s.error) for key, s in steps.items() if s.status not in ("done", "skipped")
    }
    files = {name: PhotoFile.objects.get(pk=pf.pk) for name, pf in files.items()}
    for name in ("phone.heic", "camera.dng"):
        assert files[name].raw_processed
        with Image.open(developed_path(files[name])) as developed:
            assert developed.format == "JPEG"
            assert developed.size == (640, 480)
    assert not developed_path(files["jpeg.jpg"]).exists()  # a JPEG is used as it is
    for photo_file in files.values():
        for thumbnail in thumbnail_files(photo_file):
            assert thumbnail.is_file(), thumbnail


def test_slowly_written_file_is_recorded_once_and_complete(watcher, library, tmp_path):
    """A file still being written is not read half-written: one record, full size, right dimensions."""
    data = make_jpeg(tmp_path / "slow.jpg", (1600, 1200)).read_bytes()
    dest = library.folder / "slow.jpg"
    with open(dest, "wb") as f:
        f.write(data[: len(data) // 2])
        f.flush()
        time.sleep(1)
        f.write(data[len(data) // 2 :])

    photo_file = eventually(watcher, lambda: recorded(dest), "the slowly written file to be recorded")
    after_the_quiet_window(watcher)  # time for a second (wrong) recording to be sent, if the watcher made one
    photo_file.refresh_from_db()
    assert (photo_file.width, photo_file.height) == (1600, 1200)
    assert photo_file.bytes == len(data)
    assert Photo.objects.count() == 1
    assert not RejectedFile.objects.exists()
    assert watcher.output().count(f"Sent {str(dest)!r} to be imported") == 1


def test_renamed_then_moved_file_keeps_its_photo(watcher, library, tmp_path):
    """Renaming a file, then moving it into a subfolder made after the watcher started, updates its
    path each time; the photo (and its tags, albums, faces) stays the same one."""
    before = import_one(watcher, library, tmp_path, "IMG_0001.jpg")
    renamed = library.folder / "Beach at sunset.jpg"

    os.rename(before.path, renamed)

    after = eventually(watcher, lambda: recorded(renamed), "the new name to be recorded")
    assert (after.pk, after.photo_id) == (before.pk, before.photo_id)
    assert recorded(before.path) is None

    subfolder = library.folder / "2024" / "Holiday"
    subfolder.mkdir(parents=True)
    time.sleep(0.5)  # as a person does: make the folder, then drag the photo into it
    moved = subfolder / renamed.name

    os.rename(renamed, moved)

    after = eventually(watcher, lambda: recorded(moved), "the moved file to be recorded")
    after_the_quiet_window(watcher)  # a late (wrong) deletion or import, if one is still to come
    assert (after.pk, after.photo_id) == (before.pk, before.photo_id)
    assert list(PhotoFile.objects.values_list("path", flat=True)) == [str(moved)]
    assert Photo.objects.count() == 1


def test_file_moved_by_a_script_into_a_new_subfolder_keeps_its_photo(watcher, library, tmp_path):
    """``mkdir -p 2024/Holiday && mv trip.jpg 2024/Holiday/`` moves the photo before inotify watches the
    new folder, which watchdog reports as a deletion and a new file: it is still the same photo, moved."""
    before = import_one(watcher, library, tmp_path, "trip.jpg")
    subfolder = library.folder / "2024" / "Holiday"
    subfolder.mkdir(parents=True)
    new = subfolder / "trip.jpg"

    os.rename(before.path, new)

    after = eventually(watcher, lambda: recorded(new), "the moved file to be recorded")
    after_the_quiet_window(watcher)  # the deletion of the old name, applied after the new name is recorded
    assert (after.pk, after.photo_id) == (before.pk, before.photo_id)
    assert list(Photo.objects.values_list("pk", flat=True)) == [before.photo_id]
    assert PhotoFile.objects.count() == 1


def test_folder_moved_in_from_outside_is_imported(watcher, library, tmp_path):
    """Moving a whole folder of photos into the library imports every photo in it."""
    outside = tmp_path / "camera-card" / "DCIM"
    outside.mkdir(parents=True)
    for n in range(3):
        make_jpeg(outside / f"IMG_{n}.jpg", (320 + n, 240))

    os.rename(outside, library.folder / "DCIM")

    expected = {str(library.folder / "DCIM" / f"IMG_{n}.jpg") for n in range(3)}
    eventually(watcher, lambda: Photo.objects.count() == 3, "three photos")
    assert set(PhotoFile.objects.values_list("path", flat=True)) == expected
    assert sorted(PhotoFile.objects.values_list("width", flat=True)) == [320, 321, 322]


def test_deleted_or_moved_out_file_loses_its_photo_and_thumbnails(watcher, library, tmp_path, live_worker):
    """Deleting a file, or moving it out of the library, removes its photo and the thumbnails made of
    it; other photos stay."""
    kept, deleted, leaving = import_jpegs(watcher, library.folder, tmp_path, "kept.jpg", "deleted.jpg", "leaving.jpg")
    wait_for_pipeline([kept.photo_id, deleted.photo_id, leaving.photo_id], timeout=60)
    assert all(t.is_file() for pf in (kept, deleted, leaving) for t in thumbnail_files(pf))
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()

    os.remove(deleted.path)
    shutil.move(leaving.path, elsewhere / "leaving.jpg")

    eventually(watcher, lambda: Photo.objects.count() == 1, "only one photo left")
    assert list(Photo.objects.values_list("pk", flat=True)) == [kept.photo_id]
    assert list(PhotoFile.objects.values_list("pk", flat=True)) == [kept.pk]
    eventually(
        watcher,
        lambda: not any(t.exists() for pf in (deleted, leaving) for t in thumbnail_files(pf)),
        "their thumbnails to go",
    )
    assert all(t.is_file() for t in thumbnail_files(kept))


def test_deleted_folder_loses_all_its_photos(watcher, library, tmp_path, live_worker):
    """Deleting a folder (rm -r) removes every photo in it, and their thumbnails."""
    folder = library.folder / "Party"
    folder.mkdir()
    time.sleep(0.5)
    kept = copy_in(make_jpeg(tmp_path / "kept.jpg"), library.folder)
    doomed = import_jpegs(watcher, folder, tmp_path, "party-0.jpg", "party-1.jpg", "party-2.jpg")
    kept = recorded(kept)
    assert Photo.objects.count() == 4
    wait_for_pipeline([pf.photo_id for pf in [kept, *doomed]], steps=[THUMBNAILS_STEP], timeout=60)

    shutil.rmtree(folder)

    eventually(watcher, lambda: Photo.objects.count() == 1, "only one photo left")
    assert list(PhotoFile.objects.values_list("path", flat=True)) == [kept.path]
    eventually(
        watcher,
        lambda: not any(t.exists() for pf in doomed for t in thumbnail_files(pf)),
        "the thumbnails of the deleted folder to go",
    )


def test_folder_moved_out_and_made_again_loses_its_old_photos(watcher, library, tmp_path):
    """``mv Party ~/Archive && mkdir Party``: the photos that left are forgotten, though the folder is back."""
    party = library.folder / "Party"
    party.mkdir()
    time.sleep(0.5)
    import_jpegs(watcher, party, tmp_path, "cake.jpg", "dance.jpg")

    os.rename(party, tmp_path / "Party")
    party.mkdir()

    eventually(watcher, lambda: not Photo.objects.exists(), "the photos to go")
    assert not PhotoFile.objects.exists()


def test_photo_rewritten_in_place_keeps_its_photo(watcher, library, tmp_path):
    """An editor that saves by deleting the file and writing it again: same photo, new picture."""
    before = import_one(watcher, library, tmp_path, "portrait.jpg", size=(640, 480))
    edited = make_jpeg(tmp_path / "edited.jpg", (480, 640)).read_bytes()

    os.remove(before.path)
    with open(before.path, "wb") as f:
        f.write(edited)

    eventually(watcher, lambda: (recorded(before.path) or before).width == 480, "the new picture to be recorded")
    after_the_quiet_window(watcher)  # a late (wrong) deletion, if one is still to come
    after = recorded(before.path)
    assert (after.pk, after.photo_id, after.height) == (before.pk, before.photo_id, 640)
    assert Photo.objects.count() == 1


def test_bad_file_is_rejected_and_the_watcher_carries_on(watcher, library, tmp_path):
    """A text file named .jpg is recorded as rejected with a reason; later photos still import."""
    bad = library.folder / "shopping-list.jpg"
    (tmp_path / "shopping-list.jpg").write_text("Milk\nEggs\nThis is not a photo.\n")
    copy_in(tmp_path / "shopping-list.jpg", library.folder)

    rejected = eventually(
        watcher, lambda: RejectedFile.objects.filter(path=str(bad)).first(), "the bad file to be rejected"
    )
    assert rejected.reason
    assert not Photo.objects.exists()

    good = import_one(watcher, library, tmp_path, "good.jpg")
    assert good.photo.library_id == library.pk
    assert Photo.objects.count() == 1


def test_renaming_a_photo_over_another_replaces_it(watcher, library, tmp_path):
    """``mv a.jpg b.jpg`` over an existing photo: b's old photo goes, a's photo now lives at b.jpg."""
    a = copy_in(make_jpeg(tmp_path / "a.jpg", (640, 480)), library.folder)
    b = copy_in(make_jpeg(tmp_path / "b.jpg", (300, 200)), library.folder)
    first, second = eventually(watcher, lambda: recorded(a) and recorded(b) and [recorded(a), recorded(b)], "a and b")

    os.rename(first.path, second.path)

    eventually(watcher, lambda: Photo.objects.count() == 1, "one photo left")
    after_the_quiet_window(watcher)  # a late (wrong) deletion or import, if one is still to come
    photo_file = recorded(second.path)
    assert photo_file.photo_id == first.photo_id
    assert (photo_file.width, photo_file.height) == (640, 480)
    assert recorded(first.path) is None
    assert Photo.objects.count() == 1


def test_folder_moved_into_a_new_folder_keeps_its_photos(watcher, library, tmp_path):
    """A script tidying up (``mkdir Archive && mv Party Archive/``) moves photos; it does not replace them."""
    party = library.folder / "Party"
    party.mkdir()
    time.sleep(0.5)
    before = import_jpegs(watcher, party, tmp_path, "cake.jpg", "dance.jpg")
    archive = library.folder / "Archive"
    archive.mkdir()

    os.rename(party, archive / "Party")

    expected = {str(archive / "Party" / os.path.basename(pf.path)): pf.photo_id for pf in before}
    eventually(watcher, lambda: all(recorded(p) for p in expected), "the photos under their new folder")
    after_the_quiet_window(watcher)  # a deletion of the old folder, if one is still to come
    assert dict(PhotoFile.objects.values_list("path", "photo_id")) == expected
    assert Photo.objects.count() == 2


def test_file_with_a_non_utf8_name_is_imported_once_renamed(watcher, library, tmp_path):
    """A name that is not UTF-8 (from an old Windows or Latin-1 disk) cannot be stored: the watcher
    logs that it must be renamed, and once the user has renamed it, it is imported."""
    folder = os.fsencode(library.folder)
    latin1 = os.path.join(folder, "café.jpg".encode("latin-1"))
    shutil.copy(make_jpeg(tmp_path / "cafe.jpg", (500, 400)), latin1)
    eventually(watcher, lambda: "is not valid UTF-8" in watcher.output(), "the warning about the name")

    renamed = library.folder / "café.jpg"
    os.rename(latin1, os.fsencode(renamed))

    photo_file = eventually(watcher, lambda: recorded(renamed), "the renamed file to be imported")
    assert (photo_file.width, photo_file.height) == (500, 400)
    assert Photo.objects.count() == 1
