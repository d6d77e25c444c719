"""Write DATA_DIR/supervisord.conf from the Procfile and print its path (used by ``make start``)."""

from django.conf import settings
from django.core.management.base import BaseCommand

from photonix.common.secret_files import create_private_file
from photonix.common.supervision import read_procfile, supervisord_config


class Command(BaseCommand):
    help = "Write the supervisord configuration that keeps every Procfile process running; print its path."
    requires_system_checks = []

    def handle(self, *args, **options):
        config = supervisord_config(read_procfile(settings.BASE_DIR / "Procfile"), settings.BASE_DIR, settings.DATA_DIR)
        path = settings.DATA_DIR / "supervisord.conf"
        path.unlink(missing_ok=True)
        with open(create_private_file(path), "w") as out:
            out.write(config)
        self.stdout.write(str(path))
