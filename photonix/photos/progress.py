"""Reading the ledger for people: progress per step, the latest failures, and sending failures again.

Used by the processing routes of the API and by ``manage.py retry_failed``. Counts come from one
GROUP BY over ``PipelineStep`` (by step, status and whether the row is at the step's current
version), so they stay cheap on a big library.

- A step is *done*, *skipped* or *failed* only at its current version; a row finished at an older
  version, or a missing row, counts as *pending* (reconciliation will run it again), unless an
  earlier step of the photo failed: then it is *blocked* (the pipeline stops at a failed step).
- The ETA divides what remains (pending + running) by the throughput of the last
  ``THROUGHPUT_WINDOW`` (rows of the step that finished in that window); None when nothing
  finished recently.
- Pausing a classifier is its library switch: a paused classifier records ``skipped``;
  resuming sends the skipped photos through it again.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.db.models import BooleanField, Case, Count, Q, Value, When
from django.utils import timezone

from photonix.classifiers.registry import classifiers
from photonix.photos.libraries import set_classifier_switches
from photonix.photos.models import PipelineStep, RejectedFile
from photonix.photos.pipeline import (
    RAW_STEP,
    THUMBNAILS_STEP,
    classify_step,
    dispatch,
    dispatch_classifier,
    step_versions,
)
from photonix.photos.steps import FINISHED
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


def _at_current_version():
    """True for rows at their step's current version (a CASE over the steps)."""
    whens = [When(step=step, version__gte=version, then=Value(True)) for step, version in step_versions().items()]
    return Case(*whens, default=Value(False), output_field=BooleanField())


def _count_rows(rows, by_step, now):
    """Add the ledger rows ``rows`` (grouped by step, status and current version) to ``by_step``."""
    grouped = (
        rows.annotate(current=_at_current_version())
        .values("step", "status", "current")
        .annotate(count=Count("pk"), recent=Count("pk", filter=Q(finished_at__gte=now - THROUGHPUT_WINDOW)))
        .order_by()
    )
    for row in grouped:
        progress = by_step.get(row["step"])
        if progress is None:  # a step no longer in the pipeline
            continue
        progress.finished_recently += row["recent"]
        if row["status"] == Status.RUNNING:
            progress.running += row["count"]
        elif row["current"] and row["status"] in FINISHED:
            setattr(progress, row["status"], getattr(progress, row["status"]) + row["count"])


def step_progress(library, now=None) -> list[StepProgress]:
    """Progress of every step of the pipeline over the library's photos: four queries.

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
    _count_rows(PipelineStep.objects.filter(photo__library=library), by_step, now)

    stopped = PipelineStep.objects.filter(photo__library=library, step__in=CHAINED, status=Status.FAILED)
    stopped = stopped.annotate(current=_at_current_version()).filter(current=True).values("photo_id")
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

    photo_id: str
    path: str | None
    step: str
    error: str
    finished_at: object


def latest_failures(library, limit) -> tuple[int, list[Failure]]:
    """How many steps failed in the library, and the ``limit`` latest failures: three queries."""
    failed = failed_steps([library])
    latest = list(failed.order_by("-finished_at", "photo_id")[:limit])
    files = base_files(library.photos.filter(pk__in=[row.photo_id for row in latest]))
    failures = [
        Failure(row.photo_id, getattr(files.get(row.photo_id), "path", None), row.step, row.error, row.finished_at)
        for row in latest
    ]
    return failed.count(), failures


def latest_rejected(library, limit):
    """How many files of the library were rejected at import, and the ``limit`` latest of them."""
    rejected = RejectedFile.objects.filter(library=library)
    return rejected.count(), list(rejected.order_by("-updated_at", "path")[:limit])


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
