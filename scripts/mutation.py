"""``make mutation``: mutation testing, with mutmut, of the modules that carry Photonix's promises.

mutmut makes one small change at a time to a module's code (a ``<`` made ``<=``, a number or a
string changed, an argument dropped, a call's result replaced by None...) and runs the module's
tests against each such *mutant*. A mutant the tests fail on is *killed*; one they all pass on
*survived*: a change to the code that no test would notice. The score is killed / mutants.

Each module of ``MODULES`` is run on its own, in a scratch folder ``.mutation/<module>/``
(git-ignored, made afresh each run) holding links to ``photonix/``, ``tests/`` and ``manage.py``,
a ``pyproject.toml`` with the module's ``[tool.mutmut]`` settings, and a link ``shared`` to the
repository's ``../shared``: mutmut copies the code and the tests to ``.mutation/<module>/mutants/``
and runs pytest there, where the tests look for ``../shared`` (fixtures, models) next to
``mutants/``. Only the module's fast tests that stay in this process run
(``scripts/mutation_plugin.py`` leaves out the live worker's and Flower's, ``-m "not slow"``
the slow ones), on SQLite (``DATABASE_URL`` is dropped) and on ``REDIS_URL`` as the tests
read it (``tests/settings.py``). One mutant is tested at a time: mutmut's forked children
share the test session's SQLite test database file. Do not run two of these (or a test run) at
once on the same ``REDIS_URL``: the tests empty the broker's queues, so each would fail the other's.

Usage::

    .venv/bin/python scripts/mutation.py [--diff] [MODULE ...]   # default: every module

It prints each module's score, then the surviving mutants (with ``--diff``, each one's change).
To look at one later: ``cd .mutation/<module> && ../../.venv/bin/mutmut show <mutant>``.
Exit status 1 when a module scores below ``TARGET``. The mutants left alive and why they are
equivalent are in ``docs/mutation.md``.
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCRATCH = ROOT / ".mutation"
TARGET = 90.0
# Linked into each scratch folder; mutmut copies tests/ and pyproject.toml by itself.
LINKED = ["photonix", "tests", "manage.py", "scripts/mutation_plugin.py"]
PYTEST_ARGS = ["-p", "mutation_plugin", "-p", "no:cacheprovider", "-m", "not slow", "-q", "--reuse-db"]


@dataclass(frozen=True)
class Module:
    sources: list[str]  # the files mutated
    tests: list[str]  # the test files run against them


MODULES = {
    "steps": Module(
        ["photonix/photos/steps.py"],
        ["tests/test_steps.py", "tests/test_stale_results.py", "tests/test_reconciliation.py"],
    ),
    "reconciliation": Module(
        ["photonix/photos/pipeline.py"],
        ["tests/test_commands.py", "tests/test_steps.py", "tests/test_reconciliation.py"],
    ),
    "watcher": Module(["photonix/photos/watcher.py"], ["tests/test_watcher.py", "tests/test_watcher_events.py"]),
    "importing": Module(
        ["photonix/photos/importing.py"],
        [
            "tests/test_import.py",
            "tests/test_import_attempts.py",
            "tests/test_limits.py",
            "tests/test_scanning.py",
            "tests/test_watcher_events.py",
        ],
    ),
    "scanning": Module(
        ["photonix/photos/scanning.py"],
        [f"tests/{name}.py" for name in ("test_scanning", "test_commands", "test_maintenance_tasks", "test_hardening")],
    ),
    "search": Module(["photonix/photos/search.py"], ["tests/test_search.py"]),
    **{
        name: Module([f"photonix/classifiers/{name}/classifier.py"], [f"tests/classifiers/test_{name}.py"])
        for name in ("color", "event", "location", "style")  # the classifiers without a neural network
    },
}

DETECTED = {"killed", "timeout"}  # a mutant that makes the tests hang is caught too


def prepare(name, module):
    """The module's scratch folder, made afresh."""
    folder = SCRATCH / name
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    for path in LINKED:
        (folder / Path(path).name).symlink_to(ROOT / path)
    shared = ROOT.parent / "shared"
    if shared.is_dir():
        (folder / "shared").symlink_to(shared)
    settings = {
        "source_paths": ["photonix"],
        "only_mutate": module.sources,
        "also_copy": [Path(path).name for path in LINKED if path not in ("photonix", "tests")],
        "pytest_add_cli_args": PYTEST_ARGS,
        "pytest_add_cli_args_test_selection": module.tests,
    }
    mutmut_section = "\n[tool.mutmut]\n" + "".join(f"{key} = {json.dumps(value)}\n" for key, value in settings.items())
    (folder / "pyproject.toml").write_text((ROOT / "pyproject.toml").read_text() + mutmut_section)
    return folder


def mutmut(folder, *args):
    env = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
    return subprocess.run(
        [sys.executable, "-m", "mutmut", *args], cwd=folder, env=env, capture_output=True, text=True, check=False
    )


def statuses(folder):
    """``{mutant name: status}`` of the last run in ``folder`` ("killed", "survived", "no tests", "timeout"...)."""
    listing = mutmut(folder, "results", "--all", "true")
    pairs = (line.strip().rpartition(": ") for line in listing.stdout.splitlines() if ": " in line)
    return {mutant: status for mutant, _, status in pairs}


def run_module(name, module):
    """Run mutmut on one module; returns ``(statuses, seconds, failure output or None)``."""
    folder = prepare(name, module)
    started = time.monotonic()
    run = mutmut(folder, "run", "--max-children", "1")
    seconds = time.monotonic() - started
    failure = None if run.returncode == 0 else (run.stdout + run.stderr)[-3000:]
    return folder, statuses(folder), seconds, failure


def score(results):
    killed = sum(status in DETECTED for status in results.values())
    return killed, 100.0 * killed / len(results) if results else 0.0


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("modules", nargs="*", metavar="MODULE", help=f"one of {', '.join(MODULES)} (default: all)")
    parser.add_argument("--diff", action="store_true", help="show the change each surviving mutant makes")
    args = parser.parse_args()
    names = args.modules or list(MODULES)
    if unknown := set(names) - set(MODULES):
        parser.error(f"unknown module(s): {', '.join(sorted(unknown))}")

    rows, survivors, below = [], [], []
    for name in names:
        print(f"mutmut: {name} ...", flush=True)
        folder, results, seconds, failure = run_module(name, MODULES[name])
        if failure:
            print(f"mutmut failed on {name}:\n{failure}")
        killed, percent = score(results)
        rows.append((name, len(results), killed, percent, seconds))
        if percent < TARGET:
            below.append(name)
        survivors += [(name, folder, m, s) for m, s in sorted(results.items()) if s not in DETECTED]

    print(f"\n{'module':<16}{'mutants':>8}{'killed':>8}{'score':>8}{'time':>8}")
    for name, total, killed, percent, seconds in rows:
        print(f"{name:<16}{total:>8}{killed:>8}{percent:>7.1f}%{seconds / 60:>6.1f}m")
    if survivors:
        print(f"\nNot killed ({len(survivors)}):")
    for name, folder, mutant, status in survivors:
        print(f"  [{name}] {mutant}: {status}")
        if args.diff:
            print(mutmut(folder, "show", mutant).stdout)
    if below:
        print(f"\nBelow {TARGET:.0f}%: {', '.join(below)}")
    return 1 if below else 0


if __name__ == "__main__":
    sys.exit(main())
