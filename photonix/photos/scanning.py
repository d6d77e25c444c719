"""Rescanning library folders: send new and changed files to be imported, forget deleted ones.

A rescan only lists files: it compares each file's modification time and size with what is recorded and
sends ``import_file_task`` for the new and changed ones (``importer.send_import``); the workers decode them.
Deleted files are forgotten in the same pass. DATA_DIR and MODEL_DIR are never scanned, even inside a
library folder. A file moved from one library's folder into another's is forgotten by the first library's
rescan and imported by the second's.
"""

import os
from contextlib import suppress
from dataclasses import dataclass, field
from datetime import UTC, datetime

from redis.exceptions import LockNotOwnedError

from photonix.common.broker import redis_client
from photonix.photos.admission import file_stat, is_private
from photonix.photos.forgetting import delete_photo_files
from photonix.photos.importing import UNREADABLE, send_import, unstorable
from photonix.photos.models import LibraryPath, PhotoFile, RejectedFile
from photonix.photos.utils.filetypes import is_ignored

LOCK_TIMEOUT = 6 * 3600  # a crashed scan's lock expires by itself; a running scan renews it
PROGRESS_EVERY = 500  # files between two progress calls (and renewals of the rescan's lock)


@dataclass
class ScanResult:
    sent: int = 0
    unchanged: int = 0
    skipped: int = 0
    removed: int = 0
    seen: set = field(default_factory=set, repr=False)

    def __str__(self):
        return (
            f"{self.sent} new or changed (sent to import), {self.unchanged} unchanged, "
            f"{self.skipped} skipped, {self.removed} removed"
        )


def walk(root):
    """Every file under ``root``, in sorted order, skipping Synology's @eaDir folders, DATA_DIR and MODEL_DIR.

    Symbolic links to folders are not followed (so link loops end nothing); links to files are listed.
    """
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if d != "@eaDir" and not is_private(os.path.join(folder, d)))
        for name in sorted(files):
            yield os.path.join(folder, name)


def scan_path(library_path, progress=None):
    """Bring the database in line with one library folder; ``progress(message)`` every ``PROGRESS_EVERY`` files."""
    root = os.path.abspath(library_path.path)
    prefix = root.rstrip(os.sep) + os.sep
    known = {
        path: (modified, size)
        for model in (PhotoFile, RejectedFile)
        for path, modified, size in model.objects.filter(path__startswith=prefix).values_list(
            "path", "file_modified_at", "bytes"
        )
    }
    # Files rejected as unreadable go to record_photo, which tries them again once they are readable.
    unreadable = RejectedFile.objects.filter(path__startswith=prefix, reason__startswith=UNREADABLE)
    known.update(dict.fromkeys(unreadable.values_list("path", flat=True)))
    result = ScanResult()
    for n, path in enumerate(walk(root) if not is_private(root) else ()):
        if progress and n and n % PROGRESS_EVERY == 0:
            progress(f"{root}: {n} files looked at ({result})")
        result.seen.add(path)
        if is_ignored(path):
            continue
        if unstorable(path):
            result.skipped += 1
            continue
        try:
            stat = file_stat(path)
        except OSError:
            continue
        if known.get(path) == (datetime.fromtimestamp(stat.st_mtime, tz=UTC), stat.st_size):
            result.unchanged += 1
            continue
        send_import(path, library_path.library)
        result.sent += 1
    gone = [p for p in known if p not in result.seen]
    RejectedFile.objects.filter(path__in=gone).delete()
    result.removed = delete_photo_files(PhotoFile.objects.filter(path__in=gone))
    return result


def scan_library(library, progress=None):
    """Rescan every local store folder of a library; returns one ScanResult per folder."""
    paths = library.paths.filter(type=LibraryPath.Type.STORE, backend_type=LibraryPath.Backend.LOCAL)
    return {p.path: scan_path(p, progress) for p in paths}


def rescan_lock(library):
    """The Redis lock that a rescan of ``library`` holds (non-blocking)."""
    return redis_client().lock(f"photonix:rescan:{library.pk}", timeout=LOCK_TIMEOUT, blocking=False)


class AlreadyRescanning(Exception):  # noqa: N818 - a state, not a failure
    """Another rescan of the library holds its lock."""


def rescan_library(library, progress=None):
    """Rescan a library under its Redis lock, so two rescans of it never overlap.

    The one way to rescan (beat's task and ``manage.py rescan_photos``). Returns one ScanResult
    per folder; raises :class:`AlreadyRescanning` when another rescan holds the lock. A crashed
    rescan's lock expires by itself after ``LOCK_TIMEOUT``; a running one renews it every
    ``PROGRESS_EVERY`` files, however long it runs. If the lock was lost anyway (Redis restarted,
    or a batch outlasted the timeout), the rescan takes it again, or stops with
    :class:`AlreadyRescanning` when another rescan took it meanwhile.
    """
    lock = rescan_lock(library)
    if not lock.acquire():
        raise AlreadyRescanning(f"Library {library.name!r} is being rescanned already.")

    def renew_then_report(message):
        try:
            lock.reacquire()
        except LockNotOwnedError:
            if not lock.acquire():
                raise AlreadyRescanning(
                    f"Library {library.name!r}: another rescan took over (this one's lock had expired)."
                ) from None
        if progress:
            progress(message)

    try:
        return scan_library(library, renew_then_report)
    finally:
        with suppress(LockNotOwnedError):  # lost in the last batch: there is nothing to release
            lock.release()
