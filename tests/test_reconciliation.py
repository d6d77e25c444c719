"""Reconciliation's choices, with time under the test's control: the idle and busy graces, photos blocked by
bad input, and what counts as a busy broker.

The ledger rows are real (the test database) and so is the broker (the test Redis: a message is really queued,
and really held unacknowledged by a consumer); only the rows' ``updated_at`` stamps are set by the test, so
"31 seconds ago" and "6 hours ago" need no waiting. No worker runs here: what ``reconcile`` would send is
dispatched on commit, which these (rolled back) tests never reach. The whole loop, with a real worker after a
flushed broker, is in test_reliability.py.
"""

import json
from datetime import datetime, timedelta

import pytest
import redis
from django.conf import settings
from django.utils import timezone

from photonix.celery import app
from photonix.classifiers import registry
from photonix.photos.models import Photo, PipelineStep
from photonix.photos.pipeline import dispatch_classifier, photo_pipeline, photos_needing_work, queues_idle, reconcile
from photonix.photos.routing import classifier_task_name
from photonix.photos.steps import RAW_STEP, THUMBNAILS_STEP, mark_pending, step_versions
from tests.processes import broker_keys

pytestmark = pytest.mark.django_db


@pytest.fixture
def broker():
    """The test broker, with empty queues and nothing held by a consumer (before and after the test)."""
    client = redis.Redis.from_url(settings.CELERY_BROKER_URL)
    client.delete(*broker_keys(), "unacked", "unacked_index")
    yield client
    client.delete(*broker_keys(), "unacked", "unacked_index")


def photo_touched(library, ago):
    """A photo whose every step is pending (its messages were lost), last touched ``ago`` before now."""
    photo = Photo.objects.create(library=library)
    mark_pending([photo.pk], step_versions())
    PipelineStep.objects.filter(photo=photo).update(updated_at=timezone.now() - ago)
    return photo


def test_the_defaults_are_the_documented_graces():
    """README: dispatched again "once the queues are empty (after 30 s) or untouched for 6 h while they are busy"."""
    assert (settings.RECONCILE_IDLE_GRACE, settings.RECONCILE_BUSY_GRACE) == (30, 6 * 3600)


def test_an_idle_broker_waits_30_seconds_after_the_last_sign_of_life(library):
    photo = photo_touched(library, timedelta(0))
    touched = PipelineStep.objects.filter(photo=photo).latest("updated_at").updated_at

    assert photos_needing_work(now=touched + timedelta(seconds=29), idle=True) == []
    assert photos_needing_work(now=touched + timedelta(seconds=31), idle=True) == [photo.pk]


def test_a_busy_broker_waits_6_hours(library):
    """While the queues are busy, a pending photo is probably just waiting its turn: left alone for 6 h."""
    photo = photo_touched(library, timedelta(0))
    touched = PipelineStep.objects.filter(photo=photo).latest("updated_at").updated_at

    assert photos_needing_work(now=touched + timedelta(hours=1), idle=False) == []
    assert photos_needing_work(now=touched + timedelta(hours=5, minutes=59), idle=False) == []
    assert photos_needing_work(now=touched + timedelta(hours=6, seconds=1), idle=False) == [photo.pk]


def test_reconcile_reads_the_broker_to_choose_its_grace(library, broker):
    """``reconcile`` itself, on the real broker: idle, a photo untouched for 10 s waits and one untouched for
    a minute is dispatched; with a message queued, even an hour is not enough, 6 h is."""
    photo_touched(library, timedelta(seconds=10))
    assert reconcile() == 0
    photo_touched(library, timedelta(minutes=1))
    assert reconcile() == 1
    assert reconcile() == 0  # the dispatched photo counts as touched now: not sent twice

    app.send_task("photonix.photos.tasks.hello_task")
    assert not queues_idle()
    photo_touched(library, timedelta(hours=1))
    assert reconcile() == 0
    photo_touched(library, timedelta(hours=6, minutes=1))
    assert reconcile() == 1


def test_a_photo_without_ledger_rows_gets_them_pending_and_is_dispatched(library, broker, caplog):
    """A photo recorded without its rows (an interrupted upgrade, a step added since) is found and its rows made;
    the worker's log says how many photos reconciliation sent."""
    photo = Photo.objects.create(library=library)

    with caplog.at_level("INFO", logger="photonix.photos.pipeline"):
        assert reconcile() == 1
    assert "Reconciliation dispatched the pipeline of 1 photo(s)" in caplog.messages
    rows = dict(PipelineStep.objects.filter(photo=photo).values_list("step", "status"))
    assert rows == dict.fromkeys(step_versions(), "pending")


def test_a_photo_blocked_by_bad_input_is_not_dispatched_again(library):
    """A realistic failed photo: RAW done, thumbnails failed on a truncated file, so its classifier steps never
    ran and stay pending. Reconciliation leaves it alone (it would fail the same way); a raised thumbnailer
    version unblocks it."""
    failed = photo_touched(library, timedelta(hours=1))
    versions = step_versions()
    PipelineStep.objects.filter(photo=failed, step=RAW_STEP).update(status="done", version=versions[RAW_STEP])
    PipelineStep.objects.filter(photo=failed, step=THUMBNAILS_STEP).update(
        status="failed", version=versions[THUMBNAILS_STEP], error="The image cannot be decoded (truncated file?)"
    )
    waiting = photo_touched(library, timedelta(hours=1))

    assert photos_needing_work(idle=True) == [waiting.pk]

    PipelineStep.objects.filter(photo=failed, step=THUMBNAILS_STEP).update(version=versions[THUMBNAILS_STEP] - 1)
    assert sorted(photos_needing_work(idle=True)) == sorted([failed.pk, waiting.pk])


def test_a_message_held_unacknowledged_by_a_worker_keeps_the_broker_busy(broker):
    """A worker that took a task (acknowledged late, so still unacknowledged) is busy with it: the queues are
    empty, but reconciliation must not take that for idle."""
    assert queues_idle()
    app.send_task("photonix.photos.tasks.hello_task")
    assert not queues_idle()

    with app.connection_for_read() as connection:
        queue = connection.SimpleQueue("default")
        message = queue.get(timeout=5)  # taken, as a worker does, and not yet acknowledged
        assert sum(broker.llen(key) for key in broker_keys()) == 0
        assert broker.hlen("unacked") == 1
        assert not queues_idle()
        message.ack()
        queue.close()
    assert queues_idle()


def test_a_delayed_classifier_run_is_sent_with_its_countdown(library, broker, django_capture_on_commit_callbacks):
    """``dispatch_classifier(..., countdown=10)`` (a rotation's debounced re-run) reaches the broker due in 10 s."""
    photo = photo_touched(library, timedelta(0))
    before = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        dispatch_classifier([photo.pk], "color", countdown=10)

    (message,) = [json.loads(raw) for key in broker_keys() for raw in broker.lrange(key, 0, -1)]
    assert message["headers"]["task"] == "photonix.photos.tasks.classify_color_task"
    due = datetime.fromisoformat(message["headers"]["eta"])
    assert timedelta(seconds=9) < due - before < timedelta(seconds=60)


def test_the_pipeline_is_raw_then_thumbnails_then_every_classifier_as_one_group():
    """The canvas reconciliation and imports send: immutable signatures of the photo id, nothing after the group."""
    photo_id = "0b8f6c52-3f0e-4f57-9a43-2a3b7f1d9c10"
    raw, thumbnails, classifiers = photo_pipeline(photo_id).tasks

    assert (raw.task, thumbnails.task) == (
        "photonix.photos.tasks.process_raw_task",
        "photonix.photos.tasks.generate_thumbnails_task",
    )
    assert sorted(s.task for s in classifiers.tasks) == sorted(classifier_task_name(n) for n in registry.classifiers())
    for signature in (raw, thumbnails, *classifiers.tasks):
        assert (tuple(signature.args), signature.immutable) == ((photo_id,), True)
