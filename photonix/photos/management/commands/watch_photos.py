"""manage.py watch_photos"""

from django.core.management.base import BaseCommand

from photonix.photos.watcher import watch_forever


class Command(BaseCommand):
    help = "Watch every library folder with watching on and import changes within seconds."

    def handle(self, **options):
        self.stdout.write("Watching library folders (Ctrl-C to stop).")
        watch_forever()
