"""Workers on a second host: they take work from the same queues, and a host that dies mid-import
loses no photo (README, "Containers and more machines").

Each "host" runs the two workers of the Procfile, named ``default@<host>`` and ``ml@<host>``,
with the same database, Redis and ``DATA_DIR``, each worker in a process group of its own. The
second host dies as a machine would: SIGKILL to its process groups, nothing finishes or says
goodbye. The messages it held come back from Redis' unacknowledged set once the visibility
timeout has passed (shortened here) and a live worker sweeps it; reconciliation, called as
beat would call it, catches anything that would still be missing.
"""

import json
import signal
import time

import pytest
import redis
from django.conf import settings

from photonix.celery import app
from photonix.photos.models import Photo, PipelineStep
from photonix.photos.pipeline import queues_idle, reconcile
from photonix.photos.scanning import scan_library
from photonix.photos.steps import step_versions
from tests.factories import make_jpeg
from tests.processes import flower_get, process_env, start_worker, wait_until

pytestmark = pytest.mark.django_db(transaction=True)

PHOTOS = 10
VISIBILITY_TIMEOUT = 15  # seconds: longer than any task of this test, short enough to wait for


def start_host(host, env):
    """The workers a host runs (Procfile: ``worker`` and ``worker-ml``), one process each in its pool."""
    return [
        start_worker(app, "default", queues="default", concurrency=1, env=env, host=host),
        start_worker(app, "ml", queues="ml", concurrency=1, env=env, host=host),
    ]


def tasks_by_node(flower):
    """``{node: [task, ...]}`` of every task Flower has seen a worker receive."""
    nodes = {}
    for task in flower_get(flower, "/api/tasks").values():
        if task.get("worker"):
            nodes.setdefault(task["worker"], []).append(task)
    return nodes


def unacknowledged_task_ids():
    """Ids of the tasks whose messages a worker received and has not acknowledged (kombu's ``unacked``)."""
    broker = redis.Redis.from_url(settings.CELERY_BROKER_URL)
    return {json.loads(message)[0]["headers"]["id"] for message in broker.hvals("unacked")}


def photos_complete(photo_ids):
    versions = step_versions()
    finished = PipelineStep.objects.filter(photo_id__in=photo_ids).finished(versions)
    return finished.count() == len(photo_ids) * len(versions)


def test_a_second_host_shares_the_queues_and_its_death_loses_no_photo(library, flower):
    for n in range(PHOTOS):
        make_jpeg(library.folder / f"photo-{n:02}.jpg", size=(1600, 1200), taken_at=f"2024:06:{n + 1:02} 12:00:00")
    env = process_env(CELERY_VISIBILITY_TIMEOUT=VISIBILITY_TIMEOUT)
    host_a = start_host("host-a", env)
    host_b = start_host("host-b", env)
    try:
        scan_library(library)

        def both_hosts_busy():
            nodes = tasks_by_node(flower)
            took = all(nodes.get(w.node) for w in host_a + host_b)  # every worker of both hosts took a task
            running_on_b = [t for w in host_b for t in nodes.get(w.node, []) if t["state"] == "STARTED"]
            return took and running_on_b

        wait_until(both_hosts_busy, timeout=120, interval=0.1, message="both hosts to take tasks")
        photo_ids = list(Photo.objects.filter(library=library).values_list("pk", flat=True))
        assert not photos_complete(photo_ids) or len(photo_ids) < PHOTOS  # mid-import
        for worker in host_b:  # the second host dies
            worker.kill(signal.SIGKILL)
        for worker in host_b:
            worker.popen.wait(10)
        nodes = tasks_by_node(flower)
        on_b = {t["uuid"] for w in host_b for t in nodes.get(w.node, [])}
        in_flight = unacknowledged_task_ids() & on_b
        assert in_flight, "host-b died holding no message: nothing to deliver again"

        def import_complete():
            photo_ids = list(Photo.objects.filter(library=library).values_list("pk", flat=True))
            if len(photo_ids) == PHOTOS and photos_complete(photo_ids):
                return photo_ids
            reconcile()  # as beat does every few minutes; it only acts on work untouched for a while
            time.sleep(1)
            return None

        photo_ids = wait_until(import_complete, timeout=240, message=f"{PHOTOS} complete photos on host-a")
        wait_until(queues_idle, timeout=60, message="the broker to be empty")
    finally:
        for worker in host_a + host_b:
            worker.stop()

    rows = PipelineStep.objects.filter(photo_id__in=photo_ids)
    assert rows.count() == PHOTOS * len(step_versions())
    assert set(rows.values_list("status", flat=True)) <= {"done", "skipped"}
    # What host-b held when it died was delivered again (same task id) and run on host-a.
    for task_id in in_flight:
        info = flower_get(flower, f"/api/task/info/{task_id}")
        assert info["state"] == "SUCCESS", info
        assert info["worker"].endswith("@host-a"), info
