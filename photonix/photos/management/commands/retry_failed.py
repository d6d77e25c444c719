"""manage.py retry_failed [--library NAME_OR_ID] [--step STEP]"""

from collections import defaultdict

from django.core.management.base import BaseCommand
from django.db import transaction

from photonix.photos.management.libraries import select_libraries
from photonix.photos.models import PipelineStep
from photonix.photos.pipeline import dispatch
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
        failed = PipelineStep.objects.filter(
            status=PipelineStep.Status.FAILED, photo__library__in=select_libraries(library)
        )
        if step:
            failed = failed.filter(step=step)
        steps_of = defaultdict(list)  # photo id -> its failed steps
        for row in failed.select_related("photo").order_by("photo_id", "step"):
            base = row.photo.base_file
            self.stdout.write(f"{row.photo_id} {base.path if base else '(no file)'} [{row.step}]: {row.error}")
            steps_of[row.photo_id].append(row.step)
        photos_of = defaultdict(list)  # the same failed steps -> the photos (each photo is dispatched once)
        for photo_id, steps in steps_of.items():
            photos_of[tuple(steps)].append(photo_id)
        with transaction.atomic():
            for steps, photo_ids in photos_of.items():
                dispatch(photo_ids, steps)
        count = sum(len(steps) for steps in steps_of.values())
        self.stdout.write(f"Sent {count} failed step(s) of {len(steps_of)} photo(s) again.")
