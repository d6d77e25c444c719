"""The web UI's API types (ui/src/api/schema.d.ts) match the live OpenAPI schema: a route or
schema changed without `.venv/bin/python scripts/api_types.py` fails here."""

import subprocess
import sys

from tests.processes import ROOT, process_env


def test_committed_ui_types_match_the_openapi_schema():
    check = subprocess.run(
        [sys.executable, "scripts/api_types.py", "--check"],
        cwd=ROOT,
        env=process_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert check.returncode == 0, check.stderr + check.stdout
