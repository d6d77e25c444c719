"""End-to-end benchmark of the photo pipeline: import, RAW, thumbnails and every classifier.

    .venv/bin/python bench/pipeline.py [--photos 200] [--dngs 10] [--size 6000x4000] [--cores 1,2]

What it does, in order:

1. Sets up a throw-away world in a temporary folder: ``DATA_DIR``, the photos beside it (a
   library may not contain ``DATA_DIR``) and a SQLite database (or, when
   ``DATABASE_URL`` names a PostgreSQL server, a database ``photonix_bench`` created on that
   server and dropped at the end); Redis databases 6 (broker) and 7 (results), flushed first.
   These are set as environment variables before Django starts, then ``migrate`` runs.
2. Writes ``--photos`` JPEGs of ``--size`` (24 MP by default) with varied EXIF dates, GPS
   positions and cameras, and ``--dngs`` Bayer DNG RAW files (a third with a full-size JPEG
   preview, the others demosaiced by LibRaw). Each scene looks like a photo to the decoders and
   the detectors: one of the shared fixture photos (``snow.jpg``, ``tree.jpg``) scaled up, with
   detail at every scale (the 1/f spectrum of natural images) and a little sensor noise; a third
   of them have a face from ``../shared/fixtures/photos/faces`` pasted in at one of three sizes.
   Making them is not measured.
3. For each number of cores N of ``--cores`` (default: every core this process may use), in
   increasing order: starts real Celery workers as the Procfile does, pinned to the first N CPUs
   with ``taskset`` and left to choose their own pool sizes (``photonix/common/concurrency.py``,
   which counts the CPUs of the affinity mask): ``default``, and ``ml`` with the Procfile's
   ``--max-memory-per-child``. Then starts the clock, calls ``scan_library`` on a new library
   (which sends every file to the workers' ``import_file_task``; each import dispatches its
   photo's pipeline after commit), waits until every file is recorded, and polls the
   ``PipelineStep`` ledger until every step of every photo is finished (a photo whose ``raw`` or
   ``thumbnails`` step failed is finished too: its chain stops there) and the broker holds no
   message; then stops the clock and the workers, and deletes the library before the next N.
4. Afterwards, in this process, on a sample of the same JPEGs, times ``decode_floor`` (one full
   decode at full size) against ``make_thumbnails`` with the at-import sizes, and against the face
   step's work on the preview those made (decode it, find the faces, one embedding per face).

How to read the output:

- ``end to end``: photos per second from the start of the scan to the last finished step,
  import (metadata, database) included, on the two workers above.
- ``CPU utilisation``: CPU time (user + system) used by the two workers' process trees during
  the run (pool children included, also those replaced by ``--max-memory-per-child``) ÷ (wall
  time × N). The benchmark process, Redis and the database server are neither pinned nor
  counted (they may run on the pinned CPUs too; their share is small). With several
  ``--cores``, a table compares the runs, with the photos/s of each run relative to the first.
  Step durations, memory and failures are those of the last run.
- ``step durations``: median and p95 of ``finished_at - started_at`` of the ledger rows with
  status ``done``, per step. The ``classify.*`` lines are the per-classifier figures. Time spent
  waiting in the queue is not in them. ``skipped`` and ``failed`` counts are listed beside them,
  then every distinct failure and skip reason (a skipped classifier means its figure is empty).
- ``memory``: peak resident set size (RSS), sampled every 0.5 s, of the ml worker's main process
  and of its pool child (the one that loads the models), after the first 100 finished photos and
  at the end; the default worker's tree is shown for comparison.
- ``floor``: ``thumbnails / decode`` is the cost of making both at-import thumbnails relative to
  decoding the JPEG once at full size (goal: at most 1.5 on 24 MP JPEGs). ``ledger thumbnails
  step / decode`` divides the median ``thumbnails`` step from the ledger by the same floor, so
  it also counts the database, the file system and sharing two cores with other tasks.
  ``face step / decode`` is the face classifier's work on the preview (as ``classify_photo`` runs
  it, without the database) relative to the same floor (goal: at most 1.0); ``ledger face step /
  decode`` is the median ``classify.face`` step of the ledger, with the same overheads as above.

Everything is removed at the end, also on Ctrl-C or an error (``--keep`` keeps the data
directory, with the worker logs, for a post-mortem).
"""

import argparse
import functools
import os
import re
import shutil
import signal
import statistics
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
if __name__ == "__main__":  # run as a script: import the project, not the modules beside this file
    sys.path = [str(ROOT), *(p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench")]

SHARED = ROOT.parent / "shared"
FIXTURES_DIR = SHARED / "fixtures" / "photos"
FACES_DIR = FIXTURES_DIR / "faces"
BENCH_DB_NAME = "photonix_bench"
PROGRESS_EVERY = 5.0  # seconds between progress lines
POLL_EVERY = 1.0
SAMPLE_EVERY = 0.5  # seconds between memory samples
MEMORY_MILESTONE = 100  # photos finished when the memory peak is printed the first time
MB = 1024 * 1024
RAW_DNG = "raw (DNG files only)"  # the raw step of a JPEG does nothing: this line shows development alone

# Where the synthetic photos were "taken": varied so that the location classifier sees many countries.
PLACES = [
    (51.5007, -0.1246),  # London
    (48.8584, 2.2945),  # Paris
    (36.4618, 25.3753),  # Santorini
    (40.7484, -73.9857),  # New York
    (35.6586, 139.7454),  # Tokyo
    (-33.8568, 151.2153),  # Sydney
    (-33.9249, 18.4241),  # Cape Town
    (-22.9519, -43.2105),  # Rio de Janeiro
    (64.1466, -21.9426),  # Reykjavik
    (13.7563, 100.5018),  # Bangkok
    (41.8902, 12.4922),  # Rome
    (19.4326, -99.1332),  # Mexico City
]
CAMERAS = [
    ("Canon", "Canon EOS R6"),
    ("NIKON CORPORATION", "NIKON Z 6_2"),
    ("SONY", "ILCE-7M3"),
    ("Apple", "iPhone 15"),
]


# --------------------------------------------------------------------------- setting up


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--photos", type=int, default=200, help="number of JPEGs (default 200)")
    parser.add_argument("--dngs", type=int, default=10, help="number of DNG RAW files (default 10)")
    parser.add_argument("--size", default="6000x4000", help="photo size WxH (default 6000x4000, 24 MP)")
    parser.add_argument("--floor-sample", type=int, default=20, help="JPEGs timed for the floor (default 20)")
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/6", help="broker URL; results use the next db")
    parser.add_argument("--timeout", type=float, default=3600, help="give up waiting after this many seconds")
    parser.add_argument("--keep", action="store_true", help="keep the data directory (worker logs) at the end")
    parser.add_argument(
        "--cores", default=None, help="comma-separated core counts, one run each, e.g. 1,2 (default: all)"
    )
    args = parser.parse_args()
    usable = sorted(os.sched_getaffinity(0))
    try:
        args.cores = sorted({int(n) for n in args.cores.split(",")}) if args.cores else [len(usable)]
    except ValueError:
        parser.error(f"--cores must look like 1,2, not {args.cores!r}")
    if not all(1 <= n <= len(usable) for n in args.cores):
        parser.error(f"--cores: this process may use {len(usable)} CPU(s)")
    args.cpus = usable
    try:
        width, height = (int(v) for v in args.size.lower().split("x"))
    except ValueError:
        parser.error(f"--size must look like 6000x4000, not {args.size!r}")
    args.size = (width, height)
    if args.photos < 0 or args.dngs < 0 or args.photos + args.dngs == 0:
        parser.error("nothing to benchmark: give --photos and/or --dngs")
    return args


def next_redis_db(url):
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{int(parts.path.strip('/') or 0) + 1}"))


def postgres_bench_url(user_url):
    """The user's PostgreSQL URL with the bench database name, or None when it is not PostgreSQL."""
    if not user_url:
        return None
    parts = urlsplit(user_url)
    if not parts.scheme.startswith("postgres"):
        return None
    return urlunsplit(parts._replace(path=f"/{BENCH_DB_NAME}"))


def postgres_admin(url, sql):
    """Run one statement on the server of ``url``, connected to its ``postgres`` database."""
    import dj_database_url
    import psycopg

    db = dj_database_url.parse(url)
    with psycopg.connect(
        host=db["HOST"] or None,
        port=db["PORT"] or None,
        user=db["USER"] or None,
        password=db["PASSWORD"] or None,
        dbname="postgres",
        autocommit=True,
    ) as conn:
        conn.execute(sql)


def configure_environment(args, data_dir):
    """Point this process and the workers it starts at the bench's own data, database and Redis.

    Sets the variables in ``os.environ`` (Django is not set up yet) and returns them.
    """
    pg_url = postgres_bench_url(os.environ.get("DATABASE_URL"))
    env = {
        "DJANGO_SETTINGS_MODULE": "photonix.web.settings",
        "PHOTONIX_USE_TEST_DB": "",
        "DATA_DIR": str(data_dir / "data"),  # beside the photos: a library never contains DATA_DIR
        "DATABASE_URL": pg_url or f"sqlite:///{data_dir / 'bench.sqlite3'}",
        "REDIS_URL": args.redis,
        "REDIS_RESULT_URL": next_redis_db(args.redis),
    }
    if not os.environ.get("MODEL_DIR") and (SHARED / "models").is_dir():
        env["MODEL_DIR"] = str(SHARED / "models")
    os.environ.update(env)
    return env


def procfile_max_memory():
    """The ``--max-memory-per-child`` of the Procfile's worker-ml line (KiB)."""
    match = re.search(r"^worker-ml:.*--max-memory-per-child=(\d+)", (ROOT / "Procfile").read_text(), re.M)
    return int(match.group(1)) if match else 2_000_000


# --------------------------------------------------------------------------- the photos


SCENES = [FIXTURES_DIR / "snow.jpg", FIXTURES_DIR / "tree.jpg"]
DETAIL_OCTAVES = range(7)  # random fields of 1 px (sensor noise) to 64 px cells
DETAIL_CONTRAST = 5  # standard deviation of each octave's field, grey levels


@functools.lru_cache(maxsize=4)
def _base_pixels(size, seed):
    """A photo-like scene: a fixture photo scaled up, with detail at every scale.

    Natural images have an amplitude spectrum close to 1/f, i.e. about the same contrast in every
    octave of scale: one random field per octave, each with the same contrast, upsampled to the
    photo's size, is added to the (smooth) scaled-up photo. Without the shared fixtures the scene
    is ``tests.factories.photo_pixels``.
    """
    import numpy as np
    from PIL import Image

    from tests.factories import photo_pixels

    scenes = [p for p in SCENES if p.is_file()]
    if not scenes:
        return photo_pixels(size, seed=seed)
    with Image.open(scenes[seed % len(scenes)]) as scene:
        pixels = np.asarray(scene.convert("RGB").resize(size, Image.Resampling.BICUBIC), np.int16)
    rng = np.random.default_rng(seed)
    detail = np.zeros(pixels.shape[:2], np.float32)
    for octave in DETAIL_OCTAVES:
        cells = (max(2, size[1] >> octave), max(2, size[0] >> octave))
        field = Image.fromarray(rng.standard_normal(cells, dtype=np.float32) * DETAIL_CONTRAST, "F")
        detail += np.asarray(field.resize(size, Image.Resampling.BICUBIC) if octave else field)
    return np.clip(pixels + detail.astype(np.int16)[..., None], 0, 255).astype(np.uint8)


@functools.cache
def _faces():
    from PIL import Image

    return [Image.open(p).convert("RGB") for p in sorted(FACES_DIR.glob("*.jpg"))] if FACES_DIR.is_dir() else []


def _taken_at(i):
    if i % 10 == 0:  # some Christmases, for the event classifier
        return datetime(2015 + i % 10, 12, 25, 10 + i % 8, i % 60)
    return datetime(2015 + i % 10, 1 + (i * 7) % 12, 1 + (i * 11) % 28, 7 + i % 14, (i * 13) % 60, i % 60)


def _scene(size, i):
    """A distinct photo-like picture: one of four scenes, shifted, maybe with a face (a quarter, an
    eighth or a sixteenth of the short side)."""
    import numpy as np
    from PIL import Image

    pixels = np.roll(_base_pixels(size, i % 4), shift=(i * 37) % size[0], axis=1)
    faces = _faces()
    if faces and i % 3 == 0:
        side = min(size) // (4, 8, 16)[i // 3 % 3]
        face = np.asarray(faces[i % len(faces)].resize((side, side), Image.Resampling.BICUBIC))
        top, left = size[1] // 3, (size[0] // 5) * (1 + i % 3)
        pixels[top : top + side, left : left + side] = face
    return pixels


def make_photo(kind, path, size, i):
    """Write photo number ``i`` (``kind`` "jpeg" or "dng") and return its path."""
    from PIL import Image

    from tests.factories import make_dng, make_jpeg

    pixels = _scene(size, i)
    if kind == "dng":
        return make_dng(path, pixels=pixels, with_preview=(True, None, False)[i % 3])
    lat, lon = PLACES[i % len(PLACES)]
    jitter = ((i * 7919) % 1000 - 500) / 50000  # up to ~1 km
    make, model = CAMERAS[i % len(CAMERAS)]
    return make_jpeg(
        path,
        image=Image.fromarray(pixels),
        taken_at=_taken_at(i),
        gps=(lat + jitter, lon - jitter),
        orientation=6 if i % 8 == 7 else 1,  # some portraits, as phones store them
        make=make,
        model=model,
        quality=92,
    )


def make_photos(folder, n_jpegs, n_dngs, size):
    jobs = [("jpeg", folder / f"IMG_{i:04d}.jpg", size, i) for i in range(n_jpegs)]
    jobs += [("dng", folder / f"RAW_{i:04d}.dng", size, i) for i in range(n_dngs)]
    # Parallel, and before Django is set up (forking a process with open connections is unsafe).
    pool = ProcessPoolExecutor(max_workers=os.cpu_count() or 2)
    try:
        paths = list(pool.map(make_photo, *zip(*jobs, strict=True), chunksize=4))
    finally:
        pool.shutdown(cancel_futures=True)  # on Ctrl-C, do not make the remaining photos first
    return [p for p in paths if p.suffix == ".jpg"], [p for p in paths if p.suffix == ".dng"]


# --------------------------------------------------------------------------- measuring


class MemorySampler(threading.Thread):
    """Samples the RSS of each worker's main process and pool children every 0.5 s; keeps the peaks."""

    def __init__(self, workers):
        super().__init__(daemon=True)
        self.workers = workers  # name -> Proc
        self.peaks = defaultdict(int)  # (name, "main"|"child"|"tree") -> bytes
        self.lock = threading.Lock()
        self.stopped = threading.Event()

    def run(self):
        import psutil

        while not self.stopped.wait(SAMPLE_EVERY):
            for name, proc in self.workers.items():
                try:
                    main = psutil.Process(proc.pid)
                    main_rss = main.memory_info().rss
                    children = []
                    for child in main.children(recursive=True):
                        try:
                            children.append(child.memory_info().rss)
                        except psutil.NoSuchProcess:
                            pass
                except psutil.NoSuchProcess:
                    continue
                with self.lock:
                    for key, value in (("main", main_rss), ("child", max(children, default=0))):
                        self.peaks[name, key] = max(self.peaks[name, key], value)
                    self.peaks[name, "tree"] = max(self.peaks[name, "tree"], main_rss + sum(children))

    def snapshot(self):
        with self.lock:
            return dict(self.peaks)

    def stop(self):
        self.stopped.set()
        self.join(5)


def memory_line(peaks, name):
    mb = {key: peaks.get((name, key), 0) / MB for key in ("main", "child", "tree")}
    return f"main {mb['main']:.0f} MB, pool child {mb['child']:.0f} MB, whole tree {mb['tree']:.0f} MB"


def ledger_state(steps):
    """Per photo, the status of each step: {photo_id: {step: status}}."""
    from photonix.photos.models import PipelineStep

    state = defaultdict(dict)
    for photo_id, step, status in PipelineStep.objects.filter(step__in=steps).values_list("photo_id", "step", "status"):
        state[photo_id][step] = status
    return state


def photo_settled(statuses, steps):
    """True when nothing more will happen to this photo: every step finished, or its chain broke."""
    from photonix.photos.steps import FINISHED, RAW_STEP, THUMBNAILS_STEP, Status

    if all(statuses.get(s) in FINISHED for s in steps):
        return True
    if Status.RUNNING in statuses.values():
        return False
    # The chain is raw -> thumbnails -> group: a failure there leaves the later steps pending for ever.
    return Status.FAILED in (statuses.get(RAW_STEP), statuses.get(THUMBNAILS_STEP))


def wait_for_pipeline(photo_ids, steps, sampler, started, timeout):
    """Poll the ledger until every photo is settled and the broker is idle; print progress."""
    from photonix.photos.pipeline import queues_idle
    from photonix.photos.steps import FINISHED

    milestone_peaks = None
    last_print = 0.0
    short = {s: s.removeprefix("classify.") for s in steps}
    while True:
        state = ledger_state(steps)
        settled = sum(photo_settled(state.get(pid, {}), steps) for pid in photo_ids)
        elapsed = time.monotonic() - started
        if milestone_peaks is None and settled >= MEMORY_MILESTONE:
            milestone_peaks = sampler.snapshot()
            print(
                f"  [{elapsed:6.1f}s] memory peak after {settled} photos, ml worker: "
                f"{memory_line(milestone_peaks, 'bench-ml')}",
                flush=True,
            )
        done = settled == len(photo_ids) and queues_idle()
        if done or time.monotonic() - last_print >= PROGRESS_EVERY:
            last_print = time.monotonic()
            counts = Counter(step for statuses in state.values() for step, st in statuses.items() if st in FINISHED)
            per_step = " ".join(f"{short[s]} {counts[s]}" for s in steps)
            print(
                f"  [{elapsed:6.1f}s] photos {settled}/{len(photo_ids)} | finished per step (of "
                f"{len(photo_ids)}): {per_step}",
                flush=True,
            )
        if done:
            return True, milestone_peaks
        if elapsed > timeout:
            print(f"  gave up after {timeout:.0f}s: {len(photo_ids) - settled} photo(s) unfinished", flush=True)
            return False, milestone_peaks
        time.sleep(POLL_EVERY)


def percentile(values, fraction):
    """Linear interpolation between the closest ranks (``fraction`` 0.5 is the median)."""
    values = sorted(values)
    if not values:
        return float("nan")
    pos = (len(values) - 1) * fraction
    low = int(pos)
    high = min(low + 1, len(values) - 1)
    return values[low] + (values[high] - values[low]) * (pos - low)


def step_report(steps):
    """Per step: durations of done rows, counts by status; and the failures and skips with reasons."""
    from photonix.photos.models import PhotoFile, PipelineStep
    from photonix.photos.steps import RAW_STEP

    paths = dict(PhotoFile.objects.values_list("photo_id", "path"))
    durations = defaultdict(list)
    statuses = defaultdict(Counter)
    reasons = Counter()
    examples = {}
    rows = PipelineStep.objects.filter(step__in=steps).values_list(
        "step", "status", "started_at", "finished_at", "error", "photo_id"
    )
    for step, status, started_at, finished_at, error, photo_id in rows:
        statuses[step][status] += 1
        if status == PipelineStep.Status.DONE and started_at and finished_at:
            durations[step].append((finished_at - started_at).total_seconds())
            if step == RAW_STEP and (paths.get(photo_id) or "").lower().endswith(".dng"):
                durations[RAW_DNG].append((finished_at - started_at).total_seconds())
        if status in (PipelineStep.Status.FAILED, PipelineStep.Status.SKIPPED):
            key = (step, status, (error or "(no reason recorded)")[:300])
            reasons[key] += 1
            examples.setdefault(key, paths.get(photo_id))
    return durations, statuses, reasons, examples


def time_floor(jpegs, sample_size, tmp):
    """Median seconds of decode_floor, of make_thumbnails (at-import sizes) and of the face step on the
    preview made, on a sample of JPEGs."""
    from PIL import Image

    from photonix.classifiers.base import PhotoInfo
    from photonix.classifiers.face import FaceClassifier
    from photonix.photos.utils.thumbnails import DEFAULT_SIZES, decode_floor, make_thumbnails

    step = max(1, len(jpegs) // sample_size)
    sample = jpegs[::step][:sample_size]
    sizes = [s for s in DEFAULT_SIZES if s.at_import]
    outputs = {s: tmp / f"{s.name}.jpg" for s in sizes}
    preview = outputs[max(sizes, key=lambda s: s.width * s.height)]
    faces = FaceClassifier()

    def face_step():  # what classify_photo does with the preview, without the database
        with Image.open(preview) as image:
            faces.run(image.convert("RGB"), PhotoInfo())

    decode_floor(sample[0])  # warm up: libraries and models loaded, file in the page cache
    make_thumbnails(sample[0], outputs)
    face_step()
    decode, thumbs, face = [], [], []
    for path in sample:
        t0 = time.perf_counter()
        decode_floor(path)
        t1 = time.perf_counter()
        make_thumbnails(path, outputs)
        t2 = time.perf_counter()
        face_step()
        t3 = time.perf_counter()
        decode.append(t1 - t0)
        thumbs.append(t2 - t1)
        face.append(t3 - t2)
    medians = (statistics.median(values) for values in (decode, thumbs, face))
    return len(sample), *medians, [s.name for s in sizes]


def cpu_seconds(proc):
    """CPU seconds (user + system) used so far by a worker, its pool children and the children it reaped."""
    import psutil

    main = psutil.Process(proc.pid)
    times = main.cpu_times()
    total = times.user + times.system + times.children_user + times.children_system
    for child in main.children(recursive=True):
        try:
            times = child.cpu_times()
        except psutil.NoSuchProcess:  # exited (and reaped: counted in children_*) since the listing
            continue
        total += times.user + times.system
    return total


def pool_sizes(app, workers):
    """The pool size each worker chose (``max-concurrency`` in its stats, as Flower shows it)."""
    stats = app.control.inspect(destination=[w.node for w in workers], timeout=5).stats() or {}
    return tuple(stats.get(w.node, {}).get("pool", {}).get("max-concurrency", "?") for w in workers)


@dataclass
class Round:
    """One import of every photo with the workers pinned to ``cores`` CPUs."""

    cores: int
    library: object
    pools: tuple
    photo_ids: list
    scanned: float
    elapsed: float
    complete: bool
    utilisation: float
    milestone_peaks: dict | None
    final_peaks: dict

    @property
    def speed(self):
        return len(self.photo_ids) / self.elapsed


def run_round(args, cores, user, photos_dir, bench_env, steps, cleanup):
    """Import every photo into a new library with workers pinned to the first ``cores`` CPUs."""
    from django.conf import settings

    from photonix.celery import app
    from photonix.photos.models import Library, LibraryPath, LibraryUser, Photo, PhotoFile
    from photonix.photos.scanning import scan_library
    from tests.processes import process_env, start_worker

    library = Library.objects.create(name=f"Benchmark on {cores} core(s)")
    flags = [f.name for f in Library._meta.fields if f.name.startswith("classification_")]
    Library.objects.filter(pk=library.pk).update(**dict.fromkeys(flags, True))
    LibraryPath.objects.create(library=library, path=str(photos_dir))
    LibraryUser.objects.create(library=library, user=user, owner=True)

    env = process_env(**bench_env)  # process_env's defaults are the tests' settings: bench_env overrides them
    cpus = args.cpus[:cores]
    pinned = ("taskset", "--cpu-list", ",".join(map(str, cpus)))
    max_memory = procfile_max_memory()
    workers = {}

    def stop_workers():
        for proc in workers.values():
            proc.stop()

    cleanup.append(stop_workers)
    workers["bench-default"] = start_worker(
        app, "bench-default", queues="default", concurrency=None, env=env, prefix=pinned
    )
    workers["bench-ml"] = start_worker(
        app,
        "bench-ml",
        queues="ml",
        concurrency=None,
        env=env,
        prefix=pinned,
        extra=(f"--max-memory-per-child={max_memory}",),
    )
    pools = pool_sizes(app, workers.values())
    print(
        f"Workers up on CPU(s) {','.join(map(str, cpus))}, pool sizes of their own choosing: default "
        f"{pools[0]}, ml {pools[1]} (--max-memory-per-child={max_memory}); broker {settings.CELERY_BROKER_URL}; "
        f"models {settings.MODEL_DIR}",
        flush=True,
    )

    sampler = MemorySampler(workers)
    sampler.start()
    cleanup.append(sampler.stop)

    print("Scanning and processing...", flush=True)
    cpu_before = sum(cpu_seconds(proc) for proc in workers.values())
    started = time.monotonic()
    sent = sum(result.sent for result in scan_library(library).values())
    while PhotoFile.objects.filter(photo__library=library).count() + library.rejected_files.count() < sent:
        time.sleep(0.2)  # the workers import what the scan sent (import_file_task)
    scanned = time.monotonic() - started
    photo_ids = list(Photo.objects.filter(library=library).values_list("pk", flat=True))
    print(
        f"  [{scanned:6.1f}s] scan_library sent {sent} file(s); the workers recorded {len(photo_ids)} photo(s)",
        flush=True,
    )
    complete, milestone_peaks = wait_for_pipeline(photo_ids, steps, sampler, started, args.timeout)
    elapsed = time.monotonic() - started
    cpu = sum(cpu_seconds(proc) for proc in workers.values()) - cpu_before
    sampler.stop()
    stop_workers()
    utilisation = cpu / (elapsed * cores)
    print(
        f"  {cores} core(s): {len(photo_ids) / elapsed:.3f} photos/s, CPU utilisation {utilisation:.0%}",
        flush=True,
    )
    return Round(
        cores, library, pools, photo_ids, scanned, elapsed, complete, utilisation, milestone_peaks, sampler.snapshot()
    )


# --------------------------------------------------------------------------- the run


def run(args, data_dir, bench_env, cleanup):
    import django
    import redis

    photos_dir = data_dir / "photos"
    photos_dir.mkdir()
    print(
        f"Making {args.photos} JPEG(s) and {args.dngs} DNG(s) of {args.size[0]}x{args.size[1]} "
        f"in {photos_dir} (not measured)...",
        flush=True,
    )
    t0 = time.monotonic()
    jpegs, dngs = make_photos(photos_dir, args.photos, args.dngs, args.size)
    total_bytes = sum(p.stat().st_size for p in [*jpegs, *dngs])
    print(
        f"  made in {time.monotonic() - t0:.1f}s, {total_bytes / MB:.0f} MB on disk"
        f"{'' if _faces() else ' (no faces: ../shared/fixtures/photos/faces is absent)'}",
        flush=True,
    )

    django.setup()
    import logging

    logging.getLogger().setLevel(logging.WARNING)  # this process only; the workers log as configured
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    for url in (settings.CELERY_BROKER_URL, settings.CELERY_RESULT_BACKEND):
        redis.Redis.from_url(url).flushdb()
        cleanup.append(lambda url=url: redis.Redis.from_url(url).flushdb())
    call_command("migrate", verbosity=0)

    from photonix.accounts.models import User
    from photonix.photos.models import RejectedFile
    from photonix.photos.steps import THUMBNAILS_STEP, classify_step, step_versions

    user = User.objects.create_user("bench", password="bench-password")
    steps = list(step_versions())
    rounds = []
    for cores in args.cores:
        rounds.append(run_round(args, cores, user, photos_dir, bench_env, steps, cleanup))
        if not rounds[-1].complete or cores == args.cores[-1]:
            break
        rounds[-1].library.delete()  # the next run imports the same photos again
    last = rounds[-1]
    photo_ids = last.photo_ids
    engine = connection.vendor

    durations, statuses, reasons, examples = step_report(steps)
    state = ledger_state(steps)
    failed_photos = sum(1 for pid in photo_ids if "failed" in state.get(pid, {}).values())
    rejected = list(RejectedFile.objects.values_list("path", "reason"))

    print("Timing the floor in this process...", flush=True)
    floor_dir = data_dir / "floor"
    floor_dir.mkdir()
    n_floor, decode_median, thumbs_median, face_median, floor_sizes = (
        time_floor(jpegs, args.floor_sample, floor_dir) if jpegs else (0, *[float("nan")] * 3, [])
    )
    ledger_thumbs = percentile(durations[THUMBNAILS_STEP], 0.5)
    ledger_face = percentile(durations[classify_step("face")], 0.5)

    # ------------------------------------------------------------------ the figures
    n = len(photo_ids)
    print()
    print("=" * 78)
    print(f"Photonix pipeline benchmark, {datetime.now():%Y-%m-%d %H:%M}, {os.cpu_count()} CPU(s), database {engine}")
    print(
        f"input: {len(jpegs)} JPEG + {len(dngs)} DNG of {args.size[0]}x{args.size[1]} "
        f"({args.size[0] * args.size[1] / 1e6:.0f} MP), {total_bytes / MB:.0f} MB"
    )
    if rejected:
        print(f"rejected at import: {len(rejected)}")
        for path, reason in rejected[:10]:
            print(f"  {Path(path).name}: {reason}")
    print(f"import (scan_library): {n} photos in {last.scanned:.1f}s ({n / last.scanned:.2f} photos/s)")
    print(
        f"end to end: {n} photos in {last.elapsed:.1f}s = {n / last.elapsed:.3f} photos/s"
        f"{'' if last.complete else '  (INCOMPLETE: timed out)'}"
    )
    print(f"CPU utilisation: {last.utilisation:.0%} of {last.cores} core(s) (workers' CPU time / (wall time x cores))")
    print()
    print("runs, workers pinned to N cores:")
    print(f"  {'cores':>5}{'pool default/ml':>17}{'seconds':>9}{'photos/s':>10}{'CPU':>6}{'speed-up':>10}")
    for r in rounds:
        print(
            f"  {r.cores:>5}{f'{r.pools[0]} / {r.pools[1]}':>17}{r.elapsed:>9.1f}{len(r.photo_ids) / r.elapsed:>10.3f}"
            f"{r.utilisation:>6.0%}{r.speed / rounds[0].speed:>9.2f}x"
        )
    print()
    print("step durations, finished_at - started_at of done steps (seconds):")
    print(f"  {'step':<20}{'done':>6}{'skipped':>9}{'failed':>8}{'other':>7}{'median':>9}{'p95':>9}")
    for step in steps:
        c = statuses[step]
        other = sum(c.values()) - c["done"] - c["skipped"] - c["failed"]
        values = durations[step]
        print(
            f"  {step:<20}{c['done']:>6}{c['skipped']:>9}{c['failed']:>8}{other:>7}"
            f"{percentile(values, 0.5):>9.3f}{percentile(values, 0.95):>9.3f}"
        )
    if durations[RAW_DNG]:
        values = durations[RAW_DNG]
        print(f"  {RAW_DNG:<20}{len(values):>6}{'':>24}{percentile(values, 0.5):>9.3f}{percentile(values, 0.95):>9.3f}")
    print()
    n_failed = sum(count for (_, status, _), count in reasons.items() if status == "failed")
    print(f"failed steps: {n_failed} (photos with a failed step: {failed_photos})")
    for (step, status, reason), count in sorted(reasons.items()):
        print(f"  {status} {step} x{count}: {reason}  (e.g. {Path(examples[step, status, reason] or '?').name})")
    print()
    print("peak RSS, sampled every 0.5 s:")
    if last.milestone_peaks is not None:
        print(f"  ml worker after the first {MEMORY_MILESTONE} photos: {memory_line(last.milestone_peaks, 'bench-ml')}")
    else:
        print(f"  ml worker after the first {MEMORY_MILESTONE} photos: n/a (fewer photos)")
    print(f"  ml worker at the end:       {memory_line(last.final_peaks, 'bench-ml')}")
    print(f"  default worker at the end:  {memory_line(last.final_peaks, 'bench-default')}")
    print()
    print(f"floor, in this process, median of {n_floor} JPEGs ({', '.join(floor_sizes)}):")
    print(f"  decode_floor (full decode at full size): {decode_median * 1000:.0f} ms")
    print(f"  make_thumbnails (at-import sizes):       {thumbs_median * 1000:.0f} ms")
    print(f"  thumbnails / decode:                     {thumbs_median / decode_median:.2f}  (goal <= 1.5)")
    print(
        f"  ledger thumbnails step / decode:         {ledger_thumbs / decode_median:.2f}  "
        f"(median step {ledger_thumbs * 1000:.0f} ms; includes DB, disk and worker overhead)"
    )
    print(f"  face step on the preview:                {face_median * 1000:.0f} ms")
    print(f"  face step / decode:                      {face_median / decode_median:.2f}  (goal <= 1.0)")
    print(
        f"  ledger face step / decode:               {ledger_face / decode_median:.2f}  "
        f"(median step {ledger_face * 1000:.0f} ms; includes DB and worker overhead)"
    )
    print("=" * 78, flush=True)
    return 0 if all(r.complete for r in rounds) else 1


def main():
    args = parse_args()
    data_dir = Path(tempfile.mkdtemp(prefix="photonix-bench-"))
    cleanup = []  # run in reverse order, whatever happens
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # so that `kill` cleans up too
    code = 1
    try:
        bench_env = configure_environment(args, data_dir)
        pg_url = postgres_bench_url(bench_env["DATABASE_URL"])
        if pg_url:
            postgres_admin(pg_url, f'DROP DATABASE IF EXISTS "{BENCH_DB_NAME}" WITH (FORCE)')
            postgres_admin(pg_url, f'CREATE DATABASE "{BENCH_DB_NAME}"')

            def drop():
                from django.db import connections

                connections.close_all()
                postgres_admin(pg_url, f'DROP DATABASE IF EXISTS "{BENCH_DB_NAME}" WITH (FORCE)')

            cleanup.append(drop)
        code = run(args, data_dir, bench_env, cleanup)
    except KeyboardInterrupt:
        print("\nInterrupted: cleaning up.", file=sys.stderr)
        code = 130
    finally:
        for action in reversed(cleanup):
            try:
                action()
            except Exception as exc:  # keep cleaning up
                print(f"cleanup: {type(exc).__name__}: {exc}", file=sys.stderr)
        if args.keep:
            print(f"Kept {data_dir} (worker logs: *.log)", file=sys.stderr)
        else:
            shutil.rmtree(data_dir, ignore_errors=True)
    return code


if __name__ == "__main__":
    sys.exit(main())
