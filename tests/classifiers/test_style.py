"""The style classifier: one synthetic image per style, an ordinary photo, and snow.jpg."""

from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw

from photonix.classifiers.base import PhotoInfo
from photonix.classifiers.style import StyleClassifier
from photonix.classifiers.style.classifier import exposure_seconds

PHOTOS = Path(__file__).parents[3] / "shared" / "fixtures" / "photos"


def styles(image, **info):
    tags = StyleClassifier().run(image, PhotoInfo(**info))
    assert all(t.type == "S" and 0.5 <= t.confidence == t.significance <= 1.0 for t in tags)
    return {t.name: t.confidence for t in tags}


def scene(colours, size=(400, 300), count=60, seed=0):
    """A made-up photo: overlapping rectangles in the given colours, with a little sensor noise."""
    rng = np.random.default_rng(seed)
    image = Image.new("RGB", size, colours[0])
    draw = ImageDraw.Draw(image)
    for _ in range(count):
        x, y = rng.integers(0, size[0]), rng.integers(0, size[1])
        w, h = rng.integers(10, size[0] // 3), rng.integers(10, size[1] // 3)
        draw.rectangle((x, y, x + w, y + h), fill=colours[rng.integers(len(colours))])
    pixels = np.asarray(image, dtype=np.int16) + rng.integers(-3, 4, (size[1], size[0], 3))
    return Image.fromarray(pixels.clip(0, 255).astype(np.uint8))


ORDINARY = [(120, 105, 90), (95, 105, 120), (140, 130, 115), (100, 115, 85), (70, 65, 60), (170, 160, 150)]


def test_ordinary_mid_grey_photo_has_no_style():
    assert styles(scene(ORDINARY)) == {}


@pytest.mark.parametrize(
    ("exposure", "expected"),
    [
        ("30", 1.0),
        ("60", 1.0),
        ("1", 0.5),
        ("4", 0.5 + 0.5 * 2 / np.log2(30)),
        ("1/250", None),
        ("0.5", None),
        (None, None),
        ("", None),
        ("bulb", None),
        ("1/0", None),
    ],
)
def test_long_exposure_from_exif(exposure, expected):
    result = styles(scene(ORDINARY), exposure=exposure)
    if expected is None:
        assert "long exposure" not in result
    else:
        assert result["long exposure"] == pytest.approx(expected)


def test_exposure_seconds():
    assert exposure_seconds("1/250") == 1 / 250
    assert exposure_seconds(" 2.5 ") == 2.5
    assert exposure_seconds("0") is None


def test_black_and_white():
    greys = [(v, v, v) for v in (30, 80, 120, 160, 200)]
    result = styles(scene(greys))
    assert set(result) == {"black and white"}
    assert result["black and white"] > 0.6


def test_a_small_colour_mark_leaves_a_photo_black_and_white():
    """A red date stamp on half a percent of a grey photo: its most colourful 1 % is still grey."""
    image = scene([(v, v, v) for v in (30, 80, 120, 160, 200)])
    ImageDraw.Draw(image).rectangle((360, 270, 389, 289), fill=(230, 30, 20))
    assert "black and white" in styles(image)


def test_high_key_starts_at_a_mean_brightness_of_70_percent():
    """A flat grey is bright enough for high key from 179/255 (70.2 %) on, and not at 178/255 (69.8 %)."""
    assert styles(Image.new("RGB", (400, 300), (179, 179, 179)))["high key"] == pytest.approx(0.505, abs=0.001)
    assert "high key" not in styles(Image.new("RGB", (400, 300), (178, 178, 178)))


def test_shadows_are_darker_than_a_luma_of_a_quarter():
    """Slate blue (56, 63, 94) has a luma of exactly 0.25, so it is no shadow: a white photo with a tenth of it
    is high key (more than 5 % of shadows would not be)."""
    image = Image.new("RGB", (200, 200), (255, 255, 255))
    image.paste((56, 63, 94), (0, 0, 200, 20))
    assert "high key" in styles(image)


def test_high_key():
    result = styles(scene([(250, 248, 240), (215, 225, 240), (240, 215, 200), (170, 165, 160)], count=150))
    assert "high key" in result
    assert not {"low key", "vivid"} & result.keys()


def test_low_key():
    image = scene([(10, 10, 12), (25, 20, 18), (60, 50, 40), (15, 18, 35)], count=150)
    ImageDraw.Draw(image).ellipse((180, 120, 220, 160), fill=(230, 200, 170))  # a small lit face
    result = styles(image)
    assert "low key" in result
    assert not {"high key", "pastel", "vivid"} & result.keys()


def test_vivid():
    result = styles(scene([(230, 20, 20), (20, 180, 40), (30, 60, 230), (250, 210, 0), (200, 0, 180)]))
    assert "vivid" in result
    assert not {"black and white", "pastel", "low key", "minimal"} & result.keys()


def test_pastel():
    result = styles(scene([(250, 205, 220), (205, 225, 250), (210, 245, 220), (250, 240, 200), (230, 210, 245)]))
    assert "pastel" in result
    assert not {"vivid", "black and white", "low key", "minimal"} & result.keys()


def test_minimal():
    image = Image.new("RGB", (400, 300), (110, 125, 140))  # a flat grey-blue sky...
    ImageDraw.Draw(image).rectangle((250, 80, 262, 88), fill=(30, 30, 35))  # ...and one small bird
    result = styles(image)
    assert set(result) == {"minimal"}
    assert result["minimal"] > 0.9


def test_styles_come_most_certain_first():
    """A flat sky in a 4 s exposure: minimal (almost certain) before long exposure (0.70)."""
    image = Image.new("RGB", (400, 300), (110, 125, 140))
    tags = StyleClassifier().run(image, PhotoInfo(exposure="4"))
    assert [(t.name, round(t.confidence, 2)) for t in tags] == [("minimal", 1.0), ("long exposure", 0.70)]


def test_detail_is_not_minimal():
    assert "minimal" not in styles(scene(ORDINARY, count=200))


def test_never_random():
    image = scene(ORDINARY)
    assert StyleClassifier().run(image, PhotoInfo()) == StyleClassifier().run(image.copy(), PhotoInfo())


def photo(name):
    if not (PHOTOS / name).exists():
        pytest.skip(f"../shared/fixtures/photos/{name} is not present")
    return Image.open(PHOTOS / name)


def test_snow_jpg():
    # A snowy avenue at sunrise, in blue shade. Mean luma 0.38 (neither high nor low key: the
    # sky and snow are in shadow), mean chroma 0.13 (not vivid), the most colourful 1 % at 0.22
    # (not black and white), too dark for pastel, and the trees' branches make 12 % of it
    # edges (not minimal). So: no style. The original network said "serene" (0.962), a mood
    # that these rules do not claim to measure.
    assert styles(photo("snow.jpg")) == {}


def test_tree_jpg_an_ordinary_photo():
    # A tree on Santorini in daylight: mid tones (mean luma 0.48), moderately coloured (0.20),
    # full of detail (48 % edges).
    assert styles(photo("tree.jpg")) == {}
