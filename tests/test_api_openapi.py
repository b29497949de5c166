"""The OpenAPI document is generated from the code, and the live API keeps to it.

Schemathesis generates requests for every documented operation from the document
itself and checks each response against it: no 5xx, documented status codes,
content types, headers and bodies. Anonymous callers and a reviewer's token
both take a turn; the run is derandomised and bounded.
"""

from __future__ import annotations

from collections import Counter

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from kb.accounts import tokens
from kb.api.openapi import ERRORS
from kb.extensions import db
from kb.search.sync import catch_up
from tests.helpers import make_user

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance,
          response_headers_conformance, response_schema_conformance]
EXAMPLES = 12
# Public, internal, pending and draft: every audience meets hidden and visible ones.
KNOWN_IDS = ("org-child", "person-internal", "project-y", "project-draft")


@pytest.fixture
def content(load):
    load("every_field.jsonl")
    catch_up()


def test_the_document_describes_every_api_route(client, app):
    spec = client.get("/api/v1/openapi.json").get_json()
    assert spec["openapi"].startswith("3.1")
    documented = {(path, method) for path, ops in spec["paths"].items() for method in ops}
    routes = {(rule.rule.replace("<", "{").replace(">", "}"), method.lower())
              for rule in app.url_map.iter_rules() if rule.endpoint.startswith("api.")
              for method in rule.methods - {"HEAD", "OPTIONS"}}
    assert documented == routes
    responses = spec["components"]["responses"]
    assert {name for name, _ in ERRORS.values()} <= set(responses)
    patch = spec["paths"]["/api/v1/articles/{id}"]["patch"]
    assert {"400", "401", "403", "404", "409", "412", "428", "429"} <= set(patch["responses"])
    assert spec["components"]["schemas"]["Record"]["properties"]["visibility"]["enum"] == [
        "public", "internal"]


def _current_version(app, article_id: str, headers: dict[str, str]) -> str | None:
    response = app.test_client().get(f"/api/v1/articles/{article_id}", headers=headers)
    return response.headers.get("ETag") if response.status_code == 200 else None


def _run_operation(app, operation, headers: dict[str, str], seen: Counter,
                   article_id: str | None = None, fresh_version: bool = False) -> None:
    """Send generated requests to one operation; `article_id` pins the path's id."""
    strategy = operation.as_strategy(
        path_parameters={"id": article_id} if article_id else None)

    @settings(max_examples=EXAMPLES, derandomize=True, deadline=None, database=None,
              suppress_health_check=list(HealthCheck))
    @given(case=strategy)
    def check(case) -> None:
        if case.headers is not None:
            case.headers.pop("Authorization", None)  # the caller's own, or none at all
        if fresh_version and case.headers is not None and "If-Match" in case.headers:
            # Based on the current version, so that writes get past 412 to their checks.
            case.headers["If-Match"] = _current_version(app, article_id, headers) or "\"0\""
        response = case.call_and_validate(headers=headers, checks=CHECKS)
        seen[(case.method, response.status_code)] += 1

    check()


@pytest.mark.slow
@pytest.mark.parametrize("caller", ["anonymous", "reviewer token"])
def test_the_live_api_keeps_to_its_document(app, content, caller, monkeypatch):
    app.config["KB_API_WRITE_LIMIT"] = (10_000, 60)
    app.config["KB_API_AUTH_FAILURE_LIMIT"] = (10_000, 60)
    # Hundreds of generated writes in seconds: keeping the search index in step after
    # each is the search tests' subject, not this one's, and would dominate the run.
    monkeypatch.setattr("kb.search.service.catch_up", lambda *args, **kwargs: 0)
    headers = {}
    if caller != "anonymous":
        _token, secret = tokens.issue(make_user("reviewer"), "schemathesis")
        db.session.commit()
        headers = {"Authorization": f"Bearer {secret}"}
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    operations = [result.ok() for result in schema.get_all_operations()]
    seen: Counter = Counter()
    for operation in operations:
        _run_operation(app, operation, headers, seen)
    # Random ids find nothing; known ones reach the 200, 400 and 409 answers too.
    # Deleting last, so that the other operations still find the article.
    by_id = sorted((op for op in operations if "{id}" in op.path),
                   key=lambda op: op.method.lower() == "delete")
    for article_id in KNOWN_IDS:
        for operation in by_id:
            _run_operation(app, operation, headers, seen, article_id, fresh_version=True)
    # The run reached real answers, not only refusals.
    assert ("GET", 200) in seen
    if caller != "anonymous":
        assert {("PATCH", 200), ("POST", 201)} <= set(seen)
