"""The search page's state: its query string, the links that change it, what hits show."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import urlencode

from flask import g
from sqlalchemy import Row, bindparam, select
from werkzeug.datastructures import MultiDict

from kb.content.models import Article, Contact, Programme
from kb.content.visibility import is_visible, visible_clause
from kb.core.templating import fixed_url
from kb.extensions import db
from kb.search import service
from kb.search.params import FACETS, MAX_PAGE
from search_index import Audience, Hit, SearchRequest, SearchResult

PAGE_SIZE = 20
# Parameters a search URL keeps; anything else in the query string is dropped from links.
KEPT = ("q", *FACETS, "open_on", "sort", "page", "per_page")
# Facets in the order the sidebar shows them: what readers narrow by most comes first.
FACET_ORDER = ("type", "topics", "target_groups", "regions", "status", "funding_kinds",
               "eligible", "org_kind", "language")
MAX_VCARDS = 1000


def search_args(args: MultiDict, per_page: int = PAGE_SIZE) -> MultiDict:
    """Copy the reader's parameters, with the page's language and the page's default size."""
    out = MultiDict([(k, v) for k, v in args.items(multi=True) if k in KEPT])
    out["lang"] = g.lang
    if not out.get("per_page"):
        out["per_page"] = str(per_page)
    return out


@dataclass
class SearchState:
    """The reader's parameters as (name, value) pairs, and links derived from them."""

    pairs: list[tuple[str, str]]

    @classmethod
    def from_args(cls, args: MultiDict) -> SearchState:
        """Keep the known, non-empty parameters in their order."""
        return cls([(k, v) for k, v in args.items(multi=True) if k in KEPT and v != ""])

    def query(self, drop: tuple[str, ...] = (), **replace: str | int) -> str:
        """Return the query string with `drop` left out and single values replaced."""
        names = set(drop) | set(replace)
        pairs = [(k, v) for k, v in self.pairs if k not in names]
        pairs += [(k, str(v)) for k, v in replace.items() if v not in (None, "")]
        return urlencode(pairs)

    def url(self, endpoint: str = "site.search", drop: tuple[str, ...] = (),
            **replace: str | int) -> str:
        """Return a URL on `endpoint` (search page, feed, vCards) with this state."""
        query = self.query(drop, **replace)
        base = fixed_url(endpoint)
        return f"{base}?{query}" if query else base

    def page_url(self, page: int) -> str:
        """Return this search on another page."""
        return self.url(drop=("page",), page=page if page > 1 else "")

    def without(self, name: str, value: str) -> str:
        """Return this search without one filter value (back to the first page)."""
        pairs = [(k, v) for k, v in self.pairs if (k, v) != (name, value) and k != "page"]
        return SearchState(pairs).url()

    def without_filters(self) -> str:
        """Return this search with no filters at all."""
        return SearchState([(k, v) for k, v in self.pairs if k in ("q", "sort")]).url()

    def filters(self) -> Iterator[tuple[str, str]]:
        """Yield the active filters as (name, value), for the removable chips."""
        for name, value in self.pairs:
            if name in FACETS or name == "open_on":
                yield name, value

    @property
    def has_filters(self) -> bool:
        return any(True for _ in self.filters())


def page_numbers(page: int, pages: int) -> list[int | None]:
    """Return the page links to show: first, last, and two either side (None is a gap)."""
    pages = min(pages, MAX_PAGE)
    wanted = sorted({1, pages, *range(max(1, page - 2), min(pages, page + 2) + 1)})
    out: list[int | None] = []
    for number in wanted:
        if out and number - (out[-1] or 0) > 1:
            out.append(None)
        out.append(number)
    return out


def finds_contacts(search: SearchRequest, result: SearchResult) -> bool:
    """Tell whether the search (as filtered) finds contacts: then offer them as vCards."""
    if "contact" not in search.filters.get("type", ("contact",)):
        return False
    return any(v.value == "contact" and v.count for v in result.facets.get("type", []))


# What contact cards and programme badges show: a few columns, not whole articles (their
# texts and lists are most of the loading time, and a page shows 20 hits).
_CONTACT, _PROGRAMME = Contact.__table__, Programme.__table__
HIT_CARD_COLUMNS = (Article.id, Article.type, _CONTACT.c.visibility, _CONTACT.c.position,
                    _CONTACT.c.phone, _CONTACT.c.phone_display, _CONTACT.c.phone_uri,
                    _CONTACT.c.email, _PROGRAMME.c.open_from,
                    _PROGRAMME.c.open_until, _PROGRAMME.c.deadline)


def hit_articles(hits: list[Hit], audience: Audience) -> dict[str, Row]:
    """Load what the hits' contact cards and programme badges show (one query).

    Rows have the attributes of the articles' columns, for the templates; the audience's
    visibility rule is applied again in SQL, so a stale index shows no card it should not.
    """
    ids = [hit.id for hit in hits if hit.type in ("contact", "programme")]
    if not ids:
        return {}
    return {row.id: row for row in db.session.execute(_cards_statement(audience), {"ids": ids})}


@lru_cache(maxsize=64)
def _cards_statement(audience: Audience):
    """Return the cards' query for an audience, built once (see kb.browse.queries._statement)."""
    return (select(*HIT_CARD_COLUMNS)
            .outerjoin(_CONTACT, _CONTACT.c.id == Article.id)
            .outerjoin(_PROGRAMME, _PROGRAMME.c.id == Article.id)
            .where(Article.id.in_(bindparam("ids", expanding=True)), visible_clause(audience)))


def contacts_of_search(search: SearchRequest, audience: Audience) -> list[Contact]:
    """Return every contact the search finds for `audience` (at most MAX_VCARDS), in order."""
    types = search.filters.get("type", ("contact",))
    if "contact" not in types:
        return []
    filters = {**search.filters, "type": ("contact",)}
    ids: list[str] = []
    page = 1
    while len(ids) < MAX_VCARDS:
        request = SearchRequest(text=search.text, lang=search.lang, filters=filters,
                                open_on=search.open_on, sort=search.sort, page=page, per_page=100)
        result = service.search(request, audience)
        ids += [hit.id for hit in result.hits]
        if not result.hits or page * 100 >= result.total:
            break
        page += 1
    found = {c.id: c for c in db.session.scalars(select(Contact).where(Contact.id.in_(ids)))}
    # The search applied the audience already; checking again keeps a stale index harmless.
    return [found[i] for i in ids[:MAX_VCARDS] if i in found and is_visible(found[i], audience)]
