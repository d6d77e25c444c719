"""Rescans list a library's folders and send each new or changed file to a worker (``import_file_task``).

Every test runs a real worker (``live_worker``) and waits for it: what a user sees after a rescan.
"""

import os
import shutil
from datetime import UTC, datetime

import pytest

from photonix.photos.models import Photo, PhotoFile, RejectedFile
from photonix.photos.pipeline import queues_idle
from photonix.photos.scanning import scan_library
from tests.factories import make_bad_files, make_dng, make_jpeg
from tests.processes import wait_until
from tests.test_import import REJECTED_AT_IMPORT, copy_fixture, run_without_file_permissions, set_exif_date

pytestmark = pytest.mark.django_db(transaction=True)


def rescan(library):
    """Rescan the library's one folder and wait until the worker has imported what it was sent."""
    (result,) = scan_library(library).values()
    wait_until(queues_idle, timeout=120, interval=0.5, message="the worker to import the files")
    return result


def test_rescan_of_the_whole_fixture_folder_imports_every_file(library, live_worker, fixture_photos):
    """A rescan of a copy of ../shared/fixtures/photos (sub-folder included) imports every file, rejects none."""
    shutil.copytree(fixture_photos, library.folder / "fixtures")
    files = [path for path in (library.folder / "fixtures").rglob("*") if path.is_file()]

    result = rescan(library)

    assert (result.sent, result.unchanged, result.skipped, result.removed) == (len(files), 0, 0, 0)
    assert Photo.objects.count() == PhotoFile.objects.count() == len(files)
    assert not RejectedFile.objects.exists()


def test_unreadable_file_is_rejected_and_imported_once_readable(library, live_worker, fixture_photos):
    """chmod 000: rejected with "Permission denied" (by ``record_photo`` in a process without root's file
    access) and not read again while it stays so; after chmod 644 the next rescan imports it, although its
    modification time and size did not change."""
    path = copy_fixture(fixture_photos, "snow.jpg", library.folder)
    path.chmod(0)
    try:
        output = run_without_file_permissions(
            "from photonix.photos.importing import record_photo\n"
            f"for _ in range(2):\n    print(record_photo({str(path)!r}, {str(library.pk)!r}))\n"
        )
    finally:
        path.chmod(0o644)

    assert output.splitlines() == ["None", "skipped"]  # rejected, then skipped while still unreadable
    assert RejectedFile.objects.get().reason == f"Permission denied: Photonix cannot read {path}."
    assert not Photo.objects.exists()

    result = rescan(library)

    assert result.sent == 1
    assert str(Photo.objects.get().camera) == "Xiaomi MI 5"
    assert not RejectedFile.objects.exists()


def test_rescan_imports_good_files_records_bad_ones_and_skips_them_the_next_time(library, live_worker, fixture_photos):
    """One folder of good and bad files: the first rescan imports the good ones (and the bad ones that pass the
    header check), records the others with their reason; a second rescan reads nothing again."""
    for name in ("snow.jpg", "tree.jpg", "bad_date.jpg", "unreadable_date.jpg", "invalid_utf8.jpg"):
        copy_fixture(fixture_photos, name, library.folder)
    bad = make_bad_files(library.folder / "bad")

    first = rescan(library)

    assert (first.sent, first.unchanged, first.skipped, first.removed) == (10, 0, 0, 0)
    assert dict(RejectedFile.objects.values_list("path", "reason")) == {
        str(bad[kind]): reason for kind, reason in REJECTED_AT_IMPORT.items()
    }
    assert Photo.objects.count() == 6  # the truncated JPEG has a valid header
    rejected_before = dict(RejectedFile.objects.values_list("path", "updated_at"))

    second = rescan(library)

    assert (second.sent, second.unchanged, second.skipped, second.removed) == (0, 10, 0, 0)
    assert dict(RejectedFile.objects.values_list("path", "updated_at")) == rejected_before
    assert Photo.objects.count() == 6  # the truncated JPEG has a valid header

    make_jpeg(bad["zero_byte"], taken_at="2024:01:02 03:04:05")  # the empty file is replaced by a real photo
    third = rescan(library)

    assert (third.sent, third.unchanged, third.skipped) == (1, 9, 0)
    assert not RejectedFile.objects.filter(path=str(bad["zero_byte"])).exists()
    replaced = Photo.objects.get(files__path=str(bad["zero_byte"]))
    assert replaced.taken_at == datetime(2024, 1, 2, 3, 4, 5, tzinfo=UTC)


def test_file_name_that_is_not_utf8_does_not_stop_the_rescan(library, live_worker):
    """A name of Latin-1 bytes cannot be stored in the database: the file is skipped (and logged), the rest of the
    folder is imported."""
    make_jpeg(library.folder / "good.jpg")
    latin1 = os.fsdecode(os.fsencode(library.folder) + b"/caf\xe9.jpg")
    make_jpeg(latin1)

    result = rescan(library)

    assert (result.sent, result.skipped) == (1, 1)
    assert list(PhotoFile.objects.values_list("path", flat=True)) == [str(library.folder / "good.jpg")]


def test_same_date_under_different_names_are_two_photos(library, live_worker):
    """Two shots in the same second (a burst) are two photos, and so are same-named files of different dates."""
    make_jpeg(library.folder / "IMG_0001.jpg", taken_at="2024:05:01 12:00:00")
    make_jpeg(library.folder / "IMG_0002.jpg", taken_at="2024:05:01 12:00:00")
    other_day = make_dng(library.folder / "IMG_0001.dng")
    set_exif_date(other_day, "2024:05:09 09:00:00")

    result = rescan(library)

    assert result.sent == 3
    assert Photo.objects.count() == 3
    assert {photo.files.count() for photo in Photo.objects.all()} == {1}
