"""``import_file``, the body of the worker's ``import_file_task``, run in this process: what it answers, and the
file that keeps killing its worker (a decoder crash), which is rejected after ``MAX_IMPORT_ATTEMPTS`` deaths.

A death is what it leaves in Redis: the file's attempt counter, raised and never cleared (the end-to-end
crash, with a real worker killed mid-import, is in tests/test_hardening.py).
"""

import os
import shutil
import sys
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

import pytest
from django.db import IntegrityError, connection

from photonix.common.broker import redis_client
from photonix.photos.importing import (
    MAX_IMPORT_ATTEMPTS,
    SKIPPED,
    _attempts_key,
    import_file,
    record_photo,
)
from photonix.photos.models import Library, Photo, PhotoFile, RejectedFile
from tests.conftest import rejected_as_unreadable
from tests.factories import make_jpeg

pytestmark = pytest.mark.django_db


def died_importing(path, times):
    """Leave the attempt counter as ``times`` worker deaths while importing ``path`` leave it."""
    for _ in range(times):
        redis_client().incr(_attempts_key(str(path)))


def test_import_answers_imported_unchanged_or_not_imported(library):
    photo = make_jpeg(library.folder / "a.jpg")
    notes = library.folder / "notes.jpg"
    notes.write_text("a shopping list")
    assert import_file(str(photo), str(library.pk)) == "imported"
    assert import_file(str(photo), str(library.pk)) == "unchanged"
    assert import_file(str(notes), str(library.pk)) == "not imported"
    assert Photo.objects.get().files.get().path == str(photo)
    assert RejectedFile.objects.get().path == str(notes)


def test_an_import_that_ends_clears_the_count_of_deaths(library):
    photo = make_jpeg(library.folder / "a.jpg")
    died_importing(photo, MAX_IMPORT_ATTEMPTS - 1)
    assert import_file(str(photo), str(library.pk)) == "imported"
    assert not redis_client().exists(_attempts_key(str(photo)))


def test_a_file_that_killed_its_worker_three_times_is_rejected_with_the_reason(library):
    crasher = make_jpeg(library.folder / "crasher.jpg")
    died_importing(crasher, MAX_IMPORT_ATTEMPTS)
    assert import_file(str(crasher), str(library.pk)) == "not imported"
    rejected = RejectedFile.objects.get()
    assert (rejected.path, rejected.library, rejected.bytes) == (str(crasher), library, crasher.stat().st_size)
    assert rejected.reason == (
        f"Reading this file ended its worker process {MAX_IMPORT_ATTEMPTS} times (a crash in a decoder: "
        "segmentation fault, abort or out of memory)."
    )
    assert not Photo.objects.exists()
    assert not redis_client().exists(_attempts_key(str(crasher)))


def test_a_crashing_file_deleted_meanwhile_is_not_recorded(library):
    crasher = make_jpeg(library.folder / "crasher.jpg")
    died_importing(crasher, MAX_IMPORT_ATTEMPTS)
    crasher.unlink()
    assert import_file(str(crasher), str(library.pk)) == "not imported"
    assert not RejectedFile.objects.exists()


def test_a_photo_whose_file_turns_bad_is_forgotten_and_the_rejection_logged(library, caplog):
    photo = make_jpeg(library.folder / "a.jpg")
    assert import_file(str(photo), str(library.pk)) == "imported"
    photo.write_text("overwritten with a shopping list")
    assert import_file(str(photo), str(library.pk)) == "not imported"
    assert not Photo.objects.exists()
    rejected = RejectedFile.objects.get()
    assert f"Rejected {str(photo)!r}: {rejected.reason!r}" in caplog.messages


def test_a_file_whose_name_is_not_utf8_is_not_imported_and_nothing_fails(library):
    """Its name cannot be stored (the watcher and the rescan log that it must be renamed)."""
    path = os.fsdecode(os.fsencode(library.folder) + b"/caf\xe9.jpg")
    make_jpeg(Path(path))
    assert import_file(path, str(library.pk)) == "not imported"
    assert not Photo.objects.exists() and not RejectedFile.objects.exists()


def test_a_crashing_file_is_rejected_with_its_modification_instant_on_a_server_outside_utc(library, server_zone):
    """The rejection keeps the file's real modification time, so a rescan sees it unchanged and does not try
    the file again (which would kill three more workers)."""
    crasher = make_jpeg(library.folder / "crasher.jpg")
    died_importing(crasher, MAX_IMPORT_ATTEMPTS)
    assert import_file(str(crasher), str(library.pk)) == "not imported"
    modified = datetime.fromtimestamp(crasher.stat().st_mtime, tz=UTC)
    assert RejectedFile.objects.get().file_modified_at == modified
    assert import_file(str(crasher), str(library.pk)) == "unchanged"


# record_photo's edges, in this process


def test_what_is_not_a_photo_or_is_photonixs_own_is_not_recorded(library, settings):
    """A sidecar, a hidden file and a file under DATA_DIR (here inside the library) are passed over in silence."""
    settings.DATA_DIR = str(library.folder / "photonix-data")
    (library.folder / "photonix-data").mkdir()
    paths = [library.folder / "a.xmp", library.folder / ".hidden.jpg", library.folder / "photonix-data" / "c.jpg"]
    for path in paths:
        make_jpeg(path)
        assert record_photo(path, library) is None
    assert not Photo.objects.exists() and not RejectedFile.objects.exists()


def test_a_recorded_file_that_is_gone_is_forgotten(library):
    path = make_jpeg(library.folder / "a.jpg")
    photo = record_photo(path, library)
    path.unlink()
    assert record_photo(path, library) is None
    assert not PhotoFile.objects.exists() and not Photo.objects.filter(pk=photo.pk).exists()


def test_a_rejected_file_that_becomes_readable_is_imported_and_its_rejection_dropped(library):
    path = library.folder / "a.jpg"
    path.write_bytes(b"not yet a photo")
    assert record_photo(path, library) is None
    assert RejectedFile.objects.get().reason.startswith("This is not a supported image file")
    make_jpeg(path)
    assert record_photo(path, library)
    assert not RejectedFile.objects.exists()


def test_what_cannot_be_read_is_rejected_with_the_error_named(library):
    """Any error reading the content is the file's reason (here a folder was made where a photo was listed)."""
    path = library.folder / "a.jpg"
    path.mkdir()
    assert record_photo(path, library) is None
    assert (
        RejectedFile.objects.get().reason
        == f"The file cannot be read (IsADirectoryError: [Errno 21] Is a directory: {str(path)!r})."
    )


def test_a_copy_with_the_same_time_and_size_is_a_file_of_its_own(library):
    """Only the same path with the same modification time and size is "unchanged"."""
    first = make_jpeg(library.folder / "a.jpg")
    record_photo(first, library)
    copy = library.folder / "b.jpg"
    shutil.copy2(first, copy)
    assert record_photo(copy, library) not in (None, SKIPPED)
    written = os.stat(first)
    make_jpeg(first, (320, 240))  # another size, the same modification time
    os.utime(first, ns=(written.st_atime_ns, written.st_mtime_ns))
    assert record_photo(first, library) not in (None, SKIPPED)


def test_a_file_rejected_as_unreadable_is_tried_again_once_readable(library):
    path = rejected_as_unreadable(library, make_jpeg(library.folder / "a.jpg"))
    assert record_photo(path, library) not in (None, SKIPPED)


def test_a_name_that_is_not_utf8_is_logged_with_advice(library, caplog):
    path = os.fsdecode(os.fsencode(library.folder) + b"/caf\xe9.jpg")
    make_jpeg(Path(path))
    assert record_photo(path, library) is None
    assert caplog.messages == [
        f"Skipped {os.fsencode(path)!r}: its name is not valid UTF-8, so it cannot be recorded; rename it."
    ]


@contextmanager
def another_import_first(times):
    """Another process records the same new file just before this one, ``times`` times: this one's insert of the
    file then fails on the database's unique path, as in a race between the watcher and a rescan. (The other
    process's row is written in this one's transaction, so it goes when that rolls back.)"""
    left, inside = [times], [False]

    def collide(execute, sql, params, many, context):
        if left[0] and not inside[0] and sql.startswith('INSERT INTO "photos_photofile"'):
            left[0] -= 1
            path = next(p for p in params if isinstance(p, str) and p.startswith("/"))
            inside[0] = True  # the other process's own inserts are not collided with
            try:
                other = Photo.objects.create(library=Library.objects.get())
                PhotoFile.objects.create(photo=other, path=path, bytes=1, file_modified_at=datetime.now(UTC))
            finally:
                inside[0] = False
        return execute(sql, params, many, context)

    with connection.execute_wrapper(collide):
        yield


def test_a_file_recorded_at_once_by_another_process_is_recorded_on_the_second_try(library):
    path = make_jpeg(library.folder / "a.jpg")
    with another_import_first(times=1):
        photo = record_photo(path, library)
    assert list(PhotoFile.objects.values_list("path", "photo")) == [(str(path), photo.pk)]


def test_a_second_collision_is_an_error(library):
    path = make_jpeg(library.folder / "a.jpg")
    with pytest.raises(IntegrityError), another_import_first(times=2):
        record_photo(path, library)


_vanishing = set()  # paths deleted the moment Python opens them (see vanishing_when_opened)


def _vanish_on_open(event, args):
    if _vanishing and event == "open" and isinstance(args[0], str) and args[0] in _vanishing:
        _vanishing.discard(args[0])
        os.unlink(args[0])


sys.addaudithook(_vanish_on_open)  # an audit hook cannot be removed: it does nothing unless a path is armed


@contextmanager
def vanishing_when_opened(path):
    """``path`` is deleted just before the next time this process opens it: the file is gone between its stat
    and its reading, as when the user deletes it while a worker takes it up."""
    _vanishing.add(str(path))
    try:
        yield
    finally:
        _vanishing.discard(str(path))


def test_a_file_deleted_between_its_stat_and_its_reading_is_forgotten(library):
    path = make_jpeg(library.folder / "a.jpg")
    record_photo(path, library)
    make_jpeg(path, (320, 240))  # changed since: it is read again
    with vanishing_when_opened(path):
        assert record_photo(path, library) is None
    assert not path.exists()
    assert not PhotoFile.objects.exists() and not Photo.objects.exists()
