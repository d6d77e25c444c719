"""Real Celery worker and Flower processes for the tests (no eager mode, no fake broker)."""

import base64
import ctypes
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import requests

ROOT = Path(__file__).resolve().parent.parent


def wait_until(predicate, timeout=30.0, interval=0.2, message="condition"):
    """Poll ``predicate`` until it returns something truthy; return that or fail."""
    deadline = time.monotonic() + timeout
    while True:
        result = predicate()
        if result:
            return result
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout}s waiting for {message}")
        time.sleep(interval)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def process_env(**overrides):
    """The environment of a process that loads the test settings on the test database."""
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="tests.settings",
        PHOTONIX_USE_TEST_DB="1",
        PYTHONUNBUFFERED="1",
        PATH=f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}",
    )
    env.update({k: str(v) for k, v in overrides.items()})
    return env


PR_SET_PDEATHSIG = 1  # prctl(2)
prctl = ctypes.CDLL(None, use_errno=True).prctl  # looked up here: a forked child only calls it


def dies_with_the_tests():
    """In a child process: killed when the test process ends, even by SIGKILL.

    A test run that was killed would otherwise leave its workers running, and they would take the
    next run's tasks from the same Redis databases (Celery's pool children already die with their
    worker).
    """
    prctl(PR_SET_PDEATHSIG, signal.SIGKILL)


class Proc:
    """A child process whose output goes to a log file under DATA_DIR, killed if the tests die."""

    def __init__(self, name, args, env):
        self.name = name
        self.log_path = Path(env.get("DATA_DIR", "/tmp")) / f"{name}-{time.time_ns()}.log"
        self.log = open(self.log_path, "wb")
        self.popen = subprocess.Popen(
            args,
            cwd=ROOT,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            preexec_fn=dies_with_the_tests,
        )

    @property
    def pid(self):
        return self.popen.pid

    def output(self):
        return self.log_path.read_text(errors="replace")

    def kill(self, sig=signal.SIGKILL):
        """Send ``sig`` to the whole process group (the worker and its pool children)."""
        try:
            os.killpg(self.popen.pid, sig)
        except ProcessLookupError:
            pass

    def stop(self, timeout=20):
        if self.popen.poll() is None:
            self.kill(signal.SIGTERM)
            try:
                self.popen.wait(timeout)
            except subprocess.TimeoutExpired:
                self.kill(signal.SIGKILL)
                self.popen.wait(5)
        self.log.close()


def start_worker(app, name, queues="default,ml", concurrency=2, env=None, extra=(), prefix=(), host=None):
    """Start ``celery worker`` and wait until it answers a ping.

    ``concurrency`` None lets the worker choose its pool size from the machine, as the Procfile's
    workers do. ``prefix`` is a command that runs the worker (it must exec it, as ``taskset``
    does). ``host`` replaces this machine's name in the node name (``name@host``).
    """
    env = env or process_env()
    node = f"{name}@{host or socket.gethostname()}"
    pool = ["-c", str(concurrency)] if concurrency is not None else []
    proc = Proc(
        name,
        [
            *prefix,
            sys.executable,
            "-m",
            "celery",
            "-A",
            "photonix",
            "worker",
            "-Q",
            queues,
            "-n",
            node,
            *pool,
            "--loglevel=INFO",
            "--without-mingle",
            "--without-gossip",
            *extra,
        ],
        env,
    )

    def answers():
        if proc.popen.poll() is not None:
            raise AssertionError(f"worker {name} exited:\n{proc.output()[-3000:]}")
        return app.control.ping(destination=[node], timeout=0.5)

    try:
        wait_until(answers, timeout=60, message=f"worker {node} to answer a ping")
    except AssertionError:
        proc.stop()  # never leave a worker behind
        raise
    proc.node = node
    return proc


def start_web_server(workers=2, threads=10, env=None):
    """Start gunicorn as in the Procfile (on a free port); ``proc.url`` is its base URL."""
    port = free_port()
    proc = Proc(
        "gunicorn",
        [sys.executable, "-m", "gunicorn", "photonix.web.wsgi", f"--bind=127.0.0.1:{port}"]
        + [f"--workers={workers}", f"--threads={threads}", "--timeout=120"],
        env or process_env(),
    )
    proc.url = f"http://127.0.0.1:{port}"

    def answers():
        if proc.popen.poll() is not None:
            raise AssertionError(f"gunicorn exited:\n{proc.output()[-3000:]}")
        try:
            return requests.get(f"{proc.url}/admin/login/", timeout=5).ok
        except (requests.ConnectionError, requests.Timeout):  # not listening yet, or a busy machine
            return False

    try:
        wait_until(answers, timeout=60, message="gunicorn to answer")
    except AssertionError:
        proc.stop()
        raise
    return proc


def start_flower(env=None):
    """Start Flower on a free loopback port with a password of its own (``proc.auth``)."""
    auth = ("test", secrets.token_urlsafe(16))
    env = {**(env or process_env()), "FLOWER_BASIC_AUTH": ":".join(auth)}
    port = free_port()
    proc = Proc(
        "flower",
        [sys.executable, "-m", "celery", "-A", "photonix", "flower", f"--port={port}", "--address=127.0.0.1"],
        env,
    )
    proc.url = f"http://127.0.0.1:{port}"
    proc.auth = auth

    def healthy():
        if proc.popen.poll() is not None:
            raise AssertionError(f"flower exited:\n{proc.output()[-3000:]}")
        try:
            return requests.get(f"{proc.url}/healthcheck", timeout=1).ok
        except (requests.ConnectionError, requests.Timeout):
            return False

    wait_until(healthy, timeout=30, message="flower to answer")
    return proc


def flower_get(flower, path, **params):
    response = requests.get(f"{flower.url}{path}", params=params, auth=flower.auth, timeout=10)
    response.raise_for_status()
    return response.json()


def broker_keys():
    """Every Redis list of the test broker's queues (one per queue and priority step)."""
    from django.conf import settings

    from photonix.photos.pipeline import queue_keys

    return [key for queue in settings.CELERY_TASK_QUEUES for key in queue_keys(queue.name)]


def queued_tasks(client, queue="default"):
    """(task name, arguments) of every message waiting in a queue of the test broker, whatever their priority."""
    from photonix.photos.pipeline import queue_keys

    messages = [json.loads(raw) for key in queue_keys(queue) for raw in client.lrange(key, 0, -1)]
    return [(m["headers"]["task"], json.loads(base64.b64decode(m["body"]))[0]) for m in messages]


def queued_count(client, queue="default"):
    """How many messages wait in a queue of the test broker, whatever their priority."""
    from photonix.photos.pipeline import queue_keys

    return sum(client.llen(key) for key in queue_keys(queue))


def queued(client, queue="default"):
    """(task name, first argument) of every message waiting in a queue of the test broker."""
    return [(name, args[0]) for name, args in queued_tasks(client, queue)]


class TcpProxy:
    """A TCP relay on a free loopback port to the host and port of ``url``, which the test can cut and restore:
    a network outage between one process (pointed at :meth:`redis_url`) and a real server, while the test
    itself still reaches the server directly. ``cut()`` closes every relayed connection and refuses new ones
    (they are accepted and closed at once) until ``restore()``."""

    def __init__(self, url):
        target = urlsplit(url)
        self.target = (target.hostname, target.port)
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.open = True
        self.sockets = set()
        self.lock = threading.Lock()
        threading.Thread(target=self._accept, daemon=True).start()

    def redis_url(self, url):
        """``url`` with its host and port replaced by the proxy's."""
        parts = urlsplit(url)
        return urlunsplit(parts._replace(netloc=f"127.0.0.1:{self.port}"))

    def cut(self):
        with self.lock:
            self.open = False
            for sock in self.sockets:
                _close(sock)
            self.sockets.clear()

    def restore(self):
        with self.lock:
            self.open = True

    def _accept(self):
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:  # the listener was closed
                return
            with self.lock:
                if not self.open:
                    _close(client)
                    continue
                server = socket.create_connection(self.target)
                self.sockets |= {client, server}
            threading.Thread(target=self._pipe, args=(client, server), daemon=True).start()
            threading.Thread(target=self._pipe, args=(server, client), daemon=True).start()

    def _pipe(self, source, sink):
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        _close(source)
        _close(sink)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.listener.close()
        self.cut()


def _close(sock):
    try:
        sock.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass
    sock.close()
