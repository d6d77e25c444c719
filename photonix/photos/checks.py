"""System checks (``manage.py check``, run at every start): what Photonix needs to work."""

import shutil

from django.core import checks

from photonix.classifiers.base import ClassifierUnavailable
from photonix.classifiers.registry import classifiers


@checks.register()
def check_classifiers(app_configs, **kwargs):
    """Every classifier in the registry has a task, a route to a known queue and a switch on Library."""
    from django.conf import settings

    from photonix.celery import app
    from photonix.photos import tasks  # noqa: F401 - registers the tasks with the app
    from photonix.photos.models import Library
    from photonix.photos.routing import classifier_task_name, routes

    fields = {f.name for f in Library._meta.get_fields()}
    queues = {queue.name for queue in settings.CELERY_TASK_QUEUES}
    errors = []
    for c in classifiers().values():
        task_name = classifier_task_name(c.name)
        if c.library_flag not in fields:
            errors.append(
                checks.Error(
                    f"Classifier {c.name!r} names the Library field {c.library_flag!r}, which does not exist.",
                    id="photonix.E001",
                )
            )
        if task_name not in app.tasks:
            errors.append(checks.Error(f"Classifier {c.name!r} has no task {task_name!r}.", id="photonix.E003"))
        if routes().get(task_name, {}).get("queue") not in queues:
            errors.append(
                checks.Error(
                    f"Classifier {c.name!r} is routed to the queue {c.queue!r}, which is not in CELERY_TASK_QUEUES.",
                    id="photonix.E004",
                )
            )
    return errors


@checks.register()
def check_exiftool(app_configs, **kwargs):
    if shutil.which("exiftool"):
        return []
    return [
        checks.Error(
            "exiftool is not installed: photos cannot be imported.",
            hint="sudo apt-get install libimage-exiftool-perl",
            id="photonix.E002",
        )
    ]


@checks.register()
def check_model_files(app_configs, **kwargs):
    """A missing model file is a warning: its classifier's step is recorded as skipped."""
    from photonix.classifiers.models import MODELS, model_path

    warnings = []
    for name in MODELS:
        try:
            model_path(name)
        except ClassifierUnavailable as exc:
            warnings.append(checks.Warning(str(exc), id="photonix.W001"))
    return warnings
