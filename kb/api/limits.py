"""Rate limits of the API: writes per account, failed authentication per client address.

The counters live in this worker process (a sliding window in memory): with N
worker processes a client can get up to N times the limit before being slowed
down. That is enough to stop runaway scripts and token guessing (tokens carry 256
random bits, so the limit is about load, not about the odds of a guess); sign-in
throttling, where passwords can be weak, keeps its counts in the database.
"""

from __future__ import annotations

import threading
import time
from collections import defaultdict, deque

from flask import current_app

from kb.api.errors import ApiError

DEFAULTS = {
    # (requests, seconds)
    "KB_API_WRITE_LIMIT": (60, 60),
    "KB_API_AUTH_FAILURE_LIMIT": (10, 300),
}


class Window:
    """Timestamps of recent events per key, forgetting those older than the window."""

    def __init__(self) -> None:
        self._events: dict[str, deque[float]] = defaultdict(deque)
        self._lock = threading.Lock()

    def _recent(self, key: str, seconds: float, now: float) -> deque[float]:
        events = self._events[key]
        while events and events[0] <= now - seconds:
            events.popleft()
        return events

    def retry_after(self, key: str, limit: int, seconds: float) -> int | None:
        """Return the seconds to wait when `key` is at its limit, else None."""
        now = time.monotonic()
        with self._lock:
            events = self._recent(key, seconds, now)
            if len(events) < limit:
                return None
            return max(1, int(events[0] + seconds - now) + 1)

    def add(self, key: str, seconds: float) -> None:
        """Count one event for `key`."""
        now = time.monotonic()
        with self._lock:
            self._recent(key, seconds, now).append(now)


def _window(name: str) -> tuple[Window, int, float]:
    state = current_app.extensions.setdefault("kb_api_limits", {})
    window = state.setdefault(name, Window())
    limit, seconds = current_app.config.get(name, DEFAULTS[name])
    return window, limit, seconds


def _refuse(retry: int, what: str) -> ApiError:
    return ApiError(429, f"too many {what}; try again in {retry} seconds",
                    headers={"Retry-After": str(retry)})


def check_auth_failures(ip: str) -> None:
    """Refuse (429) a client address that failed to authenticate too often lately."""
    window, limit, seconds = _window("KB_API_AUTH_FAILURE_LIMIT")
    retry = window.retry_after(ip, limit, seconds)
    if retry is not None:
        raise _refuse(retry, "failed authentication attempts")


def note_auth_failure(ip: str) -> None:
    """Count a failed authentication from `ip`."""
    window, _limit, seconds = _window("KB_API_AUTH_FAILURE_LIMIT")
    window.add(ip, seconds)


def count_write(account_id: int) -> None:
    """Count a write by an account, refusing (429) once it is over its limit."""
    window, limit, seconds = _window("KB_API_WRITE_LIMIT")
    key = str(account_id)
    retry = window.retry_after(key, limit, seconds)
    if retry is not None:
        raise _refuse(retry, "changes")
    window.add(key, seconds)
