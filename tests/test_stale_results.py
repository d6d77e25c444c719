"""A photo's file rewritten while a step works on it: the old result is dropped and the new file processed.

The step bodies run in this process as a worker runs them; "the step read the file before it changed" is the
photo fetched, with its files, before the file is rewritten and recorded again (as the watcher would).
"""

import os

import pytest
from PIL import Image

from photonix.photos.importing import record_photo
from photonix.photos.models import Photo, PipelineStep
from photonix.photos.processing import develop_photo
from photonix.photos.steps import RAW_STEP, run_step
from photonix.photos.tasks import process_raw_task
from photonix.photos.utils.errors import StaleInputError
from photonix.photos.utils.paths import developed_path
from photonix.photos.utils.raw import RAW_PROCESS_VERSION
from tests.factories import make_dng

pytestmark = pytest.mark.django_db


def test_raw_rewritten_during_development_is_developed_again(library):
    path = make_dng(library.folder / "camera.dng", (640, 480))
    photo = record_photo(path, library)
    started = Photo.objects.prefetch_related("files").get(pk=photo.pk)  # what the raw step read when it began
    old_file = started.files.all()[0]

    with pytest.raises(StaleInputError, match="changed while it was developed"):
        with run_step(photo.pk, RAW_STEP, RAW_PROCESS_VERSION):
            make_dng(path, (480, 640))  # the user saves an edit meanwhile...
            os.utime(path, (1, 1))
            record_photo(path, library)  # ...and the watcher records it
            develop_photo(started)

    step = PipelineStep.objects.get(photo=photo, step=RAW_STEP)
    assert step.status == "pending"  # not "done" with the old result
    new_file = Photo.objects.get(pk=photo.pk).files.get()
    assert not new_file.raw_processed
    assert not developed_path(old_file).exists()

    process_raw_task(str(photo.pk))  # the run the watcher's dispatch sends

    new_file.refresh_from_db()
    assert PipelineStep.objects.get(photo=photo, step=RAW_STEP).status == "done"
    assert new_file.raw_processed
    with Image.open(developed_path(new_file)) as developed:
        assert developed.size == (480, 640)
    assert list(developed_path(new_file).parent.glob(f"{new_file.id}.*")) == [developed_path(new_file)]  # one version
