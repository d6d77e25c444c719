"""The step ledger: what a retry, a crash, a skip and bad input leave behind."""

import contextlib
import errno
from datetime import timedelta

import pytest
from django.db import OperationalError, transaction
from django.utils import timezone

from photonix.classifiers.registry import classifiers
from photonix.common.files import DataWriteError
from photonix.photos.models import Photo, PhotoTag, PipelineStep, Tag
from photonix.photos.steps import (
    MAX_ATTEMPTS,
    StepSkipped,
    is_finished,
    mark_pending,
    record_lost,
    run_step,
    step_versions,
)
from photonix.photos.utils.errors import BadInputError, StaleInputError

pytestmark = pytest.mark.django_db


@pytest.fixture
def photo(library):
    photo = Photo.objects.create(library=library)
    mark_pending([photo.pk], ["thumbnails"])
    return photo


def _row(photo):
    return PipelineStep.objects.get(photo=photo, step="thumbnails")


@pytest.mark.parametrize(
    "error",
    [
        OperationalError("database is locked"),
        DataWriteError(errno.ENOSPC, "No space left on device", "/data/cache/thumbnails/photofile/x.jpg"),
        DataWriteError(errno.ESTALE, "Stale file handle", "/data/raw-photos-processed/x.jpg"),
        StaleInputError("/photos/a.dng changed while it was developed"),
    ],
    ids=["database-locked", "disk-full", "stale-nfs-handle", "file-changed"],
)
def test_a_transient_error_leaves_the_step_pending_and_the_retry_does_the_work(photo, error):
    with pytest.raises(type(error)):
        with run_step(photo.pk, "thumbnails", 7) as found:
            assert found == photo
            raise error
    row = _row(photo)
    assert row.status == "pending" and f"will retry after {type(error).__name__}: {error}" == row.error

    with run_step(photo.pk, "thumbnails", 7) as found:
        assert found == photo  # the retry really runs
    row = _row(photo)
    assert (row.status, row.attempts, row.version, row.error) == ("done", 2, 7, "")


def test_a_finished_step_is_not_redone_until_its_version_rises(photo):
    with run_step(photo.pk, "thumbnails", 7) as found:
        assert found
    with run_step(photo.pk, "thumbnails", 7) as found:
        assert found is None
    with run_step(photo.pk, "thumbnails", 8) as found:
        assert found == photo
    assert (_row(photo).version, _row(photo).attempts) == (8, 1)


def test_bad_input_fails_for_good_and_a_skip_is_recorded(photo):
    with pytest.raises(BadInputError):
        with run_step(photo.pk, "thumbnails", 7):
            raise BadInputError("The file is empty (0 bytes).")
    assert (_row(photo).status, _row(photo).error) == ("failed", "The file is empty (0 bytes).")
    with run_step(photo.pk, "thumbnails", 7) as found:
        assert found is None  # never retried at this version

    with run_step(photo.pk, "classify.face", 1):
        raise StepSkipped("switched off")
    skipped = PipelineStep.objects.get(photo=photo, step="classify.face")
    assert (skipped.status, skipped.error) == ("skipped", "switched off")


def test_a_photo_that_keeps_killing_the_worker_is_given_up_on(photo):
    # What a worker killed mid-step leaves, after MAX_ATTEMPTS attempts: the step still "running".
    PipelineStep.objects.filter(photo=photo).update(status="running", attempts=MAX_ATTEMPTS)
    with pytest.raises(BadInputError, match=f"gave up after {MAX_ATTEMPTS} attempts"):
        with run_step(photo.pk, "thumbnails", 7):
            pytest.fail("the step must not run again")
    assert _row(photo).status == "failed"


def die_during_the_step(photo, dead_runs):
    """What a worker killed mid-step leaves: the step entered and never left (its row stays ``running``).

    The abandoned runs are kept in ``dead_runs`` so that nothing closes them."""
    run = run_step(photo.pk, "thumbnails", 7)
    assert run.__enter__() == photo
    dead_runs.append(run)
    assert _row(photo).status == "running"


def test_the_step_is_given_up_on_after_exactly_three_worker_deaths_not_two(photo):
    """The README's promise: "A photo whose worker died three times on it is given up on"."""
    dead_runs = []
    for _ in range(2):
        die_during_the_step(photo, dead_runs)
    with run_step(photo.pk, "thumbnails", 7) as found:
        assert found == photo  # two deaths: the third delivery still runs
    assert (_row(photo).status, _row(photo).attempts) == ("done", 3)

    mark_pending([photo.pk], ["thumbnails"])
    for _ in range(3):
        die_during_the_step(photo, dead_runs)
    with pytest.raises(BadInputError, match="gave up after 3 attempts: the worker died"):
        with run_step(photo.pk, "thumbnails", 7):
            pytest.fail("a fourth delivery after three deaths must not run the step")
    assert (_row(photo).status, _row(photo).attempts) == ("failed", 4)


@pytest.mark.parametrize("bug", [KeyError("width"), ZeroDivisionError("division by zero"), AssertionError("no")])
def test_an_unexpected_exception_fails_the_step_for_good(photo, bug):
    """A bug in a step's body: the step is failed (not left running, not done) with the error, not rerun."""
    with pytest.raises(type(bug)):
        with run_step(photo.pk, "thumbnails", 7):
            raise bug
    row = _row(photo)
    assert (row.status, row.error, row.version) == ("failed", f"{type(bug).__name__}: {bug}", 7)
    assert row.finished_at is not None
    with run_step(photo.pk, "thumbnails", 7) as found:
        assert found is None


@pytest.mark.django_db(transaction=True)
def test_a_photo_deleted_while_its_step_ran_ends_the_step_quietly(photo, library):
    """Its file was deleted while a classifier ran: the tags cannot be written, and nothing is left to record."""
    tag = Tag.objects.create(library=library, name="tree", type=Tag.Type.OBJECT, source=Tag.Source.COMPUTER)
    with run_step(photo.pk, "thumbnails", 7) as found:
        Photo.objects.filter(pk=found.pk).delete()  # as the watcher does meanwhile
        with transaction.atomic():
            PhotoTag.objects.create(photo_id=found.pk, tag=tag, source=tag.source)
    assert not PipelineStep.objects.filter(photo_id=photo.pk).exists()


def test_record_lost_fails_a_running_step_and_nothing_else(photo, library):
    """A task killed by its hard time limit never leaves run_step: the task_failure signal records it, on
    that photo's step only (not the same step of another photo, nor another step of this one)."""
    dead_runs = []
    other = Photo.objects.create(library=library)
    for step, whose in (("thumbnails", photo), ("classify.style", photo), ("thumbnails", other)):
        run = run_step(whose.pk, step, 7)
        run.__enter__()
        dead_runs.append(run)
    record_lost(photo.pk, "thumbnails", "TimeLimitExceeded: TimeLimitExceeded(300,)")
    row = _row(photo)
    assert (row.status, row.error) == ("failed", "TimeLimitExceeded: TimeLimitExceeded(300,)")
    assert row.finished_at is not None
    assert PipelineStep.objects.get(photo=photo, step="classify.style").status == "running"
    assert PipelineStep.objects.get(photo=other, step="thumbnails").status == "running"

    record_lost(photo.pk, "classify.style", "x" * 3000)
    assert PipelineStep.objects.get(photo=photo, step="classify.style").error == "x" * 2000  # cut to the column

    with run_step(photo.pk, "classify.color", 1):
        pass
    record_lost(photo.pk, "classify.color", "a late signal for a step that finished")
    assert PipelineStep.objects.get(photo=photo, step="classify.color").status == "done"


def test_a_step_finished_at_a_newer_version_counts_as_finished(photo):
    """A worker still running older code (a rolling upgrade) does not redo what a newer one did."""
    with run_step(photo.pk, "thumbnails", 9):
        pass
    assert is_finished(photo.pk, "thumbnails", 8)
    assert is_finished(photo.pk, "thumbnails", 9)
    assert not is_finished(photo.pk, "thumbnails", 10)
    with run_step(photo.pk, "thumbnails", 8) as found:
        assert found is None
    assert (_row(photo).version, _row(photo).status) == (9, "done")


def test_a_step_whose_worker_died_runs_again_and_counts_the_attempt(photo):
    PipelineStep.objects.filter(photo=photo).update(status="running", attempts=1)
    with run_step(photo.pk, "thumbnails", 7) as found:
        assert found == photo
    assert (_row(photo).status, _row(photo).attempts) == ("done", 2)


def test_an_error_reading_the_users_file_is_not_a_disk_fault_of_photonix(photo):
    """Only Photonix's own writes are transient: an I/O error on the user's file fails the step."""
    with pytest.raises(OSError):
        with run_step(photo.pk, "thumbnails", 7):
            raise OSError(errno.EIO, "Input/output error", "/photos/a.jpg")
    assert (_row(photo).status, _row(photo).error) == (
        "failed",
        "OSError: [Errno 5] Input/output error: '/photos/a.jpg'",
    )


@pytest.mark.parametrize("ending", ["done", "bad input", "transient"])
def test_a_step_reset_while_it_ran_keeps_the_reset_and_runs_again(photo, ending):
    """The file changed (and was recorded again) while the step ran: whatever that run ends with is not
    recorded, so the run dispatched after the reset does the work."""
    with contextlib.suppress(BadInputError, OperationalError):
        with run_step(photo.pk, "thumbnails", 7):
            mark_pending([photo.pk], ["thumbnails"])  # what record_photo does when the file changes
            if ending == "bad input":
                raise BadInputError("truncated")
            if ending == "transient":
                raise OperationalError("database is locked")
    assert (_row(photo).status, _row(photo).error) == ("pending", "")

    with run_step(photo.pk, "thumbnails", 7) as found:
        assert found == photo
    assert _row(photo).status == "done"


def test_ledger_queries_count_a_row_as_finished_only_at_its_steps_current_version(library):
    """finished / failed / unfinished, as reconciliation, pipeline_status and the API ask them."""
    photo = Photo.objects.create(library=library)
    rows = {
        ("raw", "done", 3): "finished",
        ("thumbnails", "failed", 5): "finished",  # failed at the current version: finished, and failed
        ("classify.color", "done", 1): "unfinished",  # done at an older version: stale
        ("classify.event", "skipped", 9): "finished",  # above the current version counts as current
        ("classify.face", "running", 4): "unfinished",
        ("classify.style", "pending", 0): "unfinished",
    }
    for step, status, version in rows:
        PipelineStep.objects.create(photo=photo, step=step, status=status, version=version)
    versions = {
        "raw": 3,
        "thumbnails": 5,
        "classify.color": 2,
        "classify.event": 8,
        "classify.face": 4,
        "classify.style": 1,
    }
    ledger = PipelineStep.objects.filter(photo=photo)

    assert set(ledger.finished(versions).values_list("step", flat=True)) == {
        step for (step, _, _), kind in rows.items() if kind == "finished"
    }
    assert set(ledger.unfinished(versions).values_list("step", flat=True)) == {
        step for (step, _, _), kind in rows.items() if kind == "unfinished"
    }
    assert list(ledger.failed(versions).values_list("step", flat=True)) == ["thumbnails"]
    assert not ledger.failed({**versions, "thumbnails": 6}).exists()  # a raised version: failed no more
    assert ledger.of_library(library).count() == len(rows)


def test_every_classifier_has_a_step_after_raw_and_thumbnails():
    """The ledger's steps, in pipeline order: what reconciliation and the processing page count."""
    assert list(step_versions()) == ["raw", "thumbnails", *(f"classify.{name}" for name in classifiers())]
    assert all(step_versions()[f"classify.{name}"] == c.version for name, c in classifiers().items())


def test_a_step_run_again_at_a_new_version_after_a_skip_starts_counting_afresh(photo):
    """A skipped step keeps its reason in ``error``; running it again at a new version is a first attempt."""
    with run_step(photo.pk, "thumbnails", 7):
        raise StepSkipped("no face model")
    assert (_row(photo).status, _row(photo).error) == ("skipped", "no face model")
    with run_step(photo.pk, "thumbnails", 8) as found:
        assert found == photo
        assert (_row(photo).status, _row(photo).error) == ("running", "")  # the old reason is not shown as current
    assert (_row(photo).status, _row(photo).attempts) == ("done", 1)


def test_a_step_records_its_end_time_so_reconciliation_sees_it_as_recent(photo):
    """A long step: ``updated_at`` was set at its start; finishing sets it again (reconciliation's "last sign of
    life")."""
    long_ago = timezone.now() - timedelta(hours=2)
    with run_step(photo.pk, "thumbnails", 7):
        PipelineStep.objects.filter(photo=photo).update(updated_at=long_ago)
    assert _row(photo).updated_at > timezone.now() - timedelta(minutes=1)


def test_a_long_error_is_kept_to_its_first_2000_characters(photo):
    with pytest.raises(BadInputError):
        with run_step(photo.pk, "thumbnails", 7):
            raise BadInputError("x" * 5000)
    assert _row(photo).error == "x" * 2000


def test_a_run_that_ends_after_its_row_was_reset_or_restarted_records_nothing(photo, library):
    """Only the run that started the row may finish it: not after reconciliation reset it to pending (which
    keeps ``started_at``), not after another run restarted it, and never another step's row that happens to
    have started at the same instant."""
    other = Photo.objects.create(library=library)
    with run_step(photo.pk, "thumbnails", 7):
        started = _row(photo).started_at
        PipelineStep.objects.create(photo=other, step="thumbnails", status="running", started_at=started)
    assert PipelineStep.objects.get(photo=other).status == "running"

    mark_pending([photo.pk], ["thumbnails"])
    with run_step(photo.pk, "thumbnails", 7):
        PipelineStep.objects.filter(photo=photo).update(status="pending")  # what reconciliation does
    assert _row(photo).status == "pending"

    with run_step(photo.pk, "thumbnails", 7):
        PipelineStep.objects.filter(photo=photo).update(started_at=timezone.now() + timedelta(seconds=1))
    assert _row(photo).status == "running"  # the newer run's
