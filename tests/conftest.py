"""Shared fixtures: the real Redis (test database 14/15), a real worker and a real Flower."""

from pathlib import Path

import pytest
import redis
from django.conf import settings

from photonix.celery import app
from tests.processes import start_flower, start_worker

SHARED = Path(__file__).resolve().parent.parent.parent / "shared"
FIXTURE_PHOTOS = SHARED / "fixtures" / "photos"


@pytest.fixture(scope="session")
def redis_flushed():
    """The test broker and result databases, emptied once per session."""
    for url in (settings.CELERY_BROKER_URL, settings.CELERY_RESULT_BACKEND):
        redis.Redis.from_url(url).flushdb()


@pytest.fixture(scope="session")
def live_worker(django_db_setup, django_db_blocker, redis_flushed):
    """One real ``celery worker`` process (prefork, 2 children) on both queues."""
    proc = start_worker(app, "test-worker")
    yield proc
    proc.stop()


@pytest.fixture(scope="session")
def flower(redis_flushed):
    proc = start_flower()
    yield proc
    proc.stop()


@pytest.fixture
def fixture_photos():
    if not FIXTURE_PHOTOS.is_dir():
        pytest.skip("../shared/fixtures/photos is not present")
    return FIXTURE_PHOTOS
