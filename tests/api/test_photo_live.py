"""Choosing another file of a photo through the API, with a real worker doing the work it sends."""

import os
from io import BytesIO

import pytest
from django.utils import timezone
from PIL import Image

from photonix.photos.importing import record_photo
from photonix.photos.models import PipelineStep
from photonix.photos.steps import FINISHED
from tests.api.client import ApiClient
from tests.conftest import wait_for_pipeline
from tests.factories import make_jpeg
from tests.processes import wait_until

pytestmark = pytest.mark.django_db(transaction=True)

GREEN, BLUE = (7, 215, 7), (0, 0, 255)  # palette colours: the colour classifier names them exactly


def thumbnail_colour(api, url):
    response = api.client.get(url)
    assert response.status_code == 200
    with Image.open(BytesIO(b"".join(response.streaming_content))) as image:
        return image.convert("RGB").getpixel((image.width // 2, image.height // 2))


def close_to(colour, expected):
    return all(abs(a - b) <= 12 for a, b in zip(colour, expected, strict=True))


def test_a_preferred_file_is_thumbnailed_and_classified_again(library, live_worker):
    library.classification_face_enabled = library.classification_object_enabled = False
    library.classification_style_enabled = False
    library.save()
    green = make_jpeg(library.folder / "pair.jpg", (320, 240), color=GREEN, taken_at="2021:07:14 10:00:00")
    blue = make_jpeg(library.folder / "pair.jpeg", (320, 240), color=BLUE, taken_at="2021:07:14 10:00:00")
    os.utime(blue, (1_600_000_000, 1_600_000_000))  # older: the green file is shown first
    photo = record_photo(green, library)
    assert record_photo(blue, library) == photo  # same name and date: one photo with two files
    wait_for_pipeline([photo.pk])

    api = ApiClient().login("alice", "secret-alice")
    detail = api.get(f"/photos/{photo.pk}").json()
    assert close_to(thumbnail_colour(api, detail["thumbnails"]["256x256_cover_q50"]), GREEN)
    (tile,) = api.get(f"/libraries/{library.pk}/photos").json()["items"]
    assert tile["color"]["name"] == "Green" and tile["file_name"] == "pair.jpg"

    blue_file = next(f for f in detail["files"] if f["file_name"] == "pair.jpeg")
    chosen_at = timezone.now()
    response = api.patch(f"/photos/{photo.pk}", {"preferred_file_id": blue_file["id"]})
    assert response.status_code == 200

    def redone():
        steps = PipelineStep.objects.filter(photo=photo)
        again = steps.filter(step__in=["thumbnails", "classify.color"], finished_at__gt=chosen_at)
        return again.count() == 2 and not steps.exclude(status__in=FINISHED).exists()

    wait_until(redone, timeout=60, message="the thumbnails and colour steps to run again on the chosen file")
    assert set(PipelineStep.objects.filter(photo=photo).values_list("status", flat=True)) <= {"done", "skipped"}
    detail = api.get(f"/photos/{photo.pk}").json()
    assert close_to(thumbnail_colour(api, detail["thumbnails"]["256x256_cover_q50"]), BLUE)
    (tile,) = api.get(f"/libraries/{library.pk}/photos").json()["items"]
    assert tile["color"] == {"name": "Blue", "hex": "#0000ff"} and tile["file_name"] == "pair.jpeg"
