"""Fixtures of the API tests: callers of every kind, and failed-login counts reset per test."""

import sys
from collections import Counter

import pytest
import redis
from django.conf import settings
from django.utils import timezone

from photonix.accounts.tokens import issue_token
from photonix.photos.models import Library, LibraryUser, Photo, PhotoFile
from tests.api.client import ApiClient
from tests.factories import make_jpeg


@pytest.fixture(autouse=True)
def no_login_failures():
    """Failed-login counts live in the test broker's Redis: none at the start of a test."""
    client = redis.Redis.from_url(settings.CELERY_BROKER_URL)
    keys = list(client.scan_iter("photonix:login-failures:*"))
    if keys:
        client.delete(*keys)


@pytest.fixture
def alice(library):
    """The owner of ``library`` (password "secret-alice")."""
    return library.users.get().user


@pytest.fixture
def bob(library, django_user_model):
    """A member of ``library`` who is not an owner (password "secret-bob")."""
    user = django_user_model.objects.create_user("bob", password="secret-bob")
    LibraryUser.objects.create(library=library, user=user, owner=False)
    return user


@pytest.fixture
def other_library(alice):
    """A second library of alice's, to scope tokens elsewhere."""
    lib = Library.objects.create(name="Other library")
    LibraryUser.objects.create(library=lib, user=alice, owner=True)
    return lib


def token_client(user, **options):
    """An ``ApiClient`` with a new token of ``user`` (``read_only``, ``library`` as given)."""
    _, secret = issue_token(user, "test token", **options)
    return ApiClient(token=secret)


def pytest_terminal_summary(terminalreporter):
    """After the schemathesis run (test_fuzzing.py): how many generated requests reached a handler
    and succeeded, overall and (with -v) per operation and caller."""
    fuzzing = sys.modules.get("tests.api.test_fuzzing")
    if fuzzing is None or not fuzzing.STATUSES:
        return
    total = Counter()
    lines = []
    for label, callers in fuzzing.STATUSES.items():
        for caller, seen in callers.items():
            total.update(seen)
            shares = ", ".join(f"{kind} {count}" for kind, count in sorted(seen.items()))
            lines.append(f"  {label} as {caller}: {shares}")
    requests = sum(total.values())
    shares = ", ".join(f"{kind} {100 * count / requests:.0f}%" for kind, count in sorted(total.items()))
    terminalreporter.write_sep("-", "schemathesis")
    terminalreporter.write_line(f"{requests} generated requests: {shares}")
    if terminalreporter.verbosity > 0:
        for line in lines:
            terminalreporter.write_line(line)


def add_photo(library, name="photo.jpg", taken_at=None, *, real=False, file_fields=None, **photo_fields):
    """A photo of ``library`` with one file ``library.folder / name``, recorded straight in the database
    (no import, no pipeline). With ``real`` the file is a real JPEG on disk (else only its row exists)."""
    path = library.folder / name
    if real:
        make_jpeg(path, (64, 48), taken_at=taken_at, make="Canon", model="Canon EOS 5D")
    photo = Photo.objects.create(library=library, taken_at=taken_at, **photo_fields)
    file_values = {
        "width": 640,
        "height": 480,
        "mimetype": "image/jpeg",
        "file_modified_at": taken_at or timezone.now(),
        "bytes": path.stat().st_size if real else 1000,
        **(file_fields or {}),
    }
    PhotoFile.objects.create(photo=photo, path=str(path), **file_values)
    return photo
