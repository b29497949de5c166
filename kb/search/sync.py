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

import fcntl
import logging
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from flask import Flask, current_app
from sqlalchemy import func, select

from kb.content.models import (
    Article,
    ChangeEvent,
    Contact,
    Organisation,
    ProgrammeFunder,
    Project,
    ProjectPartner,
    ProjectProgramme,
    full_load_options,
)
from kb.extensions import db
from kb.search.documents import build_documents
from search_index import SearchIndex

log = logging.getLogger(__name__)

EVENT_BATCH = 2000
# Past this many pending events a fresh build is quicker than applying them one by one.
REBUILD_THRESHOLD = 20000
LOAD_BATCH = 1000
_process_lock = threading.Lock()


def get_index(app: Flask | None = None) -> SearchIndex:
    """Return this process's SearchIndex for the app's index folder."""
    app = app or current_app._get_current_object()
    state = app.extensions.setdefault("kb_search", {})
    if "index" not in state:
        from kb.search.glossary import current_glossary

        state["index"] = SearchIndex(Path(app.config["KB_INDEX_PATH"]),
                                     glossary=current_glossary(app))
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


def load_articles(ids: list[str]) -> list[Article]:
    """Load live (not trashed) articles with everything their documents need."""
    loaded: list[Article] = []
    for start in range(0, len(ids), LOAD_BATCH):
        query = select(Article).where(
            Article.id.in_(ids[start:start + LOAD_BATCH]), Article.deleted_at.is_(None)
        ).options(*full_load_options())
        loaded.extend(db.session.scalars(query))
    return loaded


def _apply_events(index: SearchIndex, checkpoint: int) -> int:
    rows = db.session.execute(
        select(ChangeEvent.seq, ChangeEvent.article_id)
        .where(ChangeEvent.seq > checkpoint).order_by(ChangeEvent.seq).limit(EVENT_BATCH)
    ).all()
    if not rows:
        return 0
    changed = {row.article_id for row in rows}
    ids = changed | dependents(changed)
    articles = load_articles(sorted(ids))
    live = {article.id for article in articles}
    index.apply(list(build_documents(articles)), sorted(ids - live), checkpoint=rows[-1].seq)
    return len(rows)


def catch_up(app: Flask | None = None) -> int:
    """Apply every committed change the index has not seen yet; return how many events."""
    app = app or current_app._get_current_object()
    index = get_index(app)
    with node_lock(app):
        problem = index.check()
        if problem:
            log.warning("search index unusable (%s): rebuilding it from the database", problem)
            _rebuild_locked(index)
            return 0
        applied = 0
        while True:
            checkpoint = index.checkpoint()
            if latest_event() - checkpoint > REBUILD_THRESHOLD:
                log.info("search index is far behind: rebuilding instead of applying")
                _rebuild_locked(index)
                return applied
            count = _apply_events(index, checkpoint)
            applied += count
            if count < EVENT_BATCH:
                return applied


def iter_all_documents():
    """Yield the document of every live article, reading the database in batches."""
    ids = list(db.session.scalars(
        select(Article.id).where(Article.deleted_at.is_(None)).order_by(Article.id)
    ))
    for start in range(0, len(ids), LOAD_BATCH):
        articles = load_articles(ids[start:start + LOAD_BATCH])
        yield from build_documents(articles)
        db.session.expunge_all()  # keep memory flat on large knowledge bases


def count_live_articles() -> int:
    """Count the articles a rebuild will index."""
    return db.session.scalar(
        select(func.count()).select_from(Article).where(Article.deleted_at.is_(None))
    ) or 0


def _rebuild_locked(index: SearchIndex, progress: Callable[[int], None] | None = None) -> int:
    checkpoint = latest_event()  # changes after this are applied by the next catch-up
    return index.rebuild(iter_all_documents(), checkpoint=checkpoint, progress=progress)


def rebuild(app: Flask | None = None, progress: Callable[[int], None] | None = None) -> int:
    """Rebuild this node's index from the database into a new folder and swap it in."""
    app = app or current_app._get_current_object()
    with node_lock(app):
        return _rebuild_locked(get_index(app), progress)


def has_pending_changes(app: Flask) -> bool:
    """Tell whether the database holds changes this node's index lacks."""
    index = get_index(app)
    return not index.exists() or latest_event() > index.checkpoint()
