"""Rescanning library folders: import new and changed files, forget deleted ones."""

import logging
import os
from dataclasses import dataclass, field
from datetime import UTC, datetime

import redis
from django.conf import settings

from photonix.photos.models import LibraryPath, PhotoFile, RejectedFile
from photonix.photos.utils.db import SKIPPED, UNREADABLE, delete_photo_files, record_photo
from photonix.photos.utils.filetypes import is_ignored

log = logging.getLogger(__name__)
LOCK_TIMEOUT = 6 * 3600  # longer than any scan; a crashed scan's lock expires by itself


@dataclass
class ScanResult:
    imported: int = 0
    unchanged: int = 0
    not_photos: int = 0
    removed: int = 0
    seen: set = field(default_factory=set, repr=False)

    def __str__(self):
        return (
            f"{self.imported} imported or updated, {self.unchanged} unchanged, "
            f"{self.not_photos} not photos or rejected, {self.removed} removed"
        )


def walk(root):
    """Every file under ``root``, in sorted order, skipping Synology's @eaDir folders."""
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if d != "@eaDir")
        for name in sorted(files):
            yield os.path.join(folder, name)


def scan_path(library_path, progress=None):
    """Bring the database in line with one library folder."""
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
    for n, path in enumerate(walk(root), 1):
        result.seen.add(path)
        if is_ignored(path):
            continue
        try:
            stat = os.stat(path)
        except OSError:
            continue
        if known.get(path) == (datetime.fromtimestamp(stat.st_mtime, tz=UTC), stat.st_size):
            result.unchanged += 1
            continue
        outcome = record_photo(path, library_path.library)
        if outcome is SKIPPED:
            result.unchanged += 1
        elif outcome is None:
            result.not_photos += 1
        else:
            result.imported += 1
        if progress and n % 500 == 0:
            progress(f"{root}: {n} files looked at ({result})")
    gone = [p for p in known if p not in result.seen]
    RejectedFile.objects.filter(path__in=gone).delete()
    result.removed = delete_photo_files(PhotoFile.objects.filter(path__in=gone))
    return result


def scan_library(library, progress=None):
    """Rescan every local store folder of a library; returns one ScanResult per folder."""
    paths = library.paths.filter(type=LibraryPath.Type.STORE, backend_type=LibraryPath.Backend.LOCAL)
    return {p.path: scan_path(p, progress) for p in paths}


def rescan_lock(library):
    """A Redis lock so that two rescans of the same library never overlap."""
    client = redis.Redis.from_url(settings.CELERY_BROKER_URL)
    return client.lock(f"photonix:rescan:{library.pk}", timeout=LOCK_TIMEOUT, blocking=False)
