"""Style classifier: photographic styles defined by measurable image statistics and EXIF."""

from photonix.classifiers.style.classifier import StyleClassifier

__all__ = ["StyleClassifier"]
