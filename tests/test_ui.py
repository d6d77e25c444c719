"""The web UI's own checks, run with the Python suite: its unit tests (vitest) pass, and its API
types (ui/src/api/schema.d.ts) match the live OpenAPI schema, so that a route or schema changed
without `.venv/bin/python scripts/api_types.py` fails here. Both need scripts/build_ui.sh first
(make test runs it)."""

import subprocess
import sys

from tests.processes import ROOT, process_env


def run(*args):
    return subprocess.run(args, cwd=ROOT, env=process_env(), capture_output=True, text=True, timeout=300)


def test_committed_ui_types_match_the_openapi_schema():
    check = run(sys.executable, "scripts/api_types.py", "--check")
    assert check.returncode == 0, check.stderr + check.stdout


def test_ui_unit_tests_pass():
    vitest = run("scripts/npm.sh", "run", "test", "--", "--reporter=dot")
    assert vitest.returncode == 0, vitest.stdout[-5000:] + vitest.stderr[-2000:]
    assert " passed" in vitest.stdout
