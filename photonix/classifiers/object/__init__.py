"""Object classifier: COCO objects found by YOLOX-nano, tagged with their boxes."""

from photonix.classifiers.object.model import ObjectClassifier

__all__ = ["ObjectClassifier"]
