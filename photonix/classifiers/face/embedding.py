"""Face embeddings: dlib's face-recognition ResNet run by onnxruntime.

The network is dlib's own (``dlib_face_recognition_resnet_model_v1.dat`` in the
``face-recognition-models`` wheel), converted to ONNX once per process by
:mod:`photonix.classifiers.face.dlib_resnet` (0.15 s) and checked by sha256 before and after
conversion. Its embeddings are dlib's ``compute_face_descriptor`` to within 1e-6
(``tests/classifiers/test_face_embedding.py``), in 3-5 ms a face instead of about 95 ms: the
``dlib-bin`` wheel has no BLAS, onnxruntime's convolutions are vectorised. A photo's faces are
described in one run, a batch of face chips.
"""

import numpy as np

from photonix.classifiers.face.dlib_resnet import INPUT_NAME, resnet_onnx
from photonix.classifiers.face.files import checked, dlib_model_dir, read_checked
from photonix.classifiers.sessions import new_session, once_per_process

ENCODER_FILE = "dlib_face_recognition_resnet_model_v1.dat"
ENCODER_SHA256 = "55533b28a95800a551ba546ba62fe69625c7e95a7061c338adffead08719da30"
ENCODER_ONNX_SHA256 = "2ef7fbcd7975d7329a38ab41100eb9400fb1255397c8f49cdb7a1bef271c274a"
CHIP_SIZE = 150  # dlib's face chip: 150×150, the face aligned on its landmarks with 25% padding
CHIP_PADDING = 0.25


@once_per_process
def session():
    """The onnxruntime session for dlib's ResNet, converted (and both versions' hashes checked) once per process."""
    dat = read_checked(dlib_model_dir() / ENCODER_FILE, ENCODER_SHA256, "dlib's ResNet")
    model = checked(resnet_onnx(dat), ENCODER_ONNX_SHA256, "dlib's ResNet converted to ONNX")
    return new_session(model, input_sizes_vary=True)  # one chip per face, all of a photo's at once


def embeddings(pixels: np.ndarray, shapes: list) -> list[list[float]]:
    """The 128-d embedding of each face of an RGB image (H×W×3 uint8) given its dlib 5-point landmarks."""
    import dlib

    if not shapes:
        return []
    faces = dlib.full_object_detections()
    faces.extend(shapes)
    chips = np.stack([np.asarray(chip) for chip in dlib.get_face_chips(pixels, faces, CHIP_SIZE, CHIP_PADDING)])
    (result,) = session().run(None, {INPUT_NAME: chips.transpose(0, 3, 1, 2).astype(np.float32)})
    return result.astype(float).tolist()
