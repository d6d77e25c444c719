"""manage.py create_library USER NAME --path DIR [--no-watch]"""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from photonix.photos.libraries import FolderRefused, create_library, validate_library_folder
from photonix.photos.models import Library


class Command(BaseCommand):
    help = "Create a library owned by USER that stores its photos in DIR."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("name")
        parser.add_argument("--path", required=True, help="folder of photos (must exist)")
        parser.add_argument("--watch", action="store_true", default=True, help="import changes at once (default)")
        parser.add_argument("--no-watch", dest="watch", action="store_false", help="only import on rescans")

    def handle(self, username, name, path, watch, **options):
        try:
            folder = validate_library_folder(path)
        except FolderRefused as exc:
            raise CommandError(str(exc)) from exc
        if Library.objects.filter(name=name).exists():
            raise CommandError(f"There is a library called {name!r} already: choose another name.")
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"There is no user {username!r}: create one with `manage.py createsuperuser`.")
        library = create_library(name, user, folder, watch)
        self.stdout.write(
            f"Created library {name!r} ({library.pk}) on {folder}, owned by {username}, "
            f"{'watched' if watch else 'not watched'}. Import it with `manage.py rescan_photos`."
        )
