#!/usr/bin/env bash
# Start Photonix with every process of the Procfile (web, workers, beat, flower, watcher) under
# supervisord, which restarts any process that exits or crashes. Ctrl-C (or SIGTERM) stops them all.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh
scripts/build_ui.sh

export PATH="$PWD/.venv/bin:$PATH"
export DJANGO_SETTINGS_MODULE=photonix.web.settings
export PYTHONUNBUFFERED=1
umask 077  # everything Photonix writes (database, secrets, thumbnails, logs) is readable by this user only

python manage.py ensure_redis
python manage.py migrate --no-input -v 0
python manage.py collectstatic --no-input -v 0
python manage.py show_access
conf=$(python manage.py supervisord_config)
exec supervisord -c "$conf"
