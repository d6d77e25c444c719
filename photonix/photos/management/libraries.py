"""Helpers shared by the management commands."""

import uuid

from django.core.management.base import CommandError

from photonix.photos.models import Library


def select_libraries(name_or_id=None):
    """All libraries, or the one named (by name or id); a clear error if there is none."""
    if name_or_id is None:
        return list(Library.objects.all())
    try:
        match = Library.objects.filter(pk=uuid.UUID(name_or_id))
    except ValueError:
        match = Library.objects.filter(name=name_or_id)
    if not match.exists():
        raise CommandError(f"There is no library {name_or_id!r}.")
    return list(match)
