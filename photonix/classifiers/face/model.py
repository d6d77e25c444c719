"""Face detection and face embeddings with dlib.

**Finding faces.** dlib's HOG frontal face detector searches the luminance of the image at
``DETECT_LONG_SIDE`` (1920 px) on its long side, without dlib's own upsampling: the photo's
preview (the 1920 px thumbnail the pipeline hands to classifiers) is searched as it is, a bigger
image is scaled down to it and a smaller one up, at most ``MAX_UPSCALE`` times (so a 250 px LFW
crop is searched at 500 px). The detector's window is 80×80 and its pyramid shrinks by 5/6 a
level, so the smallest face found is about 50 px wide in the searched copy: about 160 px in a
24 MP photo. The largest is the whole frame (a face three quarters of the frame's height is found).

Before 2026-12-02 the detector ran on an RGB copy at 1024 px upsampled once inside dlib, a
search at the same 2048-px-equivalent resolution. It finds the same faces, with boxes a few pixels
apart, so the classifier's version was kept: photos analysed before keep their faces rather than
a whole library being analysed again for nothing new. ``bench/faces.py --options`` measured on a
generated 24 MP group photo and a ladder of face sizes (figures in ``bench/README.md``): the grey
preview as it is finds the same faces (160 px and up) for about 30% less CPU time, 1.4× a full
decode of the 24 MP JPEG instead of 2.1×. HOG's cost grows with the pixels searched, so any
smaller copy is cheaper only by missing faces (1536 px: 1.0×, loses the 160-180 px faces; 1280 px:
0.7×, loses those under 240 px). Faces of 60 px in a 24 MP photo would need a small CNN detector
(such as YuNet) run on the original: no package installable here ships such weights, see
``bench/README.md``.

**Describing faces.** For each face, the 5-point landmark model places the eyes and nose on the
image as given (full colour, full size) and dlib's ResNet turns the aligned 150×150 face chip into
a 128-d embedding: two photos of the same person are usually less than 0.6 apart (euclidean).
Each embedding costs about 0.7× a full decode of a 24 MP JPEG (the ``dlib-bin`` wheel has no
BLAS), so a group photo's step is mostly embeddings. The model files ship in the
``face-recognition-models`` wheel.

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
    version = 20261126
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
