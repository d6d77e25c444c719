"""Processing routes: how far the pipeline is for a library, what failed and why, sending failures
again, and pausing or resuming a classifier. The ledger queries live in ``photonix.photos.progress``."""

from uuid import UUID

from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError

from photonix.classifiers.registry import classifiers
from photonix.photos import progress
from photonix.photos.access import library_for
from photonix.photos.api.schemas import PauseIn, PauseOut, ProcessingOut, RetryIn, RetryOut
from photonix.photos.steps import step_versions

router = Router(tags=["processing"])


class ProcessingParams(Schema):
    limit: int = Field(20, ge=0, le=500, description="how many of the latest failures and rejected files")
    failures_offset: int = Field(0, ge=0, le=10**9, description="skip this many of the latest failures (paging)")
    rejected_offset: int = Field(0, ge=0, le=10**9, description="skip this many of the latest rejected files (paging)")


@router.get("/libraries/{library_id}/processing", response=ProcessingOut)
def get_processing(request, library_id: UUID, params: Query[ProcessingParams]):
    """Per step: done, skipped, pending, running, failed and an ETA; the latest failures and rejected files
    (paged with ``limit`` and the two offsets)."""
    library = library_for(request, library_id)
    failed_count, failures = progress.latest_failures(library, params.limit, params.failures_offset)
    rejected_count, rejected = progress.latest_rejected(library, params.limit, params.rejected_offset)
    return {
        "steps": [
            {**vars(step), "pending": step.pending, "eta_seconds": step.eta_seconds}
            for step in progress.step_progress(library)
        ],
        "failed_count": failed_count,
        "failures": [
            {"photo_id": f.photo_id, "path": f.path, "step": f.step, "reason": f.error, "failed_at": f.finished_at}
            for f in failures
        ],
        "rejected_count": rejected_count,
        "rejected": [{"path": r.path, "reason": r.reason, "rejected_at": r.updated_at} for r in rejected],
    }


@router.post("/libraries/{library_id}/processing/retry", response=RetryOut)
def retry(request, library_id: UUID, body: RetryIn):
    """Send the failed steps (of ``step``, or all) of the library's photos again."""
    library = library_for(request, library_id, write=True)
    if body.step is not None and body.step not in step_versions():
        raise HttpError(422, f"step: unknown step {body.step!r} (known: {', '.join(step_versions())}).")
    steps, photos = progress.retry_failed(progress.failed_steps([library], body.step))
    return {"steps": steps, "photos": photos}


@router.patch("/libraries/{library_id}/processing", response=PauseOut)
def pause(request, library_id: UUID, body: PauseIn):
    """Pause or resume a classifier for the library (owners only); resuming sends the photos it skipped again."""
    library = library_for(request, library_id, owner=True)
    if body.classifier not in classifiers():
        raise HttpError(422, f"classifier: unknown classifier {body.classifier!r} (known: {', '.join(classifiers())}).")
    sent = progress.set_classifier_paused(library, body.classifier, body.paused)
    return {"classifier": body.classifier, "paused": body.paused, "photos_sent": sent}
