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
    """A facet value with its count under the query and the other facets' selections.

    A tuple of plain values: small, and quick to pickle (the result cache keeps results
    pickled, see snapshot.ResultCache).
    """

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


@dataclass
class Suggestion:
    """A search-as-you-type entry."""

    id: str
    type: str
    title: str
