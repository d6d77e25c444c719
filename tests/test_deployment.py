"""Deployment defaults: secrets generated privately and once, proxy settings from the environment,
no password or key shipped in the container files."""

import json
import multiprocessing
import re
import stat
import subprocess
import sys
from concurrent.futures import ProcessPoolExecutor

import pytest

from photonix.common.secret_files import read_or_create_secret
from tests.processes import ROOT, process_env

SECRET_NAMES = ("SECRET_KEY", "FLOWER_BASIC_AUTH", "POSTGRES_PASSWORD")


def test_processes_starting_together_share_one_secret_readable_by_the_owner_only(tmp_path):
    path = tmp_path / "secret_key"
    with ProcessPoolExecutor(8, mp_context=multiprocessing.get_context("spawn")) as pool:
        secrets = set(pool.map(read_or_create_secret, [path] * 32))

    assert secrets == {path.read_text()} and len(path.read_text()) >= 40
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


SETTINGS_READ = (
    "ALLOWED_HOSTS",
    "CSRF_TRUSTED_ORIGINS",
    "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE",
    "SECURE_PROXY_SSL_HEADER",
    "SECRET_KEY",
    "FLOWER_BASIC_AUTH",
    "DATABASES",
    "CELERY_BROKER_URL",
    "CELERY_RESULT_BACKEND",
)


def _settings(tmp_path, **env):
    """Photonix's settings as a fresh process sees them with ``env``, on a new DATA_DIR."""
    code = (
        "import json, django; django.setup(); from django.conf import settings as s; "
        f"print(json.dumps({{n: getattr(s, n, None) for n in {SETTINGS_READ!r}}}))"
    )
    environment = process_env(DJANGO_SETTINGS_MODULE="photonix.web.settings")
    for name in (
        "SECRET_KEY",
        "FLOWER_BASIC_AUTH",
        "DATABASE_URL",
        "ALLOWED_HOSTS",
        "SECURE_PROXY_SSL_HEADER",
        "REDIS_RESULT_URL",
    ):
        environment.pop(name, None)
    environment.update(DATA_DIR=str(tmp_path / "data"), **env)
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=environment, capture_output=True, text=True, check=True
    )
    return json.loads(result.stdout)


def test_fresh_data_dir_is_private_and_its_secrets_are_generated_once(tmp_path):
    first = _settings(tmp_path)
    again = _settings(tmp_path)

    data = tmp_path / "data"
    assert stat.S_IMODE(data.stat().st_mode) == 0o700
    for name in ("secret_key", "flower_password", "photonix.sqlite3"):
        assert stat.S_IMODE((data / name).stat().st_mode) == 0o600, name
    assert first["SECRET_KEY"] == again["SECRET_KEY"] == (data / "secret_key").read_text()
    assert first["FLOWER_BASIC_AUTH"] == again["FLOWER_BASIC_AUTH"] == f"admin:{(data / 'flower_password').read_text()}"
    assert first["SECURE_PROXY_SSL_HEADER"] is None  # the proxy header is trusted only when asked
    assert not first["SESSION_COOKIE_SECURE"] and not first["CSRF_COOKIE_SECURE"]


def test_defaults_without_environment(tmp_path):
    """No DATABASE_URL: SQLite in DATA_DIR, set up for several writers; every host answered; results in the
    broker's next Redis database."""
    values = _settings(tmp_path, REDIS_URL="redis://127.0.0.1:6390/4")

    database = values["DATABASES"]["default"]
    assert database["ENGINE"] == "django.db.backends.sqlite3"
    assert database["NAME"] == str(tmp_path / "data" / "photonix.sqlite3")
    assert (database["OPTIONS"]["transaction_mode"], database["OPTIONS"]["timeout"]) == ("IMMEDIATE", 60)
    assert values["ALLOWED_HOSTS"] == ["*"]
    assert values["CELERY_BROKER_URL"] == "redis://127.0.0.1:6390/4"
    assert values["CELERY_RESULT_BACKEND"] == "redis://127.0.0.1:6390/5"


@pytest.mark.parametrize(
    ("environment", "broker", "results"),
    [
        ({"REDIS_URL": "redis://cache.lan:6380"}, "redis://cache.lan:6380", "redis://cache.lan:6380/1"),
        (
            {"REDIS_URL": "redis://:pw@cache.lan:6380/2", "REDIS_RESULT_URL": "redis://results.lan:6379/9"},
            "redis://:pw@cache.lan:6380/2",
            "redis://results.lan:6379/9",
        ),
    ],
    ids=["no database number", "separate result server"],
)
def test_redis_urls_come_from_the_environment(tmp_path, environment, broker, results):
    values = _settings(tmp_path, **environment)

    assert (values["CELERY_BROKER_URL"], values["CELERY_RESULT_BACKEND"]) == (broker, results)


def test_database_url_and_host_list_come_from_the_environment(tmp_path):
    values = _settings(
        tmp_path,
        DATABASE_URL="postgres://photonix:s3cret@db.lan:5433/photos",
        ALLOWED_HOSTS=" photos.example.org,, localhost ,",
    )

    database = values["DATABASES"]["default"]
    assert database["ENGINE"] == "django.db.backends.postgresql"
    assert (database["NAME"], database["USER"], database["PASSWORD"]) == ("photos", "photonix", "s3cret")
    assert (database["HOST"], database["PORT"]) == ("db.lan", 5433)
    assert "transaction_mode" not in database.get("OPTIONS", {})  # SQLite's settings only for SQLite
    assert not (tmp_path / "data" / "photonix.sqlite3").exists()
    assert values["ALLOWED_HOSTS"] == ["photos.example.org", "localhost"]


def test_an_existing_secret_key_file_is_used_as_it_is(tmp_path):
    """An upgrade keeps the key written by the first start (sessions and tokens stay valid)."""
    data = tmp_path / "data"
    data.mkdir(mode=0o700)
    (data / "secret_key").write_text("kept-from-the-first-start-" + "x" * 40)
    (data / "secret_key").chmod(0o600)

    assert _settings(tmp_path)["SECRET_KEY"] == "kept-from-the-first-start-" + "x" * 40


def test_reverse_proxy_settings_come_from_the_environment(tmp_path):
    values = _settings(
        tmp_path,
        ALLOWED_HOSTS="photos.example.org, localhost",
        CSRF_TRUSTED_ORIGINS="https://photos.example.org",
        SESSION_COOKIE_SECURE="true",
        CSRF_COOKIE_SECURE="1",
        SECURE_PROXY_SSL_HEADER="X-Forwarded-Proto: https",
        SECRET_KEY="from-the-environment",
        FLOWER_BASIC_AUTH="ops:from-the-environment",
    )

    assert values["ALLOWED_HOSTS"] == ["photos.example.org", "localhost"]
    assert values["CSRF_TRUSTED_ORIGINS"] == ["https://photos.example.org"]
    assert values["SESSION_COOKIE_SECURE"] is True and values["CSRF_COOKIE_SECURE"] is True
    assert values["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert values["SECRET_KEY"] == "from-the-environment"
    assert values["FLOWER_BASIC_AUTH"] == "ops:from-the-environment"
    assert not (tmp_path / "data" / "secret_key").exists() and not (tmp_path / "data" / "flower_password").exists()


def test_container_files_ship_no_secret_and_run_photonix_unprivileged():
    compose = (ROOT / "docker" / "docker-compose.yml").read_text()
    for name, operator, default in re.findall(r"\$\{(\w+)(:[-?])([^}]*)\}", compose):
        if name in SECRET_NAMES:
            assert operator == ":?" or default == "", f"{name} has a default in docker-compose.yml"
    assert "${POSTGRES_PASSWORD:?" in compose  # compose refuses to start without it
    assert not re.search(r"(SECRET_KEY|FLOWER_BASIC_AUTH|POSTGRES_PASSWORD): [^$\s]", compose)

    dockerfile = (ROOT / "docker" / "Dockerfile").read_text()
    users = re.findall(r"^USER (\S+)", dockerfile, re.MULTILINE)
    assert users and users[-1] not in {"root", "0"}
    ignored = (ROOT / ".dockerignore").read_text().split()
    assert {"data/", ".venv/", "**/node_modules/", ".git"} <= set(ignored)
