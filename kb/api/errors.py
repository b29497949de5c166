"""JSON errors of the API: always {"error": ..., "field": ...}, field null when not about one."""

from __future__ import annotations

from typing import Any

from flask import Response, jsonify


class ApiError(Exception):
    """Raised by API code; answered as a JSON error with its status and extra members."""

    def __init__(self, status: int, message: str, field: str | None = None,
                 headers: dict[str, str] | None = None, **extra: Any):
        super().__init__(message)
        self.status, self.message, self.field = status, message, field
        self.headers = headers or {}
        self.extra = extra


def error_response(status: int, message: str, field: str | None = None,
                   headers: dict[str, str] | None = None, **extra: Any) -> Response:
    """Build the JSON error response."""
    response = jsonify({"error": message, "field": field, **extra})
    response.status_code = status
    for name, value in (headers or {}).items():
        response.headers[name] = value
    return response


def handle_api_error(error: ApiError) -> Response:
    """Answer an ApiError."""
    return error_response(error.status, error.message, error.field, error.headers, **error.extra)
