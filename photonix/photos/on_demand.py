"""Thumbnails the web server makes when first asked for (the 3840 size, or any size that is missing).

A burst of requests must not decode the same photo many times, nor decode so many photos at once
that the server runs out of memory or CPU:

- **One maker per file and size**: a Redis lock per thumbnail file, so across every web process
  and machine only one request decodes it; the others wait for the lock, then find the file made.
- **At most ``THUMBNAIL_ON_DEMAND_CONCURRENCY`` decodes at once per web process** (a semaphore).
- **Nobody waits for ever**: after ``THUMBNAIL_ON_DEMAND_WAIT`` seconds a request gives up with
  :class:`Busy` (the view answers 503 with ``Retry-After``).

Each thumbnail made is logged ("Made the <size> thumbnail of photo file <id> in <seconds> s"), which is
also how the tests count decodes and check that they never overlap beyond the limit.
"""

import logging
import threading
import time
from contextlib import suppress

from django.conf import settings
from redis.exceptions import LockNotOwnedError

from photonix.common.broker import redis_client
from photonix.photos.processing import ensure_thumbnails
from photonix.photos.utils.paths import thumbnail_path

log = logging.getLogger(__name__)

# Seconds after which the lock of a maker that died is free again (far above any decode).
LOCK_EXPIRY = 600
RETRY_AFTER = 5

_slots_guard = threading.Lock()
_slots = {}


class Busy(Exception):  # noqa: N818 - a state, not a failure
    """The thumbnail could not be made within ``THUMBNAIL_ON_DEMAND_WAIT`` seconds: ask again later."""


def _decode_slots():
    """This process's semaphore of ``THUMBNAIL_ON_DEMAND_CONCURRENCY`` decodes."""
    limit = settings.THUMBNAIL_ON_DEMAND_CONCURRENCY
    with _slots_guard:
        return _slots.setdefault(limit, threading.BoundedSemaphore(limit))


def thumbnail(photo_file, size):
    """The path of the file's thumbnail of ``size``, made now if missing. Raises :class:`Busy`."""
    path = thumbnail_path(photo_file, size)
    if path.exists():
        return path
    deadline = time.monotonic() + settings.THUMBNAIL_ON_DEMAND_WAIT
    lock = redis_client().lock(
        f"photonix:thumbnail:{size.name}:{path.name}",
        timeout=LOCK_EXPIRY,
        blocking_timeout=settings.THUMBNAIL_ON_DEMAND_WAIT,
    )
    if not lock.acquire():
        raise Busy(f"another request has been making this thumbnail for {settings.THUMBNAIL_ON_DEMAND_WAIT} s")
    try:
        if path.exists():  # made by the request that held the lock
            return path
        slots = _decode_slots()
        if not slots.acquire(timeout=max(0.0, deadline - time.monotonic())):
            raise Busy("the server is busy making other thumbnails")
        started = time.monotonic()
        try:
            ensure_thumbnails(photo_file, [size])
        finally:
            slots.release()
        log.info(
            "Made the %s thumbnail of photo file %s in %.3f s", size.name, photo_file.pk, time.monotonic() - started
        )
        return path
    finally:
        with suppress(LockNotOwnedError):  # held past its expiry: it is free already
            lock.release()
