"""A small JSON client for /api/v1: as a logged-in session (Django's test client with CSRF
checks enforced, sending the csrftoken cookie back as X-CSRFToken) or with a Bearer token."""

import json

from django.test import Client


class ApiClient:
    def __init__(self, token=None, csrf=True):
        self.client = Client(enforce_csrf_checks=True)
        self.token = token
        self.csrf = csrf

    def request(self, method, path, body=None):
        headers = {}
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        if self.csrf and "csrftoken" in self.client.cookies:
            headers["X-CSRFToken"] = self.client.cookies["csrftoken"].value
        data = json.dumps(body) if body is not None else ""
        return self.client.generic(method, "/api/v1" + path, data, content_type="application/json", headers=headers)

    def get(self, path):
        return self.request("GET", path)

    def post(self, path, body=None):
        return self.request("POST", path, body if body is not None else {})

    def patch(self, path, body):
        return self.request("PATCH", path, body)

    def delete(self, path):
        return self.request("DELETE", path)

    def login(self, username, password):
        """Log in through the API; fails the test unless it worked."""
        response = self.post("/auth/login", {"username": username, "password": password})
        assert response.status_code == 200, response.content
        return self
