"""Which queue, at which priority, each task is sent to: the one table Celery's router reads.

``settings.CELERY_TASK_ROUTES`` names :func:`route_task`. Classifier tasks are routed by the
queue their classifier declares in the registry (``Classifier.queue``), so adding a classifier
never means editing a second list; ``photonix.photos.checks`` verifies that every registered
classifier has a task, a known queue and a library switch.

Later steps go first, so that a big import is worked through photo by photo: classifiers keep
the default priority (0, served first), thumbnails get 3 and RAW development 6. A photo's
thumbnails are made right after its RAW step, ahead of the other photos' RAW steps, and it is
tagged soon after, instead of every photo waiting until the last file of the import has been
developed (and the ml lane idling until then). Each priority is a Redis list of its own
(``CELERY_BROKER_TRANSPORT_OPTIONS["priority_steps"]``).
"""

from functools import cache

from photonix.classifiers.registry import classifiers

TASKS = "photonix.photos.tasks"

STATIC_ROUTES = {
    f"{TASKS}.import_file_task": {"queue": "default"},
    f"{TASKS}.process_raw_task": {"queue": "default", "priority": 6},
    f"{TASKS}.generate_thumbnails_task": {"queue": "default", "priority": 3},
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
