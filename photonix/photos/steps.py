"""The step ledger: what each pipeline step did for each photo, at which version.

Tasks call :func:`run_step`, which skips work already done at the current version,
records ``running`` with an attempt count, then ``done``/``skipped``/``failed``.
Progress counts, the list of failures and reconciliation are all read from this table.

The ledger's rules, for the next engineer:

- **Finished at a version is never redone** at that version (``is_finished``); raising the
  version, or resetting the row to ``pending`` (``mark_pending``), makes it run again.
- **A run records only its own end.** The final status is written only if the row is still
  the one this run started (``running`` with its ``started_at``). A step reset while it ran
  (the file changed and was recorded again, ``retry_failed``, a new dispatch) stays as the
  reset left it, so the run dispatched after the reset does the work again.
- **Bad input fails for good** (``BadInputError``): never retried at this version;
  ``manage.py retry_failed`` sends it again once the cause is fixed.
- **Transient trouble stays pending** (``TRANSIENT_ERRORS``: the database or broker away, a
  disk fault writing Photonix's own data under ``DATA_DIR``, the photo's file changed during
  the step): the error is noted, the task retries with backoff, and once its retries run out
  reconciliation dispatches the photo again. An ``OSError`` reading the user's file is not
  transient (it is bad input or a vanished file).
- **A worker that dies** leaves ``running``; the redelivered task counts the attempt and gives
  up after ``MAX_ATTEMPTS`` (a file that kills the worker).
"""

import logging
from contextlib import contextmanager

from django.db import InterfaceError, OperationalError, transaction
from django.utils import timezone
from redis.exceptions import ConnectionError as RedisConnectionError

from photonix.classifiers.registry import classifiers
from photonix.common.files import DataWriteError
from photonix.photos.models import Photo, PipelineStep
from photonix.photos.utils.errors import BadInputError, StaleInputError
from photonix.photos.utils.raw import RAW_PROCESS_VERSION
from photonix.photos.utils.thumbnails import THUMBNAILER_VERSION

log = logging.getLogger(__name__)
Status = PipelineStep.Status

# A step whose worker died this many times is given up on (a file that kills the worker).
MAX_ATTEMPTS = 3
# Trouble that goes away by itself (or once the disk is fixed): the tasks retry these with exponential
# backoff and jitter, and reconciliation dispatches them again after that.
TRANSIENT_ERRORS = (
    OperationalError,
    InterfaceError,
    RedisConnectionError,
    TimeoutError,
    DataWriteError,
    StaleInputError,
)
FINISHED = PipelineStep.FINISHED

RAW_STEP = "raw"
THUMBNAILS_STEP = "thumbnails"


def classify_step(name):
    """The step of the classifier called ``name``: ``classify.<name>``."""
    return f"classify.{name}"


def step_versions():
    """Every step of the pipeline, in pipeline order, with its current version."""
    versions = {RAW_STEP: RAW_PROCESS_VERSION, THUMBNAILS_STEP: THUMBNAILER_VERSION}
    versions.update({classify_step(name): c.version for name, c in classifiers().items()})
    return versions


class StepSkipped(Exception):  # noqa: N818 - raised to end a step early as "skipped"
    """Raised inside a step to record it as skipped, with the message as the reason."""


def mark_pending(photo_ids, steps):
    """Create or reset the given steps of the given photos to ``pending`` (version 0)."""
    rows = [PipelineStep(photo_id=pid, step=step) for pid in photo_ids for step in steps]  # updated_at: auto_now
    PipelineStep.objects.bulk_create(
        rows,
        update_conflicts=True,
        unique_fields=["photo", "step"],
        update_fields=["status", "version", "attempts", "error", "started_at", "finished_at", "updated_at"],
    )


def ensure_rows(photo_ids, steps):
    """Create the missing rows of the given steps as ``pending``; leave existing rows alone."""
    rows = [PipelineStep(photo_id=pid, step=step) for pid in photo_ids for step in steps]
    PipelineStep.objects.bulk_create(rows, ignore_conflicts=True)


def is_finished(photo_id, step, version):
    """Whether the step is done, skipped or failed for the photo at ``version`` or above."""
    return PipelineStep.objects.filter(photo_id=photo_id).finished({step: version}).exists()


def _begin(photo_id, step, version):
    """Mark the step running. Returns the row and whether its previous attempt died mid-way."""
    with transaction.atomic():
        row, _ = PipelineStep.objects.select_for_update().get_or_create(photo_id=photo_id, step=step)
        died = row.status == Status.RUNNING
        retrying = row.status == Status.PENDING and bool(row.error)
        row.attempts = row.attempts + 1 if died or retrying else 1
        row.status, row.version, row.error = Status.RUNNING, version, ""
        row.started_at, row.finished_at = timezone.now(), None
        row.save()
    return row, died


def _this_run(row):
    """The step's row if it is still the run ``row`` started (not reset or restarted since)."""
    # A filter and update(), not save(): the photo may also have been deleted while the step ran.
    return PipelineStep.objects.filter(pk=row.pk, status=Status.RUNNING, started_at=row.started_at)


def _finish(row, status, error=""):
    _this_run(row).update(status=status, error=error[:2000], finished_at=timezone.now(), updated_at=timezone.now())


@contextmanager
def run_step(photo_id, step, version):
    """Run the body of one pipeline step for one photo, recording it in the ledger.

    Yields the ``Photo``, or ``None`` when there is nothing to do (the photo is gone, or
    the step is already finished at this version): the body then returns at once.
    ``BadInputError`` is recorded as ``failed`` and re-raised (the task fails and is
    never retried); ``StepSkipped`` is recorded as ``skipped``; ``TRANSIENT_ERRORS`` leave
    the step ``pending`` with the error noted (the task retries them with backoff); any
    other exception is a bug: recorded as ``failed`` and re-raised, unless the photo was
    deleted meanwhile (its tags could not be written: the step ends quietly).
    """
    photo = Photo.objects.filter(pk=photo_id).select_related("library").first()
    if photo is None or is_finished(photo_id, step, version):
        yield None
        return
    row, died = _begin(photo_id, step, version)
    if died and row.attempts > MAX_ATTEMPTS:
        reason = f"gave up after {MAX_ATTEMPTS} attempts: the worker died while processing this photo"
        _finish(row, Status.FAILED, reason)
        raise BadInputError(reason)
    try:
        yield photo
    except BadInputError as exc:
        _finish(row, Status.FAILED, str(exc))
        raise
    except StepSkipped as exc:
        _finish(row, Status.SKIPPED, str(exc))
    except TRANSIENT_ERRORS as exc:
        # Not finished: the task's retry (or, once retries run out, reconciliation) runs it again.
        _this_run(row).update(
            status=Status.PENDING,
            error=f"will retry after {type(exc).__name__}: {exc}"[:2000],
            updated_at=timezone.now(),
        )
        raise
    except Exception as exc:
        if not Photo.objects.filter(pk=photo_id).exists():
            return  # deleted while the step ran (writing its results failed): nothing is left to record
        _finish(row, Status.FAILED, f"{type(exc).__name__}: {exc}")
        raise
    else:
        _finish(row, Status.DONE)


def record_lost(photo_id, step, error):
    """Mark a step failed when its task died outside ``run_step`` (time limit, lost worker)."""
    PipelineStep.objects.filter(photo_id=photo_id, step=step, status=Status.RUNNING).update(
        status=Status.FAILED, error=error[:2000], finished_at=timezone.now()
    )
