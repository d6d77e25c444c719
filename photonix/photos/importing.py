"""Recording files on disk in the database: the one entry point of every import.

``record_photo(path, library)`` runs in a worker's ``import_file_task`` (which the watcher and
rescans send with :func:`send_import`) and for uploads. It reads
the file's type and metadata, creates or updates the Photo and PhotoFile in one
transaction, and (after the commit) dispatches the photo's pipeline. Files that can never
be imported are recorded as ``RejectedFile`` with the reason; unchanged files are skipped.

Imports run in a disposable worker process: the watcher and rescans only list files and send
``import_file_task`` for each new or changed one, so a decoder's native crash (segfault, abort) kills
only that worker's child process, which Celery replaces. The task is acknowledged late and requeued
when its process dies; :func:`import_file` counts the attempts in Redis (which survives the process)
and, once a file has killed ``MAX_IMPORT_ATTEMPTS`` processes, records it as rejected instead of
decoding it again. Deleted and moved files are followed by :mod:`photonix.photos.forgetting`.
"""

import hashlib
import logging
import os
from datetime import UTC, datetime
from pathlib import Path

from celery import current_app
from django.db import IntegrityError, transaction
from django.db.models import Q

from photonix.common.broker import redis_client
from photonix.photos import pipeline
from photonix.photos.admission import file_stat, is_private, refusal
from photonix.photos.forgetting import delete_photo_file
from photonix.photos.models import (
    Camera,
    Lens,
    Library,
    LibraryPath,
    Photo,
    PhotoFile,
    PhotoTag,
    RejectedFile,
    Tag,
)
from photonix.photos.utils.errors import BadInputError
from photonix.photos.utils.filetypes import detect_kind, is_ignored
from photonix.photos.utils.limits import check_pixels
from photonix.photos.utils.metadata import read_metadata, utc_offset_minutes

log = logging.getLogger(__name__)

SKIPPED = "skipped"
# The start of the reason recorded for a file Photonix may not read (see filetypes.detect_kind). Such a
# file is tried again once it is readable: fixing permissions changes neither its mtime nor its size.
UNREADABLE = "Permission denied"
PHOTO_FIELDS = (
    "taken_at",
    "taken_by",
    "aperture",
    "exposure",
    "iso_speed",
    "focal_length",
    "flash",
    "metering_mode",
    "drive_mode",
    "shooting_mode",
    "latitude",
    "longitude",
    "altitude",
    "star_rating",
)


def record_photo(path, library):
    """Import or update one file. Returns the Photo, ``SKIPPED`` if unchanged, or None.

    None means the file is not a photo (ignored, gone, under DATA_DIR/MODEL_DIR, or rejected with a recorded
    reason). Every check of ``admission.refusal`` (control characters in the name, symbolic links out of the
    library or looping, ``MAX_FILE_BYTES``) runs before any decoder or exiftool sees the file; any exception a
    decoder raises on the file's content is recorded as its reason, so one bad file never stops an import.
    Called in a worker by ``import_file_task``: a native crash only kills that disposable process.
    """
    path = str(Path(path).absolute())
    library = library if isinstance(library, Library) else Library.objects.get(pk=library)
    if is_ignored(path) or is_private(path):
        return None
    if unstorable(path):
        return None
    try:
        stat = file_stat(path)
    except FileNotFoundError:
        delete_photo_file(path)
        return None
    modified = datetime.fromtimestamp(stat.st_mtime, tz=UTC)
    if _unchanged(path, modified, stat.st_size):
        return SKIPPED
    try:
        reason = refusal(path, stat.st_size, library_roots(library))
        metadata, reason = (None, reason) if reason else _read_metadata(path)
    except FileNotFoundError:  # deleted since the stat
        delete_photo_file(path)
        return None
    if reason:
        reject(path, library, modified, stat.st_size, reason)
        return None
    for attempt in (1, 2):
        try:
            with transaction.atomic():
                photo = _save_photo(path, library, metadata, modified, stat.st_size)
                RejectedFile.objects.filter(path=path).delete()
                pipeline.dispatch([photo.pk])
            break
        except IntegrityError:
            # The watcher and a rescan recorded the same new file at once: the second
            # attempt finds the other's record and updates it.
            if attempt == 2:
                raise
    return photo


def _read_metadata(path):
    """``(metadata, None)``, or ``(None, reason)`` when the file's type, metadata or size cannot be read."""
    try:
        detect_kind(path)
        metadata = read_metadata(path)
        check_pixels(metadata.width, metadata.height)
    except FileNotFoundError:
        raise
    except BadInputError as error:
        return None, str(error)
    except Exception as error:  # anything a decoder (Pillow, pillow-heif, LibRaw, exiftool) raises on this content
        return None, f"The file cannot be read ({type(error).__name__}: {error})."
    return metadata, None


def library_roots(library):
    """The library's own folders: a file (links resolved) must be inside one of them to be imported."""
    return list(library.paths.filter(type=LibraryPath.Type.STORE).values_list("path", flat=True))


def unstorable(path):
    """Whether the path cannot be stored in the database; if so, the log says that the file must be renamed."""
    if storable(path):
        return False
    log.warning("Skipped %r: its name is not valid UTF-8, so it cannot be recorded; rename it.", os.fsencode(path))
    return True


def storable(path):
    """Whether the path can be stored in the database (a name of non-UTF-8 bytes cannot)."""
    try:
        path.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _unchanged(path, modified, size):
    same = Q(path=path, file_modified_at=modified, bytes=size)
    if PhotoFile.objects.filter(same).exists():
        return True
    reason = RejectedFile.objects.filter(same).values_list("reason", flat=True).first()
    return reason is not None and not (reason.startswith(UNREADABLE) and os.access(path, os.R_OK))


def reject(path, library, modified, size, reason):
    """Record a file that can never be imported, so rescans skip it until it changes."""
    log.warning("Rejected %r: %r", path, reason)
    delete_photo_file(path)
    RejectedFile.objects.update_or_create(
        path=path, defaults={"library": library, "file_modified_at": modified, "bytes": size, "reason": reason}
    )


def _widen(item, taken_at):
    """Stretch the camera's or lens's span of photo dates to ``taken_at``.

    A bound that must move is moved by a conditional UPDATE, so imports running at once in several processes
    cannot undo each other's widening (a read-compare-save could write back an older bound). Bounds only
    widen, so when ``item`` as read already spans ``taken_at`` the database's row does too: no query, which
    is the common case of a camera's photos imported in order.
    """
    if taken_at is None:
        return
    rows = type(item).objects.filter(pk=item.pk)
    if item.earliest_photo is None or taken_at < item.earliest_photo:
        rows.filter(Q(earliest_photo__isnull=True) | Q(earliest_photo__gt=taken_at)).update(earliest_photo=taken_at)
    if item.latest_photo is None or taken_at > item.latest_photo:
        rows.filter(Q(latest_photo__isnull=True) | Q(latest_photo__lt=taken_at)).update(latest_photo=taken_at)


def _camera_and_lens(library, metadata):
    """The library's camera and lens of the photo (made on first sight), or None (``read_metadata`` cuts the
    names to their columns' 128 characters)."""
    camera = lens = None
    if metadata.camera_make and metadata.camera_model:
        camera, _ = Camera.objects.get_or_create(
            library=library, make=metadata.camera_make, model=metadata.camera_model
        )
        _widen(camera, metadata.taken_at)
    if metadata.lens:
        lens, _ = Lens.objects.get_or_create(library=library, name=metadata.lens)
        _widen(lens, metadata.taken_at)
    return camera, lens


def _find_photo(path, library, taken_at):
    """The photo a file belongs to: its own, or a sibling with the same name and date (RAW+JPEG)."""
    existing = PhotoFile.objects.filter(path=path).select_related("photo").first()
    if existing:
        return existing.photo, existing
    stem = os.path.splitext(path)[0]
    if taken_at is not None:
        for sibling in PhotoFile.objects.filter(
            path__startswith=stem + ".", photo__library=library, photo__taken_at=taken_at
        ).select_related("photo"):
            if os.path.splitext(sibling.path)[0] == stem:
                return sibling.photo, None
    return Photo(library=library), None


def _save_photo(path, library, metadata, modified, size):
    photo, photo_file = _find_photo(path, library, metadata.taken_at)
    # A file says nothing about what only the photo's other files say (a RAW without the GPS or the rating
    # of its JPEG): keep those values rather than clear them.
    shared = not photo._state.adding and photo.files.exclude(path=path).exists()
    values = dict(zip(("camera", "lens"), _camera_and_lens(library, metadata), strict=True))
    values.update((field, getattr(metadata, field)) for field in PHOTO_FIELDS)
    values["taken_at_offset"] = utc_offset_minutes(metadata.taken_at)
    for field, value in values.items():
        if value is not None or not shared:
            setattr(photo, field, value)
    photo.save()
    photo_file = photo_file or PhotoFile(photo=photo, path=path)
    photo_file.width, photo_file.height = metadata.width, metadata.height
    photo_file.mimetype = metadata.mimetype
    photo_file.file_modified_at, photo_file.bytes = modified, size
    photo_file.exif_rotation = metadata.rotation
    photo_file.raw_processed, photo_file.raw_version = False, None  # the file changed: develop again
    photo_file.save()
    for subject in metadata.subjects:
        tag, _ = Tag.objects.get_or_create(
            library=library, name=subject, type=Tag.Type.GENERIC, source=Tag.Source.HUMAN
        )
        PhotoTag.objects.get_or_create(photo=photo, tag=tag, defaults={"source": Tag.Source.HUMAN})
    return photo


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
    client = redis_client()
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
