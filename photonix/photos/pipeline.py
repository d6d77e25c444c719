"""The one place that composes the photo pipeline, and reconciliation.

    chain(process_raw_task, generate_thumbnails_task, group(classify_<name>_task ...))

Every signature is immutable (``.si``) and takes only the photo id. Nothing is chained
after the group (that would make it a chord needing every classifier to succeed).

The database is the source of truth; the broker only moves work. :func:`reconcile`
finds photos whose steps are missing, stale (below the current version) or stuck, and
dispatches their pipeline again, so a lost message delays work but never loses it.
"""

import logging
from datetime import timedelta

from celery import chain, group, signature
from django.conf import settings
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone
from kombu.transport.redis import Channel as RedisChannel

from photonix.classifiers.registry import classifiers
from photonix.common.broker import redis_client
from photonix.photos.models import Photo, PipelineStep
from photonix.photos.routing import TASKS, classifier_task_name
from photonix.photos.steps import classify_step, ensure_rows, mark_pending, step_versions

log = logging.getLogger(__name__)

RECONCILE_BATCH = 5000


def _step_signature(task_name, photo_id):
    """An immutable signature of a task, by name: nothing here imports ``tasks.py``."""
    return signature(task_name, args=(str(photo_id),), immutable=True)


def photo_pipeline(photo_id):
    """The Celery canvas for one photo."""
    return chain(
        _step_signature(f"{TASKS}.process_raw_task", photo_id),
        _step_signature(f"{TASKS}.generate_thumbnails_task", photo_id),
        group(_step_signature(classifier_task_name(name), photo_id) for name in classifiers()),
    )


def dispatch(photo_ids, steps=None):
    """Mark the photos' steps pending and send their pipelines once the transaction commits."""
    photo_ids = [str(pid) for pid in photo_ids]
    if not photo_ids:
        return
    mark_pending(photo_ids, steps or step_versions())

    def send():
        for pid in photo_ids:
            photo_pipeline(pid).apply_async()

    transaction.on_commit(send)


def dispatch_classifier(photo_ids, name, countdown=None):
    """Re-run one classifier on the given photos (its step is reset first)."""
    mark_pending(photo_ids, [classify_step(name)])
    task_name = classifier_task_name(name)
    transaction.on_commit(
        lambda: [_step_signature(task_name, pid).apply_async(countdown=countdown) for pid in photo_ids]
    )


def queue_keys(queue_name):
    """The Redis lists holding a queue's messages: one per priority step (kombu's Redis transport)."""
    options = settings.CELERY_BROKER_TRANSPORT_OPTIONS
    sep = options.get("sep", RedisChannel.sep)
    return [queue_name if step == 0 else f"{queue_name}{sep}{step}" for step in options["priority_steps"]]


def queues_idle():
    """True when no pipeline message waits in, or is held by, the broker."""
    client = redis_client()
    queued = sum(client.llen(key) for queue in settings.CELERY_TASK_QUEUES for key in queue_keys(queue.name))
    return queued == 0 and client.hlen("unacked") == 0


def photos_needing_work(now=None, idle=None):
    """Ids of photos with a step missing, stale or stuck, and no recent sign of life.

    A photo with a step that failed at its current version is left alone: bad input is
    not retried (``manage.py reclassify`` or a version bump runs it again).
    """
    now = now or timezone.now()
    idle = queues_idle() if idle is None else idle
    grace = timedelta(seconds=settings.RECONCILE_IDLE_GRACE if idle else settings.RECONCILE_BUSY_GRACE)
    versions = step_versions()
    complete = Q()
    for step in versions:
        complete &= Q(pk__in=PipelineStep.objects.finished({step: versions[step]}).values("photo_id"))
    blocked = Q(pk__in=PipelineStep.objects.failed(versions).values("photo_id"))
    return list(
        Photo.objects.exclude(complete)
        .exclude(blocked)
        .annotate(last_touched=Max("steps__updated_at"))
        .filter(Q(last_touched__isnull=True) | Q(last_touched__lt=now - grace))
        .values_list("pk", flat=True)[:RECONCILE_BATCH]
    )


def reconcile():
    """Dispatch again the pipeline of every photo whose work is missing, stale or stuck."""
    photo_ids = photos_needing_work()
    if not photo_ids:
        return 0
    now = timezone.now()
    with transaction.atomic():
        ensure_rows(photo_ids, step_versions())
        unfinished = PipelineStep.objects.filter(photo_id__in=photo_ids).unfinished(step_versions())
        unfinished.update(status=PipelineStep.Status.PENDING, updated_at=now)
        transaction.on_commit(lambda: [photo_pipeline(pid).apply_async() for pid in photo_ids])
    log.info("Reconciliation dispatched the pipeline of %d photo(s)", len(photo_ids))
    return len(photo_ids)
