"""Build the plain documents the search engine indexes from articles."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache

from babel import Locale, UnknownLocaleError
from sqlalchemy import select

from kb.content.models import Article, Contact, Organisation, Programme, Project
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


@dataclass(frozen=True)
class OrgFacts:
    """What a contact or project borrows from an organisation for its searchable text."""

    title: str
    city: str | None
    regions: tuple[str, ...]


def referenced_ids(article: Article) -> list[str]:
    """Return the ids whose titles go into the article's `related` text."""
    if isinstance(article, Contact):
        return [article.organisation_id] if article.organisation_id else []
    if isinstance(article, Organisation):
        return [article.parent_id] if article.parent_id else []
    if isinstance(article, Project):
        ids = [article.organisation_id] + [link.organisation_id for link in article.partner_links]
        return [i for i in ids if i] + [link.programme_id for link in article.programme_links]
    if isinstance(article, Programme):
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
    if isinstance(article, Contact | Project):
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
    words = [vocab.label(code, lang) for vocab, codes in coded for code in codes
             if code in vocab for lang in ("de", "en")]
    spoken = getattr(article, "languages_spoken", None) or ()
    words += [name for code in spoken if code != "de" for name in _language_names(code)]
    return tuple(dict.fromkeys(words))


@lru_cache(maxsize=512)
def _language_names(code: str) -> tuple[str, ...]:
    """Name a spoken language in German and English ("ar" -> Arabisch, Arabic); () if unknown."""
    try:
        locale = Locale.parse(code)
        return tuple(n for n in (locale.get_display_name(lang) for lang in ("de", "en")) if n)
    except (ValueError, UnknownLocaleError):
        return ()


def _names(article: Article) -> tuple[str, ...]:
    if isinstance(article, Contact):
        return tuple(n for n in (article.name, article.honorific) if n)
    if isinstance(article, Organisation):
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
