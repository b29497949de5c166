"""Editing operations: create, update, move through the workflow, delete, restore.

Each operation checks who may do it, changes the session, flushes, stores a
revision and writes the audit entry; the request commits once. Every operation
that changes an article stores a revision of the new version, so any version a
form was based on can be compared with the current one.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from kb.content import freshness, revisions, trash, workflow
from kb.content.models import Article, utcnow
from kb.content.records import (
    article_to_record,
    assign_plain_fields,
    assign_references,
    new_article,
)
from kb.core.permissions import Role
from kb.editing import auditing
from kb.extensions import db

KEPT_FIELDS = ("state", "verified", "review_due", "created", "modified")


class PermissionDenied(Exception):
    """The user's role does not allow this operation on this article."""


class NeedsConfirmation(Exception):
    """Other articles refer to this one: the caller must confirm after seeing them."""

    def __init__(self, referrers: list[Article]):
        super().__init__(f"{len(referrers)} referrer(s)")
        self.referrers = referrers


@dataclass
class EditConflict(Exception):
    """Someone saved the article after the editor's form was loaded."""

    base_version: int
    current_version: int
    # What changed between the editor's base and now; None when the base was not recorded.
    changes: list[revisions.FieldChange] | None


def role_of(user: Any) -> Role:
    """Return a user's role as the Role enum (names or values both accepted)."""
    if user is None or not getattr(user, "is_authenticated", True):
        return Role.public
    role = getattr(user, "role", Role.staff)
    return role if isinstance(role, Role) else Role[getattr(role, "name", role)]


def _require(user: Any, role: Role) -> None:
    if role_of(user) < role:
        raise PermissionDenied(role.name)


def _uid(user: Any) -> int | None:
    return getattr(user, "id", None)


def _saved(article: Article, user: Any, action: str, comment: str | None = None,
           **details: Any) -> Article:
    """Flush, store the revision of the new version and write the audit entry."""
    db.session.flush()
    revisions.snapshot(article, _uid(user), comment or action)
    auditing.record(action, article, version=article.version, **details)
    return article


def slugify(text: str) -> str:
    """Make an id from a title: "Büro für Integration" -> "buero-fuer-integration"."""
    text = text.lower()
    for umlaut, spelled in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("ß", "ss")):
        text = text.replace(umlaut, spelled)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", text).strip("-")[:80].strip("-")
    return slug if len(slug) >= 2 else f"eintrag-{slug}".strip("-")


def free_id(title: str) -> str:
    """Return an unused id derived from `title` (adding -2, -3 ... when taken)."""
    base, number = slugify(title), 1
    candidate = base
    while db.session.get(Article, candidate) is not None:
        number += 1
        candidate = f"{base}-{number}"
    return candidate


def create(record: dict[str, Any], user: Any, comment: str | None = None) -> Article:
    """Create a draft from a validated record."""
    _require(user, Role.editor)
    record = {**record, "state": "private"}
    article = new_article(record)
    assign_plain_fields(article, record)
    assign_references(article, record)
    article.created = article.modified = utcnow()
    db.session.add(article)
    _track_source(article)
    return _saved(article, user, "create", comment)


def _track_source(article: Article) -> None:
    """Remember which version of the original a translation now matches."""
    original = db.session.get(Article, article.translation_of_id) if (
        article.translation_of_id) else None
    article.source_version = original.version if original is not None else None


def content_changes(article: Article, record: dict[str, Any]) -> list[revisions.FieldChange]:
    """List what saving `record` would change in the article's content."""
    return revisions.compare(article_to_record(article), _full_record(article, record),
                             content_only=True)


def _full_record(article: Article, record: dict[str, Any]) -> dict[str, Any]:
    current = article_to_record(article)
    return {**{k: current[k] for k in KEPT_FIELDS if k in current}, **record,
            "id": article.id, "type": article.type}


def check_base(article: Article, base_version: int) -> None:
    """Raise EditConflict when the content changed after the form's base version."""
    if base_version == article.version:
        return
    changes = revisions.changed_content(article, base_version)
    if changes is None or changes:
        raise EditConflict(base_version, article.version, changes)


def update(article: Article, record: dict[str, Any], base_version: int, user: Any,
           comment: str | None = None, operation: str = "update") -> bool:
    """Save the editor's record over the article; False when nothing changed."""
    _require(user, Role.editor)
    _require_live(article)
    check_base(article, base_version)
    changes = content_changes(article, record)
    if not changes:
        return False
    revisions.ensure_baseline(article)
    full = _full_record(article, record)
    assign_plain_fields(article, full)
    assign_references(article, full)
    article.modified = utcnow()
    _track_source(article)
    _saved(article, user, operation, comment, fields=[change.field for change in changes])
    return True


def _require_live(article: Article) -> None:
    if article.deleted_at is not None:
        raise PermissionDenied("trashed")


def transition(article: Article, name: str, user: Any, comment: str | None = None,
               confirmed: bool = False) -> workflow.WorkflowEvent:
    """Move the article through the workflow, if the user's role allows it."""
    step = workflow.check(article, name, role_of(user), comment)
    if name == "archive" and not confirmed:
        _confirm_referrers(article)
    revisions.ensure_baseline(article)
    event = workflow.apply(article, step, _uid(user), comment)
    _saved(article, user, name, comment, from_state=step.source, to_state=step.target)
    return event


def _confirm_referrers(article: Article) -> None:
    found = trash.referrers(article)
    if found:
        raise NeedsConfirmation(found)


def owner_id(article: Article) -> int | None:
    """Return who created the article in the editor (None for imported content)."""
    return revisions.first_author(article.id)


def may_delete(article: Article, user: Any) -> bool:
    """Reviewers may delete anything; editors only their own drafts."""
    role = role_of(user)
    if role >= Role.reviewer:
        return True
    return (role >= Role.editor and article.state == "private"
            and owner_id(article) is not None and owner_id(article) == _uid(user))


def delete(article: Article, user: Any, confirmed: bool = False) -> Article:
    """Move the article to the trash, after confirmation when others refer to it."""
    _require_live(article)
    if not may_delete(article, user):
        raise PermissionDenied("delete")
    if not confirmed:
        _confirm_referrers(article)
    revisions.ensure_baseline(article)
    article.deleted_at = utcnow()
    return _saved(article, user, "delete")


def undelete(article: Article, user: Any) -> Article:
    """Take the article out of the trash (reviewers)."""
    _require(user, Role.reviewer)
    if article.deleted_at is None:
        return article
    revisions.ensure_baseline(article)
    article.deleted_at = None
    return _saved(article, user, "undelete")


def restore_revision(article: Article, revision: revisions.Revision, user: Any) -> bool:
    """Save an old revision's content as a new version; False when it matches already."""
    record = {k: v for k, v in revision.record.items() if k not in KEPT_FIELDS}
    comment = f"restored version {revision.version}"
    return update(article, record, article.version, user, comment,
                  operation="restore_revision")


def verify(article: Article, user: Any) -> Article:
    """Confirm the entry is still correct: verified today, next review per type's interval."""
    _require(user, Role.editor)
    _require_live(article)
    revisions.ensure_baseline(article)
    freshness.mark_verified(article)
    return _saved(article, user, "verify", review_due=article.review_due.isoformat())


def confirm_translation(article: Article, user: Any) -> Article:
    """Confirm the translation still matches its original as it is now."""
    _require(user, Role.editor)
    _require_live(article)
    if article.translation_of_id is None:
        raise PermissionDenied("not a translation")
    revisions.ensure_baseline(article)
    _track_source(article)
    return _saved(article, user, "confirm_translation", source_version=article.source_version)


def set_intervals(months_by_type: dict[str, int], user: Any) -> None:
    """Store the review intervals (admins)."""
    _require(user, Role.admin)
    freshness.set_intervals(months_by_type)
    db.session.flush()
    auditing.record_settings("review_intervals", **months_by_type)


def translation_in(article: Article, language: str) -> Article | None:
    """Return the live version of the article's group in `language`, if any."""
    group = article.translation_of_id or article.id
    query = select(Article).where(
        (Article.id == group) | (Article.translation_of_id == group),
        Article.language == language, Article.deleted_at.is_(None),
    )
    return db.session.scalar(query.limit(1))
