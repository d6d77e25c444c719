"""Libraries as a user sees them: checking a folder before it joins a library, creating a
library with its owner and first folder, and starting an import.

Used by ``manage.py create_library``, the admin's library folders, first-run setup and the
library routes of the API, so that all four refuse the same folders with the same message.
"""

import os
from pathlib import Path

from celery import current_app
from django.conf import settings
from django.db import transaction

from photonix.classifiers.registry import classifiers
from photonix.photos.models import Library, LibraryPath, LibraryUser

RESCAN_TASK = "photonix.photos.tasks.rescan_library_task"


class FolderRefused(ValueError):
    """A folder that cannot be a library folder; the message says why, naming the folder."""


def protected_folders():
    """Photonix's own folders, which no library may equal, sit inside or contain."""
    return {"DATA_DIR": Path(settings.DATA_DIR).resolve(), "MODEL_DIR": Path(settings.MODEL_DIR).resolve()}


def validate_library_folder(path):
    """The folder, absolute with symlinks resolved, if it can hold a library's photos.

    It must exist, be a directory the web process can list and read, and neither equal,
    sit inside nor contain ``DATA_DIR`` or ``MODEL_DIR`` (a scan would import thumbnails,
    developed RAW files or model data as photos). Raises ``FolderRefused`` otherwise.
    """
    folder = Path(path).expanduser().absolute()
    if not folder.is_dir():
        raise FolderRefused(f"{folder} is not a folder.")
    folder = folder.resolve()
    if not os.access(folder, os.R_OK | os.X_OK):
        raise FolderRefused(f"{folder} cannot be read by Photonix.")
    for setting, protected in protected_folders().items():
        if folder == protected:
            conflict = "is"
        elif protected in folder.parents:
            conflict = "is inside"
        elif folder in protected.parents:
            conflict = "contains"
        else:
            continue
        raise FolderRefused(
            f"{folder} {conflict} Photonix's own {setting} ({protected}): choose a folder apart from it."
        )
    return folder


def classifier_switches(library):
    """Classifier name → whether it runs for this library (from the registry's switches)."""
    return {name: getattr(library, c.library_flag) for name, c in classifiers().items()}


class UnknownClassifier(ValueError):
    """A classifier name that is not in the registry."""


def set_classifier_switches(library, switches):
    """Switch the named classifiers on or off (not saved); ``UnknownClassifier`` for a bad name."""
    unknown = sorted(set(switches) - set(classifiers()))
    if unknown:
        raise UnknownClassifier(f"Unknown classifiers: {', '.join(unknown)} (known: {', '.join(classifiers())}).")
    for name, enabled in switches.items():
        setattr(library, classifiers()[name].library_flag, bool(enabled))


def add_library_folder(library, path, watch=True):
    """A new folder of ``library`` after ``validate_library_folder``; a duplicate is refused."""
    folder = validate_library_folder(path)
    if LibraryPath.objects.filter(library=library, path=str(folder)).exists():
        raise FolderRefused(f"{folder} is already a folder of this library.")
    return LibraryPath.objects.create(library=library, path=str(folder), watch_for_changes=watch)


@transaction.atomic
def create_library(name, owner, path, watch=True, switches=None):
    """A library called ``name`` on the folder ``path``, owned by ``owner``.

    ``switches`` maps classifier names to on/off (the others stay on). The folder is
    validated first (``FolderRefused``, ``UnknownClassifier``); nothing is created when it is refused.
    """
    folder = validate_library_folder(path)
    library = Library(name=name)
    set_classifier_switches(library, switches or {})
    library.save()
    add_library_folder(library, folder, watch)
    LibraryUser.objects.create(library=library, user=owner, owner=True)
    return library


def start_import(library):
    """Send the rescan task for ``library`` once the current transaction commits."""
    library_id = str(library.pk)
    transaction.on_commit(lambda: current_app.send_task(RESCAN_TASK, args=[library_id]))
