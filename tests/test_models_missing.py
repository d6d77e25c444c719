"""Without model weights the object step is skipped with a clear reason; nothing else suffers."""

import pytest

from photonix.celery import app
from photonix.photos.importing import record_photo
from photonix.photos.models import PipelineStep
from tests.conftest import wait_for_pipeline
from tests.factories import make_jpeg
from tests.processes import flower_get, process_env, start_worker, wait_until

pytestmark = pytest.mark.django_db(transaction=True)
OBJECT_TASK = "photonix.photos.tasks.classify_object_task"


def test_empty_model_dir_skips_objects_and_completes_the_rest(library, flower, tmp_path):
    empty = tmp_path / "models"
    empty.mkdir()
    worker = start_worker(app, "no-models", env=process_env(MODEL_DIR=empty))
    try:
        photo = record_photo(
            make_jpeg(library.folder / "a.jpg", size=(800, 600), taken_at="2020:02:14 09:00:00"), library
        )
        steps = wait_for_pipeline([photo.pk])
    finally:
        worker.stop()

    status = {step: row.status for (_, step), row in steps.items()}
    assert status.pop("classify.object") == "skipped"
    assert set(status.values()) == {"done"}
    reason = PipelineStep.objects.get(photo=photo, step="classify.object").error
    assert "YOLOX-nano" in reason and str(empty) in reason and "download_models" in reason

    # A skipped step is a successful task in Flower, not a failure.
    def object_tasks():
        tasks = flower_get(flower, "/api/tasks", taskname=OBJECT_TASK).values()
        return [t for t in tasks if str(photo.pk) in t["args"]]

    (task,) = wait_until(object_tasks, message="Flower to show the object task")
    assert task["state"] == "SUCCESS" and "'tags': None" in task["result"]
