"""Pool sizes chosen from the machine's cores and memory, one native thread and one database connection per worker
process."""

import shutil
import uuid
from pathlib import Path

import psutil
import pytest
from celery.utils.sysinfo import cpu_budget
from django.db import connection

from photonix.celery import app
from photonix.common.concurrency import (
    DEFAULT_PROCESS_BYTES,
    ML_PROCESS_BYTES,
    OTHER_PROCESSES_BYTES,
    Memory,
    available_memory,
    cgroup_memory_room,
    choose,
)
from photonix.photos.importing import record_photo
from tests.conftest import wait_for_pipeline
from tests.processes import flower_get, start_worker, wait_until

GiB = 1024**3
CGROUP_ROOT = Path("/sys/fs/cgroup")
ML_WORKER_OPTIONS = ("--max-memory-per-child=2000000",)  # as in the Procfile


# --------------------------------------------------------------------------- the choice


def test_a_process_per_core_when_memory_allows():
    plenty = Memory(64 * GiB, "MemAvailable")
    ml = choose(ml=True, cores=16, memory=plenty)
    default = choose(ml=False, cores=16, memory=plenty)
    assert (ml.processes, default.processes) == (16, 16)
    assert ml.reason == "ml worker: 16 processes, one per core (16 cores, 64.0 GiB available (MemAvailable))"
    assert not ml.limited_by_memory


def test_memory_limits_the_ml_worker_after_the_default_worker_and_says_so():
    # Room for the other processes, two default processes and one ml process, not two.
    memory = Memory(
        OTHER_PROCESSES_BYTES + 2 * DEFAULT_PROCESS_BYTES + ML_PROCESS_BYTES * 3 // 2, "cgroup memory limit"
    )
    ml = choose(ml=True, cores=2, memory=memory)
    assert choose(ml=False, cores=2, memory=memory).processes == 2
    assert ml.processes == 1 and ml.limited_by_memory
    assert ml.reason.startswith("ml worker: 1 process, fewer than the cores because of memory (2 cores, ")
    assert "(cgroup memory limit)" in ml.reason


def test_never_fewer_than_one_process():
    tiny = Memory(100 * 1024**2, "MemAvailable")
    assert choose(ml=True, cores=8, memory=tiny).processes == 1
    assert choose(ml=False, cores=8, memory=tiny).processes == 1


def test_overrides_win_and_the_ml_headroom_follows_the_default_override():
    memory = Memory(OTHER_PROCESSES_BYTES + 8 * DEFAULT_PROCESS_BYTES + 4 * ML_PROCESS_BYTES, "MemAvailable")
    assert choose(ml=True, cores=8, memory=memory, ml_override=3).processes == 3
    assert (
        choose(ml=True, cores=8, memory=memory, ml_override=3).reason
        == "ml worker: 3 processes (set by ML_CONCURRENCY)"
    )
    assert choose(ml=False, cores=8, memory=memory, worker_override=6).processes == 6
    assert choose(ml=False, cores=8, memory=memory).processes == 8
    assert choose(ml=True, cores=8, memory=memory).processes == 4
    # Six default processes instead of eight leave room for more ml processes.
    assert choose(ml=True, cores=8, memory=memory, worker_override=6).processes > 4


# --------------------------------------------------------------------------- cgroup files


def _group(folder, **files):
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (folder / name.replace("_", ".", 1)).write_text(text)


def test_cgroup_v2_room_is_the_smallest_of_the_group_and_its_parents(tmp_path):
    (tmp_path / "cgroup").write_text("0::/system.slice/photonix.service\n")
    _group(tmp_path / "system.slice", memory_max=str(3 * GiB), memory_current=str(GiB), memory_stat="anon 1\n")
    _group(
        tmp_path / "system.slice" / "photonix.service",
        memory_max=str(4 * GiB),
        memory_current=str(GiB),
        memory_stat=f"anon 1\ninactive_file {GiB // 2}\n",
    )
    assert cgroup_memory_room(tmp_path, tmp_path / "cgroup") == 2 * GiB  # the parent's 3 GiB less 1 GiB


def test_cgroup_v2_without_a_limit(tmp_path):
    (tmp_path / "cgroup").write_text("0::/user.slice\n")
    _group(tmp_path / "user.slice", memory_max="max", memory_current=str(GiB), memory_stat="anon 1\n")
    assert cgroup_memory_room(tmp_path, tmp_path / "cgroup") is None


def test_cgroup_v1_inside_a_container_finds_the_group_by_the_end_of_its_path(tmp_path):
    # The host's path is /docker/<id>; the container's mount shows that group as its root.
    (tmp_path / "cgroup").write_text("5:cpu,cpuacct:/docker/abc\n4:memory:/docker/abc\n")
    _group(
        tmp_path / "memory",
        memory_limit_in_bytes=str(2 * GiB),
        memory_usage_in_bytes=str(GiB),
        memory_stat=f"cache 5\ntotal_inactive_file {GiB // 4}\n",
    )
    assert cgroup_memory_room(tmp_path, tmp_path / "cgroup") == 2 * GiB - 3 * GiB // 4


# --------------------------------------------------------------------------- real workers


@pytest.fixture
def memory_cgroup():
    """A new memory cgroup (v1 or v2) ``limit(bytes)``; yields ``(path, limit)``. Skips when none can be made."""
    for parent, limit_file in ((CGROUP_ROOT / "memory", "memory.limit_in_bytes"), (CGROUP_ROOT, "memory.max")):
        group = parent / f"photonix-test-{uuid.uuid4().hex[:8]}"
        try:
            group.mkdir()
        except OSError:
            continue
        if (group / limit_file).exists():
            break
        group.rmdir()
    else:
        pytest.skip("cannot create a memory cgroup here (needs root and a writable /sys/fs/cgroup)")

    def limit(n):
        (group / limit_file).write_text(str(n))
        return group

    yield limit
    wait_until(lambda: not (group / "cgroup.procs").read_text().strip(), timeout=30, message="the cgroup to empty")
    group.rmdir()


def _pool_size(flower, node):
    workers = flower_get(flower, "/api/workers", refresh="1", workername=node)
    return workers[node]["stats"]["pool"]["max-concurrency"]


def test_ml_worker_without_concurrency_runs_a_process_per_core(flower, redis_flushed):
    cores = cpu_budget().count
    if cores < 2:
        pytest.skip("one core: nothing to compare")
    if choose(ml=True, cores=cores, memory=available_memory()).limited_by_memory:
        pytest.skip("not enough memory available here for a process per core")
    worker = start_worker(app, "ml-sized", queues="ml", concurrency=None, extra=ML_WORKER_OPTIONS)
    try:
        assert _pool_size(flower, worker.node) == cores
        assert f"ml worker: {cores} processes, one per core ({cores} cores, " in worker.output()
    finally:
        worker.stop()


def test_ml_worker_under_a_low_memory_limit_runs_one_process_and_says_so(flower, redis_flushed, memory_cgroup):
    cores = cpu_budget().count
    if cores < 2:
        pytest.skip("one core: nothing to fall back from")
    group = memory_cgroup(OTHER_PROCESSES_BYTES + cores * DEFAULT_PROCESS_BYTES + ML_PROCESS_BYTES * 3 // 2)
    in_group = ("sh", "-c", f'echo $$ > {group}/cgroup.procs && exec "$@"', "sh")
    worker = start_worker(app, "ml-low", queues="ml", concurrency=None, extra=ML_WORKER_OPTIONS, prefix=in_group)
    try:
        assert _pool_size(flower, worker.node) == 1
        assert "ml worker: 1 process, fewer than the cores because of memory (" in worker.output()
        assert "(cgroup memory limit)" in worker.output()
    finally:
        worker.stop()


@pytest.mark.django_db(transaction=True)
def test_worker_processes_classify_with_one_native_thread(library, fixture_photos, object_model, redis_flushed):
    """A pool process that ran face, object and every other step did all the work on its one thread.

    With the defaults OpenBLAS (numpy) and onnxruntime start a thread per core, which then compute.
    """
    worker = start_worker(app, "one-thread", queues="default,ml", concurrency=1)
    try:
        source = fixture_photos / "faces" / "Boris_Becker_0003.jpg"
        shutil.copy(source, library.folder / source.name)
        photo = record_photo(library.folder / source.name, library)
        steps = wait_for_pipeline([photo.pk])
        assert {row.step: row.status for row in steps.values()}["classify.face"] == "done"
        assert {row.step: row.status for row in steps.values()}["classify.object"] == "done"
        (child,) = psutil.Process(worker.pid).children()
        # onnxruntime starts one idle thread when it is imported; no other thread may have computed.
        busy = [t.id for t in child.threads() if t.user_time + t.system_time > 0]
        assert busy == [child.pid]
        assert child.num_threads() <= 2
    finally:
        worker.stop()


def runs_in_session():
    """How many times the test task has run on the database connection of the worker process it ran on."""
    return app.send_task("tests.testapp.tasks.count_in_session_task", queue="default").get(timeout=30)


@pytest.mark.django_db(transaction=True)
def test_a_worker_process_keeps_its_database_connection_from_task_to_task(redis_flushed):
    """A new connection for every task cost PostgreSQL about 2.5 times the CPU of an import (bench/README.md)."""
    worker = start_worker(app, "one-connection", queues="default", concurrency=1)
    try:
        runs = [runs_in_session() for _ in range(3)]
    finally:
        worker.stop()
    assert runs == [1, 2, 3]


@pytest.mark.django_db(transaction=True)
def test_a_broken_database_connection_is_replaced_before_the_next_task(redis_flushed):
    """As after a PostgreSQL restart: the server ends the worker's session between two tasks."""
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL ends a session on request; SQLite connections have no server")
    worker = start_worker(app, "broken-connection", queues="default", concurrency=1)
    try:
        assert [runs_in_session(), runs_in_session()] == [1, 2]
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
                " WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
            assert cursor.fetchone()[0] >= 1
        assert [runs_in_session(), runs_in_session()] == [1, 2]
    finally:
        worker.stop()
