"""The review workflow: which transitions exist, who may make them, and their log."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import DateTime, ForeignKey, Integer, String, Text, select
from sqlalchemy.orm import Mapped, mapped_column, relationship

from kb.content.models import ID_LENGTH, Article, utcnow
from kb.core.permissions import Role
from kb.extensions import db


@dataclass(frozen=True)
class Transition:
    name: str
    source: str
    target: str
    role: Role
    needs_comment: bool = False


TRANSITIONS: dict[str, Transition] = {
    t.name: t
    for t in (
        Transition("submit", "private", "pending", Role.editor),
        Transition("publish", "pending", "published", Role.reviewer),
        Transition("reject", "pending", "private", Role.reviewer, needs_comment=True),
        Transition("retract", "published", "private", Role.reviewer),
        Transition("archive", "published", "archived", Role.reviewer),
        Transition("restore", "archived", "private", Role.reviewer),
    )
}


class WorkflowError(Exception):
    """A transition that is unknown, not possible from the current state, or not allowed."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


class WorkflowEvent(db.Model):
    """One transition an article went through: who, when, from where to where, and why."""

    __tablename__ = "workflow_event"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    article_id: Mapped[str] = mapped_column(
        String(ID_LENGTH), ForeignKey("article.id", ondelete="CASCADE"), index=True
    )
    transition: Mapped[str] = mapped_column(String(20))
    from_state: Mapped[str] = mapped_column(String(20))
    to_state: Mapped[str] = mapped_column(String(20))
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"), index=True
    )
    user = relationship("User", lazy="joined")
    comment: Mapped[str | None] = mapped_column(Text)
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


def available(article: Article, role: Role) -> list[Transition]:
    """List the transitions `role` may make on `article` in its current state."""
    if article.deleted_at is not None:
        return []
    return [t for t in TRANSITIONS.values() if t.source == article.state and role >= t.role]


def check(article: Article, name: str, role: Role, comment: str | None) -> Transition:
    """Return the transition `name` if `role` may make it now, else raise WorkflowError."""
    transition = TRANSITIONS.get(name)
    if transition is None:
        raise WorkflowError("unknown")
    if role < transition.role:
        raise WorkflowError("forbidden")
    if article.deleted_at is not None or article.state != transition.source:
        raise WorkflowError("state")
    if transition.needs_comment and not (comment or "").strip():
        raise WorkflowError("comment")
    return transition


def apply(article: Article, transition: Transition, user_id: int | None,
          comment: str | None) -> WorkflowEvent:
    """Move `article` to the transition's target state and log it (no flush)."""
    event = WorkflowEvent(
        article_id=article.id, transition=transition.name, from_state=article.state,
        to_state=transition.target, user_id=user_id, comment=(comment or "").strip() or None,
    )
    article.state = transition.target
    db.session.add(event)
    return event


def history(article_id: str) -> list[WorkflowEvent]:
    """Return the article's workflow events, newest first."""
    query = select(WorkflowEvent).where(WorkflowEvent.article_id == article_id)
    return list(db.session.scalars(query.order_by(WorkflowEvent.at.desc(),
                                                  WorkflowEvent.id.desc())))
