"""The OpenAPI schema and the docs page are served, errors are JSON, and the schema matches its
committed snapshot (tests/api/openapi.snapshot.json)."""

import difflib
import json
import os
from pathlib import Path

import pytest
from django.test import Client

from tests.api.client import ApiClient


def test_openapi_schema_is_served_as_json_with_the_v1_routes():
    response = Client().get("/api/openapi.json")
    assert response.status_code == 200
    schema = json.loads(response.content)
    assert schema["openapi"].startswith("3.")
    assert {"/api/v1/auth/login", "/api/v1/libraries/{library_id}", "/api/v1/setup", "/api/health"} <= set(
        schema["paths"]
    )
    schemes = schema["components"]["securitySchemes"]
    assert {s["type"] for s in schemes.values()} == {"http", "apiKey"}


def test_docs_page_is_served():
    response = Client().get("/api/docs")
    assert response.status_code == 200
    assert b"openapi.json" in response.content


@pytest.mark.django_db
def test_bad_input_is_a_json_422_not_a_500(library):
    api = ApiClient().login("alice", "secret-alice")
    assert api.get("/libraries/not-a-uuid").status_code == 422
    broken = api.client.post("/api/v1/auth/login", "{not json", content_type="application/json")
    assert broken.status_code in (400, 422)
    assert "detail" in broken.json()
    assert api.post("/auth/login", {"username": "al\x00ice", "password": "x"}).status_code == 422
    assert api.post(f"/libraries/{library.pk}/paths", {"path": "/tmp/\x00"}).status_code == 422


def test_an_unknown_api_url_is_a_json_404():
    response = Client().get("/api/v1/no-such-thing")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not Found"}


SNAPSHOT = Path(__file__).with_name("openapi.snapshot.json")
UPDATE_COMMAND = "UPDATE_API_SNAPSHOT=1 scripts/test.sh tests/api/test_schema.py"


def render(schema):
    """The schema as it is committed: pretty-printed with sorted keys (stable diffs)."""
    return json.dumps(schema, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def test_the_served_schema_matches_the_committed_snapshot():
    """The UI's TypeScript types are generated from tests/api/openapi.snapshot.json: a change of
    the API shows here as a diff, to be reviewed and committed with the change."""
    served = render(json.loads(Client().get("/api/openapi.json").content))
    if os.environ.get("UPDATE_API_SNAPSHOT"):
        SNAPSHOT.write_text(served)
    committed = SNAPSHOT.read_text() if SNAPSHOT.exists() else ""
    if served != committed:
        diff = difflib.unified_diff(
            committed.splitlines(keepends=True),
            served.splitlines(keepends=True),
            fromfile="tests/api/openapi.snapshot.json (committed)",
            tofile="/api/openapi.json (served)",
        )
        pytest.fail(
            f"The API schema changed. If that is intended, update the snapshot with\n\n    {UPDATE_COMMAND}\n\n"
            f"and commit it.\n\n{''.join(diff)}",
            pytrace=False,
        )


def test_an_unexpected_error_is_a_logged_json_500_without_its_text(rf, caplog):
    """A bug in a route answers JSON (as every API error does), and the traceback goes to the log only."""
    from photonix.web.api import api, unexpected_error

    request = rf.get("/api/v1/me")
    try:
        raise RuntimeError("secret detail of a bug")
    except RuntimeError as exc:
        response = unexpected_error(request, exc)
    assert response.status_code == 500
    assert response["Content-Type"].startswith("application/json")
    assert "secret detail" not in response.content.decode()
    assert "secret detail of a bug" in caplog.text and "Traceback" in caplog.text
    assert api._exception_handlers[Exception] is unexpected_error
