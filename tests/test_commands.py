"""The management commands a user runs: create_library, rescan_photos, pipeline_status, reconcile, reclassify.

Commands run in this process (``call_command``) on the test database; the pipeline steps they report on are
made by calling the raw, thumbnail and classifier task bodies directly. What commands dispatch is read back
from the test broker's Redis queue with redis-py; no worker runs in this module, and the queues are emptied at
its end.
"""

from datetime import timedelta
from io import StringIO
from pathlib import Path

import pytest
import redis
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from photonix.classifiers.registry import classifiers
from photonix.photos.importing import record_photo
from photonix.photos.models import Library, LibraryPath, LibraryUser, Photo, PipelineStep, RejectedFile
from photonix.photos.scanning import rescan_lock
from photonix.photos.steps import THUMBNAILS_STEP, classify_step, step_versions
from photonix.photos.tasks import (
    classify_color_task,
    classify_style_task,
    generate_thumbnails_task,
    process_raw_task,
)
from photonix.photos.utils.errors import BadInputError
from tests.factories import make_bad_files, make_jpeg
from tests.processes import broker_keys, queued_count, queued_tasks

COLOR = classify_step("color")


@pytest.fixture(scope="module", autouse=True)
def _broker_queues_emptied_afterwards():
    """Nothing consumes what these commands dispatch: empty the test broker's queues at the end, so that later
    modules (which count their own messages) start from empty queues."""
    yield
    redis.Redis.from_url(settings.CELERY_BROKER_URL).delete(*broker_keys())


@pytest.fixture
def broker():
    """The test broker's Redis database, with empty queues and nothing held by a worker."""
    client = redis.Redis.from_url(settings.CELERY_BROKER_URL)
    client.delete(*broker_keys(), "unacked", "unacked_index")
    return client


def run(*args):
    """Run a management command; return what it printed."""
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def queued(client, queue="default"):
    """(task name, first argument) of every message waiting in a queue of the broker."""
    return [(name, args[0]) for name, args in queued_tasks(client, queue)]


def set_steps(photo, status, **changes):
    """Put every step of a photo in ``status`` at its current version (then apply ``changes``)."""
    for step, version in step_versions().items():
        PipelineStep.objects.filter(photo=photo, step=step).update(status=status, version=version, **changes)


def photos_in(library, count):
    """``count`` small JPEGs recorded in the library, oldest first."""
    paths = [
        make_jpeg(library.folder / f"IMG_{n:04}.jpg", (64, 48), taken_at=f"2024:05:0{n + 1} 12:00:00")
        for n in range(count)
    ]
    return [record_photo(path, library) for path in paths]


# create_library


@pytest.mark.django_db
def test_create_library_needs_an_existing_user(tmp_path):
    """A user name that does not exist is a clear error, and no library is made."""
    with pytest.raises(CommandError, match=r"There is no user 'bob': create one with `manage.py createsuperuser`"):
        run("create_library", "bob", "Family", "--path", str(tmp_path))
    assert not Library.objects.exists()


@pytest.mark.django_db
def test_create_library_needs_a_folder(tmp_path, django_user_model):
    """A path that does not exist, or is a file, is a clear error, and no library is made."""
    django_user_model.objects.create_user("bob")
    a_file = tmp_path / "notes.txt"
    a_file.write_text("not a folder")
    for path in (tmp_path / "missing", a_file):
        with pytest.raises(CommandError, match=f"^{path} is not a folder.$"):
            run("create_library", "bob", "Family", "--path", str(path))
    assert not Library.objects.exists()


@pytest.mark.django_db
def test_create_library_makes_a_watched_library_owned_by_the_user(tmp_path, django_user_model):
    """The library, its store folder (watched by default) and its owner are created, and the output says so."""
    bob = django_user_model.objects.create_user("bob")

    output = run("create_library", "bob", "Family", "--path", str(tmp_path))

    library = Library.objects.get()
    assert library.name == "Family"
    folder = library.paths.get()
    assert (folder.path, folder.type, folder.watch_for_changes) == (str(tmp_path), LibraryPath.Type.STORE, True)
    member = LibraryUser.objects.get()
    assert (member.library, member.user, member.owner) == (library, bob, True)
    assert output == (
        f"Created library 'Family' ({library.pk}) on {tmp_path}, owned by bob, watched. "
        "Import it with `manage.py rescan_photos`.\n"
    )


@pytest.mark.django_db
def test_create_library_no_watch_and_a_relative_path(tmp_path, django_user_model, monkeypatch):
    """``--no-watch`` leaves the folder to rescans; a relative path is stored as an absolute one."""
    django_user_model.objects.create_user("bob")
    (tmp_path / "Pictures").mkdir()
    monkeypatch.chdir(tmp_path)

    output = run("create_library", "bob", "Archive", "--path", "Pictures", "--no-watch")

    folder = LibraryPath.objects.get()
    assert (folder.path, folder.watch_for_changes) == (str(tmp_path / "Pictures"), False)
    assert ", not watched." in output


# rescan_photos


@pytest.mark.django_db
def test_rescan_photos_reports_what_it_found(library, broker):
    """Counts per folder: new or changed files (sent to a worker to import), unchanged, skipped and removed."""
    kept = make_jpeg(library.folder / "a.jpg", taken_at="2024:05:01 12:00:00")
    gone = make_jpeg(library.folder / "b.jpg", taken_at="2024:05:02 12:00:00")
    for path in (kept, gone):
        record_photo(path, library)
    gone.unlink()
    new = make_jpeg(library.folder / "c.jpg", taken_at="2024:05:03 12:00:00")
    notes = library.folder / "notes.jpg"
    notes.write_text("a shopping list")  # sent too: the worker rejects it
    (library.folder / "clip.mov").write_bytes(b"\0" * 100)  # not a photo: skipped without a word

    output = run("rescan_photos", "--library", "Test library")

    assert output.splitlines() == [
        "Rescanning Test library...",
        f"{library.folder}: 2 new or changed (sent to import), 1 unchanged, 0 skipped, 1 removed",
        "Processing continues in the workers: see `manage.py pipeline_status` or Flower.",
    ]
    assert sorted(queued(broker)) == [("photonix.photos.tasks.import_file_task", str(p)) for p in (new, notes)]
    assert list(Photo.objects.values_list("files__path", flat=True)) == [str(kept)]

    second = run("rescan_photos", "--library", str(library.pk))  # by id this time: the same files are sent again
    assert f"{library.folder}: 2 new or changed (sent to import), 1 unchanged, 0 skipped, 0 removed" in second


@pytest.mark.django_db
def test_rescan_photos_of_an_unknown_library_is_a_clear_error(library):
    with pytest.raises(CommandError, match="^There is no library 'Holidays'.$"):
        run("rescan_photos", "--library", "Holidays")


@pytest.mark.django_db
def test_rescan_photos_refuses_a_library_being_rescanned(library):
    """Two rescans of one library never overlap: the second one stops with a clear error."""
    make_jpeg(library.folder / "a.jpg")
    lock = rescan_lock(library)
    assert lock.acquire()
    try:
        with pytest.raises(CommandError, match="^Library 'Test library' is being rescanned already.$"):
            run("rescan_photos", "--library", "Test library")
    finally:
        lock.release()
    assert not Photo.objects.exists()


# pipeline_status


def status_table(output):
    """The rows of pipeline_status's table: {step: (done, skipped, pending, running, failed, blocked)}."""
    rows = {}
    for line in output.splitlines():
        parts = line.split()
        if len(parts) == 7 and parts[0] in step_versions():
            rows[parts[0]] = tuple(int(n) for n in parts[1:])
    return rows


@pytest.mark.django_db
def test_pipeline_status_counts_steps_and_lists_failures_with_their_reasons(library):
    """After the raw and thumbnail steps of a good and a truncated photo (and a classifier done, another switched
    off), the table counts them per step, and the failures list names the truncated file and the rejected one."""
    good = make_jpeg(library.folder / "good.jpg", size=(320, 240), taken_at="2024:05:01 12:00:00")
    bad = make_bad_files(library.folder / "bad")
    bad["decompression_bomb"].unlink()
    bad["garbage_dng"].unlink()
    bad["not_an_image"].unlink()
    for path in (good, bad["truncated"], bad["zero_byte"]):
        record_photo(path, library)  # good.jpg and truncated.jpg become photos; zero_byte.jpg is rejected
    library.classification_style_enabled = False
    library.save()
    for photo in Photo.objects.all():
        process_raw_task(str(photo.pk))
        try:
            generate_thumbnails_task(str(photo.pk))
        except BadInputError:
            pass  # the truncated JPEG
    good_photo = Photo.objects.get(files__path=str(good))
    classify_color_task(str(good_photo.pk))
    classify_style_task(str(good_photo.pk))

    output = run("pipeline_status", "--library", "Test library")

    assert output.splitlines()[0] == "Library Test library: 2 photos"
    assert status_table(output) == {
        "raw": (2, 0, 0, 0, 0, 0),
        "thumbnails": (1, 0, 0, 0, 1, 0),
        # the truncated photo goes no further than its failed thumbnails: its classifiers are blocked
        "classify.color": (1, 0, 0, 0, 0, 1),
        "classify.event": (0, 0, 1, 0, 0, 1),
        "classify.location": (0, 0, 1, 0, 0, 1),
        "classify.face": (0, 0, 1, 0, 0, 1),
        "classify.object": (0, 0, 1, 0, 0, 1),
        "classify.style": (0, 1, 0, 0, 0, 1),
    }
    truncated, rejected = output.split("  Failed:\n")[1].splitlines()
    assert truncated.startswith(
        f"    {bad['truncated']} [thumbnails]: The image cannot be decoded (damaged or truncated file?): "
        "image file is truncated"
    )
    assert rejected == f"    {bad['zero_byte']} [import]: The file is empty (0 bytes)."


@pytest.mark.django_db
def test_pipeline_status_prints_a_hostile_file_name_on_one_line(library):
    """A rejected name with newlines is printed escaped: it cannot add lines to the output."""
    hostile = library.folder / "a\n    forged.jpg [import]: fine\nx.jpg"
    make_jpeg(hostile, size=(8, 8))
    record_photo(hostile, library)

    output = run("pipeline_status", "--library", "Test library")

    failures = output.split("  Failed:\n")[1].splitlines()
    assert failures == [f"    {str(hostile)!r} [import]: {RejectedFile.objects.get().reason}"]
    assert "control character" in failures[0]


@pytest.mark.django_db
def test_pipeline_status_of_every_library_and_without_failures(library):
    """Without ``--library`` every library is listed; a library with nothing failed has no failures section."""
    Library.objects.create(name="Empty")
    record_photo(make_jpeg(library.folder / "a.jpg"), library)

    output = run("pipeline_status")

    assert "Library Empty: 0 photos" in output
    assert "Library Test library: 1 photos" in output
    assert "Failed:" not in output
    assert status_table(output)["raw"] == (0, 0, 1, 0, 0, 0)


# reconcile


@pytest.mark.django_db(transaction=True)
def test_reconcile_dispatches_photos_with_pending_or_stale_steps_only(library, broker, settings):
    """On an idle broker, reconcile dispatches again the pipeline of a photo whose steps stayed pending (its message
    was lost) and of one with a step done at an older version; not that of a photo done at the current versions,
    nor that of a photo whose bad input failed at the current version."""
    settings.RECONCILE_IDLE_GRACE = 0
    lost, complete, stale, failed = photos_in(library, 4)  # their first dispatch goes to the broker...
    broker.delete(*broker_keys())  # ...and is lost
    an_hour_ago = timezone.now() - timedelta(hours=1)
    PipelineStep.objects.filter(photo=lost).update(updated_at=an_hour_ago)
    set_steps(complete, "done", updated_at=an_hour_ago)
    set_steps(stale, "done", updated_at=an_hour_ago)
    PipelineStep.objects.filter(photo=stale, step=THUMBNAILS_STEP).update(version=step_versions()[THUMBNAILS_STEP] - 1)
    set_steps(failed, "done", updated_at=an_hour_ago)
    PipelineStep.objects.filter(photo=failed, step=THUMBNAILS_STEP).update(status="failed", error="truncated")
    assert queued_count(broker) == 0

    output = run("reconcile")

    assert output == "Dispatched the pipeline of 2 photo(s).\n"
    assert queued_count(broker) == 2
    assert sorted(queued(broker)) == sorted(
        ("photonix.photos.tasks.process_raw_task", str(photo.pk)) for photo in (lost, stale)
    )
    assert PipelineStep.objects.get(photo=stale, step=THUMBNAILS_STEP).status == "pending"
    assert set(PipelineStep.objects.filter(photo=complete).values_list("status", flat=True)) == {"done"}
    assert PipelineStep.objects.get(photo=failed, step=THUMBNAILS_STEP).status == "failed"


@pytest.mark.django_db(transaction=True)
def test_reconcile_with_nothing_to_do_dispatches_nothing(library, broker, settings):
    """A library whose photos are all done at the current versions gets no message."""
    settings.RECONCILE_IDLE_GRACE = 0
    for photo in photos_in(library, 2):
        set_steps(photo, "done", updated_at=timezone.now() - timedelta(hours=1))
    broker.delete(*broker_keys())

    assert run("reconcile") == "Dispatched the pipeline of 0 photo(s).\n"
    assert queued_count(broker) == 0


@pytest.mark.django_db(transaction=True)
def test_raising_a_step_version_makes_done_photos_eligible_again(library, broker, settings):
    """A step done at a version below the current one (as after an upgrade raises it) is reprocessed."""
    settings.RECONCILE_IDLE_GRACE = 0
    (photo,) = photos_in(library, 1)
    set_steps(photo, "done", updated_at=timezone.now() - timedelta(hours=1))
    broker.delete(*broker_keys())
    assert run("reconcile") == "Dispatched the pipeline of 0 photo(s).\n"

    PipelineStep.objects.filter(photo=photo, step=COLOR).update(version=classifiers()["color"].version - 1)

    assert run("reconcile") == "Dispatched the pipeline of 1 photo(s).\n"
    assert queued(broker) == [("photonix.photos.tasks.process_raw_task", str(photo.pk))]
    assert PipelineStep.objects.get(photo=photo, step=COLOR).status == "pending"
    assert PipelineStep.objects.get(photo=photo, step=THUMBNAILS_STEP).status == "done"


# reclassify


@pytest.fixture
def color_states(library):
    """Photos of the test library with the colour step done, failed, pending and done at an old version, and a
    photo of another library with it done."""
    version = classifiers()["color"].version
    done, failed, pending, old = photos_in(library, 4)
    for photo in (done, failed, old):
        set_steps(photo, "done")
    PipelineStep.objects.filter(photo=failed, step=COLOR).update(status="failed", error="no preview")
    PipelineStep.objects.filter(photo=old, step=COLOR).update(version=version - 1)
    other_library = Library.objects.create(name="Other")
    other_library.folder = Path(library.folder).parent / "other"
    other_library.folder.mkdir()
    LibraryPath.objects.create(library=other_library, path=str(other_library.folder))
    (elsewhere,) = photos_in(other_library, 1)
    set_steps(elsewhere, "done")
    return {"done": done, "failed": failed, "pending": pending, "old": old, "elsewhere": elsewhere}


def color_status(photo):
    return PipelineStep.objects.get(photo=photo, step=COLOR).status


@pytest.mark.django_db(transaction=True)
def test_reclassify_runs_the_classifier_again_on_every_photo_of_the_library(color_states, broker):
    """Every photo of the library gets its colour step reset to pending and a colour task; nothing else changes."""
    output = run("reclassify", "--library", "Test library", "--classifier", "color")

    assert output == "Dispatched the color classifier for 4 photo(s) of Test library.\n"
    for name in ("done", "failed", "pending", "old"):
        assert color_status(color_states[name]) == "pending", name
    assert color_status(color_states["elsewhere"]) == "done"
    assert PipelineStep.objects.get(photo=color_states["done"], step=THUMBNAILS_STEP).status == "done"
    assert sorted(queued(broker)) == sorted(
        ("photonix.photos.tasks.classify_color_task", str(color_states[name].pk))
        for name in ("done", "failed", "pending", "old")
    )


@pytest.mark.django_db(transaction=True)
def test_reclassify_missing_only_leaves_finished_photos_alone(color_states, broker):
    """``--missing-only``: only photos without a finished colour result at the current version (the pending one
    and the one done at an old version); done and failed ones are left as they are."""
    output = run("reclassify", "--library", "Test library", "--classifier", "color", "--missing-only")

    assert output == "Dispatched the color classifier for 2 photo(s) of Test library.\n"
    assert {name: color_status(photo) for name, photo in color_states.items()} == {
        "done": "done",
        "failed": "failed",
        "pending": "pending",
        "old": "pending",
        "elsewhere": "done",
    }
    assert sorted(queued(broker)) == sorted(
        ("photonix.photos.tasks.classify_color_task", str(color_states[name].pk)) for name in ("pending", "old")
    )


@pytest.mark.django_db
def test_reclassify_errors_are_clear(library):
    """An unknown classifier, an unknown library, and a name two libraries share, are each a clear error."""
    with pytest.raises(CommandError, match="argument --classifier: invalid choice: 'colour'"):
        run("reclassify", "--library", "Test library", "--classifier", "colour")
    with pytest.raises(CommandError, match="^There is no library 'Nope'.$"):
        run("reclassify", "--library", "Nope", "--classifier", "color")
    Library.objects.create(name="Test library")
    with pytest.raises(CommandError, match="^2 libraries are named 'Test library': give the library's id instead.$"):
        run("reclassify", "--library", "Test library", "--classifier", "color")
    assert run("reclassify", "--library", str(library.pk), "--classifier", "color").startswith(
        "Dispatched the color classifier for 0 photo(s)"
    )


# retry_failed


@pytest.mark.django_db(transaction=True)
def test_retry_failed_sends_failed_steps_again_and_prints_them(library, broker):
    """A photo whose thumbnails failed (its file was truncated, then fixed) and one whose colour step failed are
    sent again, each once, with their failed steps pending; a done photo and another library's failure are not."""
    thumbnails_failed, color_failed, done = photos_in(library, 3)
    other = Library.objects.create(name="Other")
    other_folder = library.folder.parent / "other"
    other_folder.mkdir()
    LibraryPath.objects.create(library=other, path=str(other_folder))
    elsewhere = record_photo(make_jpeg(other_folder / "other.jpg"), other)
    for photo in (thumbnails_failed, color_failed, done, elsewhere):
        set_steps(photo, "done")
    PipelineStep.objects.filter(photo__in=[thumbnails_failed, elsewhere], step=THUMBNAILS_STEP).update(
        status="failed", error="image file is truncated"
    )
    PipelineStep.objects.filter(photo=color_failed, step=COLOR).update(status="failed", error="no preview")
    broker.delete(*broker_keys())

    output = run("retry_failed", "--library", "Test library")

    assert output.splitlines() == sorted(
        [
            f"{thumbnails_failed.pk} {thumbnails_failed.base_file.path} [thumbnails]: image file is truncated",
            f"{color_failed.pk} {color_failed.base_file.path} [classify.color]: no preview",
        ]
    ) + ["Sent 2 failed step(s) of 2 photo(s) again."]
    assert sorted(queued(broker)) == sorted(
        ("photonix.photos.tasks.process_raw_task", str(photo.pk)) for photo in (thumbnails_failed, color_failed)
    )
    assert PipelineStep.objects.get(photo=thumbnails_failed, step=THUMBNAILS_STEP).status == "pending"
    assert PipelineStep.objects.get(photo=color_failed, step=COLOR).status == "pending"
    assert PipelineStep.objects.get(photo=color_failed, step=THUMBNAILS_STEP).status == "done"  # left alone
    assert PipelineStep.objects.get(photo=elsewhere, step=THUMBNAILS_STEP).status == "failed"


@pytest.mark.django_db
def test_retry_failed_of_one_step_only(library, broker):
    photo, other = photos_in(library, 2)
    PipelineStep.objects.filter(photo=photo, step=COLOR).update(status="failed", error="no preview")
    PipelineStep.objects.filter(photo=other, step=THUMBNAILS_STEP).update(status="failed", error="truncated")

    output = run("retry_failed", "--step", "classify.color")

    assert output.splitlines() == [
        f"{photo.pk} {photo.base_file.path} [classify.color]: no preview",
        "Sent 1 failed step(s) of 1 photo(s) again.",
    ]
    assert PipelineStep.objects.get(photo=other, step=THUMBNAILS_STEP).status == "failed"
