"""Colour classifier: what fraction of the photo each of 17 named colours covers.

The photo is shrunk to 32×32 pixels (bicubic, which averages away grain) and each of the
1024 pixels is given to the palette colour it scores highest against in HSV space
(h, s and v all in 0-1)::

    score = (1 - Δh) · (1 - 0.5·|Δs|) · (1 - 0.25·|Δv|)

so hue counts most, then saturation, then value. A colour's tag carries the fraction of
pixels it won (confidence = significance = fraction), for every colour with at least
0.5 % of them, and the colour's place in the palette as ``ordering`` (so the UI lists
colours round the wheel, then white, grey, black).

This is the original Photonix algorithm (classifier version 20210206) with one fix: hue
is an angle, so Δh is the *circular* distance, ``min(|h1 - h2|, 1 - |h1 - h2|)``. The
original used ``|h1 - h2|``, which put red at 359° (h ≈ 1.0) as far from red at 0°
as it could be. Two things follow from the fix:

- Dark and medium reds on the 0° side of the wheel, such as (200, 0, 0) with h = 0, now go
  to "Red", whose palette hue is 351° (h = 0.977); the original sent them to "Orange".
- White, Gray and Black have no hue of their own; like ``colorsys`` we give them h = 0.
  With a linear distance, a greyish pixel tinted blue-violet (h ≈ 0.7) was 0.7 away from
  the greys and so went to a blue or purple instead; now it is 0.3 away, and dark,
  desaturated shadows are called Gray or Black rather than Azure, Purple or Magenta.

The palette and the weights are kept as they were, and it is worth knowing what they do:
the hue term is gentle (27° of hue costs 7.6 %), so saturation and brightness can outweigh
it. Pure yellow (255, 255, 0) and bright red (255, 0, 0) go to Orange (the palette's Yellow
is a little dull and its Red a dark crimson, v = 0.47), pure cyan to Aqua and pure magenta
to Orchid.
"""

import colorsys

import numpy as np
from PIL import Image

from photonix.classifiers.base import Classifier, PhotoInfo, TagResult

# Name and RGB, in palette order (the tag's ``ordering`` is the 1-based position).
PALETTE = [
    ("Red", (120, 4, 20)),
    ("Orange", (245, 133, 0)),
    ("Amber", (234, 166, 30)),
    ("Yellow", (240, 240, 39)),
    ("Lime", (168, 228, 26)),
    ("Green", (7, 215, 7)),
    ("Teal", (16, 202, 155)),
    ("Turquoise", (25, 225, 225)),
    ("Aqua", (10, 188, 245)),
    ("Azure", (30, 83, 249)),
    ("Blue", (0, 0, 255)),
    ("Purple", (127, 0, 255)),
    ("Orchid", (190, 0, 255)),
    ("Magenta", (233, 8, 200)),
    ("White", (255, 255, 255)),
    ("Gray", (124, 124, 124)),
    ("Black", (0, 0, 0)),
]
# Colour name → "#rrggbb", for clients that paint a photo's main colour while its thumbnail loads.
HEX = {name: "#{:02x}{:02x}{:02x}".format(*rgb) for name, rgb in PALETTE}
SAMPLE_SIZE = 32
MIN_FRACTION = 0.005

_PALETTE_HSV = np.array([colorsys.rgb_to_hsv(*(c / 255 for c in rgb)) for _, rgb in PALETTE])


def rgb_to_hsv(rgb: np.ndarray) -> np.ndarray:
    """``colorsys.rgb_to_hsv`` over an ``(..., 3)`` array of 0-1 floats."""
    r, g, b = rgb[..., 0], rgb[..., 1], rgb[..., 2]
    v = rgb.max(axis=-1)
    chroma = v - rgb.min(axis=-1)
    s = chroma / np.where(v > 0, v, 1.0)  # chroma is 0 where v is
    safe = np.where(chroma > 0, chroma, 1.0)
    h = np.select(
        [chroma == 0, v == r, v == g],
        [0.0, (g - b) / safe, 2.0 + (b - r) / safe],
        4.0 + (r - g) / safe,
    )
    return np.stack([(h / 6.0) % 1.0, s, v], axis=-1)


def nearest_palette_colours(image: Image.Image) -> np.ndarray:
    """The palette index each pixel of the 32×32 sample goes to."""
    sample = image.convert("RGB").resize((SAMPLE_SIZE, SAMPLE_SIZE), Image.Resampling.BICUBIC)
    hsv = rgb_to_hsv(np.asarray(sample, dtype=np.float64).reshape(-1, 1, 3) / 255)
    diff = np.abs(hsv - _PALETTE_HSV)  # (pixels, colours, 3)
    hue_distance = np.minimum(diff[..., 0], 1.0 - diff[..., 0])
    score = (1 - hue_distance) * (1 - 0.5 * diff[..., 1]) * (1 - 0.25 * diff[..., 2])
    return score.argmax(axis=1)  # ties go to the earlier palette colour, as in the original


class ColorClassifier(Classifier):
    """Tags the named colours that cover at least 0.5 % of the photo, with the fraction they cover."""

    name = "color"
    version = 20261126
    queue = "default"
    library_flag = "classification_color_enabled"
    tag_type = "C"

    def run(self, image: Image.Image | None, info: PhotoInfo) -> list[TagResult]:
        counts = np.bincount(nearest_palette_colours(image), minlength=len(PALETTE))
        fractions = counts / counts.sum()
        tags = [
            TagResult(name=name, type=self.tag_type, confidence=float(f), significance=float(f), ordering=i + 1)
            for i, ((name, _), f) in enumerate(zip(PALETTE, fractions, strict=True))
            if f >= MIN_FRACTION
        ]
        return sorted(tags, key=lambda t: -t.confidence)
