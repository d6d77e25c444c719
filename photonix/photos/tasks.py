"""Celery tasks of the photos app. Tasks are thin: ids in, domain code does the work.

Queues are chosen in ``CELERY_TASK_ROUTES`` (settings), never on the decorator.
"""

import socket

from celery import shared_task


@shared_task
def hello_task():
    """Prove that a worker runs: returns a greeting naming the worker's host."""
    return f"Hello from Photonix on {socket.gethostname()}"
