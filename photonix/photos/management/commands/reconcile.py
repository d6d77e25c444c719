"""manage.py reconcile"""

from django.core.management.base import BaseCommand

from photonix.photos.pipeline import reconcile


class Command(BaseCommand):
    help = "Dispatch again the pipeline of photos whose steps are missing, stale or stuck."

    def handle(self, **options):
        self.stdout.write(f"Dispatched the pipeline of {reconcile()} photo(s).")
