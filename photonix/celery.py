"""The Celery application.

Every option lives in Django settings under the ``CELERY_`` namespace
(``photonix/web/settings.py``); tasks are autodiscovered from each app's ``tasks.py``.
A worker started without ``--concurrency`` sizes its pool from the machine
(``photonix/common/concurrency.py``).
"""

import os

from photonix.common.concurrency import choose_here, one_native_thread_per_process

one_native_thread_per_process()  # before numpy, OpenBLAS or dlib load in any Photonix process

from celery import Celery, signals  # noqa: E402

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "photonix.web.settings")

app = Celery("photonix")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@signals.celeryd_init.connect
def size_the_pool(sender, conf, options, **_):
    """Choose the pool size of a worker started without ``--concurrency``, and say what and why."""
    if options.get("concurrency"):
        return
    from django.conf import settings

    choice = choose_here(options.get("queues") or [conf.task_default_queue], settings)
    conf.worker_concurrency = choice.processes
    print(f"{sender}: {choice.reason}", flush=True)  # logging is not set up yet: straight to the output


@signals.task_prerun.connect
@signals.task_postrun.connect
def close_old_connections(**_):
    """Around each task, as Django does around each request: drop a database connection that broke or outlived
    ``CONN_MAX_AGE``; keep a healthy one for the next task (``CELERY_DB_REUSE_MAX``)."""
    from django.db import close_old_connections

    close_old_connections()
