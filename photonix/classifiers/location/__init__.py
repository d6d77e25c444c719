"""Location classifier: the country and nearby town of a photo's GPS position, offline."""

from photonix.classifiers.location.classifier import LocationClassifier

__all__ = ["LocationClassifier"]
