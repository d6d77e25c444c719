"""photonix.photos.utils.filetypes: which files are skipped, which decoder each photo needs, and why bad files fail.

The real photos come from ../shared/fixtures/photos (the ``fixture_photos`` fixture skips when it is absent);
the other files are made here with Pillow and tests/factories.py. No database or Celery is needed.
"""

import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image

from photonix.photos.utils.errors import BadInputError
from photonix.photos.utils.filetypes import FileKind, detect_kind, is_ignored
from tests.factories import make_dng, make_heic
from tests.sandbox import MAIN, error_from_unreadable_copy

SMALL_HEIC = (128, 64)  # multiples of 64, as HEIC codes them
SMALL_DNG = (256, 256)


@pytest.mark.parametrize(
    "path",
    [
        "/photos/2019/clip.mov",
        "/photos/2019/CLIP.MP4",
        "/photos/clip.mkv",
        "/photos/clip.avi",
        "/photos/clip.m4v",
        "/photos/clip.3gp",
        "/photos/IMG_0001.xmp",
        "/photos/IMG_0001.AAE",
        "/photos/IMG_0001.thm",
        "/photos/.DS_Store",
        "/photos/._IMG_0001.jpg",
        "/photos/.hidden.jpg",
        "/photos/2019/@eaDir/IMG_0001.jpg/SYNOPHOTO_THUMB_XL.jpg",
        "relative/@eaDir/IMG_0001.jpg",
    ],
)
def test_ignored(path):
    assert is_ignored(path)


@pytest.mark.parametrize(
    "path",
    [
        "/photos/2019/IMG_0001.jpg",
        "/photos/2019/IMG_0001.HEIC",
        "/photos/2019/DSC_0001.NEF",
        "/photos/.library/IMG_0001.jpg",  # a hidden folder above the file does not hide it
        "/photos/eaDir/IMG_0001.jpg",
        Path("/photos/scan.tif"),
    ],
)
def test_not_ignored(path):
    assert not is_ignored(path)


def test_fixture_photos_are_images(fixture_photos):
    photos = sorted(path for path in fixture_photos.rglob("*") if path.is_file())
    assert len(photos) >= 9
    for path in photos:
        assert detect_kind(path) is FileKind.IMAGE, path.name


def test_cmyk_tiff_with_alpha_is_an_image_in_a_fresh_process(fixture_photos):
    # cmyk.tif is CMYK plus an unassociated alpha channel, which plain Pillow 13 refuses ("unknown pixel
    # mode"). The thumbnails module teaches Pillow to read it; filetypes imports it, so the answer does not
    # depend on what else the process has imported. A fresh interpreter proves that.
    code = (
        "from photonix.photos.utils.filetypes import detect_kind\n"
        f"print(detect_kind({str(fixture_photos / 'cmyk.tif')!r}))"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=MAIN, capture_output=True, text=True, timeout=60)
    assert result.stdout.strip() == "FileKind.IMAGE", result.stderr


@pytest.mark.parametrize(
    ("suffix", "save_args"),
    [
        (".jpg", {"format": "JPEG"}),
        (".png", {"format": "PNG"}),
        (".tif", {"format": "TIFF", "compression": "tiff_deflate"}),
        (".webp", {"format": "WEBP"}),
        (".gif", {"format": "GIF"}),
        (".bmp", {"format": "BMP"}),
        (".avif", {"format": "AVIF"}),
        (".jpg", {"format": "MPO", "save_all": True, "append_images": [Image.new("RGB", (32, 24))]}),
    ],
)
def test_pillow_formats_are_images(tmp_path, suffix, save_args):
    path = tmp_path / f"photo{suffix}"
    Image.new("RGB", (32, 24), "orange").save(path, **save_args)
    assert detect_kind(path) is FileKind.IMAGE


def test_heic_is_heif(tmp_path):
    assert detect_kind(make_heic(tmp_path / "phone.heic", SMALL_HEIC)) is FileKind.HEIF


def test_dng_is_raw(tmp_path):
    assert detect_kind(make_dng(tmp_path / "sensor.dng", SMALL_DNG)) is FileKind.RAW


def test_kind_comes_from_content_not_suffix(tmp_path):
    dng = make_dng(tmp_path / "sensor.dng", SMALL_DNG)
    assert detect_kind(dng.rename(tmp_path / "sensor.bin")) is FileKind.RAW
    heic = make_heic(tmp_path / "phone.heic", SMALL_HEIC)
    assert detect_kind(heic.rename(tmp_path / "phone.jpg")) is FileKind.HEIF
    jpeg = tmp_path / "really_a_jpeg.dng"
    Image.new("RGB", (32, 24)).save(jpeg, format="JPEG")
    assert detect_kind(jpeg) is FileKind.IMAGE


def test_decompression_bomb_header_is_left_to_the_thumbnail_step(tmp_path, monkeypatch):
    path = tmp_path / "huge.png"
    Image.new("RGB", (100, 100)).save(path)
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 10)  # 100x100 is now more than twice the limit
    with pytest.raises(Image.DecompressionBombError):
        Image.open(path)
    assert detect_kind(path) is FileKind.IMAGE


def test_empty_file(tmp_path):
    path = tmp_path / "empty.jpg"
    path.touch()
    with pytest.raises(BadInputError, match=r"The file is empty \(0 bytes\)"):
        detect_kind(path)


def test_text_file_named_jpg(tmp_path):
    path = tmp_path / "notes.jpg"
    path.write_text("not a photo at all\n")
    with pytest.raises(BadInputError, match="This is not a supported image file"):
        detect_kind(path)


def test_random_bytes_named_as_raw(tmp_path):
    path = tmp_path / "DSC_0001.NEF"
    path.write_bytes(bytes(range(256)) * 40)
    with pytest.raises(BadInputError, match="This is not a supported image file"):
        detect_kind(path)


def test_truncated_jpeg_header(tmp_path, fixture_photos):
    path = tmp_path / "truncated.jpg"
    path.write_bytes((fixture_photos / "snow.jpg").read_bytes()[:300])  # cut inside the EXIF block
    with pytest.raises(BadInputError, match="looks like a JPEG file, but it cannot be decoded: it is truncated"):
        detect_kind(path)


def test_truncated_heic(tmp_path):
    heic = make_heic(tmp_path / "phone.heic", SMALL_HEIC)
    path = tmp_path / "truncated.heic"
    path.write_bytes(heic.read_bytes()[:200])
    with pytest.raises(BadInputError, match="looks like a HEIF/AVIF file, but it cannot be decoded"):
        detect_kind(path)


def test_missing_file_raises_file_not_found(tmp_path):
    with pytest.raises(FileNotFoundError):
        detect_kind(tmp_path / "gone.jpg")


def test_unreadable_file(tmp_path, fixture_photos):
    """chmod 000. Root reads anything, so as root the check runs in a child without CAP_DAC_OVERRIDE."""
    error = error_from_unreadable_copy(detect_kind, fixture_photos / "snow.jpg", tmp_path)
    expected = BadInputError(f"Permission denied: Photonix cannot read {tmp_path / 'locked.jpg'}.")
    assert error == repr(expected)
