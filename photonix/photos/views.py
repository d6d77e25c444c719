"""Serving thumbnails to the users of a photo's library (and to nobody else)."""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404

from photonix.photos.models import Photo
from photonix.photos.processing import configured_sizes, ensure_thumbnails
from photonix.photos.utils.errors import BadInputError


@login_required
def thumbnail(request, photo_id, size_name):
    """``/thumbnails/<photo id>/<size>.jpg``, e.g. ``256x256_cover_q50``.

    The size must be one of ``settings.THUMBNAIL_SIZES``; sizes not made at import (the
    3840 one) are made on first request (the thumbnails step deletes them when the file
    changes). A user who is not a member of the photo's library gets 404,
    as for a photo that does not exist; so does a request for an image that cannot be made
    (yet): a RAW file not developed, a file gone from disk, a file that cannot be decoded.
    Thumbnails are stored in display orientation; the photo's ``user_rotation`` is for the
    client to apply.
    """
    size = next((s for s in configured_sizes() if s.name == size_name), None)
    photo = get_object_or_404(Photo, pk=photo_id, library__users__user=request.user)
    photo_file = photo.base_file
    if size is None or photo_file is None:
        raise Http404("No thumbnail of this size")
    try:
        path = ensure_thumbnails(photo_file, [size])[size]
        image = open(path, "rb")
    except BadInputError as exc:
        raise Http404(str(exc)) from exc
    except FileNotFoundError as exc:
        raise Http404("The photo's image is not available (not developed yet, or its file is gone)") from exc
    response = FileResponse(image, content_type="image/jpeg")
    response["Cache-Control"] = "private, max-age=604800"
    return response
