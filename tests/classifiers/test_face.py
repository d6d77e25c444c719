"""The face classifier on LFW photos: one face each, where it is, and embeddings that group people."""

import io
import itertools
from functools import cache
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageOps

from photonix.classifiers.base import PhotoInfo
from photonix.classifiers.face import FaceClassifier
from photonix.photos.people import FACE_DISTANCE_THRESHOLD

PHOTOS = Path(__file__).resolve().parents[3] / "shared" / "fixtures" / "photos"
FACES = PHOTOS / "faces"
BORIS = ["Boris_Becker_0003", "Boris_Becker_0004", "Boris_Becker_0005"]
BECKHAM = ["David_Beckham_0001", "David_Beckham_0002", "David_Beckham_0010"]
BARBARA = "Barbara_Becker_0001"

pytestmark = pytest.mark.skipif(not FACES.is_dir(), reason="../shared/fixtures/photos/faces is not present")


def classify(image):
    return FaceClassifier().run(image, PhotoInfo())


def lfw(name):
    return Image.open(FACES / f"{name}.jpg").convert("RGB")


@cache
def embedding(name):
    [face] = classify(lfw(name))
    return np.array(face.extra["embedding"])


def distance(a, b):
    return float(np.linalg.norm(embedding(a) - embedding(b)))


@pytest.mark.parametrize("name", [*BORIS, *BECKHAM, BARBARA])
def test_each_lfw_photo_has_one_face_in_the_middle(name):
    [face] = classify(lfw(name))
    cx, cy, w, h = face.box
    assert abs(cx - 0.5) < w / 2 and abs(cy - 0.5) < h / 2
    assert 0.25 < w < 0.6 and 0.25 < h < 0.6  # LFW crops show the face at about 100 of 250 px
    assert (face.name, face.type) == ("", "F")
    assert 0 < face.confidence <= 1
    assert len(face.extra["embedding"]) == 128 and all(isinstance(x, float) for x in face.extra["embedding"])


@pytest.mark.parametrize("group", [BORIS, BECKHAM], ids=["Boris Becker", "David Beckham"])
def test_photos_of_one_person_are_close(group):
    for a, b in itertools.combinations(group, 2):
        assert distance(a, b) < FACE_DISTANCE_THRESHOLD, (a, b)


def test_different_people_are_far_apart():
    for a, b in [*itertools.product(BORIS, BECKHAM), *((BARBARA, other) for other in BORIS + BECKHAM)]:
        assert distance(a, b) > FACE_DISTANCE_THRESHOLD, (a, b)


def test_box_is_in_the_display_orientation():
    """A portrait-stored photo with EXIF orientation 6: the box is where the face shows, not where it is stored."""
    display = Image.new("RGB", (750, 250), (40, 80, 120))
    display.paste(lfw(BORIS[0]), (500, 0))
    stored = display.rotate(90, expand=True)  # as a camera held sideways stores it: 250×750, face on its side
    exif = Image.Exif()
    exif[0x0112] = 6  # "rotate 90° clockwise to display"
    buffer = io.BytesIO()
    stored.save(buffer, "JPEG", quality=95, exif=exif)

    photo = Image.open(buffer)
    assert photo.size == (250, 750)
    assert classify(photo.convert("RGB")) == []  # the detector finds no face lying on its side here

    shown = ImageOps.exif_transpose(photo)
    assert shown.size == (750, 250)
    [face] = classify(shown)
    cx, cy, w, h = face.box
    assert cx == pytest.approx(625 / 750, abs=0.03) and cy == pytest.approx(0.53, abs=0.05)
    assert w == pytest.approx(108 / 750, abs=0.03) and h == pytest.approx(108 / 250, abs=0.05)


def test_large_photo_is_detected_on_a_smaller_copy_with_boxes_on_the_full_photo():
    """A 1920×1280 photo (downscaled to 1024 px for detection): the box is relative to the full photo."""
    photo = Image.new("RGB", (1920, 1280), (200, 190, 180))
    photo.paste(lfw(BECKHAM[0]).resize((750, 750), Image.Resampling.BICUBIC), (1000, 300))
    [face] = classify(photo)
    cx, cy, w, h = face.box
    # LFW face: about x 76-165, y 86-176 of 250, so ×3 plus the offset.
    assert cx == pytest.approx((1000 + 3 * 121) / 1920, abs=0.02)
    assert cy == pytest.approx((300 + 3 * 131) / 1280, abs=0.03)
    assert w == pytest.approx(3 * 90 / 1920, abs=0.03) and h == pytest.approx(3 * 90 / 1280, abs=0.04)
    small = np.array(face.extra["embedding"])
    assert np.linalg.norm(small - embedding(BECKHAM[0])) < FACE_DISTANCE_THRESHOLD / 2  # still the same person


def test_no_faces_in_a_landscape():
    assert classify(Image.open(PHOTOS / "snow.jpg").convert("RGB")) == []
