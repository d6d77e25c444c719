"""manage.py rescan_photos [--library NAME_OR_ID]"""

from django.core.management.base import BaseCommand, CommandError

from photonix.photos.management.libraries import select_libraries
from photonix.photos.scanning import AlreadyRescanning, rescan_library


class Command(BaseCommand):
    help = "Import new and changed photos of the libraries' folders and forget deleted ones."

    def add_arguments(self, parser):
        parser.add_argument("--library", help="name or id of one library (default: all)")

    def handle(self, library=None, **options):
        for lib in select_libraries(library):
            self.stdout.write(f"Rescanning {lib.name}...")
            try:
                results = rescan_library(lib, progress=self.stdout.write)
            except AlreadyRescanning as exc:
                raise CommandError(str(exc)) from exc
            for path, result in results.items():
                self.stdout.write(f"{path}: {result}")
        self.stdout.write("Processing continues in the workers: see `manage.py pipeline_status` or Flower.")
