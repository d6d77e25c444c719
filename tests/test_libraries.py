"""photonix/photos/libraries.py: library folders apart from Photonix's own data, as refused by
``manage.py create_library`` (exit code and message) and the admin's library folder form."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

from photonix.photos.admin import LibraryPathForm
from photonix.photos.libraries import FolderRefused, validate_library_folder
from photonix.photos.models import Library

ROOT = Path(__file__).resolve().parent.parent


def overlapping_folders():
    """(folder, the words of the refusal) for DATA_DIR and MODEL_DIR overlaps."""
    inside = settings.DATA_DIR / "photos"
    inside.mkdir(exist_ok=True)
    if not Path(settings.MODEL_DIR).is_dir():
        pytest.skip(f"MODEL_DIR {settings.MODEL_DIR} (../shared/models) is not present")
    return [
        (settings.DATA_DIR, f"is Photonix's own DATA_DIR ({settings.DATA_DIR})"),
        (inside, "is inside Photonix's own DATA_DIR"),
        (settings.DATA_DIR.parent, "contains Photonix's own DATA_DIR"),
        (settings.MODEL_DIR, "is Photonix's own MODEL_DIR"),
        (settings.MODEL_DIR.parent, "contains Photonix's own MODEL_DIR"),
    ]


def test_folders_overlapping_data_or_models_are_refused():
    for folder, message in overlapping_folders():
        with pytest.raises(FolderRefused) as refused:
            validate_library_folder(folder)
        assert str(refused.value).startswith(f"{folder.resolve()} {message}")


def test_a_symlink_into_data_dir_is_refused(tmp_path):
    link = tmp_path / "innocent"
    link.symlink_to(settings.DATA_DIR)
    with pytest.raises(FolderRefused, match="is Photonix's own DATA_DIR"):
        validate_library_folder(link)


@pytest.mark.django_db(transaction=True)
def test_create_library_command_exits_non_zero_naming_the_conflict(django_user_model):
    django_user_model.objects.create_user("bob")
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "tests.settings", "PHOTONIX_USE_TEST_DB": "1"}
    for folder, message in overlapping_folders():
        result = subprocess.run(
            [sys.executable, "manage.py", "create_library", "bob", "Family", "--path", str(folder)],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert result.returncode == 1, result.stdout
        assert message in result.stderr
    assert not Library.objects.exists()


@pytest.mark.django_db
def test_admin_library_folder_form_refuses_data_dir(library, tmp_path):
    form = LibraryPathForm(
        data={"library": library.pk, "type": "St", "backend_type": "Lo", "path": str(settings.DATA_DIR)}
    )
    assert not form.is_valid()
    assert "is Photonix's own DATA_DIR" in form.errors["path"][0]
    accepted = LibraryPathForm(data={"library": library.pk, "type": "St", "backend_type": "Lo", "path": str(tmp_path)})
    assert accepted.is_valid(), accepted.errors
    assert accepted.cleaned_data["path"] == str(tmp_path.resolve())
