"""Make sure the Redis on REDIS_URL answers, starting a local redis-server if needed.

Used by ``make start``: if nothing listens on a local REDIS_URL and the ``redis-server``
binary exists, it starts one under DATA_DIR (with an append-only file, so queued work
survives a restart); otherwise it stops with one sentence saying what to install or set.
"""

import shutil
import subprocess
import time
from urllib.parse import urlsplit

import redis
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1"}


def redis_answers(url):
    try:
        return redis.Redis.from_url(url, socket_connect_timeout=1).ping()
    except redis.RedisError:
        return False


class Command(BaseCommand):
    help = "Check that Redis answers on REDIS_URL; start a local redis-server if it does not."
    requires_system_checks = []  # a pre-flight step: it must say what is wrong with Redis first

    def handle(self, *args, **options):
        url = settings.REDIS_URL
        if redis_answers(url):
            self.stdout.write(f"Redis answers on {url}.")
            return
        parts = urlsplit(url)
        binary = shutil.which("redis-server")
        if parts.hostname not in LOCAL_HOSTS or binary is None:
            raise CommandError(
                f"Redis is not reachable at {url}: install Redis (sudo apt-get install redis-server) "
                "or set REDIS_URL to a running Redis server."
            )
        redis_dir = settings.DATA_DIR / "redis"
        redis_dir.mkdir(exist_ok=True)
        subprocess.run(
            [
                binary,
                "--port",
                str(parts.port or 6379),
                "--bind",
                "127.0.0.1",
                "--dir",
                str(redis_dir),
                "--appendonly",
                "yes",
                "--save",
                "",
                "--daemonize",
                "yes",
                "--logfile",
                str(redis_dir / "redis.log"),
                "--pidfile",
                str(redis_dir / "redis.pid"),
            ],
            check=True,
        )
        for _ in range(50):
            if redis_answers(url):
                self.stdout.write(f"Started redis-server on port {parts.port or 6379} (data in {redis_dir}).")
                return
            time.sleep(0.1)
        raise CommandError(f"redis-server was started but does not answer on {url}; see {redis_dir / 'redis.log'}.")
