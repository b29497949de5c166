"""Sign-in throttling: too many recent failures for an address or from an IP stop attempts.

The failures live in the database, so every worker process sees the same count.
"""

from __future__ import annotations

import datetime as dt

from flask import current_app
from sqlalchemy import delete, func, select

from kb.accounts.models import LoginFailure
from kb.content.models import utcnow
from kb.extensions import db


def _window() -> dt.timedelta:
    return dt.timedelta(minutes=current_app.config["KB_LOGIN_WINDOW_MINUTES"])


def _recent_failures(column, value: str) -> int:
    since = utcnow() - _window()
    query = select(func.count()).where(column == value, LoginFailure.at > since)
    return db.session.scalar(query) or 0


def is_locked(email: str, ip: str) -> bool:
    """Return whether attempts for `email` or from `ip` are refused for now."""
    config = current_app.config
    return (_recent_failures(LoginFailure.email, email) >= config["KB_LOGIN_MAX_FAILURES"]
            or _recent_failures(LoginFailure.ip, ip) >= config["KB_LOGIN_MAX_FAILURES_PER_IP"])


def note_failure(email: str, ip: str) -> None:
    """Count a failed attempt (committed by the caller) and forget expired ones."""
    db.session.execute(delete(LoginFailure).where(LoginFailure.at <= utcnow() - _window()))
    db.session.add(LoginFailure(email=email, ip=ip))


def clear_failures(email: str) -> None:
    """Forget the failures for `email` after it signed in successfully.

    Failures from `ip` for other addresses stay: signing in to one's own account
    must not reset the count of guesses at someone else's.
    """
    db.session.execute(delete(LoginFailure).where(LoginFailure.email == email))


def window_minutes() -> int:
    """Return how long failures count, in minutes (for the refusal message)."""
    return int(current_app.config["KB_LOGIN_WINDOW_MINUTES"])
