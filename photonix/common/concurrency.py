"""How many processes each Celery worker runs, chosen from the machine when the worker starts.

A worker started without ``--concurrency`` (as in the Procfile and compose) gets its pool size
from :func:`choose`, called by the ``celeryd_init`` handler in ``photonix/celery.py``:

- at most one process per core it may use: ``celery.utils.sysinfo.cpu_budget`` (the affinity
  mask, e.g. ``taskset`` or a container's cpuset, capped by a cgroup CPU quota);
- at most as many as the memory available holds: the cgroup memory limit minus the group's
  working set when there is a limit, else the kernel's ``MemAvailable``, whichever is smaller.
  :data:`OTHER_PROCESSES_BYTES` is kept for the processes that are not pool children; the
  ``default`` worker's processes (:data:`DEFAULT_PROCESS_BYTES` each) come first, the ``ml``
  worker (whose processes hold the face and object models, :data:`ML_PROCESS_BYTES` each) gets
  what is left, and never fewer than one process.

``WORKER_CONCURRENCY`` and ``ML_CONCURRENCY`` override the choice (and the ml worker's headroom
for the default worker follows ``WORKER_CONCURRENCY``); ``--concurrency`` on the command line
overrides everything. A worker consuming the ``ml`` queue is sized as an ml worker.

Every native library runs one thread per process (:func:`one_native_thread_per_process`): the
pool's processes are the parallelism, and threads on top of them only oversubscribe the cores.
"""

import os
from dataclasses import dataclass
from pathlib import Path

import psutil
from celery.utils.sysinfo import cpu_budget

MiB = 1024 * 1024
ML_QUEUE = "ml"

# Peak resident size of one ml pool process with the face and object models loaded, classifying
# 24 MP JPEGs: 469 MiB (492 MB), the "pool child" peak of bench/pipeline.py's memory sampler (every
# 0.5 s), 2026-12-03, 40 JPEGs + 2 DNGs of 6000x4000, one thread per process (YuNet's working
# memory on the 1920 px preview is most of the growth from 289 MiB with dlib's HOG detector); plus
# a fifth for what the sampler misses between samples.
ML_PROCESS_BYTES = 560 * MiB
# The same for a pool process of the default worker, whose peak is RAW development: 451 MiB in the
# same run, 576 MiB in the 200 JPEG + 10 DNG run of 2026-11-26 (bench/README.md).
DEFAULT_PROCESS_BYTES = 600 * MiB
# Kept for the processes that are not pool children: 925 MiB is the sum of their RSS just after
# `make start` (2026-12-02: the two worker main processes 152 MiB each, beat 151, Flower 152, the
# watcher 136, gunicorn's master 38 and two workers 59 each, supervisord 26); the rest is room,
# not measured, for the two web workers decoding a 24 MP photo for an on-demand thumbnail.
OTHER_PROCESSES_BYTES = 1280 * MiB

# Environment variables read by OpenMP, OpenBLAS, MKL, Apple Accelerate and numexpr when they load.
NATIVE_THREAD_VARIABLES = (
    "OMP_NUM_THREADS",
    "OPENBLAS_NUM_THREADS",
    "MKL_NUM_THREADS",
    "VECLIB_MAXIMUM_THREADS",
    "NUMEXPR_NUM_THREADS",
)

CGROUP_ROOT = Path("/sys/fs/cgroup")
PROC_SELF_CGROUP = Path("/proc/self/cgroup")
NO_LIMIT = 1 << 60  # cgroup v1 reports "no limit" as a huge number (9223372036854771712)


def one_native_thread_per_process(environ=os.environ):
    """Set the thread count of the native libraries to 1, unless the variable is already set.

    Must run before numpy, OpenBLAS or dlib load: ``photonix/celery.py`` calls it first thing, so
    every Photonix process (workers, web, beat) has it. onnxruntime ignores these variables: the
    object model's session sets its own thread counts (``photonix/classifiers/object/model.py``).
    """
    for name in NATIVE_THREAD_VARIABLES:
        environ.setdefault(name, "1")


@dataclass(frozen=True)
class Choice:
    """A worker's pool size, and why, in one line for the log and ``make start``."""

    processes: int
    reason: str
    limited_by_memory: bool = False


@dataclass(frozen=True)
class Memory:
    """Bytes of memory available to this process's group, and where the figure comes from."""

    available: int
    source: str


def cgroup_memory_room(root=CGROUP_ROOT, proc_cgroup=PROC_SELF_CGROUP):
    """Bytes the cgroup may still use before its memory limit, or None when no limit applies.

    The smallest room of the process's group and its ancestors (a parent's limit holds for its
    children). A group's room is its limit minus its working set: the usage less the inactive
    file cache, which the kernel reclaims before it kills anything (as Docker and the kubelet
    count it). cgroup v2 (``memory.max``) and v1 (``memory.limit_in_bytes``). Inside a container
    the mount shows only the end of the group's path: the folder is found by its longest suffix.
    """
    try:
        lines = Path(proc_cgroup).read_text().splitlines()
    except OSError:
        return None
    for line in lines:
        hierarchy, controllers, path = line.split(":", 2)
        if hierarchy == "0" and controllers == "":
            base, files = Path(root), ("memory.max", "memory.current", "inactive_file")
        elif "memory" in controllers.split(","):
            base, files = (
                Path(root) / "memory",
                ("memory.limit_in_bytes", "memory.usage_in_bytes", "total_inactive_file"),
            )
        else:
            continue
        rooms = [room for folder in _group_and_ancestors(base, path) if (room := _room(folder, *files)) is not None]
        if rooms:
            return min(rooms)
    return None


def _group_and_ancestors(base, path):
    parts = [part for part in path.split("/") if part]
    for start in range(len(parts) + 1):
        folder = base.joinpath(*parts[start:])
        if folder.is_dir():
            return [folder, *(parent for parent in folder.parents if parent.is_relative_to(base))]
    return []


def _room(folder, limit_file, usage_file, inactive_key):
    try:
        limit = (folder / limit_file).read_text().strip()
        usage = int((folder / usage_file).read_text())
        stat = dict(line.split() for line in (folder / "memory.stat").read_text().splitlines())
    except (OSError, ValueError):
        return None
    if limit == "max" or int(limit) >= NO_LIMIT:
        return None
    return max(0, int(limit) - (usage - int(stat.get(inactive_key, 0))))


def available_memory():
    """:class:`Memory` left for new processes: the cgroup's room when smaller, else ``MemAvailable``."""
    mem_available = psutil.virtual_memory().available
    room = cgroup_memory_room()
    if room is not None and room < mem_available:
        return Memory(room, "cgroup memory limit")
    return Memory(mem_available, "MemAvailable")


def choose(ml, cores, memory, worker_override=None, ml_override=None):
    """The pool size of the default worker (``ml`` False) or the ml worker, for ``cores`` and ``memory``."""
    override = ml_override if ml else worker_override
    name = "ml worker" if ml else "default worker"
    if override:
        return Choice(override, f"{name}: {_processes(override)} (set by {'ML' if ml else 'WORKER'}_CONCURRENCY)")
    room = memory.available - OTHER_PROCESSES_BYTES
    default = worker_override or _fit(cores, room, DEFAULT_PROCESS_BYTES)
    fit, per_process, kept = default, DEFAULT_PROCESS_BYTES, OTHER_PROCESSES_BYTES
    if ml:
        room -= default * DEFAULT_PROCESS_BYTES
        fit, per_process = _fit(cores, room, ML_PROCESS_BYTES), ML_PROCESS_BYTES
        kept += default * DEFAULT_PROCESS_BYTES
    facts = f"{cores} core{'s' if cores != 1 else ''}, {_gib(memory.available)} available ({memory.source})"
    if fit == cores:
        return Choice(fit, f"{name}: {_processes(fit)}, one per core ({facts})")
    return Choice(
        fit,
        f"{name}: {_processes(fit)}, fewer than the cores because of memory ({facts}; "
        f"{_gib(kept)} kept for the other processes, {_gib(per_process)} a process)",
        limited_by_memory=True,
    )


def choose_here(queues, settings):
    """:func:`choose` for a worker consuming ``queues`` on this machine, with the overrides of ``settings``."""
    return choose(
        ml=ML_QUEUE in queues,
        cores=cpu_budget().count,
        memory=available_memory(),
        worker_override=settings.WORKER_CONCURRENCY,
        ml_override=settings.ML_CONCURRENCY,
    )


def _fit(cores, room, per_process):
    return max(1, min(cores, room // per_process))


def _processes(n):
    return f"{n} process{'es' if n != 1 else ''}"


def _gib(n):
    return f"{n / (1024 * MiB):.1f} GiB"
