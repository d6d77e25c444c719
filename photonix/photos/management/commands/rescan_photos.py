"""manage.py rescan_photos [--library NAME_OR_ID]"""

from django.core.management.base import BaseCommand, CommandError

from photonix.photos.management.libraries import select_libraries
from photonix.photos.utils.scan import rescan_lock, scan_library


class Command(BaseCommand):
    help = "Import new and changed photos of the libraries' folders and forget deleted ones."

    def add_arguments(self, parser):
        parser.add_argument("--library", help="name or id of one library (default: all)")

    def handle(self, library=None, **options):
        for lib in select_libraries(library):
            lock = rescan_lock(lib)
            if not lock.acquire():
                raise CommandError(f"Library {lib.name!r} is being rescanned already.")
            try:
                self.stdout.write(f"Rescanning {lib.name}...")
                for path, result in scan_library(lib, progress=self.stdout.write).items():
                    self.stdout.write(f"{path}: {result}")
            finally:
                lock.release()
        self.stdout.write("Processing continues in the workers: see `manage.py pipeline_status` or Flower.")
