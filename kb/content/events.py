"""Write a change event for every article a flush touches, in the same transaction."""

from __future__ import annotations

from itertools import chain

from sqlalchemy import event, text
from sqlalchemy.orm import Session

from kb.content.models import (
    Article,
    ChangeEvent,
    ProgrammeContact,
    ProgrammeFunder,
    ProjectContact,
    ProjectPartner,
    ProjectProgramme,
)

# Association rows belong to the article whose list they make up.
LINK_OWNER_COLUMN = {
    ProjectPartner: "project_id",
    ProjectProgramme: "project_id",
    ProjectContact: "project_id",
    ProgrammeFunder: "programme_id",
    ProgrammeContact: "programme_id",
}


def touched_article_ids(session: Session) -> set[str]:
    """Return the ids of articles that the coming flush inserts, changes or deletes."""
    touched: set[str] = set()
    for obj in chain(session.new, session.dirty, session.deleted):
        if isinstance(obj, Article):
            if obj in session.dirty and not session.is_modified(obj):
                continue
            touched.add(obj.id)
        elif type(obj) in LINK_OWNER_COLUMN:
            touched.add(getattr(obj, LINK_OWNER_COLUMN[type(obj)]))
    touched.discard(None)
    return touched


# Any constant unique to this purpose: the key of PostgreSQL's transaction-level lock.
EVENT_LOCK_KEY = 0x6B62_6576  # "kbev"


def _serialize_event_writers(session: Session) -> None:
    """On PostgreSQL, let event-writing transactions commit in sequence-number order.

    A sequence hands out numbers at insert, not at commit: without this lock a slow
    transaction could commit seq 7 after seq 8 was committed and indexed, and every
    node would skip 7 for ever. Holding one transaction-level advisory lock from before
    the first event insert until commit orders writers. SQLite needs nothing: it
    admits one writer at a time anyway.
    """
    transaction = session.get_transaction()
    if session.info.get("kb_event_lock") is transaction:
        return  # already held: the lock lasts until this transaction ends
    connection = session.connection()
    if connection.dialect.name == "postgresql":
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": EVENT_LOCK_KEY})
    session.info["kb_event_lock"] = transaction


def _record_change_events(session: Session, flush_context, instances) -> None:
    touched = touched_article_ids(session)
    if touched:
        _serialize_event_writers(session)
    for article_id in sorted(touched):
        session.add(ChangeEvent(article_id=article_id))


def install() -> None:
    """Listen on every session (idempotent)."""
    if not event.contains(Session, "before_flush", _record_change_events):
        event.listen(Session, "before_flush", _record_change_events)
