"""Writing Photonix's own files (thumbnails, developed RAW files, the face index, model weights).

:func:`atomic_write` is the one way to write them: readers never see half a file, even after a
crash, and a disk fault (full, I/O error, stale NFS handle, read-only, over quota) is raised as
:class:`DataWriteError`, which pipeline steps treat as transient (they stay pending and are
retried) rather than as a fault of the photo.
"""

import errno
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

# What a full, failing, read-only or over-quota disk (or a lost NFS server) raises while writing.
DISK_FAULTS = frozenset({errno.ENOSPC, errno.EIO, errno.ESTALE, errno.EROFS, errno.EDQUOT})


class DataWriteError(OSError):
    """Photonix could not write its own data (thumbnails, developed RAW files) under ``DATA_DIR``.

    A disk fault, not a fault of the photo: steps retry it (``steps.TRANSIENT_ERRORS``) and stay
    pending until the disk is fixed. Raised only by :func:`data_write_errors`, never for a
    user's file, whose read errors may be bad input or a vanished file.
    """


@contextmanager
def data_write_errors(dest):
    """Turn a disk fault (``DISK_FAULTS``) while writing ``dest``, Photonix's own file, into ``DataWriteError``."""
    try:
        yield
    except OSError as exc:
        if exc.errno not in DISK_FAULTS or isinstance(exc, DataWriteError):
            raise
        raise DataWriteError(exc.errno, exc.strerror, str(dest)) from exc


@contextmanager
def atomic_write(dest: Path) -> Iterator[BinaryIO]:
    """Open a temporary file next to ``dest``; on success sync it and rename it to ``dest``.

    On any error the temporary file is removed and ``dest`` is left as it was; a disk fault (full,
    I/O error, stale NFS handle, read-only, over quota) is raised as ``DataWriteError``, which steps
    retry. The file is made readable by everyone (0644), like any file written with the usual umask.
    """
    dest = Path(dest)
    with data_write_errors(dest):
        dest.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=dest.parent, prefix=f".{dest.name}.", suffix=".tmp")
        try:
            os.fchmod(fd, 0o644)
            with os.fdopen(fd, "wb") as f:
                yield f
                f.flush()
                os.fsync(f.fileno())
            os.replace(tmp, dest)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
