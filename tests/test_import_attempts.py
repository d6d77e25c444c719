"""``import_file``, the body of the worker's ``import_file_task``, run in this process: what it answers, and the
file that keeps killing its worker (a decoder crash), which is rejected after ``MAX_IMPORT_ATTEMPTS`` deaths.

A death is what it leaves in Redis: the file's attempt counter, raised and never cleared (the end-to-end
crash, with a real worker killed mid-import, is in tests/test_hardening.py).
"""

import os
from datetime import UTC, datetime
from pathlib import Path

import pytest

from photonix.common.broker import redis_client
from photonix.photos.importing import MAX_IMPORT_ATTEMPTS, _attempts_key, import_file
from photonix.photos.models import Photo, RejectedFile
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
