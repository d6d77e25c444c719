"""Reading the ledger for people: progress per step, the latest failures, and sending failures again.

Used by the processing routes of the API and by ``manage.py retry_failed``. Counts come from one
GROUP BY over ``PipelineStep`` (by step, status and whether the row is at the step's current
version), so they stay cheap on a big library.

- A step is *done*, *skipped* or *failed* only at its current version; a row finished at an older
  version, or a missing row, counts as *pending* (reconciliation will run it again), unless an
  earlier step of the photo failed: then it is *blocked* (the pipeline stops at a failed step).
- Counting reads an index of the ledger alone (see :func:`_ledger_of`): on 100,000 photos (800,000
  ledger rows) on SQLite, about 0.15 s for a library holding every photo.
- The ETA divides what remains (pending + running) by the throughput of the last
  ``THROUGHPUT_WINDOW`` (rows of the step that finished in that window); None when nothing
  finished recently.
- Pausing a classifier is its library switch: a paused classifier records ``skipped``;
  resuming sends the skipped photos through it again.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta
from uuid import UUID

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from photonix.classifiers.registry import classifiers
from photonix.photos.libraries import set_classifier_switches
from photonix.photos.models import Photo, PipelineStep, RejectedFile
from photonix.photos.pipeline import dispatch, dispatch_classifier
from photonix.photos.steps import FINISHED, RAW_STEP, THUMBNAILS_STEP, classify_step, step_versions
from photonix.photos.thumbnail_links import base_files

Status = PipelineStep.Status
THROUGHPUT_WINDOW = timedelta(minutes=10)
# The steps run one after the other before the classifiers: when one fails, the photo goes no further.
CHAINED = (RAW_STEP, THUMBNAILS_STEP)


@dataclass
class StepProgress:
    """How far one step is for a library's photos."""

    step: str
    classifier: str | None  # the classifier's name for ``classify.<name>`` steps
    paused: bool  # the classifier is switched off for the library (always False for raw and thumbnails)
    total: int
    done: int = 0
    skipped: int = 0
    failed: int = 0
    running: int = 0
    blocked: int = 0  # photos this step never runs for: an earlier step (raw, thumbnails) failed
    finished_recently: int = 0  # rows finished within THROUGHPUT_WINDOW

    @property
    def pending(self):
        return self.total - self.done - self.skipped - self.failed - self.running - self.blocked

    @property
    def eta_seconds(self):
        """Seconds until the step is finished for every photo at the recent pace; None when unknown."""
        remaining = self.pending + self.running
        if remaining == 0:
            return 0
        if self.finished_recently == 0:
            return None
        return round(remaining * THROUGHPUT_WINDOW.total_seconds() / self.finished_recently)


def _count_rows(rows, by_step, now, sign=1):
    """Add (``sign=-1``: subtract) the ledger rows ``rows`` to the counts of ``by_step``.

    Grouped by step, status and version, counting only columns of the ``ledger_progress`` index,
    so that SQLite reads the index alone.
    """
    versions = step_versions()
    grouped = (
        rows.values("step", "status", "version")
        .annotate(count=Count("*"), recent=Count("finished_at", filter=Q(finished_at__gte=now - THROUGHPUT_WINDOW)))
        .order_by()
    )
    for row in grouped:
        progress = by_step.get(row["step"])
        if progress is None:  # a step no longer in the pipeline
            continue
        progress.finished_recently += sign * row["recent"]
        if row["status"] == Status.RUNNING:
            progress.running += sign * row["count"]
        elif row["version"] >= versions[row["step"]] and row["status"] in FINISHED:
            setattr(progress, row["status"], getattr(progress, row["status"]) + sign * row["count"])


def _ledger_of(library):
    """``(rows, rows_to_subtract)``: the library's ledger rows as cheaply as SQLite can count them.

    The ledger has no library column: the rows of a library are found photo by photo, which
    costs more than counting the whole ledger from its index. So a library with every photo is
    the whole ledger, one with most photos the whole ledger minus the other libraries' rows.
    """
    mine, everyone = library.photos.count(), Photo.objects.count()
    if mine == everyone:
        return PipelineStep.objects.all(), None
    if mine * 2 <= everyone:
        return PipelineStep.objects.filter(photo__in=library.photos.values("pk")), None
    others = Photo.objects.exclude(library=library).values("pk")
    return PipelineStep.objects.all(), PipelineStep.objects.filter(photo__in=others)


def step_progress(library, now=None) -> list[StepProgress]:
    """Progress of every step of the pipeline over the library's photos: at most seven queries.

    A photo whose raw or thumbnails step failed goes no further (the chain stops there): its later
    steps count as ``blocked``, not pending, so that no work seems to remain for ever.
    """
    now = now or timezone.now()
    paused = {classify_step(name): not getattr(library, c.library_flag) for name, c in classifiers().items()}

    def progress_of(total):
        return {
            step: StepProgress(
                step, step.removeprefix("classify.") if step in paused else None, paused.get(step, False), total
            )
            for step in step_versions()
        }

    by_step = progress_of(library.photos.count())
    rows, others = _ledger_of(library)
    _count_rows(rows, by_step, now)
    if others is not None:
        _count_rows(others, by_step, now, sign=-1)

    stopped = PipelineStep.objects.of_library(library).failed(step_versions()).filter(step__in=CHAINED)
    stopped = stopped.values("photo_id")
    stopped_steps = progress_of(len({row["photo_id"] for row in stopped}))
    _count_rows(PipelineStep.objects.filter(photo__in=stopped), stopped_steps, now)
    for step, progress in by_step.items():
        progress.blocked = stopped_steps[step].pending
    return list(by_step.values())


def failed_steps(libraries, step=None):
    """The failed ledger rows of the photos of ``libraries`` (a queryset or list), of one step or all."""
    failed = PipelineStep.objects.filter(status=Status.FAILED, photo__library__in=libraries)
    return failed.filter(step=step) if step else failed


@dataclass(frozen=True)
class Failure:
    """A failed step as shown to people: the photo, its file, the step and the reason."""

    photo_id: UUID
    path: str | None
    step: str
    error: str
    finished_at: datetime | None


def latest_failures(library, limit, offset=0) -> tuple[int, list[Failure]]:
    """How many steps failed in the library at their current version (an older failure is run again by
    reconciliation), and ``limit`` of them from the ``offset``-th latest: three queries."""
    failed = PipelineStep.objects.of_library(library).failed(step_versions())
    latest = list(failed.order_by("-finished_at", "photo_id", "step")[offset : offset + limit])
    files = base_files(library.photos.filter(pk__in=[row.photo_id for row in latest]))
    failures = [
        Failure(row.photo_id, getattr(files.get(row.photo_id), "path", None), row.step, row.error, row.finished_at)
        for row in latest
    ]
    return failed.count(), failures


def latest_rejected(library, limit, offset=0):
    """How many files of the library were rejected at import, and ``limit`` of them from the ``offset``-th latest."""
    rejected = RejectedFile.objects.filter(library=library)
    return rejected.count(), list(rejected.order_by("-updated_at", "path")[offset : offset + limit])


def retry_failed(failed) -> tuple[int, int]:
    """Send the failed ledger rows ``failed`` again: each is marked pending and its photo's pipeline
    dispatched once (after the commit). Returns (steps, photos) sent."""
    steps_of = defaultdict(list)  # photo id -> its failed steps
    for photo_id, step in failed.order_by("photo_id", "step").values_list("photo_id", "step"):
        steps_of[photo_id].append(step)
    photos_of = defaultdict(list)  # the same failed steps -> the photos
    for photo_id, steps in steps_of.items():
        photos_of[tuple(steps)].append(photo_id)
    with transaction.atomic():
        for steps, photo_ids in photos_of.items():
            dispatch(photo_ids, steps)
    return sum(len(steps) for steps in steps_of.values()), len(steps_of)


def set_classifier_paused(library, name, paused) -> int:
    """Pause or resume a classifier for the library (its switch). Resuming sends the photos it
    skipped through it again. Returns how many photos were sent (0 when pausing)."""
    with transaction.atomic():
        set_classifier_switches(library, {name: not paused})
        library.save()
        if paused:
            return 0
        skipped = PipelineStep.objects.filter(photo__library=library, step=classify_step(name), status=Status.SKIPPED)
        photo_ids = list(skipped.values_list("photo_id", flat=True))
        dispatch_classifier(photo_ids, name)
    return len(photo_ids)
