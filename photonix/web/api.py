"""The REST API (django-ninja), served under /api/: the apps' routers at /api/v1/, the
health check at /api/health, the OpenAPI schema at /api/openapi.json and docs at /api/docs.

This module only assembles: routes live with their apps (``photonix.accounts.api``,
``photonix.photos.api``). Every route needs a token or a session (``API_AUTH``) unless it
says ``auth=None``; errors are JSON ``{"detail": ...}``.
"""

import logging

from django.http import JsonResponse
from ninja import NinjaAPI
from ninja.responses import Status

from photonix.accounts.api import router as accounts_router
from photonix.accounts.auth import API_AUTH
from photonix.accounts.login_limits import LoginLocked
from photonix.photos.api import router as photos_router
from photonix.photos.editing import EditRefused
from photonix.photos.search import SearchSyntaxError
from photonix.web.health import run_checks

log = logging.getLogger(__name__)

api = NinjaAPI(title="Photonix", version="1", auth=API_AUTH)
api.add_router("/v1/", accounts_router)
api.add_router("/v1/", photos_router)


@api.exception_handler(LoginLocked)
def login_locked(request, exc):
    response = api.create_response(request, {"detail": str(exc)}, status=429)
    response["Retry-After"] = str(exc.wait)
    return response


@api.exception_handler(SearchSyntaxError)
def search_syntax_error(request, exc):
    """A search ``q`` that does not parse: 422 with the reason and the offending term as written."""
    return api.create_response(request, {"detail": exc.message, "token": exc.token}, status=422)


@api.exception_handler(EditRefused)
def edit_refused(request, exc):
    return api.create_response(request, {"detail": str(exc)}, status=422)


@api.exception_handler(Exception)
def unexpected_error(request, exc):
    """A bug: logged with its traceback, answered as JSON 500 without the exception's text."""
    log.error("Unexpected error in %s %s", request.method, request.path, exc_info=exc)
    return api.create_response(request, {"detail": "Internal server error: see the server's log."}, status=500)


@api.get("/health", auth=None, response={200: dict, 503: dict})
def health(request):
    """200 when the database and the broker answer, else 503 naming what failed (the error text for staff only)."""
    checks = run_checks(detailed=request.user.is_staff)
    healthy = all(v == "ok" for v in checks.values())
    return Status(200 if healthy else 503, {"status": "ok" if healthy else "unhealthy", "checks": checks})


def not_found(request):
    """Any other URL under /api/: a JSON 404, not Django's HTML page."""
    return JsonResponse({"detail": "Not Found"}, status=404)
