"""manage.py pipeline_status [--library NAME_OR_ID]"""

from django.core.management.base import BaseCommand

from photonix.photos.admission import printable
from photonix.photos.management.libraries import select_libraries
from photonix.photos.models import PipelineStep, RejectedFile
from photonix.photos.steps import step_versions

Status = PipelineStep.Status


class Command(BaseCommand):
    help = "Per library and step: photos done, pending and failed; then the failed files and why."

    def add_arguments(self, parser):
        parser.add_argument("--library", help="name or id of one library (default: all)")

    def handle(self, library=None, **options):
        versions = step_versions()
        for lib in select_libraries(library):
            total = lib.photos.count()
            self.stdout.write(f"Library {lib.name}: {total} photos")
            self.stdout.write(f"  {'step':<20}{'done':>8}{'skipped':>9}{'pending':>9}{'running':>9}{'failed':>8}")
            for step, version in versions.items():
                rows = PipelineStep.objects.filter(photo__library=lib, step=step)
                current = rows.filter(version__gte=version)
                done = current.filter(status=Status.DONE).count()
                skipped = current.filter(status=Status.SKIPPED).count()
                failed = current.filter(status=Status.FAILED).count()
                running = rows.filter(status=Status.RUNNING).count()
                pending = total - done - skipped - failed - running
                self.stdout.write(f"  {step:<20}{done:>8}{skipped:>9}{pending:>9}{running:>9}{failed:>8}")
            failures = PipelineStep.objects.filter(photo__library=lib, status=Status.FAILED).select_related("photo")
            failures = [row for row in failures if row.version >= versions.get(row.step, 0)]
            rejected = RejectedFile.objects.filter(library=lib)
            if failures or rejected.exists():
                self.stdout.write("  Failed:")
            for row in sorted(failures, key=lambda row: row.step):
                base = row.photo.base_file
                self.stdout.write(f"    {printable(base.path) if base else row.photo_id} [{row.step}]: {row.error}")
            for item in rejected.order_by("path"):
                self.stdout.write(f"    {printable(item.path)} [import]: {item.reason}")
