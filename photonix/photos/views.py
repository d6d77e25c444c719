"""Serving thumbnails and face crops to the users of a photo's library (and to nobody else)."""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect

from photonix.common.files import DataWriteError
from photonix.photos import face_crops, on_demand
from photonix.photos.models import Photo, PhotoTag, Tag
from photonix.photos.people import face_box
from photonix.photos.processing import configured_sizes
from photonix.photos.utils.errors import BadInputError
from photonix.photos.utils.paths import thumbnail_url, thumbnail_version


@login_required
def thumbnail(request, photo_id, size_name, version=None):
    """``/thumbnails/<photo id>/<size>.<version>.jpg``, e.g. ``256x256_cover_q50.3f2a9c0d1e``.

    The size must be one of ``settings.THUMBNAIL_SIZES``. The version names the photo's file as
    recorded (``paths.thumbnail_version``), so the URL changes when the file does and the browser may
    keep it for a week; ``paths.thumbnail_url`` gives the current URL. A request without a version
    (``/thumbnails/<photo id>/<size>.jpg``) or with an old one is redirected to the current URL.

    Sizes not made at import (the 3840 one) are made on first request (``on_demand``: one
    maker per file, a few at once per process; 503 with ``Retry-After`` when that takes too long
    or the disk is full). A user who is not a member of the photo's library gets 404, as for a
    photo that does not exist or was deleted; so does a request for an image that cannot be made
    (yet): a RAW file not developed, a file gone from disk, a file that cannot be decoded.
    Thumbnails are stored in display orientation; the photo's ``user_rotation`` is for the
    client to apply.
    """
    size = next((s for s in configured_sizes() if s.name == size_name), None)
    photo = get_object_or_404(Photo, pk=photo_id, deleted=False, library__users__user=request.user)
    photo_file = photo.base_file
    if size is None or photo_file is None:
        raise Http404("No thumbnail of this size")
    if version != thumbnail_version(photo_file):
        response = redirect(thumbnail_url(photo, size.name))
        response["Cache-Control"] = "private, no-cache"
        return response
    return _image_response(lambda: on_demand.thumbnail(photo_file, size))


@login_required
def face_thumbnail(request, face_id, version=None):
    """``/thumbnails/faces/<face id>.<version>.jpg``: the square crop of one face (``face_crops``),
    for members of the photo's library only (404 for anyone else, as for a blocked face, a deleted
    photo or a face without a box). The version works as for thumbnails: an old one is redirected."""
    face = get_object_or_404(
        PhotoTag.objects.select_related("photo"),
        pk=face_id,
        tag__type=Tag.Type.FACE,
        deleted=False,
        position_x__isnull=False,
        photo__deleted=False,
        photo__library__users__user=request.user,
    )
    photo_file = face.photo.base_file
    if photo_file is None:
        raise Http404("The photo has no file")
    current = face_crops.face_crop_version(face_box(face), photo_file)
    if version != current:
        response = redirect(face_crops.face_crop_url(face.pk, current))
        response["Cache-Control"] = "private, no-cache"
        return response
    return _image_response(lambda: face_crops.face_crop(face, photo_file))


def _image_response(make):
    """The JPEG at the path ``make()`` returns (making it if needed), cached by the browser for a week;
    404 when it cannot be made from the photo, 503 with ``Retry-After`` when it cannot be made now."""
    try:
        image = open(make(), "rb")
    except BadInputError as exc:
        raise Http404(str(exc)) from exc
    except FileNotFoundError as exc:
        raise Http404("The photo's image is not available (not developed yet, or its file is gone)") from exc
    except (on_demand.Busy, DataWriteError) as exc:
        response = HttpResponse(f"The thumbnail cannot be made now: {exc}", status=503, content_type="text/plain")
        response["Retry-After"] = str(on_demand.RETRY_AFTER)
        return response
    response = FileResponse(image, content_type="image/jpeg")
    response["Cache-Control"] = "private, max-age=604800"
    return response
