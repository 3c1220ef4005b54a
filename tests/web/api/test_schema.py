"""The OpenAPI document: valid, matching the routes, honoured by every response (Schemathesis)."""

from __future__ import annotations

from datetime import date

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import CHECKS, load_all_checks, positive_data_acceptance

from tests.web.oauth.helpers import ALL, add_brand, bearer, direct_token
from vault import demo
from web.api.protect import ENDPOINTS

# Their rules (dates relative to today, fields that depend on each other, opaque cursors)
# cannot be written in JSON Schema: a schema-valid request may still be refused with 422.
BEYOND_SCHEMA = {"POST /api/v1/purchases", "POST /api/v1/offers", "GET /api/v1/purchases"}
EXAMPLES = 15  # per operation and mode: bounded so the whole run stays well under a minute
load_all_checks()
ALL_CHECKS = CHECKS.get_all()  # every check Schemathesis has, not only its default set


@pytest.fixture
def token(store_of) -> str:
    """An access token holding every scope, over a vault with a demo consumer in it."""
    demo.populate(store_of, today=date.today(), orders_count=60)
    return direct_token(store_of, add_brand(store_of), ALL.split())


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
def test_no_5xx_and_every_response_conforms(app, token, mode):
    schema = schemathesis.openapi.from_wsgi("/api/openapi.json", app)
    for result in schema.get_all_operations():
        operation = result.ok()
        raw = operation.definition.raw
        if mode is GenerationMode.NEGATIVE and not (raw["parameters"] or "requestBody" in raw):
            continue  # nothing to get wrong in a call without input
        excluded = [positive_data_acceptance] if operation.label in BEYOND_SCHEMA else []
        _fuzz(operation, mode, bearer(token), excluded)


def _fuzz(operation, mode, headers: dict, excluded: list) -> None:
    @given(operation.as_strategy(generation_mode=mode))
    @settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
              suppress_health_check=list(HealthCheck))
    def check(case):
        case.call_and_validate(headers=headers, checks=ALL_CHECKS, excluded_checks=excluded)

    check()


def test_the_document_lists_exactly_the_routes(client, app):
    document = client.get("/api/openapi.json").get_json()
    assert document["openapi"].startswith("3.1")
    documented = {(m.upper(), p) for p, ops in document["paths"].items() for m in ops}
    routed = {(m, r.rule.replace("<int:offer_id>", "{offer_id}"))
              for r in app.url_map.iter_rules() if r.endpoint.startswith("api.")
              and r.rule.startswith("/api/v1/") for m in r.methods - {"HEAD", "OPTIONS"}}
    assert documented == routed


def test_every_endpoint_declares_its_scope_in_the_document(client):
    document = client.get("/api/openapi.json").get_json()
    for e in ENDPOINTS:
        security = document["paths"][e.path][e.method.lower()]["security"]
        declared = {s for requirement in security for s in requirement["oauth2"]}
        assert declared == set(e.scopes or ()), e.name
