"""Deployment defaults: secrets generated privately and once, proxy settings from the environment,
no password or key shipped in the container files."""

import json
import multiprocessing
import re
import stat
import subprocess
import sys
from concurrent.futures import ProcessPoolExecutor

from photonix.common.secret_files import read_or_create_secret
from tests.processes import ROOT, process_env

SECRET_NAMES = ("SECRET_KEY", "FLOWER_BASIC_AUTH", "POSTGRES_PASSWORD")


def test_processes_starting_together_share_one_secret_readable_by_the_owner_only(tmp_path):
    path = tmp_path / "secret_key"
    with ProcessPoolExecutor(8, mp_context=multiprocessing.get_context("spawn")) as pool:
        secrets = set(pool.map(read_or_create_secret, [path] * 32))

    assert secrets == {path.read_text()} and len(path.read_text()) >= 40
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def _settings(tmp_path, **env):
    """Photonix's settings as a fresh process sees them with ``env``, on a new DATA_DIR."""
    code = (
        "import json, django; django.setup(); from django.conf import settings as s; print(json.dumps({n: "
        "getattr(s, n, None) for n in ('ALLOWED_HOSTS', 'CSRF_TRUSTED_ORIGINS', 'SESSION_COOKIE_SECURE', "
        "'CSRF_COOKIE_SECURE', 'SECURE_PROXY_SSL_HEADER', 'SECRET_KEY', 'FLOWER_BASIC_AUTH')}))"
    )
    environment = process_env(DJANGO_SETTINGS_MODULE="photonix.web.settings")
    for name in ("SECRET_KEY", "FLOWER_BASIC_AUTH", "DATABASE_URL", "ALLOWED_HOSTS", "SECURE_PROXY_SSL_HEADER"):
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
