"""The four content types: organisation, contact, project and programme.

One `article` table holds what every type shares (joined-table inheritance), so
"what refers to this?" and "all articles in this state" are single queries, while
each type's own table gets typed foreign keys (a contact's organisation must be
an organisation). Lists of plain values (tags, vocabulary codes) are JSON lists;
every reference between articles is a real foreign key or an association table.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, Date, DateTime, Float, ForeignKey, Integer, String, Text
from sqlalchemy.ext.associationproxy import AssociationProxy, association_proxy
from sqlalchemy.ext.orderinglist import ordering_list
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from kb.core.phones import phone_forms
from kb.extensions import db

ID_LENGTH = 100


def utcnow() -> dt.datetime:
    """Return the current UTC time without tzinfo (stored the same on SQLite and PostgreSQL)."""
    return dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)


def _list_column() -> Mapped[list[str]]:
    return mapped_column(JSON, default=list, nullable=False)


class Article(db.Model):
    """What every content type shares: identity, text, vocabularies, workflow, dates."""

    __tablename__ = "article"

    id: Mapped[str] = mapped_column(String(ID_LENGTH), primary_key=True)
    type: Mapped[str] = mapped_column(String(20), index=True)
    language: Mapped[str] = mapped_column(String(2), default="de")
    translation_of_id: Mapped[str | None] = mapped_column(
        ForeignKey("article.id", ondelete="SET NULL"), index=True
    )
    title: Mapped[str] = mapped_column(String(300))
    summary: Mapped[str | None] = mapped_column(Text)
    body: Mapped[str | None] = mapped_column(Text)
    tags: Mapped[list[str]] = _list_column()
    topics: Mapped[list[str]] = _list_column()
    target_groups: Mapped[list[str]] = _list_column()
    regions: Mapped[list[str]] = _list_column()
    links: Mapped[list[str]] = _list_column()
    state: Mapped[str] = mapped_column(String(20), default="private", index=True)
    effective: Mapped[dt.date | None] = mapped_column(Date)
    expires: Mapped[dt.date | None] = mapped_column(Date)
    verified: Mapped[dt.date | None] = mapped_column(Date)
    review_due: Mapped[dt.date | None] = mapped_column(Date)
    created: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    modified: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, index=True)
    # Moved to the trash: hidden everywhere but the trash, restorable by reviewers.
    deleted_at: Mapped[dt.datetime | None] = mapped_column(DateTime, index=True)
    # Optimistic locking: SQLAlchemy adds `WHERE version = :old` to every UPDATE
    # and raises StaleDataError when someone else saved in between.
    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)
    # On a translation: the original's version it was last saved or confirmed against;
    # the translation is outdated once the original's content moves past it.
    source_version: Mapped[int | None] = mapped_column(Integer)

    translation_of: Mapped[Article | None] = relationship(
        remote_side=[id], back_populates="translations"
    )
    translations: Mapped[list[Article]] = relationship(back_populates="translation_of")

    __mapper_args__ = {
        "polymorphic_on": "type",
        "polymorphic_identity": "article",
        "version_id_col": version,
    }

    @property
    def group_id(self) -> str:
        """Return the id of the translation group: the original's id."""
        return self.translation_of_id or self.id

    def __repr__(self) -> str:
        return f"<{self.type} {self.id}>"


class Organisation(Article):
    __tablename__ = "organisation"

    id: Mapped[str] = mapped_column(
        ForeignKey("article.id", ondelete="CASCADE"), primary_key=True
    )
    org_kind: Mapped[str | None] = mapped_column(String(20))
    parent_id: Mapped[str | None] = mapped_column(
        ForeignKey("organisation.id", ondelete="SET NULL"), index=True
    )
    street: Mapped[str | None] = mapped_column(String(200))
    postcode: Mapped[str | None] = mapped_column(String(20))
    city: Mapped[str | None] = mapped_column(String(200))
    phone: Mapped[str | None] = mapped_column(String(60))
    fax: Mapped[str | None] = mapped_column(String(60))
    email: Mapped[str | None] = mapped_column(String(320))
    website: Mapped[str | None] = mapped_column(String(2000))

    parent: Mapped[Organisation | None] = relationship(
        remote_side=[id], foreign_keys=[parent_id], back_populates="children"
    )
    children: Mapped[list[Organisation]] = relationship(
        foreign_keys=[parent_id], back_populates="parent"
    )
    contacts: Mapped[list[Contact]] = relationship(
        back_populates="organisation", foreign_keys="Contact.organisation_id"
    )
    led_projects: Mapped[list[Project]] = relationship(
        back_populates="organisation", foreign_keys="Project.organisation_id"
    )

    __mapper_args__ = {
        "polymorphic_identity": "organisation", "inherit_condition": id == Article.id
    }


class Contact(Article):
    __tablename__ = "contact"

    id: Mapped[str] = mapped_column(
        ForeignKey("article.id", ondelete="CASCADE"), primary_key=True
    )
    name: Mapped[str] = mapped_column(String(200))
    honorific: Mapped[str | None] = mapped_column(String(60))
    position: Mapped[str | None] = mapped_column(String(300))
    organisation_id: Mapped[str | None] = mapped_column(
        ForeignKey("organisation.id", ondelete="SET NULL"), index=True
    )
    phone: Mapped[str | None] = mapped_column(String(60))
    # The phone as readers see it and as a link, kept with it (see kb.core.phones): a
    # result page shows up to twenty contact cards, and parsing each number took 0.1 ms.
    phone_display: Mapped[str | None] = mapped_column(String(80))
    phone_uri: Mapped[str | None] = mapped_column(String(100))
    email: Mapped[str | None] = mapped_column(String(320))
    responsibilities: Mapped[list[str]] = _list_column()
    languages_spoken: Mapped[list[str]] = _list_column()
    visibility: Mapped[str] = mapped_column(String(10), default="internal", index=True)

    organisation: Mapped[Organisation | None] = relationship(
        back_populates="contacts", foreign_keys=[organisation_id]
    )

    __mapper_args__ = {"polymorphic_identity": "contact", "inherit_condition": id == Article.id}

    @validates("phone")
    def _keep_phone_forms(self, key: str, value: str | None) -> str | None:
        self.phone_display, self.phone_uri = phone_forms(value) if value else (None, None)
        return value


class ProjectPartner(db.Model):
    __tablename__ = "project_partner"
    project_id: Mapped[str] = mapped_column(
        ForeignKey("project.id", ondelete="CASCADE"), primary_key=True
    )
    organisation_id: Mapped[str] = mapped_column(
        ForeignKey("organisation.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    position: Mapped[int] = mapped_column(Integer, default=0)
    organisation: Mapped[Organisation] = relationship()


class ProjectProgramme(db.Model):
    __tablename__ = "project_programme"
    project_id: Mapped[str] = mapped_column(
        ForeignKey("project.id", ondelete="CASCADE"), primary_key=True
    )
    programme_id: Mapped[str] = mapped_column(
        ForeignKey("programme.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    position: Mapped[int] = mapped_column(Integer, default=0)
    programme: Mapped[Programme] = relationship(back_populates="project_links")
    project: Mapped[Project] = relationship(back_populates="programme_links")


class ProjectContact(db.Model):
    __tablename__ = "project_contact"
    project_id: Mapped[str] = mapped_column(
        ForeignKey("project.id", ondelete="CASCADE"), primary_key=True
    )
    contact_id: Mapped[str] = mapped_column(
        ForeignKey("contact.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    position: Mapped[int] = mapped_column(Integer, default=0)
    contact: Mapped[Contact] = relationship()


class ProgrammeFunder(db.Model):
    __tablename__ = "programme_funder"
    programme_id: Mapped[str] = mapped_column(
        ForeignKey("programme.id", ondelete="CASCADE"), primary_key=True
    )
    organisation_id: Mapped[str] = mapped_column(
        ForeignKey("organisation.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    position: Mapped[int] = mapped_column(Integer, default=0)
    organisation: Mapped[Organisation] = relationship()


class ProgrammeContact(db.Model):
    __tablename__ = "programme_contact"
    programme_id: Mapped[str] = mapped_column(
        ForeignKey("programme.id", ondelete="CASCADE"), primary_key=True
    )
    contact_id: Mapped[str] = mapped_column(
        ForeignKey("contact.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    position: Mapped[int] = mapped_column(Integer, default=0)
    contact: Mapped[Contact] = relationship()


def _ordered_links(target: str, **kwargs) -> Mapped[list]:
    """Relationship to an association class that keeps the exchange file's list order."""
    return relationship(
        target,
        order_by=f"{target}.position",
        collection_class=ordering_list("position"),
        cascade="all, delete-orphan",
        passive_deletes=True,
        **kwargs,
    )


class Project(Article):
    __tablename__ = "project"

    id: Mapped[str] = mapped_column(
        ForeignKey("article.id", ondelete="CASCADE"), primary_key=True
    )
    organisation_id: Mapped[str | None] = mapped_column(
        ForeignKey("organisation.id", ondelete="SET NULL"), index=True
    )
    start: Mapped[dt.date | None] = mapped_column(Date)
    end: Mapped[dt.date | None] = mapped_column(Date)
    status: Mapped[str | None] = mapped_column(String(20))

    organisation: Mapped[Organisation | None] = relationship(
        back_populates="led_projects", foreign_keys=[organisation_id]
    )
    partner_links: Mapped[list[ProjectPartner]] = _ordered_links("ProjectPartner")
    programme_links: Mapped[list[ProjectProgramme]] = _ordered_links(
        "ProjectProgramme", back_populates="project"
    )
    contact_links: Mapped[list[ProjectContact]] = _ordered_links("ProjectContact")

    partners: AssociationProxy[list[Organisation]] = association_proxy(
        "partner_links", "organisation", creator=lambda org: ProjectPartner(organisation=org)
    )
    programmes: AssociationProxy[list[Programme]] = association_proxy(
        "programme_links", "programme", creator=lambda prog: ProjectProgramme(programme=prog)
    )
    contacts: AssociationProxy[list[Contact]] = association_proxy(
        "contact_links", "contact", creator=lambda person: ProjectContact(contact=person)
    )

    __mapper_args__ = {"polymorphic_identity": "project", "inherit_condition": id == Article.id}


class Programme(Article):
    __tablename__ = "programme"

    id: Mapped[str] = mapped_column(
        ForeignKey("article.id", ondelete="CASCADE"), primary_key=True
    )
    funding_kinds: Mapped[list[str]] = _list_column()
    eligible: Mapped[list[str]] = _list_column()
    amount_max_eur: Mapped[float | None] = mapped_column(Float)
    open_from: Mapped[dt.date | None] = mapped_column(Date)
    open_until: Mapped[dt.date | None] = mapped_column(Date)
    deadline: Mapped[dt.date | None] = mapped_column(Date)
    application_url: Mapped[str | None] = mapped_column(String(2000))

    funder_links: Mapped[list[ProgrammeFunder]] = _ordered_links("ProgrammeFunder")
    contact_links: Mapped[list[ProgrammeContact]] = _ordered_links("ProgrammeContact")
    project_links: Mapped[list[ProjectProgramme]] = relationship(
        back_populates="programme", viewonly=True
    )

    funders: AssociationProxy[list[Organisation]] = association_proxy(
        "funder_links", "organisation", creator=lambda org: ProgrammeFunder(organisation=org)
    )
    contacts: AssociationProxy[list[Contact]] = association_proxy(
        "contact_links", "contact", creator=lambda person: ProgrammeContact(contact=person)
    )

    __mapper_args__ = {"polymorphic_identity": "programme", "inherit_condition": id == Article.id}


MODEL_BY_TYPE: dict[str, type[Article]] = {
    "organisation": Organisation,
    "contact": Contact,
    "project": Project,
    "programme": Programme,
}


class ChangeEvent(db.Model):
    """A committed change to an article, numbered in commit order: the search outbox.

    Written in the same transaction as the change, so the index learns of exactly
    the changes that were committed, never of one that was rolled back.
    """

    __tablename__ = "change_event"

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    article_id: Mapped[str] = mapped_column(String(ID_LENGTH), index=True)
    created: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class SearchNode(db.Model):
    """A node keeping its own search index: how far it got, and when it last said so.

    Change events below every live node's position are pruned; a node unseen for
    longer than KB_NODE_EXPIRY_SECONDS is forgotten and rebuilds when it comes back.
    """

    __tablename__ = "search_node"

    name: Mapped[str] = mapped_column(String(300), primary_key=True)
    applied_seq: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    last_seen: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False, default=utcnow)


def full_load_options() -> list:
    """Loader options that fetch every type's own columns and link lists in a few queries."""
    from sqlalchemy.orm import selectin_polymorphic, selectinload

    return [
        selectin_polymorphic(Article, [Organisation, Contact, Programme, Project]),
        selectinload(Project.partner_links),
        selectinload(Project.programme_links),
        selectinload(Project.contact_links),
        selectinload(Programme.funder_links),
        selectinload(Programme.contact_links),
    ]
