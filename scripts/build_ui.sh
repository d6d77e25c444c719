#!/usr/bin/env bash
# Build the web UI (ui/ → ui/dist/, served by Django) when its sources or lockfile changed since
# the last build, and install its npm packages when the lockfile changed. Does nothing otherwise.
# Needs .venv (scripts/bootstrap.sh) for the pinned Node. Set PHOTONIX_SKIP_UI_BUILD=1 to skip.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -z "${PHOTONIX_SKIP_UI_BUILD:-}" ] || exit 0

# A digest of the files under ui/ (except what npm and the build make).
digest() {
  (cd ui && find "$@" \( -name node_modules -o -name dist \) -prune -o -type f -print0 | sort -z | xargs -0 sha256sum) |
    sha256sum | cut -c1-16
}

deps=$(digest package.json package-lock.json tools)
if [ ! -f "ui/node_modules/.photonix-deps-$deps" ]; then
  echo "Installing the web UI's npm packages..."
  scripts/npm.sh ci --loglevel=error
  touch "ui/node_modules/.photonix-deps-$deps"
fi

sources=$(digest .)
if [ "$(cat ui/dist/.build-stamp 2>/dev/null)" != "$sources" ]; then
  echo "Building the web UI..."
  scripts/npm.sh run --silent build
  echo "$sources" > ui/dist/.build-stamp
fi
