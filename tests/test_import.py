"""Importing files: every fixture photo and every kind of bad input goes through ``record_photo`` and the
first two pipeline steps without crashing anything, and each outcome is what a user would see. (Rescans,
which import through a worker, are tested in test_scan.py.)

The real photos are read from ../shared/fixtures/photos (``fixture_photos`` skips when it is absent) and
copied into the test library's temporary folder; everything else is made here (tests/factories.py). The
raw and thumbnail task bodies are called directly, in this process: they write the PipelineStep ledger as a
worker would. No worker runs in this module; the pipelines that transactional tests dispatch to the test
broker are removed from its queues at the end of the module.
"""

import os
import shutil
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import piexif
import pytest
import redis
from django.conf import settings
from PIL import Image

from photonix.photos.forgetting import delete_folder, move_photo_file
from photonix.photos.importing import SKIPPED, _widen, record_photo
from photonix.photos.models import (
    Camera,
    Lens,
    LibraryPath,
    Photo,
    PhotoFile,
    PhotoTag,
    PipelineStep,
    RejectedFile,
    Tag,
)
from photonix.photos.processing import configured_sizes
from photonix.photos.scanning import scan_library
from photonix.photos.steps import RAW_STEP, THUMBNAILS_STEP, step_versions
from photonix.photos.tasks import generate_thumbnails_task, process_raw_task
from photonix.photos.utils.errors import BadInputError
from photonix.photos.utils.paths import developed_path, thumbnail_path
from tests.conftest import make_library, record_folder
from tests.factories import make_bad_files, make_dng, make_heic, make_jpeg
from tests.processes import ROOT, broker_keys, process_env

IMPORT_SIZES = [size for size in configured_sizes() if size.at_import]
GRID, PREVIEW = sorted(IMPORT_SIZES, key=lambda size: size.width)


@pytest.fixture(scope="module", autouse=True)
def _broker_queues_emptied_afterwards():
    """Nothing consumes the pipelines dispatched here: take them off the test broker's queues at the end,
    so that later modules (which count their own messages) start from empty queues."""
    yield
    redis.Redis.from_url(settings.CELERY_BROKER_URL).delete(*broker_keys())


# Helpers


def mtime(path):
    return datetime.fromtimestamp(os.stat(path).st_mtime, UTC)


def copy_fixture(fixture_photos, name, folder):
    """A copy of a fixture photo in the library folder (with a fresh modification time)."""
    dest = Path(folder) / Path(name).name
    shutil.copyfile(fixture_photos / name, dest)
    return dest


def run_raw_and_thumbnails(photo):
    """Run the raw and thumbnail task bodies in this process, as a worker would; return the two ledger rows."""
    process_raw_task(str(photo.pk))
    generate_thumbnails_task(str(photo.pk))
    return {row.step: row for row in PipelineStep.objects.filter(photo=photo, step__in=[RAW_STEP, THUMBNAILS_STEP])}


def thumbnails_of(photo_file):
    return [thumbnail_path(photo_file, size) for size in IMPORT_SIZES]


def set_exif_date(path, stamp):
    """Write DateTimeOriginal into a file with exiftool (pidng cannot)."""
    subprocess.run(["exiftool", "-q", "-overwrite_original", f"-DateTimeOriginal={stamp}", str(path)], check=True)


def row_counts():
    return {model.__name__: model.objects.count() for model in (Photo, PhotoFile, PipelineStep, Tag, PhotoTag, Camera)}


def run_without_file_permissions(code):
    """Run Python ``code`` with Django set up on the test database, in a child that file permissions apply to.

    As root, the child runs without CAP_DAC_OVERRIDE/CAP_DAC_READ_SEARCH (as tests/test_filetypes.py does), so
    that a chmod 000 file is unreadable to it. Returns the child's standard output.
    """
    command = [sys.executable, "-c", "import django\ndjango.setup()\n" + code]
    if os.geteuid() == 0:
        if not shutil.which("setpriv"):
            pytest.skip("running as root without setpriv: chmod 000 cannot be tested")
        caps = "-dac_override,-dac_read_search"
        command = ["setpriv", f"--bounding-set={caps}", f"--inh-caps={caps}", *command]
    result = subprocess.run(command, cwd=ROOT, env=process_env(), capture_output=True, text=True, timeout=120)
    if result.returncode != 0:
        if "setpriv" in result.stderr:
            pytest.skip(f"cannot drop file permission capabilities here: {result.stderr.strip()}")
        raise AssertionError(f"the child process failed:\n{result.stderr[-3000:]}")
    return result.stdout.strip()


# Every fixture photo: what is read, and the first two steps

FROM_MTIME = object()  # the photo has no usable date: taken_at is the file's modification time
FIXTURES = {
    "snow.jpg": {"taken_at": datetime(2018, 2, 28, 7, 16, 25, tzinfo=UTC), "camera": "Xiaomi MI 5", "size": (800, 600)},
    "tree.jpg": {"taken_at": datetime(2018, 7, 3, 12, 29, 21, tzinfo=UTC), "camera": "Xiaomi MI 5", "size": (800, 600)},
    "bad_date.jpg": {"taken_at": datetime(2000, 1, 1, tzinfo=UTC), "camera": None, "size": (8, 8)},  # "2000/01/01"
    "unreadable_date.jpg": {"taken_at": FROM_MTIME, "camera": None, "size": (8, 8)},  # "200X:0X:0X 0X:0X:0X"
    "invalid_utf8.jpg": {"taken_at": datetime(2000, 1, 1, tzinfo=UTC), "camera": None, "size": (8, 8)},
    "cmyk.tif": {"taken_at": FROM_MTIME, "camera": None, "size": (8, 8)},
    "photo_no_metadata_1.jpg": {"taken_at": FROM_MTIME, "camera": None, "size": (8, 8)},
    "photo_no_metadata_2.jpg": {"taken_at": FROM_MTIME, "camera": None, "size": (8, 8)},
}


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(FIXTURES))
def test_fixture_photo_is_imported_with_its_metadata_and_thumbnails(library, fixture_photos, name):
    """Each awkward fixture photo gets a Photo with the date, camera and size it really has, then a done raw step
    (nothing to develop: JPEG and TIFF are shown as they are) and a done thumbnail step with both import sizes."""
    expected = FIXTURES[name]
    path = copy_fixture(fixture_photos, name, library.folder)

    photo = record_photo(path, library)

    assert isinstance(photo, Photo)
    photo.refresh_from_db()
    photo_file = photo.files.get()
    assert photo_file.path == str(path)
    assert photo.taken_at == (mtime(path) if expected["taken_at"] is FROM_MTIME else expected["taken_at"])
    assert (str(photo.camera) if photo.camera else None) == expected["camera"]
    assert (photo_file.width, photo_file.height) == expected["size"]
    assert photo_file.exif_rotation == 0
    assert photo_file.mimetype == ("image/tiff" if name.endswith(".tif") else "image/jpeg")
    assert photo.taken_by is None  # invalid_utf8.jpg's Artist is the bytes 0xFF 0xFF: dropped, not a crash
    assert not RejectedFile.objects.exists()

    steps = run_raw_and_thumbnails(photo)

    assert {step: row.status for step, row in steps.items()} == {RAW_STEP: "done", THUMBNAILS_STEP: "done"}
    assert not developed_path(photo_file).exists()
    for thumbnail, size in zip(thumbnails_of(photo_file), IMPORT_SIZES, strict=True):
        with Image.open(thumbnail) as image:
            assert image.format == "JPEG"
            assert image.width <= size.width and image.height <= size.height


@pytest.mark.django_db
def test_snow_photo_exposure_details(library, fixture_photos):
    """The phone's exposure settings are kept on the photo."""
    photo = record_photo(copy_fixture(fixture_photos, "snow.jpg", library.folder), library)
    photo.refresh_from_db()
    assert (photo.iso_speed, photo.aperture, photo.exposure, photo.focal_length) == (
        100,
        Decimal("2.0"),
        "1/1124",
        Decimal("4.3"),
    )
    assert photo.flash is False
    assert photo.camera.earliest_photo == photo.camera.latest_photo == photo.taken_at


@pytest.mark.django_db
def test_tree_photo_is_placed_on_santorini(library, fixture_photos):
    """GPS seconds are divided by 3600 (the original Photonix divided by 6000 and put the photo 600 m off)."""
    photo = record_photo(copy_fixture(fixture_photos, "tree.jpg", library.folder), library)
    photo.refresh_from_db()
    assert float(photo.latitude) == pytest.approx(36 + 21 / 60 + 49.63 / 3600, abs=1e-6)
    assert float(photo.longitude) == pytest.approx(25 + 28 / 60 + 42.46 / 3600, abs=1e-6)
    assert photo.altitude == Decimal("407.0")


@pytest.mark.django_db
def test_face_fixture_photos_are_imported_with_thumbnails(library, fixture_photos):
    """Every LFW face photo (250x250 JPEGs without EXIF) is imported and thumbnailed."""
    faces = sorted((fixture_photos / "faces").glob("*.jpg"))
    assert faces
    for source in faces:
        path = copy_fixture(fixture_photos, source.relative_to(fixture_photos), library.folder)
        photo = record_photo(path, library)
        photo_file = photo.files.get()
        assert (photo_file.width, photo_file.height, photo_file.exif_rotation) == (250, 250, 0), source.name
        assert photo.taken_at == mtime(path), source.name
        steps = run_raw_and_thumbnails(photo)
        assert {row.status for row in steps.values()} == {"done"}, source.name
        assert all(thumbnail.is_file() for thumbnail in thumbnails_of(photo_file)), source.name
        with Image.open(thumbnail_path(photo_file, PREVIEW)) as preview:
            assert preview.size == (250, 250)  # "contain" never enlarges


@pytest.mark.django_db
def test_exif_orientation_is_recorded_and_thumbnails_are_upright(library):
    """A portrait photo stored on its side (EXIF orientation 6) needs a 90 degree turn; thumbnails come out turned."""
    path = make_jpeg(library.folder / "portrait.jpg", size=(640, 480), orientation=6, taken_at="2024:05:01 12:00:00")

    photo = record_photo(path, library)
    photo_file = photo.files.get()
    assert (photo_file.width, photo_file.height, photo_file.exif_rotation) == (640, 480, 90)

    run_raw_and_thumbnails(photo)
    with Image.open(thumbnail_path(photo_file, PREVIEW)) as preview:
        assert preview.size == (480, 640)


# Bad input: rejected at import, or failed at the step that finds out, never retried

REJECTED_AT_IMPORT = {
    "zero_byte": "The file is empty (0 bytes).",
    "not_an_image": "This is not a supported image file (JPEG, PNG, TIFF, WebP, GIF, BMP, HEIC, AVIF or camera RAW).",
    "garbage_dng": "This looks like a TIFF file, but it cannot be decoded: it is truncated, corrupt or an unsupported "
    "variant.",
    "decompression_bomb": "The image is too large: 40000x40000 is 1600000000 pixels, more than MAX_IMAGE_PIXELS "
    "(200000000).",
}
FAILED_AT_THUMBNAILS = {
    "truncated": "The image cannot be decoded (damaged or truncated file?): image file is truncated",
}


@pytest.mark.django_db
@pytest.mark.parametrize("kind", sorted(REJECTED_AT_IMPORT))
def test_file_that_is_no_photo_is_rejected_with_its_reason(library, kind):
    """Empty files, text named .jpg and a DNG of random bytes never become photos: a RejectedFile says why."""
    path = make_bad_files(library.folder)[kind]

    assert record_photo(path, library) is None

    rejected = RejectedFile.objects.get()
    assert (rejected.path, rejected.reason, rejected.library) == (str(path), REJECTED_AT_IMPORT[kind], library)
    assert (rejected.bytes, rejected.file_modified_at) == (path.stat().st_size, mtime(path))
    assert not Photo.objects.exists() and not PhotoFile.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("kind", sorted(FAILED_AT_THUMBNAILS))
def test_file_with_a_valid_header_fails_its_thumbnail_step_with_the_reason(library, kind):
    """A truncated JPEG passes the header check and becomes a photo; the thumbnail step then fails with the
    reason, by raising BadInputError, which the tasks never retry."""
    path = make_bad_files(library.folder)[kind]

    photo = record_photo(path, library)
    assert isinstance(photo, Photo)
    assert not RejectedFile.objects.exists()

    process_raw_task(str(photo.pk))  # nothing to develop: JPEG and PNG are shown as they are
    with pytest.raises(BadInputError) as failure:
        generate_thumbnails_task(str(photo.pk))

    assert not isinstance(failure.value, generate_thumbnails_task.autoretry_for)
    raw, thumbnails = (PipelineStep.objects.get(photo=photo, step=step) for step in (RAW_STEP, THUMBNAILS_STEP))
    assert raw.status == "done"
    assert thumbnails.status == "failed"
    assert thumbnails.error.startswith(FAILED_AT_THUMBNAILS[kind])
    assert thumbnails.error == str(failure.value)
    assert (thumbnails.attempts, thumbnails.version) == (1, step_versions()[THUMBNAILS_STEP])
    assert not any(path.exists() for path in thumbnails_of(photo.files.get()))

    generate_thumbnails_task(str(photo.pk))  # run again (a redelivered message): failed is final, no new attempt
    assert PipelineStep.objects.get(pk=thumbnails.pk).attempts == 1


@pytest.mark.django_db
def test_bad_dates_and_text_are_no_reason_to_reject(library, fixture_photos):
    """Unparseable dates and invalid UTF-8 are read around, not rejected: all three photos are imported."""
    for name in ("bad_date.jpg", "unreadable_date.jpg", "invalid_utf8.jpg"):
        assert isinstance(record_photo(copy_fixture(fixture_photos, name, library.folder), library), Photo), name
    assert Photo.objects.count() == 3
    assert not RejectedFile.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("maker", "suffix", "reason"),
    [
        (make_dng, ".dng", "Not a RAW file LibRaw can read, or a damaged one"),
        (make_heic, ".heic", "The image cannot be decoded (damaged or truncated file?)"),
    ],
    ids=["dng", "heic"],
)
def test_truncated_dng_and_heic_fail_the_raw_step(library, maker, suffix, reason):
    """A DNG or HEIC cut short passes the header check, so it becomes a photo; its raw step then fails with the
    reason (BadInputError, never retried) and leaves no developed file."""
    whole = maker(library.folder / f"whole{suffix}", size=(320, 240))
    data = whole.read_bytes()
    cut = library.folder / f"cut{suffix}"
    cut.write_bytes(data[: len(data) * 3 // 4])
    whole.unlink()

    photo = record_photo(cut, library)
    assert isinstance(photo, Photo)
    with pytest.raises(BadInputError) as failure:
        process_raw_task(str(photo.pk))

    assert not isinstance(failure.value, process_raw_task.autoretry_for)
    raw = PipelineStep.objects.get(photo=photo, step=RAW_STEP)
    assert (raw.status, raw.error) == ("failed", str(failure.value))
    assert raw.error.startswith(reason)
    assert not developed_path(photo.files.get()).exists()


# RAW and HEIC development


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("with_preview", "params"),
    [(True, "embedded preview"), (False, "libraw demosaic camera-wb"), (None, "libraw demosaic camera-wb")],
    ids=["full-size preview", "small thumbnail only", "no preview"],
)
def test_dng_is_developed_from_its_preview_or_by_demosaicing(library, with_preview, params):
    """A DNG with a full-size JPEG preview is developed from it; one without a usable preview is demosaiced.
    Either way a developed JPEG of the photo's size exists and the thumbnails are made from it."""
    path = make_dng(library.folder / "IMG_0001.dng", size=(800, 600), with_preview=with_preview)

    photo = record_photo(path, library)
    photo_file = photo.files.get()
    assert photo_file.mimetype == "image/x-adobe-dng"
    steps = run_raw_and_thumbnails(photo)

    assert {step: row.status for step, row in steps.items()} == {RAW_STEP: "done", THUMBNAILS_STEP: "done"}
    photo_file.refresh_from_db()
    assert photo_file.raw_external_params == params
    assert photo_file.raw_external_version.startswith("LibRaw ")
    assert photo_file.raw_processed
    assert (photo_file.width, photo_file.height) == (800, 600)
    with Image.open(developed_path(photo_file)) as developed:
        assert (developed.format, developed.size) == ("JPEG", (800, 600))
    with Image.open(thumbnail_path(photo_file, PREVIEW)) as preview:
        assert preview.size == (800, 600)


@pytest.mark.django_db
def test_heic_is_developed_to_a_jpeg(library):
    """A phone's HEIC is developed by pillow-heif into a JPEG; its EXIF date is the photo's date."""
    path = make_heic(library.folder / "IMG_0002.heic", size=(640, 480), taken_at="2024:05:01 12:00:00")

    photo = record_photo(path, library)
    steps = run_raw_and_thumbnails(photo)

    assert {row.status for row in steps.values()} == {"done"}
    photo_file = photo.files.get()
    assert photo.taken_at == datetime(2024, 5, 1, 12, tzinfo=UTC)
    assert (photo_file.mimetype, photo_file.raw_external_params) == ("image/heic", "pillow-heif")
    assert (photo_file.width, photo_file.height) == (640, 480)
    with Image.open(developed_path(photo_file)) as developed:
        assert (developed.format, developed.size) == ("JPEG", (640, 480))
    assert all(thumbnail.is_file() for thumbnail in thumbnails_of(photo_file))


@pytest.mark.django_db
def test_plain_jpeg_needs_no_development(library):
    """For a JPEG the raw step is done at once and writes nothing."""
    photo = record_photo(make_jpeg(library.folder / "plain.jpg"), library)

    steps = run_raw_and_thumbnails(photo)

    assert steps[RAW_STEP].status == "done"
    photo_file = photo.files.get()
    assert not developed_path(photo_file).exists()
    assert (photo_file.raw_processed, photo_file.raw_external_params) == (False, None)


# Recording the same file again


@pytest.mark.django_db
def test_recording_an_unchanged_file_again_is_skipped(library, fixture_photos):
    """The second record_photo of an unchanged file reads nothing and writes nothing."""
    path = copy_fixture(fixture_photos, "snow.jpg", library.folder)
    photo = record_photo(path, library)
    run_raw_and_thumbnails(photo)
    before = row_counts()
    steps_before = list(PipelineStep.objects.filter(photo=photo).values_list("step", "status", "updated_at"))

    assert record_photo(path, library) == SKIPPED

    assert row_counts() == before
    assert list(PipelineStep.objects.filter(photo=photo).values_list("step", "status", "updated_at")) == steps_before


@pytest.mark.django_db
def test_touched_file_updates_its_photo_and_resets_its_steps(library):
    """A file with a new modification time is read again: the same Photo (no duplicate) gets the new metadata, and
    every step goes back to pending so that the pipeline runs again."""
    path = make_jpeg(library.folder / "IMG_0001.jpg", taken_at="2024:05:01 12:00:00", make="Canon", model="EOS R5")
    photo = record_photo(path, library)
    run_raw_and_thumbnails(photo)

    make_jpeg(path, taken_at="2024:05:02 08:00:00", make="Canon", model="EOS R5")  # edited and saved again
    later = datetime.now(UTC) + timedelta(minutes=5)
    os.utime(path, (later.timestamp(), later.timestamp()))
    again = record_photo(path, library)

    assert again.pk == photo.pk
    assert Photo.objects.count() == PhotoFile.objects.count() == 1
    again.refresh_from_db()
    assert again.taken_at == datetime(2024, 5, 2, 8, tzinfo=UTC)
    assert again.files.get().file_modified_at == mtime(path)
    statuses = dict(PipelineStep.objects.filter(photo=photo).values_list("step", "status"))
    assert statuses == dict.fromkeys(step_versions(), "pending")
    assert Camera.objects.count() == 1


@pytest.mark.django_db
def test_raw_and_jpeg_with_the_same_name_and_date_are_one_photo(library):
    """IMG_0001.dng and IMG_0001.jpg taken at the same moment are two files of one photo."""
    jpeg = make_jpeg(library.folder / "IMG_0001.jpg", size=(800, 600), taken_at="2024:05:01 12:00:00")
    dng = make_dng(library.folder / "IMG_0001.dng", size=(800, 600), with_preview=True)
    set_exif_date(dng, "2024:05:01 12:00:00")

    first = record_photo(jpeg, library)
    second = record_photo(dng, library)

    assert first.pk == second.pk
    assert Photo.objects.count() == 1
    assert sorted(first.files.values_list("path", flat=True)) == [str(dng), str(jpeg)]


@pytest.mark.django_db
def test_raw_recorded_after_its_jpeg_keeps_what_only_the_jpeg_says(library):
    """The JPEG of a pair carries GPS and a star rating the RAW lacks: recording the RAW afterwards (the watcher
    sees files in any order) does not erase them. A single file that loses its GPS does lose it."""
    jpeg = make_jpeg(library.folder / "IMG_0001.jpg", taken_at="2024:05:01 12:00:00", gps=(64.15, -21.93))
    subprocess.run(["exiftool", "-q", "-overwrite_original", "-XMP:Rating=5", str(jpeg)], check=True)
    dng = make_dng(library.folder / "IMG_0001.dng", size=(320, 240))
    set_exif_date(dng, "2024:05:01 12:00:00")

    record_photo(jpeg, library)
    photo = record_photo(dng, library)

    photo.refresh_from_db()
    assert photo.files.count() == 2
    assert (float(photo.latitude), float(photo.longitude), photo.star_rating) == (64.15, -21.93, 5)
    assert str(photo.camera) == "Photonix Test DNG"  # what the RAW does say is taken

    single = make_jpeg(library.folder / "single.jpg", taken_at="2024:06:01 12:00:00", gps=(51.5, -0.12))
    photo = record_photo(single, library)
    make_jpeg(single, taken_at="2024:06:01 12:00:00")  # the GPS was stripped before sharing
    later = datetime.now(UTC) + timedelta(minutes=5)
    os.utime(single, (later.timestamp(), later.timestamp()))
    record_photo(single, library)
    photo.refresh_from_db()
    assert (photo.latitude, photo.longitude) == (None, None)


@pytest.mark.django_db
def test_xmp_subjects_become_human_tags_once(library):
    """XMP subjects are the photographer's keywords: Generic tags made by a human, shared between photos, and
    recording a changed file again does not duplicate them."""
    paths = [make_jpeg(library.folder / name) for name in ("a.jpg", "b.jpg")]
    for path in paths:
        subprocess.run(
            ["exiftool", "-q", "-overwrite_original", "-XMP-dc:Subject=Iceland", "-XMP-dc:Subject=Reykjavik", path],
            check=True,
        )
    photos = [record_photo(path, library) for path in paths]
    later = datetime.now(UTC) + timedelta(minutes=5)
    os.utime(paths[0], (later.timestamp(), later.timestamp()))
    assert record_photo(paths[0], library).pk == photos[0].pk  # read again

    tags = Tag.objects.filter(library=library)
    assert sorted(tags.values_list("name", "type", "source")) == [("Iceland", "G", "H"), ("Reykjavik", "G", "H")]
    for photo in photos:
        assert sorted(PhotoTag.objects.filter(photo=photo).values_list("tag__name", "source")) == [
            ("Iceland", "H"),
            ("Reykjavik", "H"),
        ]


# Deleting and moving


@pytest.mark.django_db(transaction=True)
def test_deleted_files_are_forgotten_with_their_thumbnails_and_developed_jpeg(library):
    """Delete a JPEG and a DNG from disk and rescan: their Photos, PhotoFiles and every file Photonix made from them
    are gone; the photo that is still there stays."""
    jpeg = make_jpeg(library.folder / "gone.jpg", taken_at="2024:05:01 12:00:00")
    dng = make_dng(library.folder / "gone.dng", size=(320, 240))
    kept = make_jpeg(library.folder / "kept.jpg", taken_at="2024:05:03 12:00:00")
    record_folder(library)
    made = {}
    for photo in Photo.objects.all():
        run_raw_and_thumbnails(photo)
        photo_file = photo.files.get()
        made[photo_file.path] = [*thumbnails_of(photo_file), developed_path(photo_file)]
    assert all(path.exists() for path in made[str(dng)])

    jpeg.unlink()
    dng.unlink()
    (result,) = scan_library(library).values()

    assert (result.removed, result.unchanged) == (2, 1)
    assert list(PhotoFile.objects.values_list("path", flat=True)) == [str(kept)]
    assert Photo.objects.count() == 1
    assert PipelineStep.objects.exclude(photo__files__path=str(kept)).count() == 0
    assert not any(path.exists() for path in made[str(jpeg)] + made[str(dng)])
    assert all(path.exists() for path in made[str(kept)][:2])


@pytest.mark.django_db(transaction=True)
def test_deleting_the_shown_file_of_a_raw_and_jpeg_pair_keeps_the_photo_and_remakes_its_thumbnails(library):
    """The JPEG of a RAW+JPEG pair is the file shown; once it is deleted the photo shows its RAW, so the photo's
    thumbnail step is pending again and makes the RAW's thumbnails."""
    dng = make_dng(library.folder / "IMG_0001.dng", size=(800, 600), with_preview=True)
    set_exif_date(dng, "2024:05:01 12:00:00")
    jpeg = make_jpeg(library.folder / "IMG_0001.jpg", size=(800, 600), taken_at="2024:05:01 12:00:00")
    os.utime(dng, (1_700_000_000, 1_700_000_000))  # the JPEG is the newer file: it is shown
    record_folder(library)
    photo = Photo.objects.get()
    run_raw_and_thumbnails(photo)
    raw_file = photo.files.get(path=str(dng))
    assert photo.base_file.path == str(jpeg)
    assert not thumbnail_path(raw_file, GRID).exists()

    jpeg.unlink()
    (result,) = scan_library(library).values()

    assert result.removed == 1
    assert Photo.objects.get().pk == photo.pk
    assert photo.base_file == raw_file
    assert PipelineStep.objects.get(photo=photo, step=THUMBNAILS_STEP).status == "pending"
    generate_thumbnails_task(str(photo.pk))
    assert all(path.is_file() for path in thumbnails_of(raw_file))


@pytest.mark.django_db(transaction=True)
def test_delete_folder_forgets_everything_under_it_and_nothing_else(library):
    """delete_folder (a folder removed from disk) forgets its photos and rejected files, not those of a folder whose
    name merely starts the same."""
    trip = library.folder / "trip"
    trip2 = library.folder / "trip2"
    trip.mkdir()
    trip2.mkdir()
    for n in range(3):
        make_jpeg(trip / f"{n}.jpg", taken_at=f"2024:05:0{n + 1} 12:00:00")
    (trip / "empty.jpg").touch()
    make_jpeg(trip2 / "0.jpg", taken_at="2024:06:01 12:00:00")
    record_folder(library)
    photo = Photo.objects.get(files__path=str(trip / "0.jpg"))
    run_raw_and_thumbnails(photo)
    grid = thumbnail_path(photo.files.get(), GRID)
    assert grid.exists()

    shutil.rmtree(trip)
    assert delete_folder(trip) == 3

    assert list(PhotoFile.objects.values_list("path", flat=True)) == [str(trip2 / "0.jpg")]
    assert Photo.objects.count() == 1
    assert not RejectedFile.objects.exists()
    assert not grid.exists()


@pytest.mark.django_db(transaction=True)
def test_moved_file_and_folder_keep_their_photo(library):
    """A renamed file and a renamed folder keep the same Photo and PhotoFile (tags, thumbnails and all), and the
    next rescan finds nothing to import."""
    path = make_jpeg(library.folder / "a.jpg", taken_at="2024:05:01 12:00:00")
    (library.folder / "2024").mkdir()
    nested = make_jpeg(library.folder / "2024" / "b.jpg", taken_at="2024:05:02 12:00:00")
    record_folder(library)
    photo = Photo.objects.get(files__path=str(path))
    nested_photo = Photo.objects.get(files__path=str(nested))
    run_raw_and_thumbnails(photo)
    grid = thumbnail_path(photo.files.get(), GRID)

    renamed = path.rename(library.folder / "renamed.jpg")
    assert move_photo_file(path, renamed) == 1
    moved_folder = (library.folder / "2024").rename(library.folder / "May 2024")
    assert move_photo_file(library.folder / "2024", moved_folder) == 1

    assert Photo.objects.get(files__path=str(renamed)).pk == photo.pk
    assert Photo.objects.get(files__path=str(moved_folder / "b.jpg")).pk == nested_photo.pk
    assert grid.exists()
    (result,) = scan_library(library).values()
    assert (result.sent, result.unchanged, result.removed) == (0, 2, 0)
    assert Photo.objects.count() == 2


@pytest.mark.django_db(transaction=True)
def test_file_moved_over_another_one_replaces_it(library):
    """``mv a.jpg b.jpg`` when both were imported: b's old photo is forgotten, a's photo is now at b.jpg."""
    a = make_jpeg(library.folder / "a.jpg", taken_at="2024:05:01 12:00:00")
    b = make_jpeg(library.folder / "b.jpg", taken_at="2024:05:02 12:00:00")
    record_folder(library)
    photo_a = Photo.objects.get(files__path=str(a))

    a.replace(b)
    assert move_photo_file(a, b) == 1

    assert Photo.objects.get().pk == photo_a.pk
    assert list(PhotoFile.objects.values_list("path", flat=True)) == [str(b)]
    (result,) = scan_library(library).values()
    assert (result.sent, result.unchanged, result.removed) == (0, 1, 0)


def test_a_camera_needs_its_make_and_model_and_a_lens_is_recorded_with_the_span_of_dates(library):
    assert record_photo(make_jpeg(library.folder / "a.jpg", make="Canon", taken_at="2020:01:01 10:00:00"), library)
    assert Photo.objects.get().camera is None  # a make alone names no camera
    lens = {"Exif": {piexif.ExifIFD.LensModel: "EF 50mm f/1.8"}}
    for name, stamp in (
        ("b.jpg", "2021:06:01 10:00:00"),
        ("c.jpg", "2019:03:01 10:00:00"),
        ("d.jpg", "2020:01:01 10:00:00"),
    ):
        make_jpeg(library.folder / name, make="Canon", model="Canon " + "X" * 200, taken_at=stamp, raw_exif=lens)
        record_photo(library.folder / name, library)
    camera, lens = Camera.objects.get(), Lens.objects.get()
    assert set(Photo.objects.exclude(camera=None).values_list("camera", "lens")) == {(camera.pk, lens.pk)}
    assert (camera.library, camera.make, camera.model) == (library, "Canon", "X" * 128)
    assert (lens.library, lens.name) == (library, "EF 50mm f/1.8")
    span = (datetime(2019, 3, 1, 10, tzinfo=UTC), datetime(2021, 6, 1, 10, tzinfo=UTC))
    assert (camera.earliest_photo, camera.latest_photo) == (lens.earliest_photo, lens.latest_photo) == span


def test_imports_at_once_widen_a_cameras_dates_without_undoing_each_other(library):
    """Two processes import photos of one camera: the one that read the camera before the other widened it must
    not write back the bound it read."""
    camera = Camera.objects.create(library=library, make="Canon", model="R5")
    stale = Camera.objects.get(pk=camera.pk)  # read by the second process before the first one's update
    _widen(camera, datetime(2021, 6, 1, tzinfo=UTC))
    _widen(stale, datetime(2019, 3, 1, tzinfo=UTC))
    camera.refresh_from_db()
    assert (camera.earliest_photo, camera.latest_photo) == (
        datetime(2019, 3, 1, tzinfo=UTC),
        datetime(2021, 6, 1, tzinfo=UTC),
    )


def test_the_photos_utc_offset_is_kept_and_a_date_without_one_counts_as_written(library):
    """What the holidays of the event classifier are read in: 24 Dec 22:00 -05:00 stays Christmas Eve."""
    offset = {"Exif": {piexif.ExifIFD.OffsetTimeOriginal: b"-05:00"}}
    evening = record_photo(
        make_jpeg(library.folder / "a.jpg", taken_at="2023:12:24 22:00:00", raw_exif=offset), library
    )
    written = record_photo(make_jpeg(library.folder / "b.jpg", taken_at="2023:12:24 22:00:00"), library)
    assert (evening.taken_at, evening.taken_at_offset) == (datetime(2023, 12, 25, 3, tzinfo=UTC), -300)
    assert (written.taken_at, written.taken_at_offset) == (datetime(2023, 12, 24, 22, tzinfo=UTC), 0)


def test_a_sibling_file_of_another_library_is_not_joined_to_its_photo(library, django_user_model, tmp_path):
    """RAW+JPEG pairs are joined by name and date within a library only (two libraries may share a folder)."""
    other = make_library(django_user_model, "bob", "Bob's", tmp_path / "bob")
    LibraryPath.objects.create(library=other, path=str(library.folder))
    stamp = "2023:05:01 10:00:00"
    first = record_photo(make_jpeg(library.folder / "a.jpg", taken_at=stamp), library)
    second = record_photo(make_jpeg(library.folder / "a.jpeg", taken_at=stamp), other)
    assert first.pk != second.pk and second.library == other
