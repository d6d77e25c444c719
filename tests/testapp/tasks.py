"""Tasks used only by the tests."""

import os
import time

import redis
from celery import current_app, shared_task
from django.db import connection, transaction

from tests.testapp.models import Row

BARRIER_KEY = "testapp:writers-arrived"


@shared_task
def write_row_task(number):
    """Write one row, reading the table inside the same transaction as a real task would."""
    with transaction.atomic():
        Row.objects.filter(number__lt=number).count()
        Row.objects.create(number=number, written_by=str(os.getpid()))
    return number


@shared_task
def write_row_together_task(number, writers):
    """Write one row once ``writers`` of these tasks run at the same time (a barrier counted in the broker's Redis).

    It proves that many pool processes run (and then write) at once: with fewer, the barrier is never reached
    and the task fails after a minute.
    """
    client = redis.Redis.from_url(current_app.conf.broker_url)
    client.incr(BARRIER_KEY)
    deadline = time.monotonic() + 60
    while int(client.get(BARRIER_KEY)) < writers:
        if time.monotonic() > deadline:
            raise TimeoutError(f"only {int(client.get(BARRIER_KEY))} of {writers} writers ran at once")
        time.sleep(0.05)
    return write_row_task(number)


@shared_task
def count_in_session_task():
    """How many times this task has run on the database connection it runs on (a temporary table lives as long as
    its connection, on PostgreSQL and SQLite alike)."""
    with connection.cursor() as cursor:
        cursor.execute("CREATE TEMP TABLE IF NOT EXISTS runs_in_session (n integer)")
        cursor.execute("INSERT INTO runs_in_session VALUES (1)")
        cursor.execute("SELECT count(*) FROM runs_in_session")
        return cursor.fetchone()[0]
