"""Rate limits of the API: writes per account, failed authentication per client address.

The events counted live in the database (`ApiLimitEvent`), as sign-in failures do, so
every worker process, on every machine, counts against the same limit. Each check is one
indexed count; each event counted is one small committed row, written before the request
goes on (a write that then fails still counts: the limit is about load; one refused with
429 does not).
"""

from __future__ import annotations

import datetime as dt
import math

from flask import current_app
from sqlalchemy import delete, func, select

from kb.accounts.models import ApiLimitEvent
from kb.api.errors import ApiError
from kb.content.models import utcnow
from kb.extensions import db

DEFAULTS = {
    # (requests, seconds)
    "KB_API_WRITE_LIMIT": (60, 60),
    "KB_API_AUTH_FAILURE_LIMIT": (10, 300),
}


def _setting(kind: str) -> tuple[int, float]:
    limit, seconds = current_app.config.get(kind, DEFAULTS[kind])
    return int(limit), float(seconds)


def retry_after(kind: str, key: str) -> int | None:
    """Return the seconds to wait when `key` is at the limit `kind`, else None."""
    limit, seconds = _setting(kind)
    now = utcnow()
    count, oldest = db.session.execute(
        select(func.count(), func.min(ApiLimitEvent.at)).where(
            ApiLimitEvent.kind == kind, ApiLimitEvent.key == key,
            ApiLimitEvent.at > now - dt.timedelta(seconds=seconds))).one()
    if count < limit:
        return None
    # the window frees a place when its oldest event leaves it
    wait = (oldest + dt.timedelta(seconds=seconds) - now).total_seconds()
    return max(1, math.ceil(wait))


def note(kind: str, key: str) -> None:
    """Count one event for `key` and forget the events that left the window; committed
    at once (nothing else is pending when the API counts, and an error that follows
    would roll it back)."""
    _limit, seconds = _setting(kind)
    now = utcnow()
    db.session.execute(delete(ApiLimitEvent).where(
        ApiLimitEvent.kind == kind, ApiLimitEvent.at <= now - dt.timedelta(seconds=seconds)))
    db.session.add(ApiLimitEvent(kind=kind, key=key, at=now))
    db.session.commit()


def _refuse(retry: int, what: str) -> ApiError:
    return ApiError(429, f"too many {what}; try again in {retry} seconds",
                    headers={"Retry-After": str(retry)})


def check_auth_failures(ip: str) -> None:
    """Refuse (429) a client address that failed to authenticate too often lately."""
    retry = retry_after("KB_API_AUTH_FAILURE_LIMIT", ip)
    if retry is not None:
        raise _refuse(retry, "failed authentication attempts")


def note_auth_failure(ip: str) -> None:
    """Count a failed authentication from `ip`."""
    note("KB_API_AUTH_FAILURE_LIMIT", ip)


def count_write(account_id: int) -> None:
    """Count a write by an account, refusing (429) once it is over its limit."""
    key = str(account_id)
    retry = retry_after("KB_API_WRITE_LIMIT", key)
    if retry is not None:
        raise _refuse(retry, "changes")
    note("KB_API_WRITE_LIMIT", key)
