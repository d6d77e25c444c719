"""The watcher's event logic (``LibraryEventHandler``) with time under the test's control.

Real files, the real database and the test broker (the imports it sends are queued there, and taken off
at the end of the module: no worker runs here); only the clock is the test's, so that the order of events
and flush ticks within the quiet window is exact instead of left to the machine's load. The watcher as a
running process, with inotify, is tested in test_watcher.py.
"""

import os
import shutil
import threading
import time
from pathlib import Path

import pytest
import redis
from django.conf import settings
from django.db import connection
from watchdog.events import (
    DirDeletedEvent,
    DirMovedEvent,
    FileCreatedEvent,
    FileDeletedEvent,
    FileModifiedEvent,
    FileMovedEvent,
)

from photonix.photos import watcher
from photonix.photos.importing import record_photo
from photonix.photos.models import LibraryPath, Photo, PhotoFile, PhotoTag, Tag
from photonix.photos.watcher import QUIET_SECONDS, LibraryEventHandler, watch_forever, watched_roots
from tests.conftest import make_library
from tests.factories import make_jpeg
from tests.processes import broker_keys, queued_tasks, wait_until


@pytest.fixture(autouse=True)
def broker():
    """The test broker, its queues emptied before and after each test (nothing consumes the imports sent here)."""
    client = redis.Redis.from_url(settings.CELERY_BROKER_URL)
    client.delete(*broker_keys())
    yield client
    client.delete(*broker_keys())


def sent(broker):
    """The paths the watcher sent to be imported, in order."""
    return [args[0] for name, args in queued_tasks(broker) if name == "photonix.photos.tasks.import_file_task"]


class Clock:
    """A monotonic clock that moves only when the test says."""

    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def handler(library, clock):
    handler = LibraryEventHandler(clock=clock)
    handler.roots = {str(library.folder): library}
    return handler


def flush_at(handler, clock, *moments):
    """Flush ticks at the given moments (the handler's clock is left where the events put it)."""
    for moment in moments:
        handler.flush(now=moment)


def tagged_photo(library, path):
    """A recorded photo the user has rated, tagged and named a face in: what a move must keep."""
    photo = record_photo(make_jpeg(path, (64, 48)), library)
    Photo.objects.filter(pk=photo.pk).update(star_rating=4)
    for name, tag_type in (("Beach", Tag.Type.GENERIC), ("Grandma", Tag.Type.FACE)):
        tag, _ = Tag.objects.get_or_create(library=library, name=name, type=tag_type, source=Tag.Source.HUMAN)
        PhotoTag.objects.create(photo=photo, tag=tag, source=Tag.Source.HUMAN)
    return photo


def what_the_user_sees(photo_id):
    photo = Photo.objects.get(pk=photo_id)
    return photo.star_rating, sorted(photo.photo_tags.values_list("tag__name", "tag__type"))


@pytest.mark.django_db
@pytest.mark.parametrize("delay", [0.1, 0.7, QUIET_SECONDS - 0.01])
def test_a_move_reported_as_deletion_then_creation_keeps_the_photo(handler, clock, library, delay, caplog):
    """``mkdir 2024 && mv trip.jpg 2024/`` reaches the watcher as a deletion and, ``delay`` seconds later,
    a new file; flush ticks fall between the two and after. The photo keeps its id, rating, tags and faces."""
    caplog.set_level("INFO", logger="photonix.photos.watcher")
    old = library.folder / "trip.jpg"
    photo = tagged_photo(library, old)
    before = what_the_user_sees(photo.pk)
    new = library.folder / "2024" / "trip.jpg"
    new.parent.mkdir()
    os.rename(old, new)

    deleted_at = clock.now
    handler.on_deleted(FileDeletedEvent(str(old)))
    clock.now = deleted_at + 0.05
    handler.flush()
    clock.now = created_at = deleted_at + delay
    handler.on_created(FileCreatedEvent(str(new)))
    # The first tick comes when the deletion is quiet but the new file not yet.
    for tick in (deleted_at + QUIET_SECONDS, created_at + QUIET_SECONDS, created_at + 2 * QUIET_SECONDS):
        clock.now = tick
        handler.flush()

    assert list(PhotoFile.objects.values_list("path", "photo_id")) == [(str(new), photo.pk)]
    assert what_the_user_sees(photo.pk) == before
    assert f"Moved {str(old)!r} to {str(new)!r}" in caplog.messages


@pytest.mark.django_db
def test_a_new_file_is_sent_once_it_has_been_quiet_for_the_whole_window(handler, clock, library, broker, caplog):
    """A file still being written (modified 1 s after it appeared) is sent once, only after 1.5 s of quiet."""
    caplog.set_level("INFO", logger="photonix.photos.watcher")
    path = make_jpeg(library.folder / "copying.jpg", (64, 48))
    start = clock.now
    handler.on_created(FileCreatedEvent(str(path)))
    clock.now = start + 1.0
    handler.on_modified(FileModifiedEvent(str(path)))

    flush_at(handler, clock, start + 1.0 + QUIET_SECONDS - 0.01)
    assert sent(broker) == []
    flush_at(handler, clock, start + 1.0 + QUIET_SECONDS, start + 10)
    assert sent(broker) == [str(path)]
    assert caplog.messages == [f"Sent {str(path)!r} to be imported"]


@pytest.mark.django_db
def test_a_deleted_file_is_forgotten_once_the_quiet_window_has_passed(handler, clock, library):
    path = library.folder / "gone.jpg"
    photo = tagged_photo(library, path)
    path.unlink()
    deleted_at = clock.now
    handler.on_deleted(FileDeletedEvent(str(path)))

    flush_at(handler, clock, deleted_at + QUIET_SECONDS - 0.01)
    assert Photo.objects.filter(pk=photo.pk).exists()
    flush_at(handler, clock, deleted_at + QUIET_SECONDS)
    assert not Photo.objects.filter(pk=photo.pk).exists()


@pytest.mark.django_db
def test_new_files_after_the_quiet_window_do_not_hold_a_deletion(handler, clock, library):
    """A deletion waits only for the new files seen within the quiet window after it, not for later ones
    (a long copy into the library must not keep a deleted photo on screen)."""
    path = library.folder / "gone.jpg"
    photo = tagged_photo(library, path)
    path.unlink()
    deleted_at = clock.now
    handler.on_deleted(FileDeletedEvent(str(path)))
    clock.now = deleted_at + QUIET_SECONDS
    handler.on_created(FileCreatedEvent(str(make_jpeg(library.folder / "later.jpg", (32, 24)))))

    handler.flush()

    assert not Photo.objects.filter(pk=photo.pk).exists()


@pytest.mark.django_db
def test_a_file_saved_by_deleting_and_writing_it_again_keeps_its_photo(handler, clock, library, broker):
    """An editor that saves by deleting and rewriting: the deletion is not applied to the file that is back."""
    path = library.folder / "edited.jpg"
    photo = tagged_photo(library, path)
    before = what_the_user_sees(photo.pk)
    path.unlink()
    deleted_at = clock.now
    handler.on_deleted(FileDeletedEvent(str(path)))
    make_jpeg(path, (48, 64))
    clock.now = deleted_at + 0.2
    handler.on_created(FileCreatedEvent(str(path)))

    flush_at(handler, clock, deleted_at + QUIET_SECONDS, deleted_at + 0.2 + QUIET_SECONDS)

    assert what_the_user_sees(photo.pk) == before
    assert list(PhotoFile.objects.values_list("path", "photo_id")) == [(str(path), photo.pk)]
    assert sent(broker) == [str(path)]  # the new content is imported into the same photo


@pytest.mark.django_db
@pytest.mark.parametrize("trip_name", ["Trip", "Trip "], ids=["trip", "trailing-space"])
def test_a_deleted_folder_forgets_its_files_but_not_those_of_a_folder_made_again(
    handler, clock, library, caplog, trip_name
):
    """``rm -r Party`` forgets every photo in it; ``rm -r Trip && mkdir Trip`` with one photo put back
    forgets only those that are not back. The log names what was forgotten."""
    caplog.set_level("INFO", logger="photonix.photos.watcher")
    party, trip = library.folder / "Party", library.folder / trip_name
    party.mkdir()
    trip.mkdir()
    cake, kept, lost = (tagged_photo(library, path) for path in (party / "cake.jpg", trip / "a.jpg", trip / "b.jpg"))
    (trip / "b.jpg").unlink()
    (party / "cake.jpg").unlink()
    party.rmdir()
    handler.on_deleted(DirDeletedEvent(str(party)))
    handler.on_deleted(DirDeletedEvent(str(trip)))

    flush_at(handler, clock, clock.now + QUIET_SECONDS)

    assert set(Photo.objects.values_list("pk", flat=True)) == {kept.pk}
    assert caplog.messages == [f"Forgot {str(party)!r}", f"Forgot {str(trip / 'b.jpg')!r}"]


@pytest.mark.django_db
def test_renamed_file_and_folder_keep_their_photos_at_once(handler, library, broker):
    """Renames inside a library are applied when they happen, with no import."""
    photo = tagged_photo(library, library.folder / "IMG_1.jpg")
    (library.folder / "IMG_1.jpg").rename(library.folder / "Beach.jpg")
    handler.on_moved(FileMovedEvent(str(library.folder / "IMG_1.jpg"), str(library.folder / "Beach.jpg")))
    assert list(PhotoFile.objects.values_list("path", "photo_id")) == [(str(library.folder / "Beach.jpg"), photo.pk)]

    (library.folder / "2024").mkdir()
    (library.folder / "2024").rename(library.folder / "Holidays")
    (library.folder / "Beach.jpg").rename(library.folder / "Holidays" / "Beach.jpg")
    handler.on_moved(FileMovedEvent(str(library.folder / "Beach.jpg"), str(library.folder / "Holidays" / "Beach.jpg")))
    handler.on_moved(DirMovedEvent(str(library.folder / "Holidays"), str(library.folder / "Summer")))
    (library.folder / "Holidays").rename(library.folder / "Summer")

    handler.flush(now=handler.clock() + 10)
    assert list(PhotoFile.objects.values_list("path", "photo_id")) == [
        (str(library.folder / "Summer" / "Beach.jpg"), photo.pk)
    ]
    assert sent(broker) == []


@pytest.mark.django_db
def test_a_file_moved_into_another_library_leaves_the_first_and_is_sent_to_the_second(
    handler, clock, library, django_user_model, tmp_path, broker
):
    other = make_library(django_user_model, "bob", "Bob's", tmp_path / "bob")
    handler.roots[str(other.folder)] = other
    photo = tagged_photo(library, library.folder / "shared.jpg")
    moved_at = clock.now
    (library.folder / "shared.jpg").rename(other.folder / "shared.jpg")
    handler.on_moved(FileMovedEvent(str(library.folder / "shared.jpg"), str(other.folder / "shared.jpg")))

    flush_at(handler, clock, moved_at + QUIET_SECONDS)

    assert not Photo.objects.filter(pk=photo.pk).exists()
    assert sent(broker) == [str(other.folder / "shared.jpg")]


@pytest.mark.django_db
@pytest.mark.parametrize("change", ["name", "size", "modification time"])
def test_a_different_file_with_the_name_of_a_deleted_one_is_a_new_photo(handler, clock, library, broker, change):
    """Only a file with the deleted one's name, size and modification time is taken for it, moved."""
    old = library.folder / "trip.jpg"
    photo = tagged_photo(library, old)
    new = library.folder / "2024" / ("trip-2.jpg" if change == "name" else "trip.jpg")
    new.parent.mkdir()
    os.rename(old, new)
    written = os.stat(new)
    if change == "size":
        make_jpeg(new, (80, 60))
        os.utime(new, ns=(written.st_atime_ns, written.st_mtime_ns))  # only the size differs
    elif change == "modification time":
        os.utime(new, (written.st_atime, written.st_mtime + 60))
    deleted_at = clock.now
    handler.on_deleted(FileDeletedEvent(str(old)))
    clock.now = deleted_at + 0.1
    handler.on_created(FileCreatedEvent(str(new)))

    flush_at(handler, clock, deleted_at + QUIET_SECONDS, deleted_at + 0.1 + QUIET_SECONDS)

    assert not Photo.objects.filter(pk=photo.pk).exists()
    assert sent(broker) == [str(new)]


@pytest.mark.django_db
def test_a_folder_moved_into_a_new_folder_keeps_its_photos(handler, clock, library, broker):
    """``mkdir Archive && mv Party Archive/``, reported as the folder deleted and its file created anew."""
    party = library.folder / "Party"
    party.mkdir()
    photo = tagged_photo(library, party / "cake.jpg")
    (library.folder / "Archive").mkdir()
    os.rename(party, library.folder / "Archive" / "Party")
    moved = library.folder / "Archive" / "Party" / "cake.jpg"
    deleted_at = clock.now
    handler.on_deleted(DirDeletedEvent(str(party)))
    clock.now = deleted_at + 0.3
    handler.on_created(FileCreatedEvent(str(moved)))

    flush_at(handler, clock, deleted_at + QUIET_SECONDS, deleted_at + 0.3 + QUIET_SECONDS)

    assert list(PhotoFile.objects.values_list("path", "photo_id")) == [(str(moved), photo.pk)]


@pytest.mark.django_db
def test_only_store_folders_on_disk_with_watching_on_are_watched(library, tmp_path):
    LibraryPath.objects.create(library=library, path=str(tmp_path), watch_for_changes=False)
    LibraryPath.objects.create(library=library, path=str(tmp_path / "unplugged-disk"))
    LibraryPath.objects.create(library=library, path=str(tmp_path), type=LibraryPath.Type.IMPORT)

    assert watched_roots() == {str(library.folder): library}


@pytest.mark.django_db
def test_the_watched_folders_and_their_libraries_are_read_in_one_query(
    library, django_user_model, tmp_path, django_assert_num_queries
):
    other = make_library(django_user_model, "bob", "Bob's", tmp_path / "bob")
    with django_assert_num_queries(1):
        roots = watched_roots()
        assert {root: lib.name for root, lib in roots.items()} == {
            str(library.folder): library.name,
            str(other.folder): "Bob's",
        }


@pytest.mark.django_db(transaction=True)
def test_watch_forever_sends_what_changes_until_it_is_stopped(library, broker, caplog):
    """The watching loop itself, in a thread with real inotify: it watches the library's folder and its
    subfolders, sends a new file once it is quiet, and ends when told to."""
    (library.folder / "2024").mkdir()
    stop = threading.Event()
    thread = threading.Thread(target=watch_forever, args=(stop,), daemon=True)
    caplog.set_level("INFO", logger="photonix.photos.watcher")
    thread.start()
    try:
        wait_until(lambda: f"Watching {str(library.folder)!r}" in caplog.text, message="the folder to be watched")
        path = make_jpeg(library.folder / "2024" / "new.jpg", (64, 48))
        wait_until(lambda: sent(broker) == [str(path)], timeout=20, message="the new file to be sent")
    finally:
        stop.set()
        thread.join(10)
    assert not thread.is_alive()


@pytest.mark.django_db(transaction=True)
def test_watch_forever_follows_the_library_folders_and_outlives_a_database_fault(
    library, broker, caplog, monkeypatch, tmp_path
):
    """The folders are read again every RELOAD_SECONDS: a folder whose path is removed is no longer watched.
    When the database cannot be read (here its table of folders is gone), the watcher logs it and keeps
    watching the folders it knows; the next reload after the fault picks up the changes."""
    monkeypatch.setattr(watcher, "RELOAD_SECONDS", 0.3)
    caplog.set_level("INFO", logger="photonix.photos.watcher")
    table = connection.ops.quote_name(LibraryPath._meta.db_table)
    stop = threading.Event()
    thread = threading.Thread(target=watch_forever, args=(stop,), daemon=True)
    thread.start()
    try:
        watching = f"Watching {str(library.folder)!r}"
        wait_until(lambda: watching in caplog.messages, message="the folder to be watched")
        with connection.cursor() as cursor:
            cursor.execute(f"ALTER TABLE {table} RENAME TO broken_librarypath")
        try:
            wait_until(lambda: "Could not reload the library folders" in caplog.messages, message="the fault")
            path = make_jpeg(library.folder / "during.jpg", (64, 48))
            wait_until(lambda: sent(broker) == [str(path)], timeout=20, message="a new file to be sent all the same")
        finally:
            with connection.cursor() as cursor:
                cursor.execute(f"ALTER TABLE broken_librarypath RENAME TO {table}")
        LibraryPath.objects.filter(library=library).delete()
        stopped = f"Stopped watching {str(library.folder)!r}"
        wait_until(lambda: stopped in caplog.messages, message="the removed folder to be unwatched")
        make_jpeg(library.folder / "after.jpg", (64, 48))
        time.sleep(QUIET_SECONDS + 1)  # the quiet window and more: a watched file would have been sent by now
        assert sent(broker) == [str(path)]
    finally:
        stop.set()
        thread.join(10)
    assert caplog.messages.count(watching) == 1  # each folder is scheduled once, not at every reload


@pytest.mark.django_db(transaction=True)
def test_the_folders_are_not_read_again_before_reload_seconds(
    library, caplog, monkeypatch, tmp_path, django_user_model
):
    """A library added while the watcher runs is picked up at the next reload, not at every tick."""
    monkeypatch.setattr(watcher, "RELOAD_SECONDS", 3600)
    caplog.set_level("INFO", logger="photonix.photos.watcher")
    stop = threading.Event()
    thread = threading.Thread(target=watch_forever, args=(stop,), daemon=True)
    thread.start()
    try:
        wait_until(lambda: f"Watching {str(library.folder)!r}" in caplog.messages, message="the folder to be watched")
        other = make_library(django_user_model, "bob", "Bob's", tmp_path / "bob")
        time.sleep(1.5)  # six ticks of the loop
        assert f"Watching {str(other.folder)!r}" not in caplog.messages
    finally:
        stop.set()
        thread.join(10)


@pytest.mark.django_db
def test_a_move_is_recognised_on_a_server_outside_utc(handler, clock, library, server_zone):
    old = library.folder / "trip.jpg"
    photo = tagged_photo(library, old)
    new = library.folder / "2024" / "trip.jpg"
    new.parent.mkdir()
    os.rename(old, new)
    handler.on_deleted(FileDeletedEvent(str(old)))
    handler.on_created(FileCreatedEvent(str(new)))
    flush_at(handler, clock, clock.now + QUIET_SECONDS)
    assert list(PhotoFile.objects.values_list("path", "photo_id")) == [(str(new), photo.pk)]


@pytest.mark.django_db
def test_a_copy_of_a_file_that_is_still_there_is_a_new_photo(handler, clock, library, broker):
    """``cp -p`` of a photo saved by deleting and rewriting it (same name, size and time in the window): the
    original keeps its photo, the copy is new. And a recorded file missing without a deletion being seen (it
    went while the watcher was down) is not taken for a new file that looks like it: only a rescan forgets it."""
    saved, lost = library.folder / "saved.jpg", library.folder / "a" / "lost.jpg"
    lost.parent.mkdir()
    kept_photo, lost_photo = tagged_photo(library, saved), tagged_photo(library, lost)
    (library.folder / "b").mkdir()
    copy, lookalike = library.folder / "b" / "saved.jpg", library.folder / "b" / "lost.jpg"
    shutil.copy2(saved, copy)
    shutil.copy2(lost, lookalike)
    lost.unlink()  # no event: the watcher was not running
    (library.folder / "c").mkdir()
    (library.folder / "c").rmdir()
    handler.on_deleted(FileDeletedEvent(str(saved)))  # the editor's save: deleted and written again
    handler.on_created(FileCreatedEvent(str(saved)))
    handler.on_deleted(DirDeletedEvent(str(library.folder / "c")))  # an unrelated folder deleted meanwhile
    handler.on_created(FileCreatedEvent(str(copy)))
    handler.on_created(FileCreatedEvent(str(lookalike)))

    flush_at(handler, clock, clock.now + QUIET_SECONDS)

    paths = dict(PhotoFile.objects.values_list("path", "photo_id"))
    assert paths == {str(saved): kept_photo.pk, str(lost): lost_photo.pk}
    assert sorted(sent(broker)) == sorted(map(str, (saved, copy, lookalike)))


@pytest.mark.django_db
def test_only_existing_files_of_a_library_outside_data_dir_are_sent(handler, clock, library, broker, settings, caplog):
    """Not a file deleted before it was quiet, not a path that became a folder, not a file in Photonix's own
    DATA_DIR inside the library, not a file of a folder no longer watched; and none of them is an error."""
    caplog.set_level("INFO", logger="photonix.photos.watcher")
    settings.DATA_DIR = str(library.folder / "photonix-data")
    brief, folder = library.folder / "brief.jpg", library.folder / "was-a-file"
    (library.folder / "photonix-data").mkdir()
    private = make_jpeg(library.folder / "photonix-data" / "cache.jpg", (32, 24))
    elsewhere = make_jpeg(library.folder.parent / "elsewhere.jpg", (32, 24))
    make_jpeg(brief, (32, 24))
    handler.on_created(FileCreatedEvent(str(brief)))
    brief.unlink()
    folder.mkdir()
    for path in (folder, private, elsewhere):
        handler.on_created(FileCreatedEvent(str(path)))

    flush_at(handler, clock, clock.now + QUIET_SECONDS)

    assert sent(broker) == []
    assert caplog.messages == []


@pytest.mark.django_db
def test_a_handler_before_its_folders_are_loaded_sends_nothing(library, broker):
    handler = LibraryEventHandler()
    handler.on_created(FileCreatedEvent(str(make_jpeg(library.folder / "early.jpg", (32, 24)))))
    handler.flush(now=time.monotonic() + QUIET_SECONDS)
    assert sent(broker) == []


@pytest.mark.django_db
def test_a_library_folder_whose_name_ends_in_a_space_is_its_own(
    handler, clock, library, broker, django_user_model, tmp_path
):
    """``/photos/Trip`` and ``/photos/Trip `` are two folders: a file in the second belongs to its library."""
    spaced = make_library(django_user_model, "bob", "Bob's", tmp_path / "Trip ")
    plain = make_library(django_user_model, "carol", "Carol's", tmp_path / "Trip")
    handler.roots = {str(spaced.folder): spaced, str(plain.folder): plain}
    path = make_jpeg(spaced.folder / "a.jpg", (32, 24))
    handler.on_created(FileCreatedEvent(str(path)))
    flush_at(handler, clock, clock.now + QUIET_SECONDS)
    assert [args for _, args in queued_tasks(broker)] == [[str(path), str(spaced.pk)]]


@pytest.mark.django_db(transaction=True)
def test_a_database_fault_is_logged_for_each_file_and_the_watcher_goes_on(handler, clock, library, broker, caplog):
    """The database cannot be read while a new file and a deletion are applied: each is logged with its path,
    nothing is raised (an exception would end the watching loop)."""
    caplog.set_level("INFO", logger="photonix.photos.watcher")
    gone = library.folder / "gone.jpg"
    tagged_photo(library, gone)
    gone.unlink()
    new = make_jpeg(library.folder / "new.jpg", (32, 24))
    handler.on_deleted(FileDeletedEvent(str(gone)))
    handler.on_created(FileCreatedEvent(str(new)))
    table = connection.ops.quote_name(PhotoFile._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"ALTER TABLE {table} RENAME TO broken_photofile")
    try:
        flush_at(handler, clock, clock.now + QUIET_SECONDS)
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"ALTER TABLE broken_photofile RENAME TO {table}")
    assert [r.getMessage() for r in caplog.records if r.levelname == "ERROR"] == [
        f"Could not send {str(new)!r}",
        f"Could not forget {str(gone)!r}",
    ]


@pytest.mark.django_db
def test_a_file_whose_name_is_not_utf8_is_skipped_with_advice_even_right_after_a_deletion(
    handler, clock, library, broker, caplog
):
    """Such a name cannot be stored or looked up: it is never taken for a moved file, nothing fails, and the
    log says to rename it."""
    gone = library.folder / "gone.jpg"
    tagged_photo(library, gone)
    gone.unlink()
    odd = os.fsdecode(os.fsencode(library.folder) + b"/gon\xe9.jpg")
    make_jpeg(Path(odd), (32, 24))
    handler.on_deleted(FileDeletedEvent(str(gone)))
    handler.on_created(FileCreatedEvent(odd))

    flush_at(handler, clock, clock.now + QUIET_SECONDS)

    assert sent(broker) == []
    assert [r.levelname for r in caplog.records if "rename it" in r.getMessage()] == ["WARNING"]
    assert not [r for r in caplog.records if r.levelname == "ERROR"]
