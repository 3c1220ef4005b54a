"""Schemathesis over the served OpenAPI document, with every check it has, against `coffre serve`.

tests/web/api/test_schema.py runs it in-process (WSGI); here the requests go
through the production server and its waitress, with a live token holding
every scope. Each operation gets valid (positive) and invalid (negative)
requests; a failed check is a failure of the campaign.
"""

from __future__ import annotations

import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import CHECKS, load_all_checks, positive_data_acceptance
from schemathesis.core.failures import FailureGroup

from tests.proof import harness
from tests.proof.result import Result

# Rules JSON Schema cannot say (dates relative to today, fields that depend on one another,
# opaque cursors): a schema-valid request may still be refused with a 422 (as in test_schema.py).
BEYOND_SCHEMA = {"POST /api/v1/purchases", "POST /api/v1/offers", "GET /api/v1/purchases"}


def fuzz(operation, mode: GenerationMode, token: str, examples: int) -> int:
    """Run `examples` generated requests of one operation; return how many were sent."""
    load_all_checks()
    excluded = [positive_data_acceptance] if operation.label in BEYOND_SCHEMA else []
    sent = 0

    @given(operation.as_strategy(generation_mode=mode))
    @settings(max_examples=examples, deadline=None, derandomize=True, database=None,
              suppress_health_check=list(HealthCheck))
    def check(case):
        nonlocal sent
        sent += 1
        case.call_and_validate(headers={"Authorization": f"Bearer {token}"}, timeout=30,
                               checks=CHECKS.get_all(), excluded_checks=excluded)

    check()
    return sent


def run(result: Result, served: harness.Served, token: str, *, long: bool) -> None:
    """Every operation in both modes: 100 examples each (long) or 3 (short)."""
    examples = 100 if long else 3
    sent = 0
    schema = schemathesis.openapi.from_url(served.url + "/api/openapi.json")
    schema.config.update(base_url=served.url)
    for found in schema.get_all_operations():
        operation = found.ok()
        raw = operation.definition.raw
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            if mode is GenerationMode.NEGATIVE and not (raw.get("parameters")
                                                        or "requestBody" in raw):
                continue  # nothing to get wrong in a call without input
            try:
                sent += fuzz(operation, mode, token, examples)
            except (Exception, FailureGroup) as error:  # Schemathesis's own report
                # (FailureGroup is a BaseExceptionGroup, which `Exception` misses)
                result.fail(f"schemathesis {operation.label} {mode.value}: "
                            f"{str(error).strip()[:400]}")
    result.cases += sent
    result.requests = (result.requests or 0) + sent
    result.details.append(f"schemathesis: {sent} requests, every check, both modes")
