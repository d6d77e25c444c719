"""Private files in DATA_DIR: secrets generated once (Django's key, Flower's password), the SQLite database.

Every file is created with ``O_CREAT | O_EXCL`` and mode 0600: two processes starting at once
(the containers of docker compose share one DATA_DIR) never overwrite each other's secret, and
no other user of the machine can read it. Pure file code: settings.py calls it, so it must not
import Django.
"""

import os
import secrets
import time
from pathlib import Path


def create_private_file(path):
    """Create ``path`` empty with mode 0600 and return an open descriptor, or None if it exists."""
    try:
        return os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return None


def read_or_create_secret(path, nbytes=32, wait=5.0):
    """The secret kept in ``path``; the first caller generates it (``nbytes`` random bytes, URL-safe).

    A caller that loses the creation race waits up to ``wait`` seconds for the winner to finish
    writing, so it never reads a half-written (empty) secret.
    """
    path = Path(path)
    fd = create_private_file(path)
    if fd is not None:
        secret = secrets.token_urlsafe(nbytes)
        with os.fdopen(fd, "w") as out:
            out.write(secret)
        return secret
    deadline = time.monotonic() + wait
    while not (secret := path.read_text().strip()):
        if time.monotonic() > deadline:
            raise RuntimeError(f"{path} is empty: delete it and start again to generate a new secret.")
        time.sleep(0.05)
    return secret


def ensure_private_file(path):
    """Create ``path`` empty with mode 0600 unless it exists (before SQLite creates it world-readable)."""
    fd = create_private_file(path)
    if fd is not None:
        os.close(fd)
