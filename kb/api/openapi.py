"""The OpenAPI 3.1 document, generated from the API's views and schemas with apispec.

Every view declares its operations with `@documented(...)` next to its code; the
document is assembled from the URL map (apispec's Flask plugin turns rules into
paths) and the marshmallow schemas, so it cannot describe endpoints that do not exist.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any, TypeVar

from apispec import APISpec
from apispec.ext.marshmallow import MarshmallowPlugin
from apispec_webframeworks.flask import FlaskPlugin
from flask import Flask, current_app

from kb.api import schemas
from kb.content.importer import _schema as exchange_schema

F = TypeVar("F", bound=Callable[..., Any])
TITLE = "kb – Wissensdatenbank Migration und Integration"
VERSION = "1"
ERRORS = {
    400: ("BadRequest", "malformed parameter or invalid record (the field is named)"),
    401: ("Unauthorized", "authentication required, or the bearer token is invalid or revoked"),
    403: ("Forbidden", "the caller's role does not allow this, or a cookie-authenticated write "
                       "lacks the X-CSRFToken header"),
    404: ("NotFound", "no such article, or not visible to the caller"),
    409: ("Conflict", "the id is taken, the workflow state does not allow it, or others refer to "
                      "the article (repeat with confirm)"),
    412: ("PreconditionFailed", "If-Match names an outdated version: the body holds the "
                                "current one"),
    428: ("PreconditionRequired", "If-Match is missing: send the ETag of the version you changed"),
    429: ("TooManyRequests", "rate limit reached: wait for Retry-After seconds"),
}
PUBLIC = [{}, {"bearerAuth": []}]
SIGNED_IN = [{"bearerAuth": []}]


def documented(method: str, **operation: Any) -> Callable[[F], F]:
    """Attach the OpenAPI operation for `method` to a view (error codes by number)."""

    def decorator(view: F) -> F:
        operation.setdefault("security", PUBLIC)
        responses = operation.setdefault("responses", {})
        for code in operation.pop("errors", ()):
            responses[str(code)] = ERRORS[code][0]
        view.__dict__.setdefault("openapi", {})[method.lower()] = operation
        return view

    return decorator


def path_param(name: str, description: str, **schema: Any) -> dict[str, Any]:
    """Describe a path parameter."""
    return {"name": name, "in": "path", "required": True, "description": description,
            "schema": {"type": "string", **schema}}


def query_param(name: str, description: str, array: bool = False, **schema: Any
                ) -> dict[str, Any]:
    """Describe a query parameter (repeatable when `array`)."""
    item = {"type": "string", **schema}
    param = {"name": name, "in": "query", "required": False, "description": description,
             "schema": {"type": "array", "items": item} if array else item}
    if array:
        param.update(style="form", explode=True)
    return param


def json_body(schema: Any, description: str, required: bool = True) -> dict[str, Any]:
    """Describe a JSON request body."""
    return {"required": required, "description": description,
            "content": {"application/json": {"schema": schema}}}


def json_response(schema: Any, description: str, etag: bool = False) -> dict[str, Any]:
    """Describe a JSON response, with the ETag header when it carries a version."""
    response: dict[str, Any] = {"description": description,
                                "content": {"application/json": {"schema": schema}}}
    if etag:
        response["headers"] = {"ETag": {"$ref": "#/components/headers/ETag"}}
    return response


def _record_property(self, field, **kwargs) -> dict[str, Any]:
    component = getattr(field, "component", None)
    return {"$ref": f"#/components/schemas/{component}"} if component else {}


def _record_components() -> dict[str, dict[str, Any]]:
    """Derive the record components from the exchange format's JSON Schema."""
    record = copy.deepcopy(exchange_schema())
    record.pop("title", None)
    new = {**copy.deepcopy(record), "required": ["type", "language", "title"],
           "description": "a new record; the id is made from the title when absent"}
    patch = {
        "type": "object", "additionalProperties": False,
        "description": "the fields to change; null removes a field",
        "properties": {name: {"anyOf": [prop, {"type": "null"}]}
                       for name, prop in record["properties"].items()},
    }
    record["description"] = "an exchange record (see the exchange format)"
    return {"Record": record, "NewRecord": new, "RecordPatch": patch}


def _components(spec: APISpec) -> None:
    for name, component in _record_components().items():
        spec.components.schema(name, component)
    spec.components.schema("Error", schema=schemas.ErrorSchema)
    spec.components.schema("StaleVersion", schema=schemas.StaleVersionSchema)
    spec.components.schema("Referrers", schema=schemas.ReferrersSchema)
    spec.components.security_scheme("bearerAuth", {
        "type": "http", "scheme": "bearer",
        "description": "an API token from the account page or `kb token create`"})
    spec.components.header("ETag", {"description": 'the article\'s version, as "<version>"',
                                    "schema": {"type": "string"}})
    spec.components.header("Retry-After", {"description": "seconds to wait",
                                           "schema": {"type": "string"}})
    for code, (name, description) in ERRORS.items():
        schema = "StaleVersion" if code == 412 else "Error"
        content_schema: dict[str, Any] = {"$ref": f"#/components/schemas/{schema}"}
        if code == 409:
            content_schema = {"anyOf": [{"$ref": "#/components/schemas/Error"},
                                        {"$ref": "#/components/schemas/Referrers"}]}
        response: dict[str, Any] = {"description": description,
                                    "content": {"application/json": {"schema": content_schema}}}
        if code == 429:
            response["headers"] = {"Retry-After": {"$ref": "#/components/headers/Retry-After"}}
        if code == 412:
            response["headers"] = {"ETag": {"$ref": "#/components/headers/ETag"}}
        spec.components.response(name, response)


def build_spec(app: Flask) -> dict[str, Any]:
    """Assemble the document from every documented API view."""
    marshmallow = MarshmallowPlugin()
    spec = APISpec(
        title=TITLE, version=VERSION, openapi_version="3.1.0",
        plugins=[FlaskPlugin(), marshmallow],
        info={"description": "Read, search and edit the knowledge base. Anonymous callers see "
                             "public content; tokens act with their owner's role. See "
                             "docs/api.md."},
    )
    marshmallow.converter.add_attribute_function(_record_property)
    _components(spec)
    for rule in sorted(app.url_map.iter_rules(), key=lambda rule: rule.rule):
        view = app.view_functions.get(rule.endpoint)
        operations = getattr(view, "openapi", None)
        if rule.endpoint.startswith("api.") and operations:
            spec.path(view=view, app=app, operations=copy.deepcopy(operations))
    return spec.to_dict()


def current_spec() -> dict[str, Any]:
    """Return this app's document, built once."""
    state = current_app.extensions.setdefault("kb_api", {})
    if "openapi" not in state:
        state["openapi"] = build_spec(current_app._get_current_object())
    return state["openapi"]
