"""Abstract models shared by every app."""

import uuid

from django.db import models


class UUIDModel(models.Model):
    """A model whose primary key is a random UUID."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)

    class Meta:
        abstract = True


class VersionedModel(models.Model):
    """A model that records when it was created and last updated."""

    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True
