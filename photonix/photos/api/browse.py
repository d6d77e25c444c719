"""Browsing aids over the photos matching a search ``q`` (the same photos as the photos list):
facets, the timeline (counts per month), the map (GeoJSON points), and the library's albums."""

from uuid import UUID

from ninja import Query, Router, Schema

from photonix.common.schemas import Text
from photonix.photos.access import library_for
from photonix.photos.api.schemas import AlbumOut, FacetsOut, MapOut, MonthCount
from photonix.photos.api.searching import parsed, searched_photos
from photonix.photos.browsing import albums, map_points, timeline
from photonix.photos.facets import facets

router = Router(tags=["browse"])


class SearchParams(Schema):
    q: Text(1000, min_length=0) = ""


@router.get("/libraries/{library_id}/facets", response=FacetsOut)
def get_facets(request, library_id: UUID, params: Query[SearchParams]):
    """Tags by type, cameras, lenses and value ranges of the photos matching ``q``, with counts."""
    library = library_for(request, library_id)
    return facets(library, parsed(params.q))


@router.get("/libraries/{library_id}/timeline", response=list[MonthCount])
def get_timeline(request, library_id: UUID, params: Query[SearchParams]):
    """Photos matching ``q`` per month (UTC), newest first; undated photos count by their file's time."""
    return timeline(searched_photos(request, library_id, params.q))


@router.get("/libraries/{library_id}/map", response=MapOut)
def get_map(request, library_id: UUID, params: Query[SearchParams]):
    """The photos matching ``q`` that have a GPS position, as GeoJSON points (newest first)."""
    points = map_points(searched_photos(request, library_id, params.q))
    return {
        "features": [
            {
                "geometry": {"coordinates": (p["longitude"], p["latitude"])},
                "properties": {"id": p["id"], "taken_at": p["taken_at"], "thumbnail_url": p["thumbnail_url"]},
            }
            for p in points
        ]
    }


@router.get("/libraries/{library_id}/albums", response=list[AlbumOut])
def list_albums(request, library_id: UUID):
    """The library's albums by name, with their photo count and cover (the most recent photo)."""
    return albums(library_for(request, library_id))
