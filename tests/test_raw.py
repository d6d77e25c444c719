"""Developing RAW, HEIC and AVIF files into JPEGs (photonix.photos.utils.raw), checked by content."""

import numpy as np
import pytest
from PIL import ExifTags, Image, ImageOps

from photonix.photos.utils.errors import BadInputError
from photonix.photos.utils.raw import RAW_PROCESS_VERSION, develop, is_full_size_preview
from tests.factories import make_bad_files, make_dng, make_heic, photo_pixels

SENSOR = (800, 600)


def grey_scene_with_red_corner() -> np.ndarray:
    """Mid-grey, with a red block in the top-left corner (as stored, before any orientation)."""
    pixels = np.full((SENSOR[1], SENSOR[0], 3), 128, np.uint8)
    pixels[:80, :100] = (255, 0, 0)
    return pixels


def displayed(path) -> Image.Image:
    """The JPEG as a viewer shows it: EXIF orientation applied."""
    return ImageOps.exif_transpose(Image.open(path)).convert("RGB")


def red_corners(image: Image.Image) -> list[str]:
    pixels = np.asarray(image).astype(int)
    corners = {
        "top-left": pixels[:20, :20],
        "top-right": pixels[:20, -20:],
        "bottom-left": pixels[-20:, :20],
        "bottom-right": pixels[-20:, -20:],
    }
    return [name for name, block in corners.items() if (block[..., 0] - block[..., 1]).mean() > 100]


def test_version_is_a_date():
    assert 20260101 <= RAW_PROCESS_VERSION <= 29991231


@pytest.mark.parametrize("with_preview", [None, False], ids=["no preview", "small thumbnail"])
def test_dng_without_a_usable_preview_is_demosaiced_at_sensor_size(tmp_path, with_preview):
    dng = make_dng(tmp_path / "photo.dng", pixels=grey_scene_with_red_corner(), with_preview=with_preview)

    result = develop(dng, tmp_path / "photo.jpg")

    assert "demosaic" in result.params
    assert result.external_version.startswith("LibRaw 0.")
    assert (result.width, result.height) == SENSOR
    image = Image.open(tmp_path / "photo.jpg")
    assert image.format == "JPEG"
    assert image.size == SENSOR
    assert red_corners(image.convert("RGB")) == ["top-left"]


def test_dng_with_a_full_size_preview_uses_the_preview(tmp_path):
    dng = make_dng(tmp_path / "photo.dng", pixels=grey_scene_with_red_corner(), with_preview=True)

    result = develop(dng, tmp_path / "photo.jpg")

    assert result.params == "embedded preview"
    assert (result.width, result.height) == SENSOR
    image = displayed(tmp_path / "photo.jpg")
    assert image.size == SENSOR
    assert red_corners(image) == ["top-left"]
    # The preview shows the scene's grey as drawn; LibRaw's demosaic would brighten it (auto-exposure).
    assert abs(np.asarray(image)[300:320, 400:420].mean() - 128) < 4


@pytest.mark.parametrize("with_preview", [None, True], ids=["demosaic", "preview"])
@pytest.mark.parametrize(("orientation", "corner"), [(1, "top-left"), (6, "top-right"), (8, "bottom-left")])
def test_raw_orientation_is_honoured_either_way(tmp_path, with_preview, orientation, corner):
    dng = make_dng(
        tmp_path / "photo.dng", pixels=grey_scene_with_red_corner(), with_preview=with_preview, orientation=orientation
    )

    result = develop(dng, tmp_path / "photo.jpg")

    image = displayed(tmp_path / "photo.jpg")
    expected_size = SENSOR[::-1] if orientation in (6, 8) else SENSOR
    assert image.size == (result.width, result.height) == expected_size
    assert red_corners(image) == [corner]


@pytest.mark.parametrize(
    ("preview", "sensor", "usable"),
    [
        ((6000, 4000), (6000, 4000), True),
        ((5760, 3840), (6000, 4000), True),  # 4% smaller both ways
        ((6000, 3780), (6000, 4000), False),  # 5.5% shorter
        ((6400, 4000), (6000, 4000), False),  # 6.7% wider
        ((4000, 6000), (6000, 4000), False),  # turned on its side
        ((1616, 1080), (6000, 4000), False),  # a typical small preview
        ((511, 400), (511, 400), False),  # full size, but too small to be worth it
        ((512, 400), (520, 400), False),
        ((540, 512), (540, 512), True),
    ],
)
def test_preview_size_rule(preview, sensor, usable):
    assert is_full_size_preview(preview, sensor) is usable


def test_heic_becomes_a_jpeg_with_its_exif(tmp_path):
    heic = make_heic(tmp_path / "photo.heic", (640, 480), make="Apple", quality=90)

    result = develop(heic, tmp_path / "photo.jpg")

    assert result.params == "pillow-heif"
    assert result.external_version.startswith("libheif 1.")
    assert (result.width, result.height) == (640, 480)
    image = Image.open(tmp_path / "photo.jpg")
    assert image.format == "JPEG"
    assert image.getexif().get(ExifTags.Base.Make) == "Apple"
    difference = np.abs(np.asarray(image.convert("RGB")).astype(int) - photo_pixels((640, 480)).astype(int))
    assert difference.mean() < 12  # same picture; both lossy, and the source's ±16 noise is hard to keep


def test_avif_becomes_a_jpeg(tmp_path):
    Image.fromarray(photo_pixels((320, 240))).save(tmp_path / "photo.avif", quality=90)

    result = develop(tmp_path / "photo.avif", tmp_path / "photo.jpg")

    assert result.params == "pillow avif"
    assert (result.width, result.height) == (320, 240)
    assert Image.open(tmp_path / "photo.jpg").size == (320, 240)


def test_truncated_dng_and_heic_are_bad_input(tmp_path):
    for source in (make_dng(tmp_path / "photo.dng"), make_heic(tmp_path / "photo.heic")):
        data = source.read_bytes()
        source.write_bytes(data[: len(data) // 2])
        with pytest.raises(BadInputError):
            develop(source, tmp_path / "out.jpg")
    assert not (tmp_path / "out.jpg").exists()


@pytest.mark.parametrize("name", ["zero_byte", "not_an_image", "truncated", "decompression_bomb", "garbage_dng"])
def test_files_that_are_no_raw_are_bad_input_with_a_reason(tmp_path, name):
    source = make_bad_files(tmp_path / "bad")[name]
    out = tmp_path / "out" / "photo.jpg"

    with pytest.raises(BadInputError) as error:
        develop(source, out)

    assert len(str(error.value)) > 10
    assert not out.parent.exists() or list(out.parent.iterdir()) == []


def test_a_missing_file_is_not_bad_input(tmp_path):
    with pytest.raises(FileNotFoundError):
        develop(tmp_path / "gone.dng", tmp_path / "photo.jpg")


def test_develop_replaces_the_destination_and_leaves_no_temporary_file(tmp_path):
    out = tmp_path / "out" / "photo.jpg"
    out.parent.mkdir()
    out.write_bytes(b"an older development")

    develop(make_dng(tmp_path / "photo.dng"), out)

    assert Image.open(out).size == (640, 480)
    assert [p.name for p in out.parent.iterdir()] == ["photo.jpg"]
