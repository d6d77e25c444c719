#!/bin/sh
# Container entry point: the web service migrates the database before it starts.
set -e
if [ "${MIGRATE:-0}" = 1 ]; then
  python manage.py migrate --no-input
fi
exec "$@"
