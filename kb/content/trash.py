"""Who refers to an article, and the trash: what was deleted, restorable by reviewers."""

from __future__ import annotations

from sqlalchemy import select

from kb.content.models import (
    Article,
    Contact,
    Organisation,
    ProgrammeContact,
    ProgrammeFunder,
    Project,
    ProjectContact,
    ProjectPartner,
    ProjectProgramme,
)
from kb.extensions import db

# (table column holding the reference, column naming the referrer), per referenced type.
_REFERRING = {
    "organisation": (
        (Organisation.parent_id, Organisation.id),
        (Contact.organisation_id, Contact.id),
        (Project.organisation_id, Project.id),
        (ProjectPartner.organisation_id, ProjectPartner.project_id),
        (ProgrammeFunder.organisation_id, ProgrammeFunder.programme_id),
    ),
    "programme": ((ProjectProgramme.programme_id, ProjectProgramme.project_id),),
    "contact": (
        (ProjectContact.contact_id, ProjectContact.project_id),
        (ProgrammeContact.contact_id, ProgrammeContact.programme_id),
    ),
    "project": (),
}


def referrers(article: Article) -> list[Article]:
    """Return the live articles that refer to `article` (translations included), by title."""
    ids: set[str] = set(db.session.scalars(
        select(Article.id).where(Article.translation_of_id == article.id)
    ))
    for column, referrer in _REFERRING[article.type]:
        ids.update(db.session.scalars(select(referrer).where(column == article.id)))
    ids.discard(article.id)
    if not ids:
        return []
    query = select(Article).where(Article.id.in_(ids), Article.deleted_at.is_(None))
    return list(db.session.scalars(query.order_by(Article.title)))


def trashed(limit: int = 500) -> list[Article]:
    """Return what is in the trash, most recently deleted first."""
    query = select(Article).where(Article.deleted_at.is_not(None))
    return list(db.session.scalars(query.order_by(Article.deleted_at.desc()).limit(limit)))
