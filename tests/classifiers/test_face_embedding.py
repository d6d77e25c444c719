"""YuNet's faces get dlib's boxes, dlib's ResNet converted to ONNX gives dlib's embeddings; the face models'
files are checked by sha256."""

from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from photonix.classifiers.base import ClassifierUnavailable
from photonix.classifiers.face import detector, embedding
from photonix.classifiers.face.dequantize import dequantize_weight
from photonix.classifiers.face.dlib_resnet import Reader
from photonix.classifiers.face.files import dlib_model_dir, read_checked
from photonix.classifiers.face.model import hog_box, landmark_model

FACES = Path(__file__).resolve().parents[3] / "shared" / "fixtures" / "photos" / "faces"
PORTRAITS = sorted(FACES.glob("*.jpg"))


@pytest.mark.skipif(not PORTRAITS, reason="../shared/fixtures/photos/faces is not present")
@pytest.mark.parametrize("portrait", PORTRAITS, ids=lambda path: path.stem)
def test_embeddings_are_dlibs_own(portrait):
    import dlib

    pixels = np.asarray(Image.open(portrait).convert("RGB"))
    [(_, box)] = [face for face in detector.find_faces(Image.fromarray(pixels)) if face[0] > 0.9]
    shape = landmark_model()(pixels, dlib.rectangle(*hog_box(box)))
    dlibs = dlib.face_recognition_model_v1(str(dlib_model_dir() / embedding.ENCODER_FILE))
    expected = np.array(dlibs.compute_face_descriptor(pixels, shape))
    [ours] = embedding.embeddings(pixels, [shape])
    assert np.abs(np.array(ours) - expected).max() < 1e-6


@pytest.mark.skipif(not PORTRAITS, reason="../shared/fixtures/photos/faces is not present")
@pytest.mark.parametrize("portrait", PORTRAITS, ids=lambda path: path.stem)
def test_a_faces_box_is_the_one_dlibs_hog_detector_draws(portrait):
    """The box in the face's tag and for the landmarks keeps the extent of dlib's boxes from before YuNet."""
    import dlib

    pixels = np.asarray(Image.open(portrait).convert("RGB"))
    [hog] = dlib.get_frontal_face_detector()(pixels, 1)
    [(_, box)] = [face for face in detector.find_faces(Image.fromarray(pixels)) if face[0] > 0.9]
    left, top, right, bottom = hog_box(box)
    overlap = max(0, min(right, hog.right()) - max(left, hog.left())) * max(
        0, min(bottom, hog.bottom()) - max(top, hog.top())
    )
    union = (right - left) * (bottom - top) + hog.width() * hog.height() - overlap
    assert overlap / union > 0.7, ((left, top, right, bottom), hog)


def test_no_faces_no_embeddings():
    assert embedding.embeddings(np.zeros((10, 10, 3), np.uint8), []) == []


def test_dlib_integers_and_floats():
    # 1; -300 (two bytes, sign bit); 122.782 as dlib writes it: mantissa 16093282, exponent -17.
    reader = Reader(bytes([0x01, 0x01, 0x82, 0x2C, 0x01, 0x03, 0x62, 0x90, 0xF5, 0x81, 0x11]))
    assert (reader.integer(), reader.integer()) == (1, -300)
    assert reader.real() == pytest.approx(122.782, abs=1e-4)
    assert reader.position == 11


def test_block_dequantisation_repeats_each_blocks_scale_and_zero_point():
    quantized = np.array([[1, 2, 3, 4, 5]], np.int8)  # blocks of 2 along axis 1: [1, 2] [3, 4] [5]
    scales = np.array([[1.0, 0.5, 2.0]], np.float32)
    zero_points = np.array([[0, 1, 5]], np.int8)
    assert dequantize_weight(quantized, scales, zero_points, 1, 2).tolist() == [[1.0, 2.0, 1.0, 1.5, 0.0]]


def test_a_model_file_that_differs_is_refused(tmp_path):
    path = tmp_path / "model.onnx"
    path.write_bytes(b"not the model")
    with pytest.raises(ClassifierUnavailable, match="YuNet at .*model.onnx has sha256 .*, expected 49f000ec"):
        read_checked(path, detector.YUNET_SHA256, "YuNet")
    with pytest.raises(ClassifierUnavailable, match="YuNet not found at .*missing.onnx"):
        read_checked(tmp_path / "missing.onnx", detector.YUNET_SHA256, "YuNet")
