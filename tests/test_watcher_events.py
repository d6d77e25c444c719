"""The watcher's event logic (``LibraryEventHandler``) with time under the test's control.

Real files, the real database and the test broker (the imports it sends are queued there, and taken off
at the end of the module: no worker runs here); only the clock is the test's, so that the order of events
and flush ticks within the quiet window is exact instead of left to the machine's load. The watcher as a
running process, with inotify, is tested in test_watcher.py.
"""

import os

import pytest
import redis
from django.conf import settings
from watchdog.events import FileCreatedEvent, FileDeletedEvent

from photonix.photos.importing import record_photo
from photonix.photos.models import Photo, PhotoFile, PhotoTag, Tag
from photonix.photos.watcher import QUIET_SECONDS, LibraryEventHandler
from tests.factories import make_jpeg
from tests.processes import broker_keys


@pytest.fixture(scope="module", autouse=True)
def _broker_queues_emptied_afterwards():
    """The imports the watcher sends here are never consumed: take them off the test broker's queues."""
    yield
    redis.Redis.from_url(settings.CELERY_BROKER_URL).delete(*broker_keys())


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


def tagged_photo(library, path):
    """A recorded photo the user has rated, tagged and named a face in: what a move must keep."""
    photo = record_photo(make_jpeg(path, (64, 48)), library)
    Photo.objects.filter(pk=photo.pk).update(star_rating=4)
    for name, tag_type in (("Beach", Tag.Type.GENERIC), ("Grandma", Tag.Type.FACE)):
        tag = Tag.objects.create(library=library, name=name, type=tag_type, source=Tag.Source.HUMAN)
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
