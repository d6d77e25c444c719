"""The step ledger: what a retry, a crash, a skip and bad input leave behind."""

import contextlib
import errno

import pytest
from django.db import OperationalError

from photonix.common.files import DataWriteError
from photonix.photos.models import Photo, PipelineStep
from photonix.photos.steps import MAX_ATTEMPTS, StepSkipped, mark_pending, run_step
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
    versions = {"raw": 3, "thumbnails": 5, "classify.color": 2, "classify.event": 8, "classify.face": 4,
                "classify.style": 1}
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
