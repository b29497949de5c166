"""Read-only queries behind the public pages; every one applies the audience."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from sqlalchemy import and_, bindparam, exists, func, or_, select
from sqlalchemy.orm import aliased

from kb.content.models import (
    Article,
    Contact,
    Organisation,
    Programme,
    ProgrammeContact,
    ProgrammeFunder,
    Project,
    ProjectContact,
    ProjectPartner,
    ProjectProgramme,
)
from kb.content.visibility import is_visible, visible_clause
from kb.extensions import db
from kb.search import service
from search_index import SearchRequest
from search_index.documents import Audience


@dataclass
class Page:
    items: list[Article]
    total: int
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))


def _group(entity):
    return func.coalesce(entity.translation_of_id, entity.id)


def _in_group(entity, group):
    """`_group(entity) == group`, spelled so the database can use the id and
    translation_of indexes instead of computing coalesce() for every row."""
    return or_(entity.translation_of_id == group,
               and_(entity.translation_of_id.is_(None), entity.id == group))


def in_reader_language(audience: Audience, lang: str, entity=Article):
    """Keep one version per translation group: the reader's language where it exists."""
    other = aliased(Article)
    better = exists().where(
        _in_group(other, _group(entity)),
        other.language == lang,
        visible_clause(audience, other),
    )
    return (entity.language == lang) | ~better


@lru_cache(maxsize=256)
def reader_filter(audience: Audience, lang: str, entity=Article):
    """What `audience` sees of `entity`, one version per translation group.

    Building these clauses (an alias, the visibility rule twice) took longer than running an
    article page's queries; they are immutable, so one copy serves every request alike.
    """
    return and_(visible_clause(audience, entity), in_reader_language(audience, lang, entity))


# The lists below come from the search index, which keeps one version per translation group
# (the reader's language first) as bitsets. The same rule in SQL is a per-row "is there a
# better version?" subquery: 0.1-0.5 s per list or count at 100,000 articles.


def list_articles(type_: str, audience: Audience, lang: str, page: int, per_page: int = 30) -> Page:
    """Return one page of visible articles of a type, sorted by title."""
    request = SearchRequest(text="", lang=lang, filters={"type": (type_,)}, sort="title",
                            page=page, per_page=per_page)
    result = service.search(request, audience)
    items = visible_in_order(Article, [hit.id for hit in result.hits], audience)
    return Page(items, result.total, page, per_page)


def count_by_type(audience: Audience, lang: str) -> dict[str, int]:
    """Count visible articles per type (one per translation group)."""
    result = service.search(SearchRequest(text="", lang=lang, per_page=1), audience)
    return {value.value: value.count for value in result.facets.get("type", ())}


def visible_in_order(entity, ids: list[str], audience: Audience) -> list:
    """Load the articles with these ids that `audience` may see, in the order given.

    Ids come from the search index; the visibility rule is applied again here, so an index
    a moment behind the database shows nothing it should not.
    """
    if not ids:
        return []
    query = select(entity).where(entity.id.in_(ids), visible_clause(audience, entity))
    found = {article.id: article for article in db.session.scalars(query)}
    return [found[i] for i in ids if i in found]


def get_visible(article_id: str, audience: Audience) -> Article | None:
    """Load an article if `audience` may see it."""
    article = db.session.get(Article, article_id)
    return article if article is not None and is_visible(article, audience) else None


# The statements behind article pages are built once per audience and language, with the
# ids as an expanding parameter: SQLAlchemy then keys its compiled-SQL cache on the
# statement it already knows. Built per page, working out that key (the visibility rule
# and the reader's-language subquery are large) cost more than running the query.
IDS = bindparam("ids", expanding=True)
_STATEMENTS = {
    # referenced articles: any version of them, in the reader's language where one exists
    "organisations": (Organisation, lambda: select(Organisation).where(
        Article.id.in_(IDS) | Article.translation_of_id.in_(IDS))),
    "contacts": (Contact, lambda: select(Contact).where(
        Article.id.in_(IDS) | Article.translation_of_id.in_(IDS))),
    "programmes": (Programme, lambda: select(Programme).where(
        Article.id.in_(IDS) | Article.translation_of_id.in_(IDS))),
    # articles that point at any version of this one
    "children": (Organisation, lambda: select(Organisation).where(
        Organisation.parent_id.in_(IDS))),
    "people": (Contact, lambda: select(Contact).where(Contact.organisation_id.in_(IDS))),
    "led_projects": (Project, lambda: select(Project).where(Project.organisation_id.in_(IDS))),
    "partner_projects": (Project, lambda: select(Project).join(ProjectPartner).where(
        ProjectPartner.organisation_id.in_(IDS))),
    "funded_programmes": (Programme, lambda: select(Programme).join(ProgrammeFunder).where(
        ProgrammeFunder.organisation_id.in_(IDS))),
    "contact_projects": (Project, lambda: select(Project).join(ProjectContact).where(
        ProjectContact.contact_id.in_(IDS))),
    "contact_programmes": (Programme, lambda: select(Programme).join(ProgrammeContact).where(
        ProgrammeContact.contact_id.in_(IDS))),
    "funded_projects": (Project, lambda: select(Project).join(ProjectProgramme).where(
        ProjectProgramme.programme_id.in_(IDS))),
}


@lru_cache(maxsize=512)
def _statement(name: str, audience: Audience, lang: str):
    """Return the named relation's statement for an audience and language (see above)."""
    entity, build = _STATEMENTS[name]
    return build().where(reader_filter(audience, lang, entity)).order_by(func.lower(entity.title))


def _load(name: str, ids: list, audience: Audience, lang: str) -> list[Article]:
    """Run a relation's statement for some article ids (none given: nothing to load)."""
    ids = [i for i in ids if i]
    if not ids:
        return []
    return list(db.session.scalars(_statement(name, audience, lang), {"ids": ids}))


def relations(article: Article, audience: Audience, lang: str) -> dict[str, list[Article]]:
    """Return the article's visible relations in both directions, named by role."""
    loaders = {
        "organisation": _organisation_relations,
        "contact": _contact_relations,
        "project": _project_relations,
        "programme": _programme_relations,
    }
    found = loaders[article.type](article, _group_ids(article), audience, lang)
    return {name: items for name, items in found.items() if items}


_GROUP = bindparam("group")
_GROUP_IDS = select(Article.id).where(_in_group(Article, _GROUP))


def _group_ids(article: Article) -> list[str]:
    """Return the ids of every version of the article: references may point at any of them."""
    group = article.translation_of_id or article.id
    return list(db.session.scalars(_GROUP_IDS, {"group": group}))


def _organisation_relations(
    org: Organisation, ids: list[str], audience: Audience, lang: str
) -> dict:
    return {
        "parent": _load("organisations", [org.parent_id], audience, lang),
        **{name: _load(name, ids, audience, lang) for name in (
            "children", "people", "led_projects", "partner_projects", "funded_programmes")},
    }


def _contact_relations(contact: Contact, ids: list[str], audience: Audience, lang: str) -> dict:
    return {
        "organisation": _load("organisations", [contact.organisation_id], audience, lang),
        "contact_projects": _load("contact_projects", ids, audience, lang),
        "contact_programmes": _load("contact_programmes", ids, audience, lang),
    }


def _project_relations(project: Project, ids: list[str], audience: Audience, lang: str) -> dict:
    return {
        "lead": _load("organisations", [project.organisation_id], audience, lang),
        "partners": _load("organisations",
                          [link.organisation_id for link in project.partner_links],
                          audience, lang),
        "programmes": _load("programmes",
                            [link.programme_id for link in project.programme_links],
                            audience, lang),
        "contacts": _load("contacts", [link.contact_id for link in project.contact_links],
                          audience, lang),
    }


def _programme_relations(
    programme: Programme, ids: list[str], audience: Audience, lang: str
) -> dict:
    return {
        "funders": _load("organisations",
                         [link.organisation_id for link in programme.funder_links],
                         audience, lang),
        "contacts": _load("contacts", [link.contact_id for link in programme.contact_links],
                          audience, lang),
        "funded_projects": _load("funded_projects", ids, audience, lang),
    }


def translations_of(article: Article, audience: Audience) -> list[Article]:
    """Return the visible other-language versions of an article."""
    group = article.translation_of_id or article.id
    return list(db.session.scalars(_translations_statement(audience),
                                   {"group": group, "id": article.id}))


@lru_cache(maxsize=64)
def _translations_statement(audience: Audience):
    return select(Article).where(_in_group(Article, _GROUP), Article.id != bindparam("id"),
                                 visible_clause(audience))
