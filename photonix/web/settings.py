"""Django settings for Photonix.

All configuration comes from the environment (12-factor); see the README's
"Configuration" table. Nothing here touches the database or the broker.
"""

import os
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from kombu import Queue

from photonix.common.secret_files import ensure_private_file, read_or_create_secret

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_bool(name, default=False):
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


DATA_DIR = Path(os.environ.get("DATA_DIR", BASE_DIR / "data")).resolve()
DATA_DIR.mkdir(mode=0o700, parents=True, exist_ok=True)  # private when created here; left as is otherwise
PHOTO_RAW_PROCESSED_DIR = DATA_DIR / "raw-photos-processed"
THUMBNAIL_ROOT = DATA_DIR / "cache" / "thumbnails"
MODEL_DIR = Path(os.environ.get("MODEL_DIR", DATA_DIR / "models")).resolve()


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


# No default secret anywhere: SECRET_KEY from the environment, else generated once into DATA_DIR (0600).
SECRET_KEY = os.environ.get("SECRET_KEY") or read_or_create_secret(DATA_DIR / "secret_key", nbytes=50)
DEBUG = env_bool("DEBUG")

# --- Behind a reverse proxy (README, "Security"): the host names and HTTPS origins it forwards,
# secure cookies once the site is served over HTTPS, and the proxy's TLS header (opt-in: only a
# proxy that always sets or strips it may be trusted), e.g. SECURE_PROXY_SSL_HEADER=X-Forwarded-Proto:https.
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "*")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE")
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE")
if os.environ.get("SECURE_PROXY_SSL_HEADER"):
    _header, _, _value = os.environ["SECURE_PROXY_SSL_HEADER"].partition(":")
    if not _value.strip():
        raise ImproperlyConfigured('SECURE_PROXY_SSL_HEADER must look like "X-Forwarded-Proto: https".')
    SECURE_PROXY_SSL_HEADER = ("HTTP_" + _header.strip().upper().replace("-", "_"), _value.strip())

# --- Where the processes listen: the web UI on every interface (it has its own login), Flower on
# loopback only, with a password generated once into DATA_DIR unless FLOWER_BASIC_AUTH ("user:password")
# is set. gunicorn.conf.py and flowerconfig.py read these.
WEB_ADDRESS = os.environ.get("WEB_ADDRESS", "0.0.0.0")
WEB_PORT = int(os.environ.get("WEB_PORT", 8888))
FLOWER_ADDRESS = os.environ.get("FLOWER_ADDRESS", "127.0.0.1")
FLOWER_PORT = int(os.environ.get("FLOWER_PORT", 5555))
FLOWER_PASSWORD_FILE = None if os.environ.get("FLOWER_BASIC_AUTH") else DATA_DIR / "flower_password"
FLOWER_BASIC_AUTH = os.environ.get("FLOWER_BASIC_AUTH") or f"admin:{read_or_create_secret(FLOWER_PASSWORD_FILE)}"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "photonix.common",
    "photonix.accounts",
    "photonix.photos",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "photonix.web.urls"
WSGI_APPLICATION = "photonix.web.wsgi.application"
AUTH_USER_MODEL = "accounts.User"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# --- Database: SQLite in DATA_DIR is the embedded default; PostgreSQL via DATABASE_URL.
# Connections are kept for 10 minutes, by web threads and by worker processes alike (a worker checks
# them around each task: photonix/celery.py); one checked unusable is replaced. A new PostgreSQL
# connection per task cost the database about 2.5 times the CPU during an import (bench/README.md).
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{DATA_DIR / 'photonix.sqlite3'}"),
        conn_max_age=600,
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Several worker processes write at once: WAL lets readers run beside the one writer,
    # IMMEDIATE transactions take the write lock up front (so SQLite waits on busy_timeout
    # instead of failing a lock upgrade with "database is locked"), and the timeout is generous.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 60,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    DATABASES["default"]["TEST"] = {"NAME": str(DATA_DIR / "test-photonix.sqlite3")}
    _db_file = Path(DATABASES["default"]["NAME"])
    if _db_file.name != ":memory:" and _db_file.parent.is_dir():
        ensure_private_file(_db_file)  # SQLite's -wal and -shm files copy its mode

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
]

# Failed logins (photonix/accounts/login_limits.py): refused for a user name or an address
# that failed this often within the window (seconds), API and admin alike.
LOGIN_FAILURES_PER_USER = int(os.environ.get("LOGIN_FAILURES_PER_USER", 5))
LOGIN_FAILURES_PER_ADDRESS = int(os.environ.get("LOGIN_FAILURES_PER_ADDRESS", 20))
LOGIN_FAILURE_WINDOW = int(os.environ.get("LOGIN_FAILURE_WINDOW", 15 * 60))

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

LOGIN_URL = "/admin/login/"
STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", DATA_DIR / "static"))
STATIC_ROOT.mkdir(parents=True, exist_ok=True)

# --- The web UI (photonix/web/spa.py): scripts/build_ui.sh builds ui/ into UI_DIST, whose files
# collectstatic publishes under /static/ui/. Vite's hashed asset names never change content, so
# WhiteNoise lets browsers cache them for good; index.html is served by a view, never cached.
UI_DIST = Path(os.environ.get("UI_DIST", BASE_DIR / "ui" / "dist"))
STATICFILES_DIRS = [("ui", UI_DIST)] if UI_DIST.is_dir() else []
WHITENOISE_IMMUTABLE_FILE_TEST = r"^/static/ui/assets/.+-[\w-]{8,}\.\w+$"

LOG_LEVEL = os.environ.get("LOG_LEVEL", "INFO").upper()
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
}

# --- Redis: the broker on REDIS_URL, results in the next database number (or REDIS_RESULT_URL).
REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")


def _next_redis_db(url):
    parts = urlsplit(url)
    db = int(parts.path.strip("/") or 0)
    return urlunsplit(parts._replace(path=f"/{db + 1}"))


# --- Celery (DESIGN.md section 1; reference/celery-notes.md explains each choice).
TASK_SOFT_TIME_LIMIT = 240
TASK_TIME_LIMIT = 300

CELERY_BROKER_URL = REDIS_URL
CELERY_RESULT_BACKEND = os.environ.get("REDIS_RESULT_URL", _next_redis_db(REDIS_URL))
CELERY_RESULT_EXPIRES = 24 * 3600
CELERY_RESULT_EXTENDED = True
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_RESULT_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE

CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_WORKER_CANCEL_LONG_RUNNING_TASKS_ON_CONNECTION_LOSS = True
CELERY_TASK_SOFT_TIME_LIMIT = TASK_SOFT_TIME_LIMIT
CELERY_TASK_TIME_LIMIT = TASK_TIME_LIMIT
CELERY_TASK_DEFAULT_RETRY_DELAY = 10

CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_CONNECTION_MAX_RETRIES = None
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 10,
    "interval_start": 0.5,
    "interval_step": 1.0,
    "interval_max": 5.0,
}
CELERY_BROKER_TRANSPORT_OPTIONS = {
    # Must exceed the longest hard time limit plus the longest retry countdown, or a
    # running task is delivered a second time.
    "visibility_timeout": int(os.environ.get("CELERY_VISIBILITY_TIMEOUT", 3600)),
    "socket_timeout": 30,
    "socket_connect_timeout": 5,
    "socket_keepalive": True,
    "retry_on_timeout": True,
    "health_check_interval": 25,
    "unacked_restore_interval": 10,
    "unacked_restore_throttle": 1,
    # Each queue is one Redis list per priority step ("default", then "default" + kombu's
    # separator + "3", ...); workers take from the lowest number first. See CELERY_TASK_ROUTES.
    "priority_steps": [0, 3, 6, 9],
}

# Pool sizes when a worker is started without --concurrency; unset: chosen from the cores and the
# memory at start (photonix/common/concurrency.py).
WORKER_CONCURRENCY = int(os.environ.get("WORKER_CONCURRENCY") or 0) or None
ML_CONCURRENCY = int(os.environ.get("ML_CONCURRENCY") or 0) or None

# Celery's Django fixup closes the database connections around every task unless this is set; it
# then closes them every 1000 tasks, and Django's checks (photonix/celery.py) do the rest.
CELERY_DB_REUSE_MAX = 1000
CELERY_WORKER_SEND_TASK_EVENTS = True
CELERY_TASK_SEND_SENT_EVENT = True
CELERY_TASK_TRACK_STARTED = True
CELERY_WORKER_HIJACK_ROOT_LOGGER = False

CELERY_TASK_DEFAULT_QUEUE = "default"
CELERY_TASK_QUEUES = [Queue("default"), Queue("ml")]
CELERY_TASK_CREATE_MISSING_QUEUES = False
# Queues and priorities per task: photonix/photos/routing.py (classifiers from the registry).
CELERY_TASK_ROUTES = ("photonix.photos.routing.route_task",)

CELERY_BEAT_SCHEDULE_FILENAME = str(DATA_DIR / "celerybeat-schedule")
CELERY_BEAT_SCHEDULE = {
    "rescan-libraries": {  # sends one rescan_library_task per library
        "task": "photonix.photos.tasks.rescan_libraries_task",
        "schedule": float(os.environ.get("RESCAN_INTERVAL_SECONDS", 3600)),
        "options": {"expires": 3600},
    },
    "reconcile": {
        "task": "photonix.photos.tasks.reconcile_task",
        "schedule": float(os.environ.get("RECONCILE_INTERVAL_SECONDS", 300)),
        "options": {"expires": 300},
    },
    "rebuild-face-index": {
        "task": "photonix.photos.tasks.rebuild_face_index_task",
        "schedule": float(os.environ.get("FACE_INDEX_INTERVAL_SECONDS", 300)),
        "options": {"expires": 300},
    },
}

# Reconciliation re-dispatches unfinished work untouched for this many seconds: a short
# time when the queues are empty (nothing can still be on its way), a long one when
# messages are still queued (a big import can keep photos waiting for hours).
RECONCILE_IDLE_GRACE = int(os.environ.get("RECONCILE_IDLE_GRACE", 30))
RECONCILE_BUSY_GRACE = int(os.environ.get("RECONCILE_BUSY_GRACE", 6 * 3600))

# Limits on untrusted files: a file larger than MAX_FILE_BYTES, or an image of more than
# MAX_IMAGE_PIXELS pixels (every decoder: Pillow, pillow-heif, LibRaw), is rejected with the reason.
MAX_FILE_BYTES = int(os.environ.get("MAX_FILE_BYTES", 1024**3))
MAX_IMAGE_PIXELS = int(os.environ.get("MAX_IMAGE_PIXELS", 200_000_000))  # 150 MP medium-format cameras pass

# Thumbnails: (width, height, crop, JPEG quality, made at import). The largest size made
# at import is the preview that classifiers read; the others are made on demand.
THUMBNAIL_SIZES = [
    (256, 256, "cover", 50, True),
    (1920, 1920, "contain", 80, True),
    (3840, 3840, "contain", 75, False),
]

# --- Thumbnails made on request by the web server (photonix/photos/on_demand.py): at most this many
# decodes at once per web process, and a request waits at most this many seconds before a 503.
THUMBNAIL_ON_DEMAND_CONCURRENCY = int(os.environ.get("THUMBNAIL_ON_DEMAND_CONCURRENCY", 2))
THUMBNAIL_ON_DEMAND_WAIT = float(os.environ.get("THUMBNAIL_ON_DEMAND_WAIT", 30))

# --- The web UI's map: where its tiles come from ({z}/{x}/{y} as Leaflet takes them) and the credit
# shown for them. Empty: no tiles, the map draws the country outlines Photonix serves (offline use).
MAP_TILE_URL = os.environ.get("MAP_TILE_URL", "https://tile.openstreetmap.org/{z}/{x}/{y}.png").strip()
MAP_TILE_ATTRIBUTION = os.environ.get("MAP_TILE_ATTRIBUTION", "© OpenStreetMap contributors")
