"""A user rotating a photo: store the rotation, and re-run the classifiers that look at
where things are in the image (face, object, style) once the user has stopped rotating.

Debounce: each rotation stores a fresh token in Redis and schedules a check
``ROTATION_DEBOUNCE_SECONDS`` later; only the check holding the latest token
dispatches the classifiers, so many rotations within the window re-run them once.
"""

import uuid

import redis
from celery import current_app
from django.db import transaction

from photonix.common.broker import redis_client
from photonix.photos import pipeline

ROTATION_DEBOUNCE_SECONDS = 10
RECLASSIFY_ON_ROTATION = ("face", "object", "style")
RECLASSIFY_TASK = "photonix.photos.tasks.reclassify_after_rotation_task"


def _key(photo_id):
    return f"photonix:rotation:{photo_id}"


def rotate_photo_file(photo_file, user_rotation):
    """Set the user's rotation (0, 90, 180 or 270 clockwise) and schedule reclassification."""
    if user_rotation not in (0, 90, 180, 270):
        raise ValueError("rotation must be 0, 90, 180 or 270 degrees")
    photo_file.user_rotation = user_rotation
    photo_file.save(update_fields=["user_rotation", "updated_at"])
    token = uuid.uuid4().hex
    photo_id = str(photo_file.photo_id)
    redis_client().set(_key(photo_id), token, ex=ROTATION_DEBOUNCE_SECONDS * 6)
    transaction.on_commit(
        lambda: current_app.send_task(RECLASSIFY_TASK, args=(photo_id, token), countdown=ROTATION_DEBOUNCE_SECONDS)
    )


def reclassify_if_latest(photo_id, token):
    """Re-run face, object and style if ``token`` is still the photo's latest rotation."""
    client = redis_client()
    key = _key(photo_id)
    with client.pipeline() as pipe:  # compare-and-delete, atomically
        pipe.watch(key)
        if pipe.get(key) != token.encode():
            return False
        pipe.multi()
        pipe.delete(key)
        try:
            pipe.execute()
        except redis.WatchError:  # a newer rotation arrived meanwhile: its check will run
            return False
    for name in RECLASSIFY_ON_ROTATION:
        pipeline.dispatch_classifier([photo_id], name)
    return True
