#!/usr/bin/env bash
# Run every test against the real Redis and database (PostgreSQL when DATABASE_URL is set).
# Starts the local PostgreSQL and Redis services of this machine kind if they are down.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh dev
scripts/build_ui.sh

if command -v redis-cli >/dev/null && ! redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1; then
  redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no
fi
if [[ "${DATABASE_URL:-}" == postgres* ]] && command -v pg_isready >/dev/null && ! pg_isready -h 127.0.0.1 -q; then
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql)" main start
fi

export PATH="$PWD/.venv/bin:$PATH"
# Two test processes side by side (pytest-xdist; tests/settings.py gives each its own databases and
# DATA_DIR): the tests spend much of their time waiting on real workers, so two keep both cores busy.
# One file's tests stay in one process (its module-scoped worker is started once).
exec python -m pytest -n "${TEST_PROCESSES:-2}" --dist loadfile "$@"
