"""The OpenAPI schema and the docs page are served, and errors are JSON."""

import json

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
