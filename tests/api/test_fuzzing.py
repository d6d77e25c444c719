"""Property-based tests of every route with schemathesis, generated from /api/openapi.json.

Requests go in-process to the WSGI application (``photonix.web.wsgi``) on the test database,
as alice (the owner of a library of real, imported photos: ``tests/api/world.py``), once with
a Bearer token and once with a session and its CSRF header. Each operation gets
``MAX_EXAMPLES`` generated requests (derandomized, so CI runs the same ones), most of them
valid and on real ids, so that they reach the handler; some with invalid data (schemathesis'
negative mode) and some on made-up ids (404s): see ``cases``. Each request runs
in a savepoint that is rolled back, so every request sees the same library.

Checks: no 5xx, every response JSON (but 204s and downloads) and, when documented, conforming
to its schema and content type. Each operation must succeed (2xx) at least once, unless ``NEVER_2XX`` says
why it cannot; the terminal summary shows the share of 2xx per operation.
"""

from collections import Counter, defaultdict
from contextlib import contextmanager

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections, transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import content_type_conformance, response_schema_conformance

from photonix.web.wsgi import application
from tests.api.client import ApiClient
from tests.api.world import PASSWORD, build_world

MAX_EXAMPLES = 24
SCHEMA = schemathesis.openapi.from_wsgi("/api/openapi.json", application)
OPERATIONS = {op.label: op for op in (result.ok() for result in SCHEMA.get_all_operations())}
CALLERS = ["token", "session"]

# Operations that generated requests cannot make succeed, and why (they are still checked).
NEVER_2XX = {
    "POST /api/v1/setup": "setup is done already (409)",
    "POST /api/v1/auth/login": "generated passwords are wrong (401)",
    "POST /api/v1/me/password": "generated old passwords are wrong (400)",
}

# operation label → caller → Counter of status classes ("2xx", "4xx"...), for the summary
STATUSES = defaultdict(lambda: defaultdict(Counter))


@schemathesis.check
def json_unless_documented_otherwise(ctx, response, case):
    """Every answer is JSON (errors too: never one of Django's HTML pages), except a 204 and a
    response documented with other media types (a download)."""
    if response.status_code == 204:
        return None
    documented = case.operation.schema.get_content_types(case.operation, response)
    if documented and not any(media_type.startswith("application/json") for media_type in documented):
        return None
    content_type = response.headers.get("content-type", [""])[0]
    if not content_type.startswith("application/json"):
        raise AssertionError(f"{response.status_code} answered with Content-Type {content_type!r}, not JSON")
    return None


CHECKS = [not_a_server_error, response_schema_conformance, content_type_conformance, json_unless_documented_otherwise]


@contextmanager
def rolled_back_request():
    """One request in a savepoint that is rolled back afterwards.

    Like Django's test client, the WSGI handler is kept from closing the test database's
    connection (with its open transaction) at the start and end of the request.
    """
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        with transaction.atomic():
            yield
            transaction.set_rollback(True)
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    """The library every request of this module works on, made once and rolled back at the end."""
    folder = tmp_path_factory.mktemp("fuzzing") / "photos"
    folder.mkdir()
    with django_db_blocker.unblock(), transaction.atomic():
        yield build_world(folder)
        transaction.set_rollback(True)


@pytest.fixture
def credentials(world, caller):
    """What each request of ``caller`` sends: headers and cookies."""
    if caller == "token":
        return {"headers": {"Authorization": f"Bearer {world.token}"}, "cookies": {}}
    session = ApiClient().login("alice", PASSWORD).client
    cookies = {name: morsel.value for name, morsel in session.cookies.items()}
    return {"headers": {"X-CSRFToken": cookies["csrftoken"]}, "cookies": cookies}


def with_known_values(case, values):
    """The case with the body fields named in ``values`` set to them."""
    if isinstance(case.body, dict):
        case.body.update({name: value for name, value in values.items() if name in case.body})
    return case


def cases(operation, world):
    """Two fifths valid requests on real ids with the known-good body values of ``world.values`` (a
    user name, a folder, photo ids...), a fifth each: valid requests on real ids, invalid requests on
    real ids, valid requests on made-up ids."""
    real = {p.name: str(world.ids[p.name]) for p in operation.path_parameters}
    valid_on_real_ids = operation.as_strategy(GenerationMode.POSITIVE, path_parameters=real)
    with_known_body_values = valid_on_real_ids.map(lambda case: with_known_values(case, world.values))
    return st.one_of(
        with_known_body_values,
        with_known_body_values,
        valid_on_real_ids,
        operation.as_strategy(GenerationMode.NEGATIVE, path_parameters=real),
        operation.as_strategy(GenerationMode.POSITIVE),
    )


def test_every_path_parameter_names_an_object_of_the_world(world):
    names = {p.name for op in OPERATIONS.values() for p in op.path_parameters}
    assert names - set(world.ids) == set(), "teach tests/api/world.py to make these objects"


@pytest.mark.django_db
@pytest.mark.parametrize("caller", CALLERS)
@pytest.mark.parametrize("label", list(OPERATIONS))
def test_operation(label, caller, world, credentials):
    operation = OPERATIONS[label]
    seen = STATUSES[label][caller]

    @settings(
        max_examples=MAX_EXAMPLES,
        derandomize=True,
        database=None,
        deadline=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(case=cases(operation, world))
    def run(case):
        with rolled_back_request():
            response = case.call(**credentials)
        seen[f"{response.status_code // 100}xx"] += 1
        case.validate_response(response, checks=CHECKS)

    run()
    if label not in NEVER_2XX:
        assert seen["2xx"] > 0, f"no generated request succeeded: {dict(seen)}"
