"""manage.py reclassify --library L --classifier NAME [--missing-only]"""

from django.core.management.base import BaseCommand, CommandError

from photonix.classifiers.registry import classifiers
from photonix.photos.management.libraries import select_libraries
from photonix.photos.models import PipelineStep
from photonix.photos.pipeline import dispatch_classifier
from photonix.photos.steps import FINISHED, classify_step


class Command(BaseCommand):
    help = "Run one classifier again on a library's photos (all, or only those it has not done)."

    def add_arguments(self, parser):
        parser.add_argument("--library", required=True, help="name or id of the library")
        parser.add_argument("--classifier", required=True, choices=sorted(classifiers()))
        parser.add_argument(
            "--missing-only",
            action="store_true",
            help="only photos without a finished result at the classifier's current version",
        )

    def handle(self, library, classifier, missing_only, **options):
        libraries = select_libraries(library)
        if len(libraries) > 1:
            raise CommandError(f"{len(libraries)} libraries are named {library!r}: give the library's id instead.")
        (lib,) = libraries
        photos = lib.photos.all()
        if missing_only:
            done = PipelineStep.objects.filter(
                step=classify_step(classifier), status__in=FINISHED, version__gte=classifiers()[classifier].version
            )
            photos = photos.exclude(pk__in=done.values("photo_id"))
        photo_ids = list(photos.values_list("pk", flat=True))
        dispatch_classifier(photo_ids, classifier)
        self.stdout.write(f"Dispatched the {classifier} classifier for {len(photo_ids)} photo(s) of {lib.name}.")
