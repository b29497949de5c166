"""Keep this node's search index true to the database.

The database is the source of truth. Every committed change left a numbered
ChangeEvent (kb/content/events.py); the index stores the number of the last
event it has applied, in the same commit as the change itself. Catching up
means: read newer events, load those articles (and the ones whose indexed text
borrows from them) and apply them. Rolled-back changes have no events, so they
never reach the index; a crash between commit and apply is repaired by the next
catch-up, in this process or another one.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import logging
import os
import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from flask import Flask, current_app
from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.exc import SQLAlchemyError

from kb.content.models import (
    Article,
    ChangeEvent,
    Contact,
    Organisation,
    ProgrammeFunder,
    Project,
    ProjectPartner,
    ProjectProgramme,
    SearchNode,
    utcnow,
)
from kb.extensions import db
from kb.search.documents import build_documents, load_live_articles
from search_index import IndexDocument, SearchIndex

log = logging.getLogger(__name__)

EVENT_BATCH = 2000
# Past this many pending events a fresh build is quicker than applying them one by one.
REBUILD_THRESHOLD = 20000
REBUILD_JOB = 500  # article ids per job of an indexing worker
_process_lock = threading.Lock()


def get_index(app: Flask | None = None) -> SearchIndex:
    """Return this process's SearchIndex for the app's index folder."""
    app = app or current_app._get_current_object()
    state = app.extensions.setdefault("kb_search", {})
    if "index" not in state:
        from kb.search.glossary import current_glossary

        state["index"] = SearchIndex(Path(app.config["KB_INDEX_PATH"]),
                                     glossary=current_glossary(app),
                                     result_cache=app.config["KB_SEARCH_RESULT_CACHE"],
                                     cache_bytes=app.config["KB_SEARCH_CACHE_MB"] << 20)
    return state["index"]


@contextmanager
def node_lock(app: Flask) -> Iterator[None]:
    """Serialize catch-ups of all processes that share this node's index folder."""
    folder = Path(app.config["KB_INDEX_PATH"])
    folder.mkdir(parents=True, exist_ok=True)
    with _process_lock, open(folder.parent / f"{folder.name}.sync.lock", "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def latest_event() -> int:
    """Return the number of the newest change event (0 if none)."""
    return db.session.scalar(select(func.max(ChangeEvent.seq))) or 0


def event_bounds() -> tuple[int, int]:
    """Return the numbers of the oldest and the newest kept change event (0, 0 if none)."""
    oldest, newest = db.session.execute(
        select(func.min(ChangeEvent.seq), func.max(ChangeEvent.seq))
    ).one()
    return oldest or 0, newest or 0


def node_name(app: Flask) -> str:
    """Return this node's name: KB_NODE_NAME, else host name and index folder."""
    configured = app.config.get("KB_NODE_NAME")
    if configured:
        return configured
    return f"{socket.gethostname()}:{Path(app.config['KB_INDEX_PATH']).resolve()}"


def record_node(app: Flask, applied: int) -> None:
    """Store how far this node's index got, and that the node is alive."""
    name, now = node_name(app), utcnow()
    values = {"applied_seq": applied, "last_seen": now}
    try:
        # Its own short transaction: never commits (or waits on) the caller's session.
        with db.engine.begin() as connection:
            changed = connection.execute(
                update(SearchNode).where(SearchNode.name == name).values(**values)
            ).rowcount
            if not changed:
                connection.execute(insert(SearchNode).values(name=name, **values))
    except SQLAlchemyError:  # bookkeeping only: the next catch-up or heartbeat retries
        log.warning("could not record search node %s", name, exc_info=True)
        return
    app.extensions.setdefault("kb_search", {})["node_recorded"] = (applied, now)


def prune_events(app: Flask) -> int:
    """Forget nodes unseen for too long; delete events every remaining node has applied."""
    expiry = utcnow() - dt.timedelta(seconds=app.config.get("KB_NODE_EXPIRY_SECONDS", 604800))
    with db.engine.begin() as connection:
        gone = connection.execute(delete(SearchNode).where(SearchNode.last_seen < expiry))
        if gone.rowcount:
            log.warning("forgot %d search node(s) unseen since %s", gone.rowcount, expiry)
        floor = connection.scalar(select(func.min(SearchNode.applied_seq)))
        if not floor:
            return 0
        # Keep the event at the floor itself: the newest event always survives (SQLite
        # would otherwise reuse numbers) and "oldest kept event" stays <= every live node.
        return connection.execute(delete(ChangeEvent).where(ChangeEvent.seq < floor)).rowcount


def dependents(ids: set[str]) -> set[str]:
    """Return articles whose indexed text borrows a title or place from one of `ids`."""
    if not ids:
        return set()
    queries = [
        select(Contact.id).where(Contact.organisation_id.in_(ids)),
        select(Organisation.id).where(Organisation.parent_id.in_(ids)),
        select(Project.id).where(Project.organisation_id.in_(ids)),
        select(ProjectPartner.project_id).where(ProjectPartner.organisation_id.in_(ids)),
        select(ProjectProgramme.project_id).where(ProjectProgramme.programme_id.in_(ids)),
        select(ProgrammeFunder.programme_id).where(ProgrammeFunder.organisation_id.in_(ids)),
    ]
    found: set[str] = set()
    for query in queries:
        found.update(db.session.scalars(query))
    return found


def load_documents(ids: list[str]) -> list[IndexDocument]:
    """Load the live articles among `ids` and return their documents."""
    return list(build_documents(load_live_articles(ids)))


def _apply_events(index: SearchIndex, checkpoint: int) -> int:
    rows = db.session.execute(
        select(ChangeEvent.seq, ChangeEvent.article_id)
        .where(ChangeEvent.seq > checkpoint).order_by(ChangeEvent.seq).limit(EVENT_BATCH)
    ).all()
    if not rows:
        return 0
    changed = {row.article_id for row in rows}
    ids = changed | dependents(changed)
    articles = load_live_articles(sorted(ids))
    live = {article.id for article in articles}
    index.apply(list(build_documents(articles)), sorted(ids - live), checkpoint=rows[-1].seq)
    return len(rows)


def _needs_rebuild(checkpoint: int) -> str | None:
    """Return why applying events cannot bring an index at `checkpoint` up to date, if so."""
    oldest, newest = event_bounds()
    if oldest > checkpoint + 1:
        # Events after the checkpoint were pruned while this node was away (or it is new).
        return f"changes {checkpoint + 1} to {oldest - 1} were pruned"
    if newest - checkpoint > REBUILD_THRESHOLD:
        return "far behind: a fresh build is quicker than applying"
    return None


def _catch_up_locked(app: Flask, index: SearchIndex) -> int:
    problem = index.check()
    if problem:
        log.warning("search index unusable (%s): rebuilding it from the database", problem)
        _rebuild_locked(index, app=app)
        return 0
    applied = 0
    while True:
        checkpoint = index.checkpoint()
        reason = _needs_rebuild(checkpoint)
        if reason:
            log.warning("search index at change %d: %s; rebuilding", checkpoint, reason)
            _rebuild_locked(index, app=app)
            return applied
        count = _apply_events(index, checkpoint)
        applied += count
        if count < EVENT_BATCH:
            return applied


def catch_up(app: Flask | None = None) -> int:
    """Apply every committed change the index has not seen yet; return how many events."""
    app = app or current_app._get_current_object()
    index = get_index(app)
    with node_lock(app):
        started = time.perf_counter()
        applied = _catch_up_locked(app, index)
        if applied:
            log.info("applied %d change event(s) up to %d in %.2f s",
                     applied, index.checkpoint(), time.perf_counter() - started)
        if applied or _heartbeat_due(app, index.checkpoint()):
            record_node(app, index.checkpoint())
        return applied


def _heartbeat_due(app: Flask, checkpoint: int) -> bool:
    """Tell whether the node's row lags its index or has not been refreshed for a while."""
    recorded = app.extensions.get("kb_search", {}).get("node_recorded")
    if recorded is None or recorded[0] != checkpoint:
        return True
    interval = dt.timedelta(seconds=app.config.get("KB_NODE_HEARTBEAT_SECONDS", 30))
    return utcnow() - recorded[1] >= interval


def heartbeat(app: Flask) -> None:
    """Report this node's position when due, and prune what every node has applied."""
    checkpoint = get_index(app).checkpoint()
    if not _heartbeat_due(app, checkpoint):
        return
    # No node lock: a worker's snapshot may be older than the index, and reporting a
    # lower position than the true one only keeps more events.
    record_node(app, checkpoint)
    pruned = prune_events(app)
    if pruned:
        log.info("pruned %d change events every search node has applied", pruned)


def live_article_ids() -> list[str]:
    """Return the ids of every live article."""
    return list(db.session.scalars(
        select(Article.id).where(Article.deleted_at.is_(None)).order_by(Article.id)
    ))


def count_live_articles() -> int:
    """Count the articles a rebuild will index."""
    return db.session.scalar(
        select(func.count()).select_from(Article).where(Article.deleted_at.is_(None))
    ) or 0


def _rebuild_locked(index: SearchIndex, progress: Callable[[int], None] | None = None,
                    app: Flask | None = None) -> int:
    checkpoint = latest_event()  # changes after this are applied by the next catch-up
    if app is not None:
        # Claim the position first, so other nodes do not prune what we still need.
        record_node(app, checkpoint)
    ids = live_article_ids()
    jobs = [ids[start:start + REBUILD_JOB] for start in range(0, len(ids), REBUILD_JOB)]
    # The indexing workers load and convert their jobs' articles themselves; a database in
    # this process's memory is not theirs to see, so that one is read here.
    workers = not _in_memory_database()
    count = index.rebuild(jobs, checkpoint=checkpoint, progress=progress,
                          procs=2 if workers else 1, produce=_JobLoader())
    if app is not None:
        record_node(app, checkpoint)
    return count


def _in_memory_database() -> bool:
    """Tell whether the database lives in this process (a forked worker could not see it)."""
    url = db.engine.url
    return url.get_backend_name() == "sqlite" and url.database in (None, "", ":memory:")


class _JobLoader:
    """Turns a job (article ids) into documents, in whichever process takes the job."""

    def __init__(self):
        self.parent = os.getpid()
        self.worker: int | None = None
        self.inherited: tuple | None = None  # copied from the parent; kept, never used

    def __call__(self, ids: list[str]) -> list[IndexDocument]:
        if os.getpid() == self.parent:  # no workers: read through this process's session
            return load_documents(ids)
        if self.worker != os.getpid():  # the first job of a forked worker
            self._set_aside_parent_connections()
            self.worker = os.getpid()
        try:
            return load_documents(ids)
        finally:
            # Nothing of this worker's stays open between jobs, nor when it exits.
            db.session.close()
            db.engine.dispose()

    def _set_aside_parent_connections(self) -> None:
        """Leave the session and pool the fork copied from the parent alone: unused, unclosed.

        Using or closing them here would act on the parent's connections (a PostgreSQL socket
        carrying the parent's conversation, SQLite locks held per process); the caller's
        session stays the parent's to use. Kept referenced, they are not even garbage
        collected (a worker ends with os._exit), and this worker opens its own.
        """
        registry = db.session.registry
        self.inherited = (registry() if registry.has() else None, db.engine.pool)
        registry.clear()
        db.engine.dispose(close=False)


def rebuild(app: Flask | None = None, progress: Callable[[int], None] | None = None) -> int:
    """Rebuild this node's index from the database into a new folder and swap it in."""
    app = app or current_app._get_current_object()
    with node_lock(app):
        return _rebuild_locked(get_index(app), progress, app=app)


def has_pending_changes(app: Flask) -> bool:
    """Tell whether the database holds changes this node's index lacks."""
    index = get_index(app)
    return not index.exists() or latest_event() > index.checkpoint()
