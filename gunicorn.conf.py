"""gunicorn's configuration, read by `gunicorn` from the working directory: where the web server listens.

WEB_ADDRESS (default 0.0.0.0: the web UI has its own login; "[::]" for IPv6) and WEB_PORT (8888),
read through Django settings.
"""

import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "photonix.web.settings")

from django.conf import settings  # noqa: E402  (needs the settings module named above)

bind = [f"{settings.WEB_ADDRESS}:{settings.WEB_PORT}"]
