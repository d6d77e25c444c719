#!/bin/sh
# Container entry point: the web service migrates the database before it starts.
set -e
umask 077  # files in the /data volume are for the photonix user only
if [ "${MIGRATE:-0}" = 1 ]; then
  python manage.py migrate --no-input
fi
exec "$@"
