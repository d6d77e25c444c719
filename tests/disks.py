"""A full disk for the tests: a tiny tmpfs mounted over a folder and filled up (the real ENOSPC of a full disk).

Mounting needs root (as in CI and the development containers); elsewhere the tests using it are skipped.
"""

import errno
import os
import shutil
import subprocess
from contextlib import contextmanager
from pathlib import Path

import pytest


@contextmanager
def full_disk(folder: Path):
    """Mount a 4 MiB tmpfs over ``folder`` and fill it; yield the filler file (delete it to free the space)."""
    folder.mkdir(parents=True, exist_ok=True)
    if os.geteuid() != 0 or not shutil.which("mount"):
        pytest.skip("mounting a tmpfs (a small disk to fill) needs root")
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=4m,mode=0755", "photonix-test-full", str(folder)],
        capture_output=True,
        text=True,
    )
    if mounted.returncode:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.strip()}")
    try:
        filler = folder / "filler"
        fd = os.open(filler, os.O_WRONLY | os.O_CREAT)
        try:
            while True:
                os.write(fd, b"\0" * 4096)
        except OSError as exc:
            assert exc.errno == errno.ENOSPC, exc
        finally:
            os.close(fd)
        yield filler
    finally:
        subprocess.run(["umount", "--lazy", str(folder)], check=True)
