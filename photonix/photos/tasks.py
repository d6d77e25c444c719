"""Celery tasks of the photos app. Tasks are thin: a photo id in, domain code does the work.

Queues are chosen by name (``photonix.photos.routing``), never on the decorator.
The canvas that links them is built in one place: ``photonix.photos.pipeline``.
"""

import logging
import socket

from celery import shared_task
from celery.signals import task_failure

from photonix.classifiers.registry import classifiers
from photonix.classifiers.registry import get as get_classifier
from photonix.photos import people, pipeline, processing, steps
from photonix.photos.importing import import_file
from photonix.photos.models import Library
from photonix.photos.rotation import reclassify_if_latest
from photonix.photos.routing import classifier_task_name
from photonix.photos.scanning import LOCK_TIMEOUT, AlreadyRescanning, rescan_library
from photonix.photos.steps import TRANSIENT_ERRORS, record_lost, run_step
from photonix.photos.utils.raw import RAW_PROCESS_VERSION
from photonix.photos.utils.thumbnails import THUMBNAILER_VERSION

log = logging.getLogger(__name__)

# Transient trouble is retried with exponential backoff and jitter; BadInputError never is.
STEP_TASK = {
    "autoretry_for": TRANSIENT_ERRORS,
    "retry_backoff": 2,
    "retry_backoff_max": 300,
    "retry_jitter": True,
    "max_retries": 5,
}


@shared_task
def hello_task():
    """Prove that a worker runs: returns a greeting naming the worker's host."""
    return f"Hello from Photonix on {socket.gethostname()}"


@shared_task(**STEP_TASK)
def process_raw_task(photo_id):
    """Develop the photo's RAW/HEIF/AVIF files into JPEGs (no-op for other formats)."""
    with run_step(photo_id, steps.RAW_STEP, RAW_PROCESS_VERSION) as photo:
        if photo:
            processing.develop_photo(photo)


@shared_task(**STEP_TASK)
def generate_thumbnails_task(photo_id):
    """Make the photo's at-import thumbnails (grid thumbnail and preview)."""
    with run_step(photo_id, steps.THUMBNAILS_STEP, THUMBNAILER_VERSION) as photo:
        if photo:
            processing.thumbnail_photo(photo)


def _classify(task, name, photo_id):
    """Run one classifier; the result names the tags and the group the task ran in (shown in Flower)."""
    classifier = get_classifier(name)
    tags = None  # stays None when the step is skipped or was already done
    with run_step(photo_id, steps.classify_step(name), classifier.version) as photo:
        if photo:
            tags = processing.classify_photo(photo, classifier)
    return {"tags": tags, "group": task.request.group}


@shared_task(bind=True, **STEP_TASK)
def classify_color_task(self, photo_id):
    return _classify(self, "color", photo_id)


@shared_task(bind=True, **STEP_TASK)
def classify_event_task(self, photo_id):
    return _classify(self, "event", photo_id)


@shared_task(bind=True, **STEP_TASK)
def classify_location_task(self, photo_id):
    return _classify(self, "location", photo_id)


@shared_task(bind=True, **STEP_TASK)
def classify_face_task(self, photo_id):
    return _classify(self, "face", photo_id)


@shared_task(bind=True, **STEP_TASK)
def classify_object_task(self, photo_id):
    return _classify(self, "object", photo_id)


@shared_task(bind=True, **STEP_TASK)
def classify_style_task(self, photo_id):
    return _classify(self, "style", photo_id)


@task_failure.connect
def _record_lost_step(sender=None, args=None, exception=None, **kwargs):
    """A task killed by its hard time limit never leaves ``run_step``: record it here."""
    step = TASK_STEPS.get(getattr(sender, "name", None))
    if step and args:
        record_lost(args[0], step, f"{type(exception).__name__}: {exception}")


TASK_STEPS = {
    process_raw_task.name: steps.RAW_STEP,
    generate_thumbnails_task.name: steps.THUMBNAILS_STEP,
    **{classifier_task_name(name): steps.classify_step(name) for name in classifiers()},
}


@shared_task(acks_late=True, reject_on_worker_lost=True)
def import_file_task(path, library_id):
    """Record one new or changed file (sent by the watcher and rescans).

    Redelivered when a decoder crash kills the process; rejected after ``MAX_IMPORT_ATTEMPTS`` such deaths.
    """
    return {"path": path, "outcome": import_file(path, library_id)}


@shared_task(acks_late=False)
def rescan_libraries_task():
    """Beat's periodic rescan: one ``rescan_library_task`` per library, so each has its own time and lock."""
    library_ids = [str(pk) for pk in Library.objects.values_list("pk", flat=True)]
    for library_id in library_ids:
        rescan_library_task.delay(library_id)
    return library_ids


# A large library (on NFS, say) takes longer than the global 240/300 s limit: the limit is the lock's timeout.
@shared_task(acks_late=False, soft_time_limit=LOCK_TIMEOUT - 60, time_limit=LOCK_TIMEOUT)
def rescan_library_task(library_id):
    """Rescan one library under its lock (runs never overlap): list its files, send the new and changed ones."""
    library = Library.objects.filter(pk=library_id).first()
    if library is None:
        return None
    try:
        return {library.name: {path: str(result) for path, result in rescan_library(library).items()}}
    except AlreadyRescanning:
        return {library.name: "already being rescanned"}


@shared_task(acks_late=False)
def reconcile_task():
    """Dispatch again the pipeline of photos whose work is missing, stale or stuck.

    Acknowledged on receipt, so that it does not count itself as work in flight.
    """
    return pipeline.reconcile()


@shared_task
def reclassify_after_rotation_task(photo_id, token):
    """Debounced re-run of face, object and style after the user rotated a photo."""
    return reclassify_if_latest(photo_id, token)


@shared_task(acks_late=False)
def rebuild_face_index_task():
    """Rebuild every library's face index (people matching reads it)."""
    return {str(library.pk): people.rebuild_face_index(library) for library in Library.objects.all()}
