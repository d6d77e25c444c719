"""Errors shared by the import and processing code."""

import errno
from contextlib import contextmanager


class BadInputError(Exception):
    """A file that can never be processed (not an image, truncated, a decompression bomb...).

    The message is a human-readable reason shown to the user. Tasks record it on the
    step and never retry it: only transient errors are retried.
    """


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


class StaleInputError(Exception):
    """The photo's file changed while a step worked on it: the result is dropped and the step runs again."""
