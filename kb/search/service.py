"""Searching from the app: the index of this process, a fresh glossary, sync hooks."""

from __future__ import annotations

import gc
import logging
import threading
import time

from flask import Flask, current_app, g, has_request_context
from sqlalchemy import event
from sqlalchemy.orm import Session

from kb.core.heap import trim_heap
from kb.search.glossary import additions_stamp, current_glossary
from kb.search.sync import catch_up, get_index, has_pending_changes, heartbeat
from search_index import Audience, SearchRequest, SearchResult, Suggestion

log = logging.getLogger(__name__)
GLOSSARY_CHECK_SECONDS = 5.0


def _refresh_glossary(app: Flask) -> None:
    """Reload the glossary when admins changed it (checked every few seconds)."""
    state = app.extensions.setdefault("kb_search", {})
    now = time.monotonic()
    if now - state.get("glossary_checked", 0.0) < GLOSSARY_CHECK_SECONDS:
        return
    state["glossary_checked"] = now
    stamp = additions_stamp(app)
    if stamp != state.setdefault("glossary_stamp", stamp):
        state["glossary_stamp"] = stamp
        get_index(app).glossary = current_glossary(app)


def forget_glossary(app: Flask) -> None:
    """Make this process read the glossary again at its next search."""
    state = app.extensions.setdefault("kb_search", {})
    state.pop("glossary_checked", None)
    state.pop("glossary_stamp", None)
    get_index(app).glossary = current_glossary(app)


def search(request: SearchRequest, audience: Audience) -> SearchResult:
    """Run a search with the current glossary."""
    app = current_app._get_current_object()
    _refresh_glossary(app)
    return get_index(app).search(request, audience)


def suggest(prefix: str, audience: Audience, lang: str, types=(), limit: int = 8
            ) -> list[Suggestion]:
    """Return search-as-you-type suggestions."""
    return get_index().suggest(prefix, audience, lang=lang, types=types, limit=limit)


def _mark_committed(session: Session) -> None:
    # Outside a request (CLI, poller) nobody waits for the index: the poller applies it.
    if session.info.pop("kb_touched", False) and has_request_context():
        g._kb_index_dirty = True


def _mark_touched(session: Session, flush_context) -> None:
    session.info["kb_touched"] = True


def _forget_touched(session: Session) -> None:
    session.info.pop("kb_touched", None)


def _catch_up_after_request(response):
    """Apply this request's committed changes before answering: edits are searchable at once.

    A served worker then hands back what the index writer left behind, as its poller does
    (see release_memory): the worker that takes the edits applies them itself, so its
    poller finds nothing left to apply. In the load bench that worker ended 20 MB above
    the others. Processes that are not served (tests, scripts) skip it.
    """
    if getattr(g, "_kb_index_dirty", False):
        try:
            if catch_up() and current_app.config.get("KB_RELEASE_AFTER_EDITS"):
                release_memory()
        except Exception:  # the edit is safe in the database; the poller retries
            log.exception("search index catch-up failed")
    return response


class Poller(threading.Thread):
    """Apply changes committed by other processes or nodes, every few tenths of a second.

    Also reports this node's position now and then, which lets old events be pruned.
    """

    def __init__(self, app: Flask, interval: float):
        super().__init__(name="kb-index-poller", daemon=True)
        self.app, self.interval = app, interval
        self.stopped = threading.Event()

    def run(self) -> None:
        while not self.stopped.wait(self.interval):
            with self.app.app_context():
                try:
                    if has_pending_changes(self.app) and catch_up(self.app):
                        release_memory()
                    heartbeat(self.app)
                except Exception:
                    log.exception("search index poll failed; retrying")
                finally:
                    from kb.extensions import db

                    db.session.remove()


def release_memory() -> None:
    """Free what applying edits left behind and hand it back to the system.

    The index writer's objects hold reference cycles; in a worker whose heap is frozen
    they would wait for the next full collection, and the heap pages they sit on would
    stay resident. One collection here costs some 20 ms at 100k articles, once per batch
    of edits applied.
    """
    gc.collect()
    trim_heap()


def start_poller(app: Flask) -> Poller | None:
    """Start this process's poller once (after any fork: call it from the serving process)."""
    state = app.extensions.setdefault("kb_search", {})
    interval = app.config.get("KB_INDEX_POLL_SECONDS", 0)
    if state.get("poller") or not interval:
        return state.get("poller")
    state["poller"] = Poller(app, interval)
    state["poller"].start()
    return state["poller"]


def init_app(app: Flask) -> None:
    """Hook index updates onto commits and requests."""
    if not event.contains(Session, "after_flush", _mark_touched):
        event.listen(Session, "after_flush", _mark_touched)
        event.listen(Session, "after_commit", _mark_committed)
        event.listen(Session, "after_rollback", _forget_touched)
    if app.config.get("KB_INDEX_SYNC", True):
        app.after_request(_catch_up_after_request)
        app.before_request(lambda: start_poller(app) and None)
