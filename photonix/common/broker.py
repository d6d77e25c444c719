"""The one Redis client of a process, for what Photonix keeps beside Celery's queues.

Locks (rescans, setup, on-demand thumbnails), counters (failed logins, import attempts),
debounce tokens (rotation) and queue inspection (reconciliation) all live on the broker's
Redis server, in the broker's database, under keys that start with ``photonix:``.
A client is made once per URL and process; redis-py's pool opens new connections in a
forked child by itself.
"""

from functools import cache

import redis
from django.conf import settings


def redis_client() -> redis.Redis:
    """The client of the broker's Redis database (``settings.CELERY_BROKER_URL``)."""
    return _client_for(settings.CELERY_BROKER_URL)


@cache
def _client_for(url: str) -> redis.Redis:
    return redis.Redis.from_url(url)
