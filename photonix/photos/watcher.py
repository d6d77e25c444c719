"""Watch library folders and keep the database in line within seconds.

Uses watchdog (inotify on Linux). A new or changed file is recorded once it has been
quiet for ``QUIET_SECONDS`` (so a file still being copied is not read half-written);
deletions, renames and moves of files and folders are applied at once. The set of
watched folders is reloaded from the database every ``RELOAD_SECONDS``.
"""

import logging
import os
import threading
import time

from django.db import close_old_connections
from watchdog.events import FileSystemEventHandler
from watchdog.observers import Observer

from photonix.photos.models import LibraryPath
from photonix.photos.utils.db import delete_folder, delete_photo_file, move_photo_file, record_photo

log = logging.getLogger(__name__)
QUIET_SECONDS = 1.5
RELOAD_SECONDS = 10


def watched_roots():
    """``{folder: library}`` of every local store folder with watching on."""
    paths = LibraryPath.objects.filter(
        type=LibraryPath.Type.STORE, backend_type=LibraryPath.Backend.LOCAL, watch_for_changes=True
    ).select_related("library")
    return {os.path.abspath(p.path): p.library for p in paths if os.path.isdir(p.path)}


class LibraryEventHandler(FileSystemEventHandler):
    """Turns filesystem events into database changes (pending files recorded by ``flush``)."""

    def __init__(self):
        self.roots = {}
        self.pending = {}  # path -> time of its last event
        self.lock = threading.Lock()

    def library_for(self, path):
        matches = [root for root in self.roots if path == root or path.startswith(root.rstrip(os.sep) + os.sep)]
        return self.roots[max(matches, key=len)] if matches else None

    def _touch(self, path):
        with self.lock:
            self.pending[path] = time.monotonic()

    def on_created(self, event):
        if not event.is_directory:
            self._touch(event.src_path)

    on_modified = on_created
    on_closed = on_created

    def on_deleted(self, event):
        with self.lock:
            self.pending.pop(event.src_path, None)
        (delete_folder if event.is_directory else delete_photo_file)(event.src_path)

    def on_moved(self, event):
        with self.lock:
            self.pending.pop(event.src_path, None)
        if self.library_for(event.dest_path) is None:  # moved out of every library
            (delete_folder if event.is_directory else delete_photo_file)(event.src_path)
        elif not move_photo_file(event.src_path, event.dest_path) and not event.is_directory:
            self._touch(event.dest_path)  # not known under its old name: import it

    def flush(self, now=None):
        """Record every pending file that has been quiet long enough."""
        now = now or time.monotonic()
        with self.lock:
            ready = [p for p, t in self.pending.items() if now - t >= QUIET_SECONDS]
            for path in ready:
                del self.pending[path]
        for path in ready:
            library = self.library_for(path)
            if library is not None and os.path.isfile(path):
                try:
                    outcome = record_photo(path, library)
                    log.info("Recorded %s: %s", path, outcome)
                except Exception:  # one bad file must not stop the watcher
                    log.exception("Could not record %s", path)


def watch_forever(stop=None):
    """Run the watcher until ``stop`` (a threading.Event) is set."""
    stop = stop or threading.Event()
    handler = LibraryEventHandler()
    observer = Observer()
    watches = {}
    observer.start()
    next_reload = 0
    try:
        while not stop.is_set():
            if time.monotonic() >= next_reload:
                close_old_connections()
                handler.roots = watched_roots()
                for root in set(handler.roots) - set(watches):
                    watches[root] = observer.schedule(handler, root, recursive=True)
                    log.info("Watching %s", root)
                for root in set(watches) - set(handler.roots):
                    observer.unschedule(watches.pop(root))
                    log.info("Stopped watching %s", root)
                next_reload = time.monotonic() + RELOAD_SECONDS
            handler.flush()
            stop.wait(0.25)
    finally:
        observer.stop()
        observer.join()
