"""``manage.py download_models [name...]``: fetch the classifiers' model files into MODEL_DIR.

A file that is already there is checked against its sha256 and downloaded again only
when it is corrupt. With no names, every model in the registry is handled.
"""

from django.core.management.base import BaseCommand, CommandError

from photonix.classifiers import models
from photonix.classifiers.base import ClassifierUnavailable


class Command(BaseCommand):
    help = "Download the classifiers' model files into MODEL_DIR and verify their sha256."

    def add_arguments(self, parser):
        parser.add_argument("names", nargs="*", metavar="name", help=f"models to fetch: {', '.join(models.MODELS)}")

    def handle(self, *args, names, **options):
        unknown = sorted(set(names) - set(models.MODELS))
        if unknown:
            raise CommandError(f"unknown model(s) {', '.join(unknown)}; known: {', '.join(models.MODELS)}")
        for name in names or models.MODELS:
            try:
                path = models.verified_path(name)
                self.stdout.write(f"{name}: {path} is present, sha256 verified")
                continue
            except models.ModelFileError as e:
                self.stdout.write(f"{name}: {e}; downloading it again")
            except ClassifierUnavailable:
                self.stdout.write(f"{name}: not present, downloading {models.MODELS[name].url}")
            try:
                path = models.download(name)
            except (models.ModelFileError, OSError) as e:
                raise CommandError(f"{name}: {e}") from e
            self.stdout.write(self.style.SUCCESS(f"{name}: downloaded to {path}, sha256 verified"))
