"""The foundation: a real worker and Flower on the real Redis, health, processes, config."""

import json
import os
import re
import shlex
import sqlite3
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import redis
import yaml
from celery import Celery

from photonix.celery import app
from photonix.photos.tasks import hello_task
from tests.processes import ROOT, flower_get, free_port, process_env, start_worker, wait_until


@pytest.mark.django_db(transaction=True)
def test_hello_task_runs_on_a_real_worker_and_flower_sees_it(flower, live_worker):
    result = hello_task.delay()

    assert result.get(timeout=30).startswith("Hello from Photonix on ")
    wait_until(  # fails unless Flower lists the worker as online within the time
        lambda: flower_get(flower, "/api/workers", status="true").get(live_worker.node) is True,
        timeout=30,
        message="Flower to list the worker as online",
    )
    task = wait_until(
        lambda: (t := flower_get(flower, "/api/tasks").get(result.id)) and t["state"] == "SUCCESS" and t,
        timeout=30,
        message="Flower to show hello_task as SUCCESS",
    )
    assert task["name"] == "photonix.photos.tasks.hello_task"
    assert task["worker"] == live_worker.node


def test_celery_configuration_is_safe():
    conf = app.conf
    assert conf.task_serializer == conf.result_serializer == "json"
    assert conf.accept_content == ["json"] and conf.result_accept_content == ["json"]
    assert conf.task_acks_late and conf.task_reject_on_worker_lost
    assert conf.worker_prefetch_multiplier == 1
    assert conf.broker_connection_max_retries is None
    assert conf.broker_transport_options["visibility_timeout"] > conf.task_time_limit
    assert conf.worker_send_task_events and conf.task_send_sent_event and conf.task_track_started
    assert conf.result_backend != conf.broker_url


def _procfile():
    lines = (ROOT / "Procfile").read_text().splitlines()
    return dict(line.split(": ", 1) for line in lines if line.strip())


def test_compose_and_procfile_start_the_same_processes():
    compose = yaml.safe_load((ROOT / "docker" / "docker-compose.yml").read_text())
    assert compose["name"] == "photonix"
    services = compose["services"]
    app_services = {name: s["command"] for name, s in services.items() if "command" in s and "build" in s}
    assert app_services == _procfile()
    assert {"postgres", "redis", "web", "worker", "worker-ml", "beat", "flower"} <= set(services)
    assert services["flower"]["ports"] == ["127.0.0.1:5555:5555"]  # Flower on the host's loopback only


def test_workers_have_no_fixed_pool_size_and_the_ml_worker_a_memory_ceiling():
    """Both workers size their pools at start (photonix/common/concurrency.py); ml children stay capped."""
    procfile = _procfile()
    args = shlex.split(procfile["worker-ml"])
    assert "-Q" in args and args[args.index("-Q") + 1] == "ml"
    assert any(a.startswith("--max-memory-per-child=") for a in args)
    for name in ("worker", "worker-ml"):
        assert not any(
            a in ("-c", "--concurrency") or a.startswith("--concurrency=") for a in shlex.split(procfile[name])
        )


def test_no_task_table_and_no_pickle():
    tracked = subprocess.run(["git", "ls-files", "*.py"], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    assert "photonix/photos/tasks.py" in tracked.split()  # the files checked are really listed
    for name in tracked.split():
        text = (ROOT / name).read_text()
        assert not re.search(r"class\s+Task\b", text), name
        assert not re.search(r"""["']pickle["']""", text), name  # no serializer or content type named so


def test_health_answers_200_then_503_naming_the_broker_when_redis_goes_away(client, db, tmp_path, django_user_model):
    port = free_port()
    subprocess.run(
        [
            "redis-server",
            "--port",
            str(port),
            "--save",
            "",
            "--appendonly",
            "no",
            "--daemonize",
            "yes",
            "--dir",
            str(tmp_path),
        ],
        check=True,
    )
    own = redis.Redis(port=port)
    wait_until(lambda: _pings(own), message="own redis-server")
    original = app.conf.broker_url
    app.conf.broker_url = f"redis://127.0.0.1:{port}/0"
    try:
        ok = client.get("/api/health")
        assert ok.status_code == 200, ok.json()
        assert ok.json()["checks"] == {"database": "ok", "broker": "ok"}

        own.shutdown(nosave=True)
        down = client.get("/api/health")
        assert down.status_code == 503
        assert down.json()["checks"] == {"database": "ok", "broker": "failed"}  # no exception text for anonymous

        client.force_login(django_user_model.objects.create_user("staff", password="x-staff-x", is_staff=True))
        detailed = client.get("/api/health").json()["checks"]
        assert detailed["database"] == "ok"
        assert "Error" in detailed["broker"] and str(port) in detailed["broker"]  # staff see what failed
    finally:
        app.conf.broker_url = original


def _pings(client):
    try:
        return client.ping()
    except redis.ConnectionError:
        return False


def _ensure_redis(tmp_path, port, path):
    env = process_env(
        DATA_DIR=tmp_path,
        REDIS_URL=f"redis://127.0.0.1:{port}/0",
        PATH=path,
        DJANGO_SETTINGS_MODULE="photonix.web.settings",
        PHOTONIX_USE_TEST_DB="",
    )
    return subprocess.run(
        [sys.executable, "manage.py", "ensure_redis"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )


def test_start_stops_with_one_sentence_when_redis_is_missing(tmp_path):
    port = free_port()
    result = _ensure_redis(tmp_path, port, path=str(Path(sys.executable).parent))  # no redis-server here

    assert result.returncode != 0
    assert result.stderr.strip() == (
        f"CommandError: Redis is not reachable at redis://127.0.0.1:{port}/0: install Redis "
        "(sudo apt-get install redis-server) or set REDIS_URL to a running Redis server."
    )


def test_start_launches_a_local_redis_server_when_none_listens(tmp_path):
    port = free_port()
    result = _ensure_redis(tmp_path, port, path=f"{Path(sys.executable).parent}:/usr/bin:/bin")
    started = redis.Redis(port=port)
    try:
        assert result.returncode == 0, result.stderr
        assert started.ping()
        assert (tmp_path / "redis").is_dir()
    finally:
        if _pings(started):
            started.shutdown(nosave=True)


def test_two_workers_write_to_sqlite_concurrently_without_locking_errors(tmp_path):
    db_path = tmp_path / "concurrent.sqlite3"
    server = urlsplit(os.environ["REDIS_URL"])  # the two Redis databases below this test process's (tests/settings.py)
    broker, backend = (f"redis://{server.netloc}/{int(server.path[1:]) - n}" for n in (2, 1))
    env = process_env(DATA_DIR=tmp_path, DATABASE_URL=f"sqlite:///{db_path}", REDIS_URL=broker, PHOTONIX_USE_TEST_DB="")
    for url in (broker, backend):
        redis.Redis.from_url(url).flushdb()
    subprocess.run([sys.executable, "manage.py", "migrate", "-v", "0"], cwd=ROOT, env=env, check=True)
    # Not the current app: the project's shared tasks would be sent to its broker for the rest of this process.
    sender = Celery("sqlite-test", broker=broker, backend=backend, set_as_current=False)
    sender.conf.update(task_serializer="json", accept_content=["json"], result_accept_content=["json"])
    workers = [start_worker(sender, f"sqlite-{i}", queues="default", concurrency=2, env=env) for i in (1, 2)]
    try:
        # First the four pool processes of the two workers all run at once (a barrier), then 200 writes follow.
        together = [
            sender.send_task("tests.testapp.tasks.write_row_together_task", args=[n, 4], queue="default")
            for n in range(200, 204)
        ]
        results = [
            sender.send_task("tests.testapp.tasks.write_row_task", args=[n], queue="default") for n in range(200)
        ]
        assert sorted(r.get(timeout=180) for r in together + results) == list(range(204))
    finally:
        for w in workers:
            w.stop()

    with sqlite3.connect(db_path) as conn:
        rows = dict(conn.execute("SELECT number, written_by FROM testapp_row").fetchall())
    assert sorted(rows) == list(range(204))
    assert len({rows[n] for n in range(200, 204)}) == 4  # four processes, each one of the writers at once
    for w in workers:
        assert "database is locked" not in w.output()


def test_the_models_and_the_migrations_agree():
    """``makemigrations --check``: a model change without its migration fails here, not on a user's upgrade."""
    result = subprocess.run(
        [sys.executable, "manage.py", "makemigrations", "--check", "--dry-run"],
        cwd=ROOT,
        env=process_env(),
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No changes detected" in result.stdout


@pytest.mark.django_db  # importing every task module builds querysets that ask the database's features
def test_the_beat_schedule_names_registered_tasks_on_served_queues():
    """Every periodic job names a task the workers know, routed to a queue a Procfile worker consumes."""
    from django.conf import settings

    app.loader.import_default_modules()
    served = {args[args.index("-Q") + 1] for args in map(shlex.split, _procfile().values()) if "-Q" in args}
    for name, entry in settings.CELERY_BEAT_SCHEDULE.items():
        assert entry["task"] in app.tasks, name
        queue = app.amqp.router.route({}, entry["task"])["queue"].name
        assert queue in served, (name, queue)


def test_health_answers_503_naming_the_database_when_it_cannot_be_opened(tmp_path):
    """The database is gone (its disk unmounted): /api/health says so with a 503, it does not crash."""
    code = (
        "import json, django; django.setup(); from django.test import Client; "
        "r = Client().get('/api/health'); print(json.dumps([r.status_code, r.json()]))"
    )
    env = process_env(
        DJANGO_SETTINGS_MODULE="photonix.web.settings",
        DATA_DIR=tmp_path / "data",
        DATABASE_URL=f"sqlite:///{tmp_path / 'unmounted' / 'photonix.sqlite3'}",
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    status, body = json.loads(result.stdout)
    assert status == 503
    assert body == {"status": "unhealthy", "checks": {"database": "failed", "broker": "ok"}}
