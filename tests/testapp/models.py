"""A model used only by the tests, to check that concurrent workers lose no writes."""

from django.db import models


class Row(models.Model):
    number = models.PositiveIntegerField(unique=True)
    written_by = models.CharField(max_length=64)
