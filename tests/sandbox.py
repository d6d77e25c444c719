"""Running test code in a child Python process, where root's power to read any file can be dropped."""

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

MAIN = Path(__file__).resolve().parents[1]


def run_without_root_file_access(code: str) -> str:
    """Run Python ``code`` in a child process that file permissions apply to, and return its output.

    Skips only when this machine cannot drop root's file capabilities (no ``setpriv``, or ``setpriv`` refused
    even for an empty program); a child that then crashes on ``code`` fails the test with its output.
    """
    prefix = []
    if os.geteuid() == 0:
        if not shutil.which("setpriv"):
            pytest.skip("running as root without setpriv: chmod 000 cannot be tested")
        caps = "-dac_override,-dac_read_search"
        prefix = ["setpriv", f"--bounding-set={caps}", f"--inh-caps={caps}"]
        probe = subprocess.run([*prefix, sys.executable, "-c", "pass"], capture_output=True, text=True, timeout=60)
        if probe.returncode != 0:
            pytest.skip(f"cannot drop file permission capabilities here: {probe.stderr.strip()}")
    result = subprocess.run([*prefix, sys.executable, "-c", code], cwd=MAIN, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, f"the child process failed:\n{result.stdout}{result.stderr}"
    return result.stdout.strip()


def error_from_unreadable_copy(function: Callable, photo: Path, directory: Path) -> str:
    """The repr of what ``function`` (a module-level one, imported by name) raises on a chmod 000 copy of ``photo``.

    The copy is ``directory/locked.jpg``; the call runs in :func:`run_without_root_file_access`, so it
    cannot read the copy even as root. The output is empty when nothing is raised.
    """
    path = Path(directory) / "locked.jpg"
    shutil.copyfile(photo, path)
    path.chmod(0)
    module, name = function.__module__, function.__name__
    code = (
        f"from {module} import {name}\n"
        f"try:\n    {name}({str(path)!r})\nexcept Exception as error:\n    print(repr(error))\n"
    )
    return run_without_root_file_access(code)
