"""Hostile and broken files (issue 7): nothing in a file's name or content runs, leaks or stops an import.

Real processes throughout: the watcher (``manage.py watch_photos``), a Celery worker and exiftool. This
module's worker is started with ``PHOTONIX_TEST_RAWPY_ABORT_MARKER`` set, so that (``tests/testapp``) LibRaw
aborts the process on a file whose name contains ``crashes-libraw``, as a native decoder crash would.
"""

import os
import shutil
import struct
import uuid

import pytest

from photonix.celery import app
from photonix.photos.models import Photo, PhotoFile, PipelineStep, RejectedFile
from photonix.photos.pipeline import queues_idle
from photonix.photos.scanning import scan_library
from photonix.photos.steps import FINISHED
from photonix.photos.utils.paths import thumbnail_url
from tests.conftest import make_library
from tests.factories import make_dng, make_heic, make_jpeg
from tests.processes import ROOT, process_env, start_worker, wait_until
from tests.test_watcher import eventually, recorded, watcher  # noqa: F401 - the watcher fixture
from tests.testapp.apps import ABORT_MARKER_VARIABLE

pytestmark = pytest.mark.django_db(transaction=True)

CRASH_MARKER = "crashes-libraw"
SECONDS = 60


@pytest.fixture(scope="module")
def live_worker(django_db_setup, django_db_blocker, redis_flushed):
    """A real worker whose LibRaw aborts on files named with ``CRASH_MARKER`` (replaces conftest's)."""
    proc = start_worker(app, "hardening-worker", env=process_env(**{ABORT_MARKER_VARIABLE: CRASH_MARKER}))
    yield proc
    proc.stop()


def wait_for_idle_worker(worker, timeout=SECONDS):
    """Wait until every message is handled and no step is left pending or running.

    Except the steps chained after a failed one (a truncated HEIC's raw step): the pipeline leaves those
    to reconciliation.
    """

    def settled():
        assert worker.popen.poll() is None, f"the worker exited:\n{worker.output()[-3000:]}"
        blocked = PipelineStep.objects.filter(status="failed").values("photo")
        unfinished = PipelineStep.objects.exclude(status__in=FINISHED).exclude(photo__in=blocked)
        return queues_idle() and not unfinished.exists()

    wait_until(settled, timeout=timeout, interval=0.5, message="the worker to finish everything")


def rejection(path):
    return RejectedFile.objects.filter(path=str(path)).values_list("reason", flat=True).first()


# Acceptance 1: file names that would be exiftool arguments


def hostile_names(marker):
    """File names that would make exiftool run ``touch marker`` if a name reached its argument file as is."""
    run = f"system(q{{touch {marker}}})||1"
    return {
        "newline": f"a\n-if\n{run}\nx.jpg",
        "double dash": f"a\n--\n-if\n{run}\nx.jpg",
        "argument file": f"a\n-@\n{marker}.args\nx.jpg",
        "execute": f"a\n-execute\n-if\n{run}\nx.jpg",
        "carriage return": f"a\r-if\r{run}\rx.jpg",
        "carriage return and newline": f"a\r\n-if\r\n{run}\r\nx.jpg",
        "tab": f"a\t-if\t{run}\tx.jpg",
    }


def test_file_names_never_become_exiftool_arguments(library, live_worker, watcher, tmp_path):  # noqa: F811
    marker = f"MARKER-{uuid.uuid4().hex}"
    places = [tmp_path, library.folder, ROOT, ROOT.parent]
    good = make_jpeg(tmp_path / "good.jpg", size=(64, 48))
    (ROOT / f"{marker}.args").write_text(f"-if\nsystem(q{{touch {marker}}})||1\n")  # for "-@", in the cwd
    neighbours = [library.folder / name for name in ("a", "x.jpg", "neighbour.jpg")]
    # A name that starts with "-" but has no control character is a name like any other.
    dashed = library.folder / f"-if system(q{{touch {marker}}})||1 -execute.jpg"
    for path in [*neighbours, dashed]:
        shutil.copy(good, path)
    hostile = {what: library.folder / name for what, name in hostile_names(marker).items()}
    for path in hostile.values():
        shutil.copy(good, path)
    try:
        eventually(
            watcher,
            lambda: all(recorded(p) for p in [*neighbours, dashed]) and all(rejection(p) for p in hostile.values()),
            "the good files to be imported and the hostile ones rejected",
            timeout=SECONDS,
        )
        wait_for_idle_worker(live_worker)
        for what, path in hostile.items():
            assert "control character" in rejection(path), what
            assert not PhotoFile.objects.filter(path=str(path)).exists(), what
        assert Photo.objects.count() == len(neighbours) + 1
        assert not any((place / marker).exists() for place in places)
        assert not list(tmp_path.rglob(marker))
    finally:
        for place in places:
            (place / marker).unlink(missing_ok=True)
        (ROOT / f"{marker}.args").unlink()


# Acceptance 3: one bad file never stops a scan, and a crashing decoder kills only a disposable process


def corrupt_png(path):
    """A PNG whose IHDR chunk claims a size that does not match its checksum."""
    from PIL import Image

    Image.new("RGB", (32, 32), "red").save(path, "PNG")
    data = bytearray(path.read_bytes())
    data[16:20] = struct.pack(">I", 1_000_000)  # IHDR width: the CRC no longer matches
    path.write_bytes(bytes(data))
    return path


def test_scan_records_bad_files_and_imports_the_rest(library, live_worker, tmp_path):
    folder = library.folder
    bad = {
        "png": corrupt_png(folder / "00-corrupt.png"),
        "heic": folder / "01-truncated.heic",
        "crash": make_dng(folder / f"02-{CRASH_MARKER}.dng", size=(64, 48)),
        "outside": folder / "03-link-outside.jpg",
        "loop": folder / "04-loop.jpg",
    }
    whole = make_heic(tmp_path / "whole.heic", size=(256, 192)).read_bytes()
    bad["heic"].write_bytes(whole[: len(whole) // 3])
    (tmp_path / "outside").mkdir()
    os.symlink(make_jpeg(tmp_path / "outside" / "secret.jpg", size=(64, 48)), bad["outside"])
    os.symlink(folder / "04-loop-other.jpg", bad["loop"])
    os.symlink(bad["loop"], folder / "04-loop-other.jpg")
    good = [make_jpeg(folder / f"photo-{n:02}.jpg", size=(64, 48), make=f"Camera {n}") for n in range(20)]
    worker_pid = live_worker.pid

    (result,) = scan_library(library).values()
    assert result.sent == 26  # every file is sent: the workers decide

    wait_until(
        lambda: PhotoFile.objects.filter(path__in=[str(p) for p in good]).count() == 20,
        timeout=SECONDS * 2,
        message="the twenty good photos",
    )
    wait_for_idle_worker(live_worker, timeout=SECONDS * 2)
    reasons = {what: rejection(path) for what, path in bad.items()}
    assert "cannot be decoded" in reasons["png"] or "cannot be read" in reasons["png"], reasons
    assert "ended its worker process 3 times" in reasons["crash"], reasons
    assert "outside the library" in reasons["outside"], reasons
    assert "link loop" in reasons["loop"] and "link loop" in rejection(folder / "04-loop-other.jpg"), reasons
    heic = PhotoFile.objects.filter(path=str(bad["heic"])).first()
    assert reasons["heic"] or PipelineStep.objects.get(photo=heic.photo, step="raw").error, "no reason for the HEIC"
    assert Photo.objects.count() == 20 + (heic is not None)
    assert live_worker.popen.poll() is None and live_worker.pid == worker_pid
    assert "exited with 'signal 6 (SIGABRT)'" in live_worker.output()

    (again,) = scan_library(library).values()
    assert (again.sent, again.unchanged) == (0, 26)  # each bad file is recorded once, not tried again


# Acceptance 4: a file moved into another library's folder leaves the first library


@pytest.fixture
def second_library(library, tmp_path, django_user_model):
    """A second watched library, "Bob's", on ``tmp_path/photos-b``: its members are not the first's."""
    return make_library(django_user_model, "bob", "Bob's library", tmp_path / "photos-b")


def test_file_moved_into_another_library_leaves_the_first(library, second_library, live_worker, watcher, tmp_path):  # noqa: F811
    eventually(watcher, lambda: f"Watching {str(second_library.folder)!r}" in watcher.output(), "both folders")
    src = make_jpeg(library.folder / "moving.jpg", size=(64, 48))
    eventually(watcher, lambda: recorded(src), "the photo in the first library")
    dest = second_library.folder / "moving.jpg"
    os.rename(src, dest)
    eventually(
        watcher,
        lambda: recorded(dest) and recorded(dest).photo.library_id == second_library.pk and not recorded(src),
        "the photo to move to the second library",
    )
    wait_for_idle_worker(live_worker)
    assert not Photo.objects.filter(library=library).exists()
    photo = recorded(dest).photo
    from django.test import Client

    for user, status in (("bob", 200), ("alice", 404)):
        client = Client()
        client.login(username=user, password=f"secret-{user}")
        assert client.get(thumbnail_url(photo, "256x256_cover_q50")).status_code == status, user


def test_rescans_move_a_file_between_libraries(library, second_library, live_worker):
    src = make_jpeg(library.folder / "moving.jpg", size=(64, 48))
    scan_library(library)
    wait_until(lambda: recorded(src), timeout=SECONDS, message="the photo in the first library")
    dest = second_library.folder / "moving.jpg"
    os.rename(src, dest)
    (first,) = scan_library(library).values()
    (second,) = scan_library(second_library).values()
    assert (first.removed, second.sent) == (1, 1)
    wait_until(lambda: recorded(dest), timeout=SECONDS, message="the photo in the second library")
    assert recorded(dest).photo.library_id == second_library.pk
    assert not Photo.objects.filter(library=library).exists()


# Scans never import Photonix's own files


def test_scan_skips_data_dir_and_model_dir_inside_a_library(library, live_worker, settings):
    settings.DATA_DIR = library.folder / "photonix-data"
    settings.MODEL_DIR = library.folder / "models"
    top = make_jpeg(library.folder / "top.jpg", size=(64, 48))
    for folder in (settings.DATA_DIR / "cache", settings.MODEL_DIR):
        folder.mkdir(parents=True)
        make_jpeg(folder / "inside.jpg", size=(64, 48))
    (result,) = scan_library(library).values()
    assert result.sent == 1
    wait_until(lambda: recorded(top), timeout=SECONDS, message="top.jpg")
    wait_for_idle_worker(live_worker)
    assert list(PhotoFile.objects.values_list("path", flat=True)) == [str(top)]


def test_library_inside_data_dir_is_never_scanned(library, settings):
    settings.DATA_DIR = library.folder.parent
    make_jpeg(library.folder / "photo.jpg", size=(64, 48))
    (result,) = scan_library(library).values()
    assert result.sent == 0
