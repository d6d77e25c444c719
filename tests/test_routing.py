"""Task routing comes from one table, with classifier tasks routed by the registry."""

import pytest

from photonix.celery import app
from photonix.classifiers.base import Classifier
from photonix.classifiers.registry import classifiers
from photonix.photos import routing
from photonix.photos.checks import check_classifiers


def queue_of(task_name):
    """The queue Celery's own router picks for a task name, as ``apply_async`` would."""
    return app.amqp.router.route({}, task_name)["queue"].name


def test_each_classifier_task_goes_to_the_queue_its_classifier_declares():
    for name, classifier in classifiers().items():
        assert queue_of(routing.classifier_task_name(name)) == classifier.queue


def test_raw_then_thumbnails_go_to_default_each_at_a_lower_priority_than_the_step_after_it():
    # Redis priorities: the lower number is served first; classifiers have none (0).
    priorities = {}
    for step in ("process_raw_task", "generate_thumbnails_task"):
        route = app.amqp.router.route({}, f"photonix.photos.tasks.{step}")
        assert route["queue"].name == "default"
        priorities[step] = route["priority"]
    assert priorities["process_raw_task"] > priorities["generate_thumbnails_task"] > 0
    assert queue_of("photonix.photos.tasks.hello_task") == "default"


class Unrouted(Classifier):
    name = "sharpness"
    version = 1
    queue = "gpu"
    library_flag = "classification_sharpness_enabled"
    tag_type = "S"


@pytest.fixture
def registry_with_unrouted_classifier():
    registry = classifiers()
    registry["sharpness"] = Unrouted()
    routing.routes.cache_clear()
    yield
    del registry["sharpness"]
    routing.routes.cache_clear()


def test_the_registry_passes_the_system_check():
    assert check_classifiers(None) == []


def test_a_classifier_without_task_queue_or_switch_fails_the_system_check(registry_with_unrouted_classifier):
    errors = {error.id: error.msg for error in check_classifiers(None)}
    assert set(errors) == {"photonix.E001", "photonix.E003", "photonix.E004"}
    assert "classification_sharpness_enabled" in errors["photonix.E001"]
    assert "classify_sharpness_task" in errors["photonix.E003"]
    assert "'gpu'" in errors["photonix.E004"]
