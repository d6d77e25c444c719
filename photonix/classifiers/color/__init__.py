"""Colour classifier: the share of the photo covered by each of 17 named colours."""

from photonix.classifiers.color.classifier import ColorClassifier

__all__ = ["ColorClassifier"]
