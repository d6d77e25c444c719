"""Flower's configuration, read by `celery -A photonix flower` from the working directory.

Where it listens and its HTTP basic auth come from Django settings (the environment):
FLOWER_ADDRESS (default 127.0.0.1: loopback only), FLOWER_PORT (5555) and FLOWER_BASIC_AUTH
("user:password"; unset, "admin" with a password generated once into DATA_DIR/flower_password).
This file takes precedence over Flower's own FLOWER_* variables; command-line options over this file.
"""

from django.conf import settings

address = settings.FLOWER_ADDRESS
port = settings.FLOWER_PORT
basic_auth = [settings.FLOWER_BASIC_AUTH]
