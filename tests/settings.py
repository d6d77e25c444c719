"""Settings for the test suite: Photonix's settings on a separate Redis database, a
throw-away DATA_DIR and the test database (PostgreSQL when DATABASE_URL is set, else SQLite).

Worker and Flower processes started by the tests inherit the environment set here and
load these settings too (PHOTONIX_USE_TEST_DB=1 points them at the test database).
"""

import os
import tempfile

os.environ.setdefault("DATA_DIR", tempfile.mkdtemp(prefix="photonix-test-"))
os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/14")
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
    DATABASES["default"]["NAME"] = DATABASES["default"]["TEST"]["NAME"]

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
