"""System checks (``manage.py check``, run at every start): what Photonix needs to work."""

import shutil

from django.core import checks

from photonix.classifiers.base import ClassifierUnavailable
from photonix.classifiers.registry import classifiers


@checks.register()
def check_classifier_switches(app_configs, **kwargs):
    """Every classifier in the registry has its on/off switch on Library."""
    from photonix.photos.models import Library

    fields = {f.name for f in Library._meta.get_fields()}
    return [
        checks.Error(
            f"Classifier {c.name!r} names the Library field {c.library_flag!r}, which does not exist.",
            id="photonix.E001",
        )
        for c in classifiers().values()
        if c.library_flag not in fields
    ]


@checks.register()
def check_exiftool(app_configs, **kwargs):
    if shutil.which("exiftool"):
        return []
    return [
        checks.Error(
            "exiftool is not installed: photos cannot be imported.",
            hint="sudo apt-get install libimage-exiftool-perl",
            id="photonix.E002",
        )
    ]


@checks.register()
def check_model_files(app_configs, **kwargs):
    """A missing model file is a warning: its classifier's step is recorded as skipped."""
    from photonix.classifiers.models import MODELS, model_path

    warnings = []
    for name in MODELS:
        try:
            model_path(name)
        except ClassifierUnavailable as exc:
            warnings.append(checks.Warning(str(exc), id="photonix.W001"))
    return warnings
