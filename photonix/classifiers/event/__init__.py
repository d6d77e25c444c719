"""Event classifier: the holiday a photo was taken on, from its date."""

from photonix.classifiers.event.classifier import EventClassifier

__all__ = ["EventClassifier"]
