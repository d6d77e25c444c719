"""The ``q`` parameter of photo routes: parsed once, applied to the library's photos that are not deleted."""

from ninja.errors import HttpError

from photonix.photos.access import library_for
from photonix.photos.search import SearchSyntaxError, filter_photos, parse


def searched_photos(request, library_id, q):
    """``(library, photos matching q)`` for a caller who may see the library; 422 naming the bad token."""
    library = library_for(request, library_id)
    try:
        query = parse(q)
    except SearchSyntaxError as exc:
        raise HttpError(422, f"{exc.token}: {exc.message}" if exc.token else exc.message) from exc
    return library, filter_photos(library.photos.filter(deleted=False), query)
