"""Health check: is the database answering, and is the broker reachable?

Anonymous callers learn only "ok" or "failed" per check: exception text can name hosts, users
and paths. Staff see the text; the server log always gets it, with the traceback.
"""

import logging

from django.db import connection
from kombu import Connection

from photonix.celery import app


def check_database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")


def check_broker():
    with Connection(app.conf.broker_url, connect_timeout=2) as conn:
        conn.ensure_connection(max_retries=1, timeout=2)


logger = logging.getLogger(__name__)

CHECKS = {"database": check_database, "broker": check_broker}


def run_checks(detailed=False):
    """Return ``{name: "ok" | "failed"}`` for every dependency; with ``detailed``, the error text for "failed"."""
    results = {}
    for name, check in CHECKS.items():
        try:
            check()
            results[name] = "ok"
        except Exception as exc:  # any failure means unhealthy; report it, don't raise
            logger.warning("Health check %r failed", name, exc_info=True)
            results[name] = f"{type(exc).__name__}: {exc}" if detailed else "failed"
    return results
