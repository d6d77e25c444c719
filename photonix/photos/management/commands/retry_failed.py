"""manage.py retry_failed [--library NAME_OR_ID] [--step STEP]"""

from django.core.management.base import BaseCommand

from photonix.photos.management.libraries import select_libraries
from photonix.photos.progress import failed_steps, retry_failed
from photonix.photos.steps import step_versions


class Command(BaseCommand):
    help = (
        "Send failed pipeline steps again, once their cause is fixed (a new version, a freed disk): "
        "each is marked pending and its photo's pipeline dispatched. Prints what it sent."
    )

    def add_arguments(self, parser):
        parser.add_argument("--library", help="name or id of one library (default: all)")
        parser.add_argument("--step", choices=sorted(step_versions()), help="only this step (default: every step)")

    def handle(self, library=None, step=None, **options):
        failed = failed_steps(select_libraries(library), step)
        for row in failed.select_related("photo").order_by("photo_id", "step"):
            base = row.photo.base_file
            self.stdout.write(f"{row.photo_id} {base.path if base else '(no file)'} [{row.step}]: {row.error}")
        steps, photos = retry_failed(failed)
        self.stdout.write(f"Sent {steps} failed step(s) of {photos} photo(s) again.")
