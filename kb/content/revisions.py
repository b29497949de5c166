"""Revisions: a snapshot of the exchange record at every saved version, and diffs between them."""

from __future__ import annotations

import datetime as dt
import difflib
from dataclasses import dataclass
from typing import Any

from sqlalchemy import JSON, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint, select
from sqlalchemy.orm import Mapped, mapped_column, relationship

from kb.content.models import ID_LENGTH, Article, utcnow
from kb.content.records import article_to_record, fields_of
from kb.extensions import db

# Fields that change without anyone editing the text: not content, never a conflict.
BOOKKEEPING_FIELDS = frozenset({"state", "verified", "review_due", "created", "modified"})


class Revision(db.Model):
    """The exchange record of an article as it was at one version."""

    __tablename__ = "revision"
    __table_args__ = (UniqueConstraint("article_id", "version"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    article_id: Mapped[str] = mapped_column(
        String(ID_LENGTH), ForeignKey("article.id", ondelete="CASCADE"), index=True
    )
    version: Mapped[int] = mapped_column(Integer)
    record: Mapped[dict[str, Any]] = mapped_column(JSON)
    author_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"), index=True
    )
    author = relationship("User", lazy="joined")
    created: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    comment: Mapped[str | None] = mapped_column(Text)


@dataclass(frozen=True)
class FieldChange:
    field: str
    old: Any
    new: Any
    # For the body: (tag, line) pairs of a line diff, tag one of " ", "-", "+", "@".
    lines: tuple[tuple[str, str], ...] = ()


def snapshot(article: Article, author_id: int | None, comment: str | None = None) -> Revision:
    """Store the article's current record as the revision of its current version (flushed)."""
    revision = Revision(
        article_id=article.id, version=article.version, record=article_to_record(article),
        author_id=author_id, comment=comment or None,
    )
    db.session.add(revision)
    db.session.flush()
    return revision


def ensure_baseline(article: Article) -> None:
    """Snapshot the current version if nobody has yet (content imported or never edited)."""
    if get(article.id, article.version) is None:
        snapshot(article, None, "baseline")


def get(article_id: str, version: int) -> Revision | None:
    """Return the revision of one version, if it was recorded."""
    query = select(Revision).where(Revision.article_id == article_id, Revision.version == version)
    return db.session.scalar(query)


def listing(article_id: str) -> list[Revision]:
    """Return every revision of an article, newest first."""
    query = select(Revision).where(Revision.article_id == article_id)
    return list(db.session.scalars(query.order_by(Revision.version.desc())))


def first_author(article_id: str) -> int | None:
    """Return who wrote the article's first revision: its owner, or None for imports."""
    query = select(Revision.author_id).where(Revision.article_id == article_id)
    return db.session.scalar(query.order_by(Revision.version).limit(1))


def body_lines(old: str | None, new: str | None) -> tuple[tuple[str, str], ...]:
    """Diff two bodies line by line as (tag, text) pairs; escaping is the template's job."""
    diff = difflib.unified_diff(
        (old or "").splitlines(), (new or "").splitlines(), lineterm="", n=2
    )
    pairs = []
    for line in diff:
        if line.startswith(("---", "+++")):
            continue
        if line.startswith("@@"):
            pairs.append(("@", line))
        else:
            pairs.append((line[:1] or " ", line[1:]))
    return tuple(pairs)


def compare(
    old: dict[str, Any], new: dict[str, Any], content_only: bool = False
) -> list[FieldChange]:
    """List the fields that differ between two records, in export order."""
    record_type = new.get("type") or old.get("type")
    changes = []
    for field in fields_of(record_type):
        if content_only and field in BOOKKEEPING_FIELDS:
            continue
        before, after = old.get(field), new.get(field)
        if (before or None) == (after or None):
            continue
        lines = body_lines(before, after) if field == "body" else ()
        changes.append(FieldChange(field, before, after, lines))
    return changes


def changed_content(article: Article, since_version: int | None) -> list[FieldChange] | None:
    """Return the content changes since `since_version`, or None when that version is unknown."""
    if since_version == article.version:
        return []
    base = get(article.id, since_version) if since_version else None
    if base is None:
        return None
    return compare(base.record, article_to_record(article), content_only=True)
