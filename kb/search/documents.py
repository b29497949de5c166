"""Build the plain documents the search engine indexes from articles.

Documents are built from anything that has an article's attributes: the ORM models, or the
lighter objects ``load_live_articles`` reads straight from the tables for a full rebuild
(loading 100k ORM objects with their subtype rows and link lists cost more than indexing
them). The article's ``type`` decides which attributes it has, as the models do.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from types import SimpleNamespace

from babel import Locale, UnknownLocaleError
from sqlalchemy import select

from kb.content.models import (
    Article,
    Contact,
    Organisation,
    Programme,
    ProgrammeFunder,
    Project,
    ProjectPartner,
    ProjectProgramme,
)
from kb.core.markdown import markdown_to_text
from kb.core.vocabularies import (
    CONTENT_TYPES,
    FUNDING_KINDS,
    ORG_KINDS,
    STATES,
    TARGET_GROUPS,
    TOPICS,
    Vocabulary,
    region_label,
)
from kb.extensions import db
from search_index.documents import IndexDocument

LOAD_CHUNK = 500  # ids per IN (...) list

@dataclass(frozen=True)
class OrgFacts:
    """What a contact or project borrows from an organisation for its searchable text."""

    title: str
    city: str | None
    regions: tuple[str, ...]


def referenced_ids(article: Article) -> list[str]:
    """Return the ids whose titles go into the article's `related` text."""
    if article.type == "contact":
        return [article.organisation_id] if article.organisation_id else []
    if article.type == "organisation":
        return [article.parent_id] if article.parent_id else []
    if article.type == "project":
        ids = [article.organisation_id] + [link.organisation_id for link in article.partner_links]
        return [i for i in ids if i] + [link.programme_id for link in article.programme_links]
    if article.type == "programme":
        return [link.organisation_id for link in article.funder_links]
    return []


def load_facts(ids: Iterable[str]) -> dict[str, OrgFacts]:
    """Load title, city and regions of the referenced articles in a few queries."""
    ids = sorted(set(ids))
    facts: dict[str, OrgFacts] = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        org = Organisation.__table__
        rows = db.session.execute(
            select(Article.id, Article.title, Article.regions, org.c.city)
            .outerjoin(org, org.c.id == Article.id)
            .where(Article.id.in_(chunk))
        )
        facts.update({row.id: OrgFacts(row.title, row.city, tuple(row.regions or ()))
                      for row in rows})
    return facts


def _region_words(regions: Iterable[str]) -> list[str]:
    """Name regions in both languages so "Köln", "NRW" and "North Rhine-Westphalia" all hit."""
    words: list[str] = []
    for code in regions:
        state = code.split("/", 1)[0]
        if "/" in code:
            words.append(region_label(code, "de"))
        if state in STATES and state != "DE":
            words += [STATES.label(state, "de"), STATES.label(state, "en")]
    return list(dict.fromkeys(words))


def _places(article: Article, related: list[OrgFacts]) -> tuple[str, ...]:
    regions = list(article.regions or [])
    cities = [getattr(article, "city", None)]
    if article.type in ("contact", "project"):
        # People and projects are found by where their organisation works.
        for org in related[:1]:
            regions += org.regions
            cities.append(org.city)
    return tuple(dict.fromkeys([c for c in cities if c] + _region_words(regions)))


def _labels(article: Article) -> tuple[str, ...]:
    """Name the entry's vocabulary codes in German and English ("Geflüchtete", "Refugees")."""
    coded: list[tuple[Vocabulary, list[str]]] = [
        (CONTENT_TYPES, [article.type]),
        (TOPICS, list(article.topics or ())),
        (TARGET_GROUPS, list(article.target_groups or ())),
        (TARGET_GROUPS, list(getattr(article, "eligible", None) or ())),
        (FUNDING_KINDS, list(getattr(article, "funding_kinds", None) or ())),
        (ORG_KINDS, [k for k in [getattr(article, "org_kind", None)] if k]),
    ]
    words = [word for vocab, codes in coded for code in codes
             for word in _code_labels(vocab, code)]
    spoken = getattr(article, "languages_spoken", None) or ()
    words += [name for code in spoken if code != "de" for name in _language_names(code)]
    return tuple(dict.fromkeys(words))


@lru_cache(maxsize=4096)
def _code_labels(vocab: Vocabulary, code: str) -> tuple[str, ...]:
    """Return a vocabulary code's German and English labels (none for an unknown code)."""
    return (vocab.label(code, "de"), vocab.label(code, "en")) if code in vocab else ()


@lru_cache(maxsize=512)
def _language_names(code: str) -> tuple[str, ...]:
    """Name a spoken language in German and English ("ar" -> Arabisch, Arabic); () if unknown."""
    try:
        locale = Locale.parse(code)
        return tuple(n for n in (locale.get_display_name(lang) for lang in ("de", "en")) if n)
    except (ValueError, UnknownLocaleError):
        return ()


def _names(article: Article) -> tuple[str, ...]:
    if article.type == "contact":
        return tuple(n for n in (article.name, article.honorific) if n)
    if article.type == "organisation":
        return (article.title,)
    return ()


def _contacts_fields(article: Article) -> dict:
    phones = [getattr(article, "phone", None), getattr(article, "fax", None)]
    email = getattr(article, "email", None)
    return {
        "phones": tuple(p for p in phones if p),
        "emails": (email,) if email else (),
    }


def build_document(article: Article, facts: dict[str, OrgFacts]) -> IndexDocument:
    """Turn one article into the engine's document."""
    related = [facts[i] for i in referenced_ids(article) if i in facts]
    return IndexDocument(
        id=article.id,
        type=article.type,
        language=article.language,
        group=article.translation_of_id or article.id,
        version=article.version,
        title=article.title,
        summary=article.summary or "",
        body=markdown_to_text(article.body),
        tags=tuple(article.tags or ()),
        names=_names(article),
        position=getattr(article, "position", None) or "",
        responsibilities=tuple(getattr(article, "responsibilities", None) or ()),
        related=tuple(org.title for org in related),
        places=_places(article, related),
        labels=_labels(article),
        languages_spoken=tuple(getattr(article, "languages_spoken", None) or ()),
        topics=tuple(article.topics or ()),
        target_groups=tuple(article.target_groups or ()),
        regions=tuple(article.regions or ()),
        funding_kinds=tuple(getattr(article, "funding_kinds", None) or ()),
        eligible=tuple(getattr(article, "eligible", None) or ()),
        org_kind=getattr(article, "org_kind", None),
        project_status=getattr(article, "status", None),
        open_from=getattr(article, "open_from", None),
        open_until=getattr(article, "open_until", None),
        deadline=getattr(article, "deadline", None),
        state=article.state,
        effective=article.effective,
        expires=article.expires,
        visibility=getattr(article, "visibility", "public"),
        created=article.created,
        modified=article.modified,
        **_contacts_fields(article),
    )


def build_documents(articles: list[Article]) -> Iterator[IndexDocument]:
    """Build documents for a batch of articles, loading what they reference once."""
    facts = load_facts(i for article in articles for i in referenced_ids(article))
    for article in articles:
        yield build_document(article, facts)


# --- light articles for rebuilds -------------------------------------------------------

_MODELS = {"organisation": Organisation, "contact": Contact, "project": Project,
           "programme": Programme}
# Link lists build_document reads: attribute, association table, owner column, target column.
_LINKS = {
    "project": (("partner_links", ProjectPartner.__table__, "project_id", "organisation_id"),
                ("programme_links", ProjectProgramme.__table__, "project_id", "programme_id")),
    "programme": (("funder_links", ProgrammeFunder.__table__, "programme_id",
                   "organisation_id"),),
}


@lru_cache(maxsize=8)
def _attributes(article_type: str) -> tuple[str, ...]:
    """Return the column attributes an article of this type has (its model's, inherited too)."""
    model = _MODELS.get(article_type, Article)
    return tuple(model.__mapper__.column_attrs.keys())


def light_article(article_type: str, values: dict) -> SimpleNamespace:
    """Return an object with the attributes of an article of `article_type` (None if absent).

    `values` may hold link lists (e.g. ``partner_links``: objects with ``organisation_id``);
    missing ones are empty.
    """
    attributes = dict.fromkeys(_attributes(article_type))
    for name, *_ in _LINKS.get(article_type, ()):
        attributes[name] = []
    attributes.update(values)
    attributes["type"] = article_type
    return SimpleNamespace(**attributes)


@lru_cache(maxsize=1)
def _load_statement():
    """SELECT every article column and every subtype's own columns (outer joins)."""
    article = Article.__table__
    columns = list(article.c)
    joined = article
    for model in _MODELS.values():
        table = model.__table__
        columns += [c for c in table.c if c.name != "id"]
        joined = joined.outerjoin(table, table.c.id == article.c.id)
    return select(*columns).select_from(joined), columns


@lru_cache(maxsize=8)
def _row_layout(article_type: str) -> tuple[tuple[str, int], ...]:
    """Return (attribute, column index) for the columns an article of this type has."""
    _, columns = _load_statement()
    own = {Article.__table__.name}
    if article_type in _MODELS:
        own.add(_MODELS[article_type].__table__.name)
    wanted = set(_attributes(article_type))
    return tuple((c.name, i) for i, c in enumerate(columns)
                 if c.table.name in own and c.name in wanted)


def load_live_articles(ids: list[str]) -> list[SimpleNamespace]:
    """Load live (not trashed) articles as light objects with what documents need."""
    statement, _ = _load_statement()
    article = Article.__table__
    loaded: list[SimpleNamespace] = []
    for start in range(0, len(ids), LOAD_CHUNK):
        rows = db.session.execute(statement.where(article.c.id.in_(ids[start:start + LOAD_CHUNK])))
        # Trashed ones are dropped here: with "deleted_at IS NULL" in the query, SQLite
        # (without statistics) walks the deleted_at index over every live article instead.
        batch = [_from_row(row) for row in rows if row.deleted_at is None]
        _attach_links(batch)
        loaded.extend(batch)
    return loaded


def _from_row(row) -> SimpleNamespace:
    article_type = row.type
    values = {name: row[i] for name, i in _row_layout(article_type)}
    return light_article(article_type, values)


def _attach_links(articles: list[SimpleNamespace]) -> None:
    """Fill the link lists of projects and programmes, in their stored order."""
    by_type: dict[str, dict[str, SimpleNamespace]] = {}
    for item in articles:
        if item.type in _LINKS:
            by_type.setdefault(item.type, {})[item.id] = item
    for article_type, owners in by_type.items():
        for attribute, table, owner, target in _LINKS[article_type]:
            rows = db.session.execute(
                select(table.c[owner], table.c[target])
                .where(table.c[owner].in_(list(owners)))
                .order_by(table.c[owner], table.c.position)
            )
            for owner_id, target_id in rows:
                getattr(owners[owner_id], attribute).append(SimpleNamespace(**{target: target_id}))
