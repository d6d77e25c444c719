"""Importing one file in a disposable worker process: what the watcher and rescans send.

The watcher and rescans only list files; every new or changed file is recorded by ``import_file_task`` in a
worker (``send_import``), so a decoder's native crash (segfault, abort) kills only that worker's child
process, which Celery replaces. The task is acknowledged late and requeued when its process dies, so such a
file is tried again; ``import_file`` counts the attempts in Redis (which survives the process) and, once a
file has killed ``MAX_IMPORT_ATTEMPTS`` processes, records it as rejected instead of decoding it again.
"""

import hashlib
import logging
from datetime import UTC, datetime

import redis
from celery import current_app
from django.conf import settings

from photonix.photos.models import Library
from photonix.photos.utils.admission import file_stat
from photonix.photos.utils.db import SKIPPED, record_photo, reject

log = logging.getLogger(__name__)

IMPORT_TASK = "photonix.photos.tasks.import_file_task"
MAX_IMPORT_ATTEMPTS = 3
ATTEMPTS_TTL = 24 * 3600  # a forgotten counter expires by itself


def send_import(path, library):
    """Send ``import_file_task`` for one file of ``library`` (routed to the default queue by name)."""
    current_app.send_task(IMPORT_TASK, args=(str(path), str(library.pk)))


def _attempts_key(path):
    return "photonix:import-attempts:" + hashlib.sha256(path.encode("utf-8", "surrogateescape")).hexdigest()


def import_file(path, library_id):
    """Record one file (``record_photo``), unless it already killed its process ``MAX_IMPORT_ATTEMPTS`` times.

    Returns what happened, for the task's result: "imported", "unchanged" or "not imported".
    """
    client = redis.Redis.from_url(settings.CELERY_BROKER_URL)
    key = _attempts_key(path)
    attempts = client.incr(key)
    client.expire(key, ATTEMPTS_TTL)
    try:
        if attempts > MAX_IMPORT_ATTEMPTS:
            _reject_crashing(path, library_id, attempts - 1)
            return "not imported"
        outcome = record_photo(path, library_id)
    finally:  # not reached when the process dies: the count then survives for the redelivered task
        client.delete(key)
    return "unchanged" if outcome is SKIPPED else "not imported" if outcome is None else "imported"


def _reject_crashing(path, library_id, crashes):
    try:
        stat = file_stat(path)
    except FileNotFoundError:
        return
    reason = (
        f"Reading this file ended its worker process {crashes} times (a crash in a decoder: "
        "segmentation fault, abort or out of memory)."
    )
    modified = datetime.fromtimestamp(stat.st_mtime, tz=UTC)
    reject(path, Library.objects.get(pk=library_id), modified, stat.st_size, reason)
