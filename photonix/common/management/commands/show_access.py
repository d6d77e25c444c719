"""Print where Photonix's web UI and Flower listen, and Flower's login (used by ``make start``)."""

from django.conf import settings
from django.core.management.base import BaseCommand

WILDCARDS = {"0.0.0.0", "::", "[::]", ""}


def url(address, port):
    host = "localhost" if address in WILDCARDS or address.startswith("127.") else address
    return f"http://{host}:{port}/"


class Command(BaseCommand):
    help = "Print the URLs of the web UI and Flower, and Flower's user:password."
    requires_system_checks = []

    def handle(self, *args, **options):
        web = url(settings.WEB_ADDRESS, settings.WEB_PORT)
        origin = (
            f"generated once, kept in {settings.FLOWER_PASSWORD_FILE}"
            if settings.FLOWER_PASSWORD_FILE
            else "from FLOWER_BASIC_AUTH"
        )
        self.stdout.write(
            f"\n  Photonix:  {web}  on {settings.WEB_ADDRESS}:{settings.WEB_PORT}"
            f"  (admin: {web}admin/, health: {web}api/health)\n"
            f"  Flower:    {url(settings.FLOWER_ADDRESS, settings.FLOWER_PORT)}"
            f"  on {settings.FLOWER_ADDRESS}:{settings.FLOWER_PORT}\n"
            f"  Flower login: {settings.FLOWER_BASIC_AUTH}  ({origin})\n"
            f"  Data:      {settings.DATA_DIR}\n"
            "  Create a login with: .venv/bin/python manage.py createsuperuser\n"
        )
