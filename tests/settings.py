"""Settings for the test suite: Photonix's settings on a separate Redis database, a
throw-away DATA_DIR and the test database (PostgreSQL when DATABASE_URL is set, else SQLite).

Worker and Flower processes started by the tests inherit the environment set here and
load these settings too (PHOTONIX_USE_TEST_DB=1 points them at the test database).

``make test`` runs the tests in two pytest-xdist processes (gw0, gw1) side by side. Each has its
own DATA_DIR, its own four Redis databases (gw0 those of REDIS_URL, 14 and 15 by default, and the
two below for tests that need another; gw1 the four below those) and its own test database
(pytest-django adds ``_gw0``/``_gw1`` to its name); the processes a test starts inherit them.
"""

import os
import tempfile

TEST_PROCESS = os.environ.get("PYTEST_XDIST_WORKER", "")  # "gw0", "gw1"... under xdist
if os.environ.get("PHOTONIX_TEST_SETTINGS_OF") != TEST_PROCESS:
    # A pytest process: it chooses; the processes it starts (with its environment, or an edited copy) keep that.
    os.environ["PHOTONIX_TEST_SETTINGS_OF"] = TEST_PROCESS
    os.environ["DATA_DIR"] = tempfile.mkdtemp(prefix="photonix-test-")
    _redis, _, _db = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/14").rpartition("/")
    os.environ["REDIS_URL"] = f"{_redis}/{int(_db) - 4 * int(TEST_PROCESS.removeprefix('gw') or 0)}"
os.environ.setdefault("MODEL_DIR", os.path.join(os.path.dirname(__file__), "..", "..", "shared", "models"))
# No map tiles: the web UI's map must never ask another host in a test (tests that want tiles say so).
os.environ.setdefault("MAP_TILE_URL", "")

from photonix.web.settings import *  # noqa: E402,F403
from photonix.web.settings import DATABASES, INSTALLED_APPS  # noqa: E402

INSTALLED_APPS = [*INSTALLED_APPS, "tests.testapp"]

if DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3":
    DATABASES["default"]["TEST"] = {"NAME": "test_photonix"}
else:  # a worker can be told to give up on a locked database at once (test_reliability's outage), not after 60 s
    DATABASES["default"]["OPTIONS"]["timeout"] = float(os.environ.get("TEST_SQLITE_BUSY_TIMEOUT", 60))
if os.environ.get("PHOTONIX_USE_TEST_DB"):
    DATABASES["default"]["NAME"] = DATABASES["default"]["TEST"]["NAME"] + (f"_{TEST_PROCESS}" if TEST_PROCESS else "")

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
