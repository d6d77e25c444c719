"""The REST API (django-ninja), served under /api/; OpenAPI docs at /api/docs."""

from ninja import NinjaAPI
from ninja.responses import Status

from photonix.web.health import run_checks

api = NinjaAPI(title="Photonix", version="1")


@api.get("/health", auth=None, response={200: dict, 503: dict})
def health(request):
    """200 when the database and the broker answer, else 503 naming what failed (the error text for staff only)."""
    checks = run_checks(detailed=request.user.is_staff)
    healthy = all(v == "ok" for v in checks.values())
    return Status(200 if healthy else 503, {"status": "ok" if healthy else "unhealthy", "checks": checks})
