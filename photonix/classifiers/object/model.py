"""Object detection with YOLOX-nano (COCO, 80 classes) on onnxruntime.

The network takes a 416×416 BGR float image (no normalisation), made by scaling the photo
to fit and padding the right and bottom with grey (114). Its raw output is one row per
anchor point of the 8, 16 and 32 px grids: box offsets, objectness and 80 class scores
(both already sigmoids). :func:`decode` turns the rows into boxes as the YOLOX demo's
``demo_postprocess`` does; the score of a detection is objectness × class score, and
overlapping boxes of the same class are removed with non-maximum suppression.
"""

import threading

import numpy as np
from PIL import Image

from photonix.classifiers import models
from photonix.classifiers.base import Classifier, PhotoInfo, TagResult
from photonix.classifiers.sessions import new_session

INPUT_SIZE = 416
PAD_VALUE = 114
STRIDES = (8, 16, 32)
SCORE_THRESHOLD = 0.35
NMS_IOU_THRESHOLD = 0.45

COCO_LABELS = (
    "Person", "Bicycle", "Car", "Motorcycle", "Airplane", "Bus", "Train", "Truck", "Boat", "Traffic light",
    "Fire hydrant", "Stop sign", "Parking meter", "Bench", "Bird", "Cat", "Dog", "Horse", "Sheep", "Cow",
    "Elephant", "Bear", "Zebra", "Giraffe", "Backpack", "Umbrella", "Handbag", "Tie", "Suitcase", "Frisbee",
    "Skis", "Snowboard", "Sports ball", "Kite", "Baseball bat", "Baseball glove", "Skateboard", "Surfboard",
    "Tennis racket", "Bottle", "Wine glass", "Cup", "Fork", "Knife", "Spoon", "Bowl", "Banana", "Apple",
    "Sandwich", "Orange", "Broccoli", "Carrot", "Hot dog", "Pizza", "Donut", "Cake", "Chair", "Couch",
    "Potted plant", "Bed", "Dining table", "Toilet", "Tv", "Laptop", "Mouse", "Remote", "Keyboard", "Cell phone",
    "Microwave", "Oven", "Toaster", "Sink", "Refrigerator", "Book", "Clock", "Vase", "Scissors", "Teddy bear",
    "Hair drier", "Toothbrush",
)  # fmt: skip

MODEL_NAME = "yolox_nano"

_sessions = {}
_sessions_lock = threading.Lock()


def session():
    """The onnxruntime session for YOLOX-nano, created (and its file's hash checked) once per process.

    Raises ``ClassifierUnavailable`` when the model file is missing or corrupt.
    """
    path = models.model_path(MODEL_NAME)
    with _sessions_lock:
        if path not in _sessions:
            _sessions[path] = new_session(models.verified_path(MODEL_NAME))
        return _sessions[path]


def letterbox(image: Image.Image) -> tuple[np.ndarray, float]:
    """The network input (1×3×416×416 BGR float32) for an RGB image, and the scale applied to it."""
    scale = min(INPUT_SIZE / image.width, INPUT_SIZE / image.height)
    size = (max(1, int(image.width * scale)), max(1, int(image.height * scale)))
    resized = np.asarray(image.resize(size, Image.Resampling.BILINEAR))
    padded = np.full((INPUT_SIZE, INPUT_SIZE, 3), PAD_VALUE, dtype=np.float32)
    padded[: size[1], : size[0]] = resized[:, :, ::-1]  # RGB -> BGR
    return padded.transpose(2, 0, 1)[np.newaxis], scale


def decode(output: np.ndarray) -> np.ndarray:
    """Raw network rows (N×85) → the same rows with (cx, cy, w, h) in input pixels."""
    grids, strides = [], []
    for stride in STRIDES:
        cells = INPUT_SIZE // stride
        xs, ys = np.meshgrid(np.arange(cells), np.arange(cells))
        grids.append(np.stack((xs, ys), axis=2).reshape(-1, 2))
        strides.append(np.full((cells * cells, 1), stride))
    grid, stride = np.concatenate(grids), np.concatenate(strides)
    decoded = output.copy()
    decoded[:, :2] = (output[:, :2] + grid) * stride
    decoded[:, 2:4] = np.exp(output[:, 2:4]) * stride
    return decoded


def nms(boxes: np.ndarray, scores: np.ndarray, iou_threshold: float) -> list[int]:
    """Indices of the boxes (x1, y1, x2, y2) kept by greedy non-maximum suppression, best first."""
    areas = (boxes[:, 2] - boxes[:, 0]) * (boxes[:, 3] - boxes[:, 1])
    order = scores.argsort()[::-1]
    keep = []
    while order.size:
        best, rest = order[0], order[1:]
        keep.append(int(best))
        x1 = np.maximum(boxes[best, 0], boxes[rest, 0])
        y1 = np.maximum(boxes[best, 1], boxes[rest, 1])
        x2 = np.minimum(boxes[best, 2], boxes[rest, 2])
        y2 = np.minimum(boxes[best, 3], boxes[rest, 3])
        overlap = np.clip(x2 - x1, 0, None) * np.clip(y2 - y1, 0, None)
        iou = overlap / (areas[best] + areas[rest] - overlap)
        order = rest[iou <= iou_threshold]
    return keep


def detect(image: Image.Image) -> list[tuple[str, float, tuple[float, float, float, float]]]:
    """Detections ``(label, score, (x1, y1, x2, y2))`` in the pixels of an RGB image, best first."""
    sess = session()
    blob, scale = letterbox(image)
    (output,) = sess.run(None, {sess.get_inputs()[0].name: blob})
    rows = decode(output[0])
    class_scores = rows[:, 5:] * rows[:, 4:5]
    classes = class_scores.argmax(axis=1)
    scores = class_scores[np.arange(len(rows)), classes]
    wanted = scores >= SCORE_THRESHOLD
    rows, classes, scores = rows[wanted], classes[wanted], scores[wanted]

    cx, cy, w, h = (rows[:, :4] / scale).T
    boxes = np.stack((cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2), axis=1)
    boxes = np.clip(boxes, 0, [image.width, image.height, image.width, image.height])
    detections = []
    for cls in np.unique(classes):  # suppression is per class: a person may hold a dog
        idx = np.flatnonzero(classes == cls)
        for i in idx[nms(boxes[idx], scores[idx], NMS_IOU_THRESHOLD)]:
            detections.append((COCO_LABELS[cls], float(scores[i]), tuple(boxes[i].tolist())))
    return sorted(detections, key=lambda d: d[1], reverse=True)


class ObjectClassifier(Classifier):
    """Tags the COCO objects YOLOX-nano finds (people, animals, vehicles, household things) with their boxes."""

    name = "object"
    version = 20261126
    queue = "ml"
    library_flag = "classification_object_enabled"
    tag_type = "O"

    def run(self, image: Image.Image | None, info: PhotoInfo) -> list[TagResult]:
        results = []
        for label, score, (x1, y1, x2, y2) in detect(image.convert("RGB")):
            w, h = (x2 - x1) / image.width, (y2 - y1) / image.height
            if w <= 0 or h <= 0:
                continue
            box = ((x1 + x2) / 2 / image.width, (y1 + y2) / 2 / image.height, w, h)
            results.append(
                TagResult(name=label, type=self.tag_type, confidence=score, significance=score * w * h, box=box)
            )
        return results
