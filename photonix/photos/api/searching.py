"""The ``q`` parameter of photo routes: parsed once, applied to the library's photos that are not deleted."""

from ninja.errors import HttpError

from photonix.photos.access import library_for
from photonix.photos.search import SearchSyntaxError, filter_photos, parse


def parsed(q):
    """The parsed search ``q``; a syntax error is a 422 naming the bad token."""
    try:
        return parse(q)
    except SearchSyntaxError as exc:
        raise HttpError(422, f"{exc.token}: {exc.message}" if exc.token else exc.message) from exc


def searched_photos(request, library_id, q):
    """The photos matching ``q`` of a library the caller may see (not deleted)."""
    library = library_for(request, library_id)
    return filter_photos(library.photos.filter(deleted=False), parsed(q))
