"""Map routes: the located photos of a search, the map's tile settings, and the country outlines
that the web UI draws when there are no tiles (``photonix.photos.maps``)."""

from uuid import UUID

from django.conf import settings
from django.http import HttpResponse, HttpResponseNotModified
from ninja import Router

from photonix.photos import maps
from photonix.photos.api.browse import searched_photos
from photonix.photos.api.photos import SearchText
from photonix.photos.api.schemas import MapOut, MapSettingsOut

router = Router(tags=["map"])

# The outlines change only with the countryinfo package: browsers keep them for a week, then ask
# again with the ETag.
OUTLINES_MAX_AGE = 7 * 24 * 3600


@router.get("/libraries/{library_id}/map", response=MapOut)
def get_map(request, library_id: UUID, q: SearchText = ""):
    """The photos matching ``q`` that have a GPS position, as parallel arrays of ids, latitudes and
    longitudes (in no particular order)."""
    return maps.map_points(searched_photos(request, library_id, q))


@router.get("/map/settings", response=MapSettingsOut)
def map_settings(request):
    """Where the map's tiles come from (``MAP_TILE_URL``); ``tile_url`` null: draw the country outlines."""
    return {"tile_url": settings.MAP_TILE_URL or None, "attribution": settings.MAP_TILE_ATTRIBUTION}


@router.get("/map/countries", response={200: dict, 304: None})
def country_outlines(request):
    """The countries' outlines, a GeoJSON ``FeatureCollection`` (each feature's ``name``), simplified
    for drawing; with an ``ETag`` (``If-None-Match`` gets 304)."""
    etag = maps.country_outlines_etag()
    if request.headers.get("If-None-Match") == etag:
        response = HttpResponseNotModified()
    else:
        response = HttpResponse(maps.country_outlines(), content_type="application/json")
    response["ETag"] = etag
    response["Cache-Control"] = f"private, max-age={OUTLINES_MAX_AGE}"
    return response
