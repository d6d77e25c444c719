"""The single list of classifiers: the pipeline, the admin and the checks read it."""

from functools import cache

from photonix.classifiers.base import Classifier


@cache
def classifiers() -> dict[str, Classifier]:
    """Name → classifier instance (one per process, so models load once)."""
    from photonix.classifiers.color import ColorClassifier
    from photonix.classifiers.event import EventClassifier
    from photonix.classifiers.face import FaceClassifier
    from photonix.classifiers.location import LocationClassifier
    from photonix.classifiers.object import ObjectClassifier
    from photonix.classifiers.style import StyleClassifier

    instances = [
        ColorClassifier(),
        EventClassifier(),
        LocationClassifier(),
        FaceClassifier(),
        ObjectClassifier(),
        StyleClassifier(),
    ]
    return {c.name: c for c in instances}


def get(name) -> Classifier:
    return classifiers()[name]
