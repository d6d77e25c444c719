"""Style classifier: photographic styles, each defined by a rule on what it measures.

No neural network: the photo is shrunk to at most 256×256 pixels and these measures are
taken (RGB values 0-1; luma ``0.2126 R + 0.7152 G + 0.0722 B``; chroma ``max(R,G,B) - min(R,G,B)``):

================== ======================================================================
measure            what it is
================== ======================================================================
mean_luma          average brightness
dark_fraction      share of pixels with luma below 0.25
mean_chroma        average colourfulness (0 for any grey)
chroma_p99         the 99th percentile of chroma: how colourful the most colourful 1 % is
edge_density       share of pixels where R, G or B changes by more than 0.08 to the next pixel
                   (right and below combined): how much of the picture is edges and detail
exposure_stops     log2 of the EXIF exposure time in seconds (0 = 1 s), when known
================== ======================================================================

A style applies when its measure is at or past the threshold and its further condition (if
any) holds. Its confidence is 0.5 at the threshold, rising linearly to 1.0 at the "certain"
value and staying there beyond it:

=============== ============== ================ ============ ==================================
style           measure        threshold        certain      further condition
=============== ============== ================ ============ ==================================
long exposure   exposure_stops ≥ 0 (1 s)        4.9 (30 s)
black and white chroma_p99     ≤ 0.05           0.0
high key        mean_luma      ≥ 0.70           0.90         dark_fraction ≤ 0.05
low key         mean_luma      ≤ 0.25           0.10
vivid           mean_chroma    ≥ 0.30           0.60
pastel          mean_luma      ≥ 0.65           0.85         0.10 ≤ mean_chroma ≤ 0.25
minimal         edge_density   ≤ 0.02           0.0
=============== ============== ================ ============ ==================================

In words: a long exposure is one of a second or more; black and white means no pixel has
more than a trace of colour; high key is bright with hardly any shadow, low key mostly
dark; vivid is strongly coloured on average; pastel is light and softly (not vividly)
coloured; minimal is large uniform areas with little detail.

Styles that contradict each other cannot both apply: high key needs mean_luma ≥ 0.70 and low
key ≤ 0.25; black and white needs chroma_p99 ≤ 0.05, which keeps mean_chroma below 0.06, under
the 0.10 pastel and 0.30 vivid need; pastel's mean_chroma ≤ 0.25 excludes vivid's ≥ 0.30.

Left out because image statistics cannot define them honestly: "hdr" (a tone-mapping look
that global statistics cannot tell from an ordinary contrasty photo) and the original
model's moods and subjects ("serene", "melancholy", "romantic", "macro", "bokeh"...).
"""

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from PIL import Image

from photonix.classifiers.base import Classifier, PhotoInfo, TagResult

SAMPLE_SIZE = 256
LUMA = np.array([0.2126, 0.7152, 0.0722])
DARK_LUMA = 0.25
EDGE_STEP = 0.08


@dataclass(frozen=True)
class Measures:
    mean_luma: float
    dark_fraction: float
    mean_chroma: float
    chroma_p99: float
    edge_density: float
    exposure_stops: float | None


@dataclass(frozen=True)
class StyleRule:
    name: str
    measure: str  # a Measures field
    threshold: float  # the style applies at or past this value (above it if certain > threshold, else below)
    certain: float  # where confidence reaches 1.0
    condition: Callable[[Measures], bool] = lambda m: True

    def confidence(self, measures: Measures) -> float | None:
        """0.5 at the threshold, 1.0 at ``certain`` and beyond; None when the rule does not apply."""
        value = getattr(measures, self.measure)
        if value is None or not self.condition(measures):
            return None
        progress = (value - self.threshold) / (self.certain - self.threshold)
        return None if progress < 0 else 0.5 + 0.5 * min(progress, 1.0)


STYLES = [
    StyleRule("long exposure", "exposure_stops", 0.0, math.log2(30)),
    StyleRule("black and white", "chroma_p99", 0.05, 0.0),
    StyleRule("high key", "mean_luma", 0.70, 0.90, lambda m: m.dark_fraction <= 0.05),
    StyleRule("low key", "mean_luma", 0.25, 0.10),
    StyleRule("vivid", "mean_chroma", 0.30, 0.60),
    StyleRule("pastel", "mean_luma", 0.65, 0.85, lambda m: 0.10 <= m.mean_chroma <= 0.25),
    StyleRule("minimal", "edge_density", 0.02, 0.0),
]


def exposure_seconds(exposure: str | None) -> float | None:
    """Seconds from an exposure time as exiftool prints it ("1/250", "0.5", "30"); None if unreadable."""
    if not exposure:
        return None
    numerator, _, denominator = exposure.strip().partition("/")
    try:
        seconds = float(numerator) / float(denominator or 1)
    except (ValueError, ZeroDivisionError):
        return None
    return seconds if seconds > 0 else None


def measure(image: Image.Image, info: PhotoInfo) -> Measures:
    """The measures of the module docstring, from a copy of the image shrunk to at most 256×256."""
    sample = image.convert("RGB")
    sample.thumbnail((SAMPLE_SIZE, SAMPLE_SIZE))
    rgb = np.asarray(sample, dtype=np.float64) / 255
    luma = rgb @ LUMA
    chroma = rgb.max(axis=2) - rgb.min(axis=2)
    # Steps to the next pixel right and below, per channel (0 at the last column and row).
    dx = np.diff(rgb, axis=1, append=rgb[:, -1:])
    dy = np.diff(rgb, axis=0, append=rgb[-1:, :])
    seconds = exposure_seconds(info.exposure)
    return Measures(
        mean_luma=float(luma.mean()),
        dark_fraction=float((luma < DARK_LUMA).mean()),
        mean_chroma=float(chroma.mean()),
        chroma_p99=float(np.percentile(chroma, 99)),
        edge_density=float((np.hypot(dx, dy).max(axis=2) > EDGE_STEP).mean()),
        exposure_stops=math.log2(seconds) if seconds else None,
    )


class StyleClassifier(Classifier):
    """Tags styles measured from the pixels and EXIF: long exposure, black and white, high key, low key,
    vivid, pastel, minimal (see the module docstring for each rule)."""

    name = "style"
    version = 20261126
    queue = "default"
    library_flag = "classification_style_enabled"
    tag_type = "S"

    def run(self, image: Image.Image | None, info: PhotoInfo) -> list[TagResult]:
        measures = measure(image, info)
        tags = []
        for rule in STYLES:
            confidence = rule.confidence(measures)
            if confidence is not None:
                tags.append(TagResult(rule.name, self.tag_type, confidence=confidence, significance=confidence))
        return sorted(tags, key=lambda t: -t.confidence)
