"""Watch library folders and keep the database in line within seconds.

Uses watchdog (inotify on Linux). A new or changed file is sent to be imported by a worker
(``import_file_task``, see ``importer.py``) once it has been quiet for ``QUIET_SECONDS`` (so
a file still being copied is not read half-written): the watcher itself never decodes a file,
so no file can crash it. Renames and moves of files and folders within one library are
applied at once; a move into another library's folder is a deletion from the first library
and a new file of the second. Nothing under DATA_DIR or MODEL_DIR is ever sent.

Deletions wait ``QUIET_SECONDS`` too: a file moved into a folder that was made a moment
before (``mkdir new && mv photo.jpg new/``) reaches inotify before the new folder is
watched, so it is reported as a deletion plus a new file. A new file with the same name,
size and modification time as a file just deleted from the same library is taken to be
that file moved, so its photo keeps its identity (tags, albums, faces). So that this holds
whatever the delay between the two events, a deletion also waits for every new file seen
within ``QUIET_SECONDS`` after it to be sent first.

An exception in an event handler would end watchdog's dispatching thread and leave the
process running but deaf, so every handler logs its errors instead of raising them.
The set of watched folders is reloaded from the database every ``RELOAD_SECONDS``.
"""

import functools
import logging
import os
import threading
import time
from datetime import UTC, datetime

from django.db import DatabaseError, close_old_connections
from watchdog.events import FileSystemEventHandler
from watchdog.observers import Observer

from photonix.photos.admission import file_stat, is_private
from photonix.photos.forgetting import delete_folder, delete_photo_file, move_photo_file
from photonix.photos.importing import send_import, storable, unstorable
from photonix.photos.models import LibraryPath, PhotoFile, RejectedFile
from photonix.photos.scanning import walk

log = logging.getLogger(__name__)
QUIET_SECONDS = 1.5
RELOAD_SECONDS = 10
TICK_SECONDS = 0.25  # how often the loop applies what has been quiet long enough


def watched_roots():
    """``{folder: library}`` of every local store folder with watching on."""
    paths = LibraryPath.objects.filter(
        type=LibraryPath.Type.STORE, backend_type=LibraryPath.Backend.LOCAL, watch_for_changes=True
    ).select_related("library")
    return {os.path.abspath(p.path): p.library for p in paths if os.path.isdir(p.path)}


def _logged(handler):
    """Log, rather than raise, what goes wrong in an event handler: raising would stop watchdog's thread."""

    @functools.wraps(handler)
    def wrapper(self, event):
        try:
            handler(self, event)
        except Exception:
            log.exception("Could not apply %r", event)
            close_old_connections()  # drop a broken database connection; the next event opens a new one

    return wrapper


class LibraryEventHandler(FileSystemEventHandler):
    """Turns filesystem events into database changes (pending files and deletions applied by ``flush``).

    ``clock`` stamps the events (``time.monotonic``); tests pass their own, with ``flush(now=...)``.
    """

    def __init__(self, clock=time.monotonic):
        self.clock = clock
        self.roots = {}
        self.pending = {}  # path -> time of its last event
        self.gone = {}  # deleted path -> (time of the deletion, is a directory)
        self.lock = threading.Lock()

    def library_for(self, path):
        """The library of the innermost watched folder holding ``path``, or None."""
        matches = [root for root in self.roots if path == root or path.startswith(root.rstrip(os.sep) + os.sep)]
        return self.roots[max(matches)] if matches else None  # all hold path: the greatest is the innermost

    def _touch(self, path):
        with self.lock:
            self.pending[path] = self.clock()

    @_logged
    def on_created(self, event):
        if not event.is_directory:
            self._touch(event.src_path)

    on_modified = on_created
    on_closed = on_created

    def _forget_later(self, path, is_directory):
        # A pending file deleted before it was sent is not sent: ``flush`` sends only what exists.
        with self.lock:
            if storable(path):  # nothing can be recorded under a path that is not
                self.gone[path] = (self.clock(), is_directory)

    @_logged
    def on_deleted(self, event):
        self._forget_later(event.src_path, event.is_directory)

    @_logged
    def on_moved(self, event):
        with self.lock:
            self.pending.pop(event.src_path, None)
        library, old_library = self.library_for(event.dest_path), self.library_for(event.src_path)
        if library is None:  # moved out of every library
            self._forget_later(event.src_path, event.is_directory)
        elif old_library is not None and old_library.pk != library.pk:  # into another library
            self._forget_later(event.src_path, event.is_directory)
            for path in walk(event.dest_path) if event.is_directory else [event.dest_path]:
                self._touch(path)
        elif not storable(event.src_path) or not move_photo_file(event.src_path, event.dest_path):
            if not event.is_directory:
                self._touch(event.dest_path)  # not known under its old name: import it

    def _moved_from_gone(self, path, library):
        """The recorded path of a just-deleted file that ``path`` (a new file) is, moved; or None."""
        with self.lock:
            gone = dict(self.gone)
        if not gone or not storable(path):
            return None
        stat = file_stat(path)
        candidates = PhotoFile.objects.filter(
            path__endswith=os.sep + os.path.basename(path),
            bytes=stat.st_size,
            file_modified_at=datetime.fromtimestamp(stat.st_mtime, tz=UTC),
            photo__library=library,
        ).values_list("path", flat=True)
        for old in candidates:
            was_gone = any(
                old == p or (is_directory and old.startswith(p + os.sep)) for p, (_, is_directory) in gone.items()
            )
            if was_gone and old != path and not os.path.lexists(old):
                return old
        return None

    def flush(self, now=None):
        """Send every pending file to be imported, and apply every deletion, that has been quiet long enough."""
        now = self.clock() if now is None else now
        with self.lock:
            ready = [p for p, t in self.pending.items() if now - t >= QUIET_SECONDS]
            for path in ready:
                del self.pending[path]
        for path in ready:
            library = self.library_for(path)
            # A link that cannot be followed is sent too: the import records why it is rejected.
            if library is not None and os.path.lexists(path) and not os.path.isdir(path) and not is_private(path):
                try:
                    old = self._moved_from_gone(path, library)
                    if old is not None:
                        move_photo_file(old, path)
                        log.info("Moved %r to %r", old, path)
                    if not unstorable(path):
                        send_import(path, library)
                        log.info("Sent %r to be imported", path)
                except Exception:  # one bad file must not stop the watcher
                    log.exception("Could not send %r", path)
        with self.lock:
            gone = [
                (p, is_dir)
                for p, (t, is_dir) in self.gone.items()
                if now - t >= QUIET_SECONDS and not any(0 <= seen - t < QUIET_SECONDS for seen in self.pending.values())
            ]
            for path, _ in gone:
                del self.gone[path]
        for path, is_directory in gone:
            try:
                self._forget(path, is_directory)
            except Exception:
                log.exception("Could not forget %r", path)

    def _forget(self, path, is_directory):
        """Apply the deletion of ``path``, but not to what is there again (an editor saving, a folder remade)."""
        if not os.path.lexists(path):
            (delete_folder if is_directory else delete_photo_file)(path)
            log.info("Forgot %r", path)
        elif is_directory:
            prefix = path.rstrip(os.sep) + os.sep
            for model in (PhotoFile, RejectedFile):
                for old in model.objects.filter(path__startswith=prefix).values_list("path", flat=True):
                    if not os.path.lexists(old):
                        delete_photo_file(old)
                        log.info("Forgot %r", old)


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
                try:
                    handler.roots = watched_roots()
                except DatabaseError:  # keep watching the known folders; try again at the next reload
                    log.exception("Could not reload the library folders")
                for root in set(handler.roots) - set(watches):
                    watches[root] = observer.schedule(handler, root, recursive=True)
                    log.info("Watching %r", root)
                for root in set(watches) - set(handler.roots):
                    observer.unschedule(watches.pop(root))
                    log.info("Stopped watching %r", root)
                next_reload = time.monotonic() + RELOAD_SECONDS
            handler.flush()
            stop.wait(TICK_SECONDS)
    finally:
        observer.stop()
        observer.join()
