from django.apps import AppConfig


class PhotosConfig(AppConfig):
    name = "photonix.photos"

    def ready(self):
        from photonix.photos import checks  # noqa: F401 - registers the system checks
