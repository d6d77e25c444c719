"""The web UI: the built single-page app's ``index.html`` for every client route.

The UI is built by ``scripts/build_ui.sh`` into ``ui/dist`` (``settings.UI_DIST``); its
hashed assets are static files under ``/static/ui/`` that WhiteNoise serves with immutable
caching. Every other URL outside ``/api/``, ``/admin/``, ``/thumbnails/`` and ``/static/``
is a route of the app, so it gets ``index.html`` (never cached, so a new build is picked up
at once) with the ``csrftoken`` cookie the app sends back as ``X-CSRFToken``.
"""

from django.conf import settings
from django.http import HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import ensure_csrf_cookie

NOT_BUILT = """<!doctype html><html lang="en"><meta charset="utf-8"><title>Photonix</title>
<p>The Photonix web UI has not been built. Run <code>make start</code> (or <code>scripts/build_ui.sh</code>)
and reload this page. The API is at <a href="/api/docs">/api/docs</a>.</p></html>"""


@never_cache
@ensure_csrf_cookie
def index(request):
    """``index.html`` of the built UI, or a 503 page saying how to build it."""
    try:
        page = (settings.UI_DIST / "index.html").read_bytes()
    except FileNotFoundError:
        return HttpResponse(NOT_BUILT, status=503)
    return HttpResponse(page, content_type="text/html; charset=utf-8")
