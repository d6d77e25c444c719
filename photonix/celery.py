"""The Celery application.

Every option lives in Django settings under the ``CELERY_`` namespace
(``photonix/web/settings.py``); tasks are autodiscovered from each app's ``tasks.py``.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "photonix.web.settings")

app = Celery("photonix")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
