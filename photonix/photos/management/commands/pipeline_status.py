"""manage.py pipeline_status [--library NAME_OR_ID]"""

from django.core.management.base import BaseCommand

from photonix.photos.admission import printable
from photonix.photos.management.libraries import select_libraries
from photonix.photos.progress import latest_failures, latest_rejected, step_progress

COLUMNS = ("done", "skipped", "pending", "running", "failed", "blocked")
FAILURES_SHOWN = 1000


class Command(BaseCommand):
    help = (
        "Per library and step: photos done, skipped, pending, running, failed and blocked (an earlier step "
        "failed), as the API's processing route counts them; then the failed files and why."
    )

    def add_arguments(self, parser):
        parser.add_argument("--library", help="name or id of one library (default: all)")

    def handle(self, library=None, **options):
        for lib in select_libraries(library):
            self.stdout.write(f"Library {lib.name}: {lib.photos.count()} photos")
            self.stdout.write(f"  {'step':<20}" + "".join(f"{name:>9}" for name in COLUMNS))
            for progress in step_progress(lib):
                counts = "".join(f"{getattr(progress, name):>9}" for name in COLUMNS)
                self.stdout.write(f"  {progress.step:<20}{counts}")
            failed, failures = latest_failures(lib, FAILURES_SHOWN)
            rejected, rejections = latest_rejected(lib, FAILURES_SHOWN)
            if failed or rejected:
                self.stdout.write("  Failed:")
            for failure in sorted(failures, key=lambda f: (f.step, f.path or "")):
                where = printable(failure.path) if failure.path else failure.photo_id
                self.stdout.write(f"    {where} [{failure.step}]: {failure.error}")
            for item in sorted(rejections, key=lambda r: r.path):
                self.stdout.write(f"    {printable(item.path)} [import]: {item.reason}")
            if max(failed, rejected) > FAILURES_SHOWN:
                self.stdout.write(f"    ... and more: {failed} failed steps, {rejected} rejected files in all")
