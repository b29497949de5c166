"""Freshness: review intervals per type, "confirmed still correct", and outdated translations."""

from __future__ import annotations

import calendar
import datetime as dt

from sqlalchemy import Integer, String, and_, select
from sqlalchemy.orm import Mapped, aliased, mapped_column

from kb.content import revisions
from kb.content.models import Article
from kb.extensions import db

# Months until an entry must be checked again: people and programmes change fastest.
DEFAULT_INTERVALS = {"contact": 6, "programme": 3, "organisation": 12, "project": 12}


class ReviewInterval(db.Model):
    """An admin's choice of review interval for one content type (absent: the default)."""

    __tablename__ = "review_interval"

    type: Mapped[str] = mapped_column(String(20), primary_key=True)
    months: Mapped[int] = mapped_column(Integer)


def add_months(day: dt.date, months: int) -> dt.date:
    """Return the same day `months` later, clamped to the month's end (31 Jan + 1 -> 28 Feb)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def intervals() -> dict[str, int]:
    """Return the review interval in months for every content type."""
    stored = {row.type: row.months for row in db.session.scalars(select(ReviewInterval))}
    return {type_: stored.get(type_, months) for type_, months in DEFAULT_INTERVALS.items()}


def set_intervals(months_by_type: dict[str, int]) -> None:
    """Store the review intervals chosen by an admin (no flush)."""
    for type_, months in months_by_type.items():
        row = db.session.get(ReviewInterval, type_)
        if row is None:
            db.session.add(ReviewInterval(type=type_, months=months))
        else:
            row.months = months


def mark_verified(article: Article, today: dt.date | None = None) -> None:
    """Record that someone confirmed the entry today, and when it is due again."""
    today = today or dt.date.today()
    article.verified = today
    article.review_due = add_months(today, intervals()[article.type])


def outdated_since(translation: Article) -> list[revisions.FieldChange] | None:
    """Return how the original changed since the translation was last saved, or None if it did not.

    Translations never saved here (imported) are not tracked. When the base version's
    snapshot is missing the translation counts as outdated with no list of changes:
    better one needless check than a stale translation.
    """
    original = translation.translation_of
    if original is None or original.deleted_at is not None:
        return None
    if translation.source_version is None or translation.source_version >= original.version:
        return None
    changes = revisions.changed_content(original, translation.source_version)
    if changes is None:
        return []
    return changes or None


def is_outdated(translation: Article) -> bool:
    """Tell whether the original changed in content after the translation was last saved."""
    return outdated_since(translation) is not None


def outdated_translations(limit: int = 200) -> list[Article]:
    """Return live translations whose original moved on since they were saved."""
    original = aliased(Article)
    query = (
        select(Article).join(original, Article.translation_of_id == original.id)
        .where(
            Article.deleted_at.is_(None), original.deleted_at.is_(None),
            Article.source_version < original.version,
        ).order_by(Article.title).limit(limit)
    )
    return [t for t in db.session.scalars(query) if is_outdated(t)]


def overdue(today: dt.date | None = None, limit: int = 200) -> list[Article]:
    """Return live entries whose review date has passed, oldest first."""
    today = today or dt.date.today()
    query = select(Article).where(
        and_(Article.deleted_at.is_(None), Article.review_due.is_not(None),
             Article.review_due < today, Article.state != "archived")
    )
    return list(db.session.scalars(query.order_by(Article.review_due).limit(limit)))
