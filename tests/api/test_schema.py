"""The API against its own OpenAPI schema: the schema is served, and schemathesis generates requests for
every operation (query values from the schema, the demo's real workspace and ids in the path) and checks
each answer — status code documented, body valid against the response schema, never a server error."""

from __future__ import annotations

import pytest
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings

from zorgzaam.areas.models import Neighbourhood
from zorgzaam.voices.models import Survey

from .conftest import api_client

pytestmark = pytest.mark.django_db


@pytest.fixture
def wsgi_app():
    """Django's WSGI handler inside the test's transaction: like Django's test client, requests must not
    close the connection that holds it."""
    from django.core.wsgi import get_wsgi_application

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield get_wsgi_application()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def test_the_schema_and_docs_are_served(demo):
    schema = api_client(None).get("/api/v1/openapi.json").json()
    assert schema["openapi"].startswith("3.")
    assert schema["components"]["securitySchemes"]["KeyAuth"]["scheme"] == "bearer"
    paths = set(schema["paths"])
    for path in ("/api/v1/areas", "/api/v1/areas/geojson", "/api/v1/workspaces/{workspace}/neighbourhoods/geojson",
                 "/api/v1/workspaces/{workspace}/neighbourhoods/{neighbourhood_id}/profile",
                 "/api/v1/workspaces/{workspace}/areas/{level}/{code}/profile",
                 "/api/v1/workspaces/{workspace}/facilities", "/api/v1/workspaces/{workspace}/neighbourhoods/"
                 "{neighbourhood_id}/reach", "/api/v1/workspaces/{workspace}/surveys/{survey_id}/aggregates",
                 "/api/v1/workspaces/{workspace}/findings"):
        assert path in paths, path
    assert all(set(methods) == {"get"} for methods in schema["paths"].values())  # read-only
    docs = api_client(None).get("/api/v1/docs").content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in docs and "cdn" not in docs.lower()  # works offline


def test_every_operation_answers_as_its_schema_says(demo, keys, wsgi_app):
    import schemathesis

    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", wsgi_app)
    neighbourhood = Neighbourhood.objects.filter(workspace=demo).order_by("name").first()
    fixed = {"workspace": demo.slug, "neighbourhood_id": neighbourhood.pk,
             "survey_id": Survey.objects.filter(workspace=demo).first().pk, "level": "municipality", "code": "99001"}
    headers = {"Authorization": f"Bearer {keys['lezer'][1]}"}
    answered: dict[str, set[int]] = {}
    for result in schema.get_all_operations():
        operation = result.ok()
        names = {p.name for p in operation.path_parameters}
        strategy = operation.as_strategy(path_parameters={k: v for k, v in fixed.items() if k in names},
                                         headers=headers)

        @settings(max_examples=8, deadline=None, database=None, derandomize=True,
                  suppress_health_check=list(HealthCheck))
        @given(case=strategy)
        def check(case):
            response = case.call(headers=headers)
            case.validate_response(response, headers=headers)
            assert response.status_code in (200, 404), (case.formatted_path, response.status_code)
            answered.setdefault(case.operation.path, set()).add(response.status_code)

        check()
    assert len(answered) >= 14
    assert all(200 in codes for codes in answered.values()), answered  # each operation really answered
