"""`make start` as a user runs it: a generated Flower password, Flower on loopback only, private
files in DATA_DIR, and every process kept running by supervisord until Ctrl-C stops them all."""

import os
import re
import signal
import stat
import subprocess

import psutil
import pytest
import redis
import requests
from django.conf import settings

from tests.processes import ROOT, broker_keys, free_port, wait_until

pytestmark = pytest.mark.timeout(420)


def _env(data_dir, web_port, flower_port):
    """The user's environment: no FLOWER_BASIC_AUTH or SECRET_KEY, SQLite in a fresh DATA_DIR, the test Redis."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("FLOWER_", "DJANGO_", "PHOTONIX_"))}
    for name in ("DATABASE_URL", "SECRET_KEY", "REDIS_RESULT_URL"):
        env.pop(name, None)
    env.update(
        DATA_DIR=str(data_dir),
        REDIS_URL=settings.REDIS_URL,
        WEB_ADDRESS="127.0.0.1",
        WEB_PORT=str(web_port),
        FLOWER_PORT=str(flower_port),
    )
    return env


def _supervised(start):
    """``{pid: name}`` of the processes supervisord runs (its direct children), by Procfile name."""
    names = {"gunicorn": "web", "-Q default": "worker", "-Q ml": "worker-ml", " beat": "beat"}
    names |= {" flower": "flower", "watch_photos": "watcher"}
    found = {}
    for process in _descendants(start):
        try:
            if process.parent() and "supervisord" in process.parent().name():
                cmdline = " ".join(process.cmdline())
                found[process.pid] = next((name for key, name in names.items() if key in cmdline), cmdline)
        except psutil.NoSuchProcess:  # exited while we looked
            pass
    return found


def _alive(process):
    try:
        return process.is_running() and process.status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


def _stop(start, descendants, timeout=90):
    """Ctrl-C, as in a terminal; then make sure nothing is left, whatever happened."""
    try:
        os.killpg(start.pid, signal.SIGINT)
        start.wait(timeout)
        wait_until(lambda: not any(_alive(p) for p in descendants), timeout=timeout, message="every child to exit")
    finally:
        if start.poll() is None:
            start.kill()
        for process in descendants:
            if _alive(process):
                process.kill()
        start.wait(10)


def _descendants(start):
    try:
        return psutil.Process(start.pid).children(recursive=True)
    except psutil.NoSuchProcess:
        return []


def test_make_start_protects_flower_and_restarts_a_crashed_process(tmp_path):
    data_dir = tmp_path / "data"
    web_port, flower_port = free_port(), free_port()
    log_path = tmp_path / "start.log"
    log = open(log_path, "wb")
    start = subprocess.Popen(
        ["make", "start"],
        cwd=ROOT,
        env=_env(data_dir, web_port, flower_port),
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    seen = set()  # every process make start ever ran, so that none can be left behind
    try:

        def output():
            return log_path.read_text(errors="replace")

        login = wait_until(
            lambda: start.poll() is None and re.search(r"Flower login: (\S+):(\S+)", output()),
            timeout=180,
            message="make start to print Flower's login",
        )
        user, password = login.groups()
        assert password == (data_dir / "flower_password").read_text()
        assert len(password) >= 32

        web = f"http://127.0.0.1:{web_port}"
        flower = f"http://127.0.0.1:{flower_port}"

        def answers(url, **kwargs):
            seen.update(_descendants(start))
            assert start.poll() is None, output()[-5000:]
            try:
                return requests.get(url, timeout=5, **kwargs)
            except (requests.ConnectionError, requests.Timeout):  # not listening yet, or a busy machine
                return None

        health = wait_until(lambda: answers(f"{web}/api/health"), timeout=120, message="the web server")
        assert health.status_code == 200 and health.json()["checks"] == {"database": "ok", "broker": "ok"}
        wait_until(lambda: answers(f"{flower}/healthcheck"), timeout=120, message="Flower")
        assert requests.get(f"{flower}/api/workers", auth=("admin", "photonix"), timeout=10).status_code == 401
        assert requests.get(f"{flower}/api/workers", timeout=10).status_code == 401
        assert requests.get(f"{flower}/api/workers", auth=(user, password), timeout=10).status_code == 200

        wait_until(
            lambda: len(re.findall(r"entered RUNNING state", output())) >= 6,
            timeout=60,
            message="supervisord to report the six Procfile processes running",
        )
        running = _supervised(start)
        assert sorted(running.values()) == ["beat", "flower", "watcher", "web", "worker", "worker-ml"]

        # Each worker prints the pool size it chose for this machine (photonix/common/concurrency.py).
        def pool_sizes():
            return dict(re.findall(r"@\S+: (default|ml) worker: (\d+) process", output()))

        wait_until(lambda: pool_sizes().keys() == {"default", "ml"}, timeout=60, message="the workers' pool sizes")
        flower_pid = next(pid for pid, name in running.items() if name == "flower")
        listening = {
            (c.laddr.ip, c.laddr.port)
            for c in psutil.Process(flower_pid).net_connections(kind="inet")
            if c.status == psutil.CONN_LISTEN
        }
        assert listening == {("127.0.0.1", flower_port)}  # loopback only, nothing on 0.0.0.0 or ::

        assert stat.S_IMODE(data_dir.stat().st_mode) == 0o700
        for name in ("secret_key", "flower_password", "photonix.sqlite3"):
            assert stat.S_IMODE((data_dir / name).stat().st_mode) == 0o600, name

        watcher_pid = next(pid for pid, name in running.items() if name == "watcher")
        os.kill(watcher_pid, signal.SIGKILL)

        def new_watcher():
            found = _supervised(start)
            return watcher_pid not in found and "watcher" in found.values() and found

        restarted = wait_until(new_watcher, timeout=60, message="supervisord to start the watcher again")
        others = {pid for pid, name in running.items() if name != "watcher"}
        assert others <= set(restarted)  # nobody else was stopped or restarted
        assert all(_alive(psutil.Process(pid)) for pid in others)
        assert answers(f"{web}/api/health").status_code == 200
        seen.update(_descendants(start))
    finally:
        seen.update(_descendants(start))
        _stop(start, seen)
        log.close()
        redis.Redis.from_url(settings.REDIS_URL).delete(*broker_keys())  # whatever its beat may have sent

    assert not [p.pid for p in seen if _alive(p)]
