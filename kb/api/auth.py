"""Who calls the API: bearer tokens, or the site's session cookie under CSRF protection."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

from flask import current_app, g, request
from flask_login import current_user
from flask_wtf.csrf import CSRFError

from kb.accounts import tokens
from kb.api import limits
from kb.api.errors import ApiError
from kb.core.permissions import Role, current_role
from kb.extensions import csrf

F = TypeVar("F", bound=Callable[..., Any])
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
BEARER_CHALLENGE = {"WWW-Authenticate": 'Bearer realm="kb"'}


def _client_address() -> str:
    return request.remote_addr or ""


def _bearer_user(header: str):
    """Return the owner of the bearer token in `header`, or raise 401 (counted per address)."""
    address = _client_address()
    limits.check_auth_failures(address)
    scheme, _sep, secret = header.strip().partition(" ")
    user = tokens.authenticate(secret.strip()) if scheme.lower() == "bearer" else None
    if user is None:
        limits.note_auth_failure(address)
        raise ApiError(401, "invalid or revoked token (Authorization: Bearer <token>)",
                       headers=BEARER_CHALLENGE)
    return user


def authenticate_request() -> None:
    """Run before every API view: settle who is calling, and apply the CSRF rule.

    CSRF attacks ride on credentials a browser adds by itself: the session cookie.
    A bearer token is never added by a browser, and an anonymous request has no
    authority to abuse, so requests without a session cookie need no CSRF token.
    A write that would act through the session cookie must carry the page's CSRF
    token in the X-CSRFToken header, or it is refused (403). With a bearer token the
    token alone decides who acts; the cookie, if any, is ignored.
    """
    header = request.headers.get("Authorization")
    if header is not None:
        # flask-login reads the user of this request from here; the session stays untouched.
        g._login_user = _bearer_user(header)
        g.api_via_token = True
        return
    cookie = current_app.config.get("SESSION_COOKIE_NAME", "session")
    if request.method not in SAFE_METHODS and cookie in request.cookies:
        try:
            csrf.protect()
        except CSRFError as error:
            raise ApiError(403, f"cookie-authenticated writes need the X-CSRFToken header "
                                f"({error.description})") from error


def api_role(role: Role) -> Callable[[F], F]:
    """Let an API view run only for callers with at least `role`: else 401 or 403."""

    def decorator(view: F) -> F:
        @functools.wraps(view)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            if not current_user.is_authenticated:
                raise ApiError(401, "authentication required", headers=BEARER_CHALLENGE)
            if current_role() < role:
                raise ApiError(403, f"this needs the {role.name} role or higher")
            return view(*args, **kwargs)

        wrapper.required_role = role  # type: ignore[attr-defined]
        return wrapper  # type: ignore[return-value]

    return decorator
