"""Thumbnails (photonix.photos.utils.thumbnails), checked by their pixels."""

import errno
from io import BytesIO
from pathlib import Path

import numpy as np
import pytest
from PIL import ExifTags, Image, ImageCms, ImageDraw

from photonix.common.files import DataWriteError
from photonix.photos.utils.errors import BadInputError
from photonix.photos.utils.thumbnails import (
    DEFAULT_SIZES,
    THUMBNAILER_VERSION,
    ThumbnailSize,
    atomic_write,
    make_thumbnails,
)
from tests.disks import full_disk
from tests.factories import adobe_rgb_profile, make_bad_files, make_jpeg

GRID, VIEW, VIEW_4K = DEFAULT_SIZES
FIXTURE_PHOTOS = Path(__file__).parents[2] / "shared" / "fixtures" / "photos"
RED, GREEN, BLUE, YELLOW, GREY = (255, 0, 0), (0, 255, 0), (0, 0, 255), (255, 255, 0), (128, 128, 128)


def thumbnails(src: Path, folder: Path, *sizes: ThumbnailSize) -> dict[ThumbnailSize, Image.Image]:
    outputs = {size: folder / size.name / "photo.jpg" for size in sizes}
    make_thumbnails(src, outputs)
    return {size: Image.open(path) for size, path in outputs.items()}


def close(pixel, colour, tolerance=40) -> bool:
    return all(abs(a - b) <= tolerance for a, b in zip(pixel, colour, strict=True))


def test_default_sizes():
    assert [size.name for size in DEFAULT_SIZES] == [
        "256x256_cover_q50",
        "1920x1920_contain_q80",
        "3840x3840_contain_q75",
    ]
    assert [size.at_import for size in DEFAULT_SIZES] == [True, True, False]
    assert THUMBNAILER_VERSION > 20260127  # the original Photonix's version: ours differ (orientation applied)


def test_import_sizes_have_exact_dimensions_and_only_what_was_asked(tmp_path):
    src = make_jpeg(tmp_path / "photo.jpg", (4000, 3000), orientation=1)

    made = thumbnails(src, tmp_path / "thumbs", GRID, VIEW)

    assert made[GRID].size == (256, 256)
    assert made[VIEW].size == (1920, 1440)
    for image in made.values():
        assert image.format == "JPEG"
        assert image.mode == "RGB"
        assert ExifTags.Base.Orientation not in image.getexif()
    assert sorted(p.relative_to(tmp_path / "thumbs").as_posix() for p in (tmp_path / "thumbs").rglob("*")) == [
        "1920x1920_contain_q80",
        "1920x1920_contain_q80/photo.jpg",
        "256x256_cover_q50",
        "256x256_cover_q50/photo.jpg",
    ]


def test_the_4k_size_is_made_on_demand(tmp_path):
    src = make_jpeg(tmp_path / "photo.jpg", (6000, 4000))

    made = thumbnails(src, tmp_path / "thumbs", VIEW_4K)

    assert made[VIEW_4K].size == (3840, 2560)
    assert [p.name for p in (tmp_path / "thumbs").iterdir()] == ["3840x3840_contain_q75"]


def test_contain_keeps_the_aspect_ratio_of_a_portrait(tmp_path):
    src = make_jpeg(tmp_path / "photo.jpg", (3000, 4000))

    assert thumbnails(src, tmp_path / "thumbs", VIEW)[VIEW].size == (1440, 1920)


def test_contain_never_upscales_but_cover_always_fills_the_box(tmp_path):
    src = make_jpeg(tmp_path / "photo.jpg", (800, 600))
    tiny = make_jpeg(tmp_path / "tiny.jpg", (200, 100))

    made = thumbnails(src, tmp_path / "thumbs", GRID, VIEW, VIEW_4K)

    assert made[VIEW].size == made[VIEW_4K].size == (800, 600)
    assert made[GRID].size == (256, 256)
    assert thumbnails(tiny, tmp_path / "tiny", GRID)[GRID].size == (256, 256)


@pytest.mark.parametrize("shape", ["landscape", "portrait"])
def test_cover_crops_the_centre(tmp_path, shape):
    # 1200x600 cropped to a square keeps x 300..900. Blue lies outside that, a yellow band just inside
    # its left edge, a red marker at the centre and green bands along the top and bottom. The portrait
    # is the same picture transposed (600x1200: the square kept is y 300..900), and so are the checks.
    image = Image.new("RGB", (1200, 600), GREY)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, 280, 599), fill=BLUE)
    draw.rectangle((920, 0, 1199, 599), fill=BLUE)
    draw.rectangle((300, 100, 340, 499), fill=YELLOW)
    draw.rectangle((570, 270, 629, 329), fill=RED)
    draw.rectangle((0, 0, 1199, 30), fill=GREEN)
    draw.rectangle((0, 570, 1199, 599), fill=GREEN)
    portrait = shape == "portrait"
    if portrait:
        image = image.transpose(Image.Transpose.TRANSPOSE)
    src = make_jpeg(tmp_path / "photo.jpg", image=image, quality=95)

    grid = thumbnails(src, tmp_path / "thumbs", GRID)[GRID].convert("RGB")

    def at(x, y):
        return grid.getpixel((y, x) if portrait else (x, y))

    assert close(at(128, 128), RED)
    assert close(at(3, 128), YELLOW)  # the band at x 300..340 is now at x 0..17
    assert close(at(30, 128), GREY)
    assert close(at(252, 128), GREY)  # no blue on the right
    assert close(at(128, 3), GREEN)
    assert close(at(128, 252), GREEN)


@pytest.mark.parametrize(
    ("orientation", "corner"),
    [(1, "top-left"), (2, "top-right"), (3, "bottom-right"), (4, "bottom-left")]
    + [(5, "top-left"), (6, "top-right"), (7, "bottom-right"), (8, "bottom-left")],
)
def test_exif_orientation_is_applied(tmp_path, orientation, corner):
    # Stored 400x300 with a red block top-left; orientation 6, for one, means "turn 90° clockwise
    # to view", which brings that corner to the top right of a 300x400 portrait.
    image = Image.new("RGB", (400, 300), GREY)
    ImageDraw.Draw(image).rectangle((0, 0, 119, 99), fill=RED)
    src = make_jpeg(tmp_path / "photo.jpg", image=image, orientation=orientation)

    made = thumbnails(src, tmp_path / "thumbs", GRID, VIEW)

    assert made[VIEW].size == ((300, 400) if orientation >= 5 else (400, 300))
    for thumbnail in made.values():
        assert ExifTags.Base.Orientation not in thumbnail.getexif()
        assert red_corners(thumbnail) == [corner]


def red_corners(image: Image.Image) -> list[str]:
    right, bottom = image.width - 9, image.height - 9
    corners = {"top-left": (8, 8), "top-right": (right, 8), "bottom-left": (8, bottom), "bottom-right": (right, bottom)}
    return [name for name, xy in corners.items() if close(image.getpixel(xy), RED)]


def test_an_embedded_wide_gamut_profile_is_converted_to_srgb(tmp_path):
    patches = [RED, GREEN, BLUE, (200, 120, 60), GREY]
    srgb = Image.new("RGB", (100 * len(patches), 100))
    for i, colour in enumerate(patches):
        srgb.paste(colour, (100 * i, 0, 100 * (i + 1), 100))
    profile = adobe_rgb_profile()
    adobe = ImageCms.profileToProfile(
        srgb, ImageCms.createProfile("sRGB"), ImageCms.ImageCmsProfile(BytesIO(profile)), outputMode="RGB"
    )
    assert not close(adobe.getpixel((50, 50)), RED, tolerance=20)  # else this test would prove nothing
    src = make_jpeg(tmp_path / "photo.jpg", image=adobe, icc_profile=profile, quality=95)

    view = thumbnails(src, tmp_path / "thumbs", VIEW)[VIEW]

    assert "icc_profile" not in view.info
    for i, colour in enumerate(patches):
        assert close(view.getpixel((100 * i + 50, 50)), colour, tolerance=8), colour


def test_cmyk_tiff_comes_out_rgb(tmp_path):
    cmyk = FIXTURE_PHOTOS / "cmyk.tif"
    if not cmyk.exists():
        pytest.skip("../shared/fixtures/photos/cmyk.tif is not present")

    made = thumbnails(cmyk, tmp_path / "thumbs", GRID, VIEW)

    assert made[GRID].mode == made[VIEW].mode == "RGB"
    assert made[GRID].size == (256, 256)
    assert made[VIEW].size == (8, 8)
    assert close(made[VIEW].getpixel((4, 4)), (0, 0, 0), tolerance=10)  # the fixture is solid K=100%


@pytest.mark.parametrize(
    ("mode", "value", "expected"),
    [
        ("L", 200, (200, 200, 200)),
        ("LA", (200, 255), (200, 200, 200)),
        ("P", 1, (0, 0, 255)),
        ("RGBA", (255, 0, 0, 255), RED),
        ("RGBA", (255, 0, 0, 0), (255, 255, 255)),  # fully transparent: flattened on white
        ("I;16", 40000, (155, 155, 155)),  # 16-bit grey scaled down, not clipped to white
    ],
)
def test_every_mode_becomes_rgb(tmp_path, mode, value, expected):
    image = Image.new(mode, (64, 48), value)
    if mode == "P":
        image.putpalette([255, 0, 0, 0, 0, 255])
    image.save(tmp_path / "image.png")

    view = thumbnails(tmp_path / "image.png", tmp_path / "thumbs", VIEW)[VIEW]

    assert view.mode == "RGB"
    assert close(view.getpixel((32, 24)), expected, tolerance=3)


@pytest.mark.parametrize("name", ["zero_byte", "not_an_image", "truncated", "decompression_bomb", "garbage_dng"])
def test_bad_files_raise_bad_input_with_a_reason_and_write_nothing(tmp_path, name):
    source = make_bad_files(tmp_path / "bad")[name]

    with pytest.raises(BadInputError) as error:
        make_thumbnails(source, {GRID: tmp_path / "thumbs" / "grid.jpg", VIEW: tmp_path / "thumbs" / "view.jpg"})

    assert len(str(error.value)) > 10
    assert not (tmp_path / "thumbs").exists()


def test_a_missing_file_is_not_bad_input(tmp_path):
    with pytest.raises(FileNotFoundError):
        make_thumbnails(tmp_path / "gone.jpg", {GRID: tmp_path / "grid.jpg"})


def test_atomic_write_replaces_on_success_and_keeps_the_old_file_on_failure(tmp_path):
    dest = tmp_path / "thumb.jpg"
    dest.write_bytes(b"old")

    with pytest.raises(RuntimeError), atomic_write(dest) as f:
        f.write(b"half a ")
        raise RuntimeError("disk full, say")
    assert dest.read_bytes() == b"old"

    with atomic_write(dest) as f:
        f.write(b"new")
    assert dest.read_bytes() == b"new"
    assert dest.stat().st_mode & 0o777 == 0o644
    assert [p.name for p in tmp_path.iterdir()] == ["thumb.jpg"]


def test_a_full_disk_is_a_data_write_error_and_leaves_no_half_thumbnail(tmp_path):
    """ENOSPC writing a thumbnail is Photonix's disk fault (retried), not the photo's (bad input)."""
    src = make_jpeg(tmp_path / "photo.jpg", (1200, 800))
    folder = tmp_path / "thumbs"
    with full_disk(folder) as filler:
        with pytest.raises(DataWriteError) as error:
            make_thumbnails(src, {GRID: folder / "grid.jpg"})
        assert error.value.errno == errno.ENOSPC
        assert error.value.filename == str(folder / "grid.jpg")
        assert list(folder.iterdir()) == [filler]

        filler.unlink()  # space freed
        make_thumbnails(src, {GRID: folder / "grid.jpg"})
        assert Image.open(folder / "grid.jpg").size == (256, 256)


def test_smaller_sizes_made_from_larger_ones_look_the_same(tmp_path):
    """The 256 made from the 1920 result matches the 256 made alone from the source."""
    src = make_jpeg(tmp_path / "photo.jpg", (3000, 2000))

    together = thumbnails(src, tmp_path / "together", GRID, VIEW)[GRID]
    alone = thumbnails(src, tmp_path / "alone", GRID)[GRID]

    difference = np.abs(np.asarray(together).astype(int) - np.asarray(alone).astype(int))
    assert difference.mean() < 3


def test_a_larger_size_too_small_for_a_cover_is_not_used_for_it(tmp_path):
    """A 10:1 panorama's 1920 preview is 1920x192: too few rows for the 256x256 grid crop, which is then made
    from the decoded photo, not enlarged from the preview. Its 3-pixel stripes stay as sharp as in the grid
    thumbnail made alone (enlarged from the preview, they would blur to half their contrast)."""
    rows = np.where((np.arange(600) // 3) % 2 == 0, 30, 220).astype(np.uint8)
    stripes = Image.fromarray(np.repeat(rows[:, None], 6000, axis=1)).convert("RGB")
    src = make_jpeg(tmp_path / "panorama.jpg", image=stripes, quality=95)

    together = thumbnails(src, tmp_path / "together", GRID, VIEW)
    alone = thumbnails(src, tmp_path / "alone", GRID)[GRID]

    assert together[VIEW].size == (1920, 192)
    difference = np.abs(np.asarray(together[GRID]).astype(int) - np.asarray(alone).astype(int))
    assert difference.mean() < 3
