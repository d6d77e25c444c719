import os

from django.apps import AppConfig

# Set by a test in the environment of a worker it starts: LibRaw "crashes" (os.abort) on files whose name
# contains this text, as a native decoder crash would kill the process.
ABORT_MARKER_VARIABLE = "PHOTONIX_TEST_RAWPY_ABORT_MARKER"


class TestAppConfig(AppConfig):
    name = "tests.testapp"
    label = "testapp"

    def ready(self):
        marker = os.environ.get(ABORT_MARKER_VARIABLE)
        if marker:
            _make_rawpy_abort_on(marker)


def _make_rawpy_abort_on(marker):
    """Replace ``rawpy.imread`` with one that aborts the process on a path containing ``marker``."""
    import rawpy

    imread = rawpy.imread

    def aborting_imread(path_or_file, *args, **kwargs):
        name = path_or_file if isinstance(path_or_file, str) else getattr(path_or_file, "name", "")
        if marker in str(name):
            os.abort()
        return imread(path_or_file, *args, **kwargs)

    rawpy.imread = aborting_imread
