"""The values exchanged with the application."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import NamedTuple


@dataclass
class SearchRequest:
    """What the reader asked for (already validated by the app)."""

    text: str = ""
    lang: str = "de"
    filters: dict[str, tuple[str, ...]] = field(default_factory=dict)
    open_on: dt.date | None = None
    sort: str = "relevance"  # relevance | newest | title | deadline
    page: int = 1
    per_page: int = 10


@dataclass
class Hit:
    """One translation group, shown in the reader's language where possible."""

    id: str
    type: str
    language: str
    title: str
    summary: str
    snippet: str  # safe HTML: escaped text with <mark> around matched words
    score: float
    translations: dict[str, str] = field(default_factory=dict)


class FacetValue(NamedTuple):
    """A facet value with its count under the query and the other facets' selections."""

    value: str
    count: int
    selected: bool = False


@dataclass
class SearchResult:
    """One page of results with facet counts and a spelling suggestion."""

    total: int
    page: int
    per_page: int
    hits: list[Hit] = field(default_factory=list)
    facets: dict[str, list[FacetValue]] = field(default_factory=dict)
    suggestion: str | None = None

    def plain(self) -> tuple:
        """Return the result as tuples, lists and dicts of plain values (from_plain undoes it).

        The result cache keeps results pickled (see snapshot.ResultCache). Pickling a named
        tuple or a dataclass costs a Python call each: a result's two hundred facet values
        took 0.37 ms, where plain tuples pickle in C.
        """
        hits = [(h.id, h.type, h.language, h.title, h.summary, h.snippet, h.score,
                 h.translations) for h in self.hits]
        facets = {name: [tuple(value) for value in values]
                  for name, values in self.facets.items()}
        return (self.total, self.page, self.per_page, hits, facets, self.suggestion)

    @classmethod
    def from_plain(cls, plain: tuple) -> SearchResult:
        """Return the result plain() made that tuple of."""
        total, page, per_page, hits, facets, suggestion = plain
        return cls(total, page, per_page, [Hit(*hit) for hit in hits],
                   {name: [FacetValue._make(value) for value in values]
                    for name, values in facets.items()}, suggestion)


@dataclass
class Suggestion:
    """A search-as-you-type entry."""

    id: str
    type: str
    title: str
