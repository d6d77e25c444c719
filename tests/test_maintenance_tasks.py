"""The periodic tasks beat runs: rescans under a lock, and the face index rebuild."""

import shutil

import pytest
from django.conf import settings

from photonix.classifiers.registry import get
from photonix.photos.models import Photo
from photonix.photos.people import face_index_path
from photonix.photos.processing import classify_photo
from photonix.photos.tasks import generate_thumbnails_task, rebuild_face_index_task, rescan_library_task
from photonix.photos.utils.db import record_photo
from photonix.photos.utils.scan import rescan_lock
from tests.factories import make_jpeg

pytestmark = pytest.mark.django_db


def test_rescan_task_imports_and_never_overlaps_a_running_rescan(library):
    make_jpeg(library.folder / "a.jpg", size=(320, 240))
    lock = rescan_lock(library)
    assert lock.acquire()
    try:
        assert rescan_library_task(str(library.pk)) == {library.name: "already being rescanned"}
        assert Photo.objects.count() == 0
    finally:
        lock.release()

    summary = rescan_library_task(str(library.pk))
    assert summary[library.name][str(library.folder)].startswith("1 imported or updated")
    assert Photo.objects.count() == 1


def test_face_index_task_indexes_each_library_s_faces(library, fixture_photos):
    for name in ("Boris_Becker_0003.jpg", "David_Beckham_0001.jpg"):
        shutil.copy(fixture_photos / "faces" / name, library.folder / name)
        photo = record_photo(library.folder / name, library)
        generate_thumbnails_task(str(photo.pk))
        classify_photo(photo, get("face"))

    assert rebuild_face_index_task() == {str(library.pk): 2}
    assert face_index_path(library).is_file()
    assert str(face_index_path(library)).startswith(str(settings.DATA_DIR))
