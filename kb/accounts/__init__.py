"""Accounts and sign-in."""

from __future__ import annotations

import hmac
import os

from flask import Flask, g

from kb.extensions import db, login_manager


def load_user(session_id: str):
    """Return the active user whose id and session token the session carries, else None.

    A changed token (new password, account disabled) or a disabled account ends the
    session at the next request.
    """
    from kb.accounts.models import User

    user_id, _, token = (session_id or "").partition(":")
    if not user_id.isdigit() or not token:
        return None
    user = db.session.get(User, int(user_id))
    if user is None or not user.is_active:
        return None
    if not hmac.compare_digest(user.session_token.encode(), token.encode()):
        return None
    return user


def _forget_request_caches() -> None:
    """Load the user and the CSRF token afresh for every request.

    `g` outlives a request when an app context was pushed beforehand (tests, scripts);
    a user cached there would survive being disabled or signed out elsewhere.
    """
    g.pop("_login_user", None)
    g.pop("csrf_token", None)


def _unauthorized():
    from kb.core.permissions import refuse_anonymous

    return refuse_anonymous()


def init_app(app: Flask) -> None:
    """Bind the user loader and the sign-in settings."""
    from kb.accounts import models  # noqa: F401  (tables known to Alembic and queries)
    from kb.audit import models as audit_models  # noqa: F401
    login_manager.user_loader(load_user)
    login_manager.unauthorized_handler(_unauthorized)
    app.before_request(_forget_request_caches)
    # The session token does what "strong" protection would, without signing out
    # people whose address changes (mobile networks, proxies).
    login_manager.session_protection = "basic"
    if os.environ.get("KB_COOKIE_SECURE") == "1" or app.config.get("KB_COOKIE_SECURE"):
        app.config["SESSION_COOKIE_SECURE"] = True
        app.config["REMEMBER_COOKIE_SECURE"] = True
    from kb.accounts.forms import role_label

    app.jinja_env.globals["role_label"] = role_label
    app.config.setdefault("KB_LOGIN_MAX_FAILURES", 5)
    # Raise this when many people sign in from one address (shared NAT, proxy).
    app.config.setdefault("KB_LOGIN_MAX_FAILURES_PER_IP",
                          int(os.environ.get("KB_LOGIN_MAX_FAILURES_PER_IP", "5")))
    app.config.setdefault("KB_LOGIN_WINDOW_MINUTES", 15)
