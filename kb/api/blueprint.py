"""URL map of the JSON API, its hooks (authentication, CSRF rule) and JSON errors."""

from __future__ import annotations

from flask import Blueprint, jsonify
from werkzeug.exceptions import HTTPException

from kb.api import reads, search, writes
from kb.api.auth import authenticate_request
from kb.api.errors import ApiError, error_response, handle_api_error
from kb.api.openapi import current_spec, documented
from kb.extensions import csrf

bp = Blueprint("api", __name__, url_prefix="/api/v1")
# CSRFProtect's blanket check is off here; `authenticate_request` applies the API's own
# rule instead: cookie-authenticated writes need the X-CSRFToken header (see there).
csrf.exempt(bp)
bp.before_request(authenticate_request)
bp.register_error_handler(ApiError, handle_api_error)

bp.add_url_rule("/search", "search", search.search_endpoint)
bp.add_url_rule("/articles", "articles", reads.list_view(None))
bp.add_url_rule("/articles", "create", writes.create, methods=["POST"])
bp.add_url_rule("/articles/<id>", "article", reads.get_article)
bp.add_url_rule("/articles/<id>", "update", writes.update, methods=["PATCH"])
bp.add_url_rule("/articles/<id>", "delete", writes.delete, methods=["DELETE"])
bp.add_url_rule("/articles/<id>/revisions", "history", reads.history)
bp.add_url_rule("/articles/<id>/transitions/<name>", "transition", writes.transition,
                methods=["POST"])
for _type in ("organisation", "contact", "project", "programme"):
    bp.add_url_rule(f"/{_type}s", f"{_type}s", reads.list_view(_type))
bp.add_url_rule("/vocabularies", "vocabularies", reads.vocabularies)


@documented("get", summary="This OpenAPI 3.1 document", tags=["meta"],
            responses={"200": {"description": "the document", "content": {
                "application/json": {"schema": {"type": "object"}}}}})
def openapi_document():
    """Serve the OpenAPI document generated from the views."""
    return jsonify(current_spec())


bp.add_url_rule("/openapi.json", "openapi", openapi_document)


@bp.record_once
def _register_token_pages(state) -> None:
    """Serve the account pages for API tokens alongside the API."""
    from kb.accounts.token_views import bp as token_pages

    state.app.register_blueprint(token_pages)


@bp.errorhandler(HTTPException)
def _http_error(error: HTTPException):
    messages = {404: "not found", 405: "method not allowed"}
    status = error.code or 500
    return error_response(status, messages.get(status, error.description or error.name))

