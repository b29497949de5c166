"""Audit log: `record()` adds an entry to the session, committed with the change it describes."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from flask import has_request_context, request
from flask_login import current_user

from kb.audit.models import AuditEntry
from kb.extensions import db

ACTIONS: tuple[str, ...] = (
    "login", "login_failed", "logout",
    "user.create", "user.role", "user.disable", "user.enable", "user.password",
    "article.create", "article.update", "article.transition", "article.delete",
    "article.restore", "article.verify", "article.confirm-translation", "settings.update",
    "import", "token.create", "token.revoke",
)

# Who acts when there is no signed-in user (the `kb` command).
CLI_ACTOR = "cli"

Target = Any  # a model instance with an id, a (type, id) pair, or None


def _target_key(target: Target) -> tuple[str | None, str | None]:
    """Return (type, id) for what an entry is about."""
    if target is None:
        return None, None
    if isinstance(target, tuple):
        kind, ident = target
        return kind, None if ident is None else str(ident)
    if getattr(target, "id", None) is None:
        db.session.flush()  # a new record gets its id here, still in the caller's transaction
    from kb.accounts.models import User
    from kb.content.models import Article

    if isinstance(target, Article):
        return "article", str(target.id)
    if isinstance(target, User):
        return "user", str(target.id)
    return type(target).__name__.lower(), str(target.id)


def _jsonable(details: dict[str, Any]) -> dict[str, Any]:
    """Make details storable as JSON: dates as ISO strings, other odd values as text."""

    def default(value: Any) -> str:
        if isinstance(value, dt.date | dt.datetime):
            return value.isoformat()
        return str(value)

    return json.loads(json.dumps(details, default=default))


def _signed_in_user():
    """Return the signed-in user of the current request, or None."""
    if not has_request_context():
        return None
    user = current_user._get_current_object()
    return user if getattr(user, "is_authenticated", False) else None


def record(action: str, target: Target = None, *, actor=None, **details: Any) -> AuditEntry:
    """Add an audit entry to the current session; the caller's commit writes it.

    `actor` defaults to the signed-in user; outside a request the entry names the CLI.
    """
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action {action!r}")
    actor = actor or _signed_in_user()
    target_type, target_id = _target_key(target)
    entry = AuditEntry(
        action=action,
        actor_id=getattr(actor, "id", None),
        actor_email=getattr(actor, "email", None) or (None if has_request_context()
                                                      else CLI_ACTOR),
        target_type=target_type,
        target_id=target_id,
        ip=request.remote_addr if has_request_context() else None,
        details=_jsonable(details),
    )
    db.session.add(entry)
    return entry
