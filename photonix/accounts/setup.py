"""First run: while there is no user at all, one request creates the first administrator
and the first library, and starts importing it.

"Needed" means no user exists (not "the first user has not finished onboarding", the
original's quirk): once anybody exists, setup is refused, so it cannot be replayed to
take over an instance. Two setups at once are serialised by a Redis lock (an empty user
table has no row to lock), so only the first creates an administrator.
"""

from contextlib import contextmanager

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction

from photonix.common.broker import redis_client
from photonix.photos.libraries import create_library, start_import


class SetupDone(Exception):
    """Setup was asked for while a user exists."""


@contextmanager
def field_errors(field):
    """Re-raise a ``ValidationError`` as one keyed by ``field``, so the form can show it there."""
    try:
        yield
    except ValidationError as exc:
        raise ValidationError({field: exc.messages}) from exc


def setup_needed():
    return not get_user_model().objects.exists()


def run_setup(username, password, library_name, path, watch=True, switches=None):
    """Create the superuser and their library, and send its import after commit.

    Raises ``SetupDone`` when a user exists, Django's ``ValidationError`` (keyed by field:
    ``username`` or ``password``) for a user name or password the validators refuse,
    ``FolderRefused`` for an unusable folder and ``UnknownClassifier`` for an unknown
    classifier name; nothing is created in any of these cases.
    Returns ``(user, library)``.
    """
    lock = redis_client().lock("photonix:setup", timeout=60, blocking_timeout=30)
    with lock, transaction.atomic():
        user_model = get_user_model()
        if user_model.objects.exists():
            raise SetupDone()
        user = user_model(username=username, is_staff=True, is_superuser=True)
        with field_errors("username"):
            user_model._meta.get_field("username").run_validators(username)
        with field_errors("password"):
            validate_password(password, user)
        user.set_password(password)
        user.save()
        library = create_library(library_name, user, path, watch, switches)
        start_import(library)
    return user, library
