"""Tasks used only by the tests."""

import os

from celery import shared_task
from django.db import transaction

from tests.testapp.models import Row


@shared_task
def write_row_task(number):
    """Write one row, reading the table inside the same transaction as a real task would."""
    with transaction.atomic():
        Row.objects.filter(number__lt=number).count()
        Row.objects.create(number=number, written_by=str(os.getpid()))
    return number
