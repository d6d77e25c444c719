"""Cheap checks on a file found in a library folder, made before any decoder or program sees it.

- ``is_private(path)``: the path is Photonix's own data (``DATA_DIR``) or its model files (``MODEL_DIR``),
  after resolving symbolic links. Scans, the watcher and ``record_photo`` skip such files silently.
- ``file_stat(path)``: the stat of the file a path names, or of the symbolic link itself when the link
  cannot be followed (a loop, a missing target), so that such a link can be recorded as rejected.
- ``printable(path)``: a path safe to print on one line of a command's output.
- ``refusal(path, size, roots)``: why a file may not be imported, or None. A name with a control character
  (C0 or DEL: newline, carriage return, tab...) is refused before exiftool sees it, because exiftool's
  ``-stay_open`` argument file is line-based; a path that resolves outside the library's own folders (a
  symbolic link to elsewhere) or cannot be resolved (a link loop) is refused; so is a file larger than
  ``MAX_FILE_BYTES``.
"""

import os
import re
import stat

from django.conf import settings

CONTROL_CHARACTER = re.compile(r"[\x00-\x1f\x7f]")


def printable(path: str) -> str:
    """``path`` as is, or quoted and escaped (its repr) when it has a control character that could forge lines."""
    return repr(path) if CONTROL_CHARACTER.search(path) else path


def _within(path: str, folder: str) -> bool:
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


def private_folders() -> list[str]:
    """The resolved folders whose contents are never imported: DATA_DIR and MODEL_DIR."""
    return [os.path.realpath(settings.DATA_DIR), os.path.realpath(settings.MODEL_DIR)]


def is_private(path: str | os.PathLike) -> bool:
    """Whether ``path`` (links resolved) is DATA_DIR, MODEL_DIR or inside one of them."""
    resolved = os.path.realpath(path)
    return any(_within(resolved, folder) for folder in private_folders())


def file_stat(path: str | os.PathLike) -> os.stat_result:
    """``os.stat(path)``, or ``os.lstat(path)`` for a symbolic link that cannot be followed.

    Raises ``FileNotFoundError`` when nothing is at ``path``.
    """
    try:
        return os.stat(path)
    except OSError:
        link = os.lstat(path)
        if not stat.S_ISLNK(link.st_mode):
            raise
        return link


def refusal(path: str, size: int, roots: list[str]) -> str | None:
    """Why the file at ``path`` (``size`` bytes) may not be imported into a library with folders ``roots``."""
    if CONTROL_CHARACTER.search(path):
        return (
            "The file name contains a control character (such as a newline, carriage return or tab), "
            "which Photonix does not pass to other programs: rename the file."
        )
    try:
        resolved = os.path.realpath(path, strict=True)
    except OSError as error:
        return f"The file's symbolic link cannot be followed ({error.strerror}): a link loop or a missing target."
    if not any(_within(resolved, os.path.realpath(root)) for root in roots):
        return "The file is a symbolic link to a file outside the library's folders."
    if size > settings.MAX_FILE_BYTES:
        return f"The file is larger than MAX_FILE_BYTES ({size} > {settings.MAX_FILE_BYTES} bytes)."
    return None
