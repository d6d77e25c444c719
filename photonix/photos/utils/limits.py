"""The pixel limit every decoder applies before decoding pixels (``MAX_IMAGE_PIXELS``).

One limit for Pillow, pillow-heif (a Pillow plugin here) and LibRaw: the image's size is read from its
header and checked before any pixel is decoded. Above the limit the image is refused with
:class:`BadInputError`, a permanent error.
"""

from typing import BinaryIO

from django.conf import settings
from PIL import Image

from photonix.photos.utils.errors import BadInputError


def check_pixels(width: int | None, height: int | None) -> None:
    """Raise :class:`BadInputError` when a ``width`` x ``height`` image is above ``MAX_IMAGE_PIXELS``."""
    limit = settings.MAX_IMAGE_PIXELS
    if width and height and width * height > limit:
        raise BadInputError(
            f"The image is too large: {width}x{height} is {width * height} pixels, "
            f"more than MAX_IMAGE_PIXELS ({limit})."
        )


def open_image(file: BinaryIO) -> Image.Image:
    """``Image.open(file)`` with Pillow's own decompression-bomb check set to the same limit, size checked.

    Pillow refuses at twice its limit by itself and only warns between 1x and 2x: the size check here
    refuses everything above the limit.
    """
    Image.MAX_IMAGE_PIXELS = settings.MAX_IMAGE_PIXELS
    image = Image.open(file)
    check_pixels(*image.size)
    return image
