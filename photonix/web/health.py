"""Health check: is the database answering, and is the broker reachable?"""

from django.db import connection
from kombu import Connection

from photonix.celery import app


def check_database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")


def check_broker():
    with Connection(app.conf.broker_url, connect_timeout=2) as conn:
        conn.ensure_connection(max_retries=1, timeout=2)


CHECKS = {"database": check_database, "broker": check_broker}


def run_checks():
    """Return ``{name: "ok" | error text}`` for every dependency."""
    results = {}
    for name, check in CHECKS.items():
        try:
            check()
            results[name] = "ok"
        except Exception as exc:  # any failure means unhealthy; report it, don't raise
            results[name] = f"{type(exc).__name__}: {exc}"
    return results
