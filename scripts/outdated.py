"""Print the direct dependencies (named in the given requirements*.in files) that have a
newer release than the one installed. Usage: python scripts/outdated.py requirements.in ..."""

import json
import re
import subprocess
import sys


def direct_names(paths):
    names = set()
    for path in paths:
        for line in open(path):
            line = line.split("#")[0].strip()
            if line and not line.startswith("-"):
                names.add(re.split(r"[\[=<>!~ ]", line)[0].lower().replace("_", "-"))
    return names


def main(paths):
    out = subprocess.run(
        [sys.executable, "-m", "pip", "list", "--outdated", "--format=json", "--disable-pip-version-check"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    names = direct_names(paths)
    rows = [p for p in json.loads(out) if p["name"].lower().replace("_", "-") in names]
    for p in sorted(rows, key=lambda p: p["name"].lower()):
        print(f"{p['name']:28} {p['version']:>12} -> {p['latest_version']}")
    print(f"{len(rows)} of {len(names)} direct dependencies have a newer release.")


if __name__ == "__main__":
    main(sys.argv[1:])
