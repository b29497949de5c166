"""Read-only queries behind the public pages; every one applies the audience."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from sqlalchemy import and_, exists, func, or_, select
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


def _visible(query, audience: Audience, lang: str, entity=Article) -> list:
    query = query.where(reader_filter(audience, lang, entity))
    return list(db.session.scalars(query.order_by(func.lower(entity.title))))


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


def _group_ids(article: Article) -> list[str]:
    """Return the ids of every version of the article: references may point at any of them."""
    group = article.translation_of_id or article.id
    query = select(Article.id).where(_in_group(Article, group))
    return list(db.session.scalars(query))


def _by_ids(model, ids, audience: Audience, lang: str) -> list[Article]:
    """Load referenced articles, each in the reader's language where a version exists."""
    ids = [i for i in ids if i]
    if not ids:
        return []
    # Both columns of article's own table: the database reads each through its index.
    query = select(model).where(Article.id.in_(ids) | Article.translation_of_id.in_(ids))
    return _visible(query, audience, lang, model)


def _organisation_relations(
    org: Organisation, ids: list[str], audience: Audience, lang: str
) -> dict:
    return {
        "parent": _by_ids(Organisation, [org.parent_id], audience, lang),
        "children": _visible(select(Organisation).where(Organisation.parent_id.in_(ids)),
                             audience, lang, Organisation),
        "people": _visible(select(Contact).where(Contact.organisation_id.in_(ids)),
                           audience, lang, Contact),
        "led_projects": _visible(select(Project).where(Project.organisation_id.in_(ids)),
                                 audience, lang, Project),
        "partner_projects": _visible(
            select(Project).join(ProjectPartner).where(ProjectPartner.organisation_id.in_(ids)),
            audience, lang, Project),
        "funded_programmes": _visible(
            select(Programme).join(ProgrammeFunder)
            .where(ProgrammeFunder.organisation_id.in_(ids)), audience, lang, Programme),
    }


def _contact_relations(contact: Contact, ids: list[str], audience: Audience, lang: str) -> dict:
    return {
        "organisation": _by_ids(Organisation, [contact.organisation_id], audience, lang),
        "contact_projects": _visible(
            select(Project).join(ProjectContact).where(ProjectContact.contact_id.in_(ids)),
            audience, lang, Project),
        "contact_programmes": _visible(
            select(Programme).join(ProgrammeContact)
            .where(ProgrammeContact.contact_id.in_(ids)), audience, lang, Programme),
    }


def _project_relations(project: Project, ids: list[str], audience: Audience, lang: str) -> dict:
    return {
        "lead": _by_ids(Organisation, [project.organisation_id], audience, lang),
        "partners": _by_ids(Organisation, [link.organisation_id for link in project.partner_links],
                            audience, lang),
        "programmes": _by_ids(Programme, [link.programme_id for link in project.programme_links],
                              audience, lang),
        "contacts": _by_ids(Contact, [link.contact_id for link in project.contact_links],
                            audience, lang),
    }


def _programme_relations(
    programme: Programme, ids: list[str], audience: Audience, lang: str
) -> dict:
    return {
        "funders": _by_ids(Organisation, [link.organisation_id for link in programme.funder_links],
                           audience, lang),
        "contacts": _by_ids(Contact, [link.contact_id for link in programme.contact_links],
                            audience, lang),
        "funded_projects": _visible(
            select(Project).join(ProjectProgramme)
            .where(ProjectProgramme.programme_id.in_(ids)), audience, lang, Project),
    }


def translations_of(article: Article, audience: Audience) -> list[Article]:
    """Return the visible other-language versions of an article."""
    group = article.translation_of_id or article.id
    query = select(Article).where(
        _in_group(Article, group), Article.id != article.id, visible_clause(audience)
    )
    return list(db.session.scalars(query))
