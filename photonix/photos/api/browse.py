"""Browsing aids over the photos matching a search ``q`` (the same photos as the photos list):
facets, the timeline (counts per month), the library's albums, and suggestions for the search
box. (The map is in ``maps``.)"""

from uuid import UUID

from ninja import Query, Router

from photonix.common.schemas import Text
from photonix.photos.access import library_for
from photonix.photos.api.photos import SearchText
from photonix.photos.api.schemas import AlbumOut, FacetsOut, MonthCount, SuggestionOut
from photonix.photos.browsing import albums, timeline
from photonix.photos.facets import facets
from photonix.photos.listing import library_photos
from photonix.photos.search import parse
from photonix.photos.suggestions import MAX_SUGGESTIONS, suggestions

router = Router(tags=["browse"])


def searched_photos(request, library_id, q):
    """The photos of the list route for ``q`` (a ``SearchSyntaxError`` is answered 422 naming the term)."""
    return library_photos(library_for(request, library_id), parse(q))


@router.get("/libraries/{library_id}/facets", response=FacetsOut)
def get_facets(request, library_id: UUID, q: SearchText = ""):
    """Tags by type, cameras, lenses and value ranges of the photos matching ``q``, with counts."""
    return facets(library_for(request, library_id), parse(q))


@router.get("/libraries/{library_id}/timeline", response=list[MonthCount])
def get_timeline(request, library_id: UUID, q: SearchText = ""):
    """Photos matching ``q`` per month of ``sort_at`` (in UTC), newest first: the months of the photos list."""
    return timeline(searched_photos(request, library_id, q))


@router.get("/libraries/{library_id}/albums", response=list[AlbumOut])
def list_albums(request, library_id: UUID):
    """The library's albums by name, with their photo count and cover (the most recent photo)."""
    return albums(library_for(request, library_id))


@router.get("/libraries/{library_id}/suggestions", response=list[SuggestionOut])
def get_suggestions(
    request, library_id: UUID, text: Text(128, min_length=0) = "", limit: int = Query(8, ge=1, le=MAX_SUGGESTIONS)
):
    """People, places, albums, tags, cameras and lenses whose name contains ``text``, best first (for a search box)."""
    return suggestions(library_for(request, library_id), text, limit)
