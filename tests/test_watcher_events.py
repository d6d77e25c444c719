"""The watcher's event logic (``LibraryEventHandler``) with time under the test's control.

Real files, the real database and the test broker (the imports it sends are queued there, and taken off
at the end of the module: no worker runs here); only the clock is the test's, so that the order of events
and flush ticks within the quiet window is exact instead of left to the machine's load. The watcher as a
running process, with inotify, is tested in test_watcher.py.
"""

import os
import threading

import pytest
import redis
from django.conf import settings
from watchdog.events import (
    DirDeletedEvent,
    DirMovedEvent,
    FileCreatedEvent,
    FileDeletedEvent,
    FileModifiedEvent,
    FileMovedEvent,
)

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
def test_a_move_reported_as_deletion_then_creation_keeps_the_photo(handler, clock, library, delay):
    """``mkdir 2024 && mv trip.jpg 2024/`` reaches the watcher as a deletion and, ``delay`` seconds later,
    a new file; flush ticks fall between the two and after. The photo keeps its id, rating, tags and faces."""
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


@pytest.mark.django_db
def test_a_new_file_is_sent_once_it_has_been_quiet_for_the_whole_window(handler, clock, library, broker):
    """A file still being written (modified 1 s after it appeared) is sent once, only after 1.5 s of quiet."""
    path = make_jpeg(library.folder / "copying.jpg", (64, 48))
    start = clock.now
    handler.on_created(FileCreatedEvent(str(path)))
    clock.now = start + 1.0
    handler.on_modified(FileModifiedEvent(str(path)))

    flush_at(handler, clock, start + 1.0 + QUIET_SECONDS - 0.01)
    assert sent(broker) == []
    flush_at(handler, clock, start + 1.0 + QUIET_SECONDS, start + 10)
    assert sent(broker) == [str(path)]


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
def test_a_deleted_folder_forgets_its_files_but_not_those_of_a_folder_made_again(handler, clock, library):
    """``rm -r Party`` forgets every photo in it; ``rm -r Trip && mkdir Trip`` with one photo put back
    forgets only those that are not back."""
    party, trip = library.folder / "Party", library.folder / "Trip"
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
    assert not {cake.pk, lost.pk} & set(Photo.objects.values_list("pk", flat=True))


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
@pytest.mark.parametrize("change", ["size", "modification time"])
def test_a_different_file_with_the_name_of_a_deleted_one_is_a_new_photo(handler, clock, library, broker, change):
    """Only a file with the deleted one's name, size and modification time is taken for it, moved."""
    old = library.folder / "trip.jpg"
    photo = tagged_photo(library, old)
    new = library.folder / "2024" / "trip.jpg"
    new.parent.mkdir()
    os.rename(old, new)
    if change == "size":
        make_jpeg(new, (80, 60))
    else:
        os.utime(new, (os.stat(new).st_atime, os.stat(new).st_mtime + 60))
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
