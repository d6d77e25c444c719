"""Resource limits on untrusted files: ``MAX_FILE_BYTES`` and ``MAX_IMAGE_PIXELS`` (every decoder).

In this process, with the settings changed by the test: ``record_photo`` refuses a file above either limit
with the reason, before decoding it; RAW/HEIC development and thumbnails refuse an image above the pixel
limit from its header.
"""

import pytest
from PIL import Image

from photonix.photos.importing import record_photo
from photonix.photos.models import PhotoFile, RejectedFile
from photonix.photos.utils.errors import BadInputError
from photonix.photos.utils.raw import develop
from photonix.photos.utils.thumbnails import DEFAULT_SIZES, make_thumbnails
from tests.factories import make_dng, make_heic, make_jpeg


@pytest.fixture(autouse=True)
def pillow_limit_restored(monkeypatch):
    """open_image sets Pillow's global limit from the (overridden) setting: put it back after each test."""
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", Image.MAX_IMAGE_PIXELS)


pytestmark = pytest.mark.django_db


def reason(path):
    return RejectedFile.objects.filter(path=str(path)).values_list("reason", flat=True).first()


def test_file_above_max_file_bytes_is_rejected_with_the_reason(library, settings):
    big = make_jpeg(library.folder / "big.jpg", size=(640, 480))
    small = make_jpeg(library.folder / "small.jpg", size=(8, 8))
    settings.MAX_FILE_BYTES = small.stat().st_size
    assert record_photo(big, library) is None
    assert f"larger than MAX_FILE_BYTES ({big.stat().st_size} > {small.stat().st_size} bytes)" in reason(big)
    assert record_photo(small, library) is not None


def test_image_above_max_image_pixels_is_rejected_at_import(library, settings):
    settings.MAX_IMAGE_PIXELS = 100 * 100
    for path in (
        make_jpeg(library.folder / "wide.jpg", size=(101, 100)),
        make_heic(library.folder / "wide.heic", size=(128, 100)),
        make_dng(library.folder / "wide.dng", size=(128, 100)),
    ):
        assert record_photo(path, library) is None, path.name
        assert "more than MAX_IMAGE_PIXELS (10000)" in reason(path), path.name
    assert record_photo(make_jpeg(library.folder / "fits.jpg", size=(100, 100)), library) is not None
    assert PhotoFile.objects.count() == 1


@pytest.mark.parametrize("maker", [make_heic, make_dng], ids=["heic", "dng"])
def test_development_refuses_an_image_above_the_limit(tmp_path, settings, maker):
    src = maker(tmp_path / f"photo.{maker.__name__[5:]}", size=(128, 96))
    settings.MAX_IMAGE_PIXELS = 128 * 96 - 1
    with pytest.raises(BadInputError, match="more than MAX_IMAGE_PIXELS"):
        develop(src, tmp_path / "out.jpg")
    assert not (tmp_path / "out.jpg").exists()
    settings.MAX_IMAGE_PIXELS = 128 * 96
    assert develop(src, tmp_path / "out.jpg").width > 0


def test_thumbnails_refuse_an_image_above_the_limit(tmp_path, settings):
    src = make_jpeg(tmp_path / "photo.jpg", size=(200, 100))
    outputs = {size: tmp_path / f"{size.name}.jpg" for size in DEFAULT_SIZES[:1]}
    settings.MAX_IMAGE_PIXELS = 200 * 100 - 1
    with pytest.raises(BadInputError, match=r"200x100 is 20000 pixels, more than MAX_IMAGE_PIXELS \(19999\)"):
        make_thumbnails(src, outputs)
    settings.MAX_IMAGE_PIXELS = 200 * 100
    make_thumbnails(src, outputs)
    assert all(path.is_file() for path in outputs.values())
