"""The object classifier on real photos with the real YOLOX-nano model."""

from pathlib import Path

import pytest
from PIL import Image

from photonix.classifiers.base import ClassifierUnavailable, PhotoInfo
from photonix.classifiers.object import ObjectClassifier
from photonix.classifiers.object.model import COCO_LABELS

SHARED = Path(__file__).resolve().parents[3] / "shared"
PHOTOS = SHARED / "fixtures" / "photos"
FACES = sorted((PHOTOS / "faces").glob("*.jpg"))

pytestmark = pytest.mark.skipif(
    not (SHARED / "models" / "yolox_nano.onnx").is_file() or not FACES,
    reason="../shared/models/yolox_nano.onnx or the LFW fixtures are not present",
)


@pytest.fixture(autouse=True)
def shared_models(settings):
    settings.MODEL_DIR = SHARED / "models"


def classify(image):
    return ObjectClassifier().run(image, PhotoInfo())


def people(results):
    return [r for r in results if r.name == "Person"]


def test_the_labels_are_the_80_coco_classes_in_the_model_s_order():
    assert len(COCO_LABELS) == 80 and COCO_LABELS[0] == "Person" and COCO_LABELS[16] == "Dog"


@pytest.mark.parametrize("path", FACES, ids=lambda p: p.stem)
def test_each_lfw_photo_shows_a_person_in_the_middle(path):
    results = classify(Image.open(path).convert("RGB"))
    cx, cy, w, h = max(people(results), key=lambda r: r.confidence).box
    assert abs(cx - 0.5) < w / 2 and abs(cy - 0.5) < h / 2  # the box covers the centre
    for r in results:
        assert r.type == "O" and 0.35 <= r.confidence <= 1
        assert r.significance == pytest.approx(r.confidence * r.box[2] * r.box[3])
        assert all(0 <= v <= 1 for v in r.box)


def test_tennis_ball_next_to_boris_becker():
    results = classify(Image.open(PHOTOS / "faces" / "Boris_Becker_0005.jpg").convert("RGB"))
    ball = next(r for r in results if r.name == "Sports ball")
    cx, cy, _, _ = ball.box
    assert cx < 0.35 and cy < 0.35  # top left, where the ball is


def test_snow_finds_nothing():
    """The original's Open Images model found three trees; COCO has no trees, and nothing else scores 0.35."""
    assert classify(Image.open(PHOTOS / "snow.jpg").convert("RGB")) == []


def test_boxes_follow_the_display_orientation():
    face = Image.open(PHOTOS / "faces" / "David_Beckham_0001.jpg").convert("RGB")
    landscape = Image.new("RGB", (750, 250), (40, 80, 120))
    landscape.paste(face, (500, 0))
    [person] = people(classify(landscape))
    cx, cy, w, h = person.box
    assert cx == pytest.approx(625 / 750, abs=0.05) and cy == pytest.approx(0.5, abs=0.05)

    portrait = landscape.rotate(90, expand=True)  # counter-clockwise: the person is now at the top
    [turned] = people(classify(portrait))
    assert turned.box == pytest.approx((cy, 1 - cx, h, w), abs=0.05)


def test_missing_model_is_reported(settings, tmp_path):
    settings.MODEL_DIR = tmp_path
    with pytest.raises(ClassifierUnavailable, match="YOLOX-nano weights not found"):
        classify(Image.new("RGB", (64, 64)))
