"""Which queue, at which priority, each task is sent to: the one table Celery's router reads.

``settings.CELERY_TASK_ROUTES`` names :func:`route_task`. Classifier tasks are routed by the
queue their classifier declares in the registry (``Classifier.queue``), so adding a classifier
never means editing a second list; ``photonix.photos.checks`` verifies that every registered
classifier has a task, a known queue and a library switch.

Classifiers keep the default priority (0, served first); RAW development and thumbnails get 6:
in a big import each photo is fully tagged soon after its thumbnails, instead of every photo
waiting until the last thumbnail of the import is made. Each priority is a Redis list of its
own (``CELERY_BROKER_TRANSPORT_OPTIONS["priority_steps"]``).
"""

from functools import cache

from photonix.classifiers.registry import classifiers

TASKS = "photonix.photos.tasks"

STATIC_ROUTES = {
    f"{TASKS}.import_file_task": {"queue": "default"},
    f"{TASKS}.process_raw_task": {"queue": "default", "priority": 6},
    f"{TASKS}.generate_thumbnails_task": {"queue": "default", "priority": 6},
    f"{TASKS}.rebuild_face_index_task": {"queue": "ml"},
}


def classifier_task_name(name):
    """The name of the Celery task that runs the classifier called ``name``."""
    return f"{TASKS}.classify_{name}_task"


@cache
def routes():
    """Task name → ``{"queue": ..., "priority": ...}`` for every task that is not on the default queue."""
    table = dict(STATIC_ROUTES)
    table.update({classifier_task_name(name): {"queue": c.queue} for name, c in classifiers().items()})
    return table


def route_task(name, args, kwargs, options, task=None, **kw):
    """Celery's router: the route of ``name``, or None (the default queue) for tasks not listed.

    A copy: Celery's router writes into the route it is given.
    """
    route = routes().get(name)
    return dict(route) if route else None
