"""Face classifier: faces found by YuNet, each with its box and a 128-d embedding."""

from photonix.classifiers.face.model import FaceClassifier

__all__ = ["FaceClassifier"]
