#!/usr/bin/env bash
# Start Photonix with every process (web, workers, beat, flower, watcher) via honcho.
# Ctrl-C stops them all.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh
scripts/build_ui.sh

export PATH="$PWD/.venv/bin:$PATH"
export DJANGO_SETTINGS_MODULE=photonix.web.settings
export FLOWER_BASIC_AUTH=${FLOWER_BASIC_AUTH:-admin:photonix}
export PYTHONUNBUFFERED=1

python manage.py ensure_redis
python manage.py migrate --no-input -v 0
python manage.py collectstatic --no-input -v 0

cat <<MSG

  Photonix:  http://localhost:8888/        (admin: http://localhost:8888/admin/, health: http://localhost:8888/api/health)
  Flower:    http://localhost:5555/        (user:password ${FLOWER_BASIC_AUTH})
  Data:      ${DATA_DIR:-$PWD/data}
  Create a login with: .venv/bin/python manage.py createsuperuser

MSG
exec honcho start -f Procfile
