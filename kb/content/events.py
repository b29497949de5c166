"""Write a change event for every article a flush touches, in the same transaction."""

from __future__ import annotations

from itertools import chain

from sqlalchemy import event
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


def _record_change_events(session: Session, flush_context, instances) -> None:
    for article_id in sorted(touched_article_ids(session)):
        session.add(ChangeEvent(article_id=article_id))


def install() -> None:
    """Listen on every session (idempotent)."""
    if not event.contains(Session, "before_flush", _record_change_events):
        event.listen(Session, "before_flush", _record_change_events)
