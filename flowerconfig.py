"""Flower's configuration, read by `celery -A photonix flower` from the working directory.

The dashboard and its REST API are protected by HTTP basic auth from FLOWER_BASIC_AUTH
("user:password"; default admin:photonix for local use).
"""

import os

basic_auth = [os.environ.get("FLOWER_BASIC_AUTH", "admin:photonix")]
