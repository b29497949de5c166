"""Equal scores, dates and titles come in the same order from any index of the same articles.

Two nodes (or one node before and after a rebuild) number the documents differently; a
reader paging through results that both serve must meet every hit exactly once.
"""

from __future__ import annotations

import datetime as dt

import pytest

from search_index import SearchIndex, SearchRequest
from tests.search_index.corpus import PUBLIC, doc

PER_PAGE = 4


def _twins() -> list:
    """Programmes alike in text, title, deadline and date of change: every order ties."""
    return [doc(f"foerderung-{n:02d}", type="programme", title="Förderfonds Nachbarschaft",
                summary="Zuschüsse für Nachbarschaftsprojekte", open_from=dt.date(2026, 1, 1),
                deadline=dt.date(2026, 12, 31), modified=dt.datetime(2026, 3, 1))
            for n in range(11)]


@pytest.fixture(scope="module")
def two_indexes(tmp_path_factory) -> tuple[SearchIndex, SearchIndex]:
    first = SearchIndex(tmp_path_factory.mktemp("ties") / "first", glossary=None)
    first.rebuild(_twins(), checkpoint=1, procs=1)
    second = SearchIndex(tmp_path_factory.mktemp("ties") / "second", glossary=None)
    second.rebuild(list(reversed(_twins())), checkpoint=1, procs=1)
    return first, second


def _all_pages(ix: SearchIndex, text: str, sort: str) -> list[str]:
    found: list[str] = []
    for page in range(1, 5):
        request = SearchRequest(text=text, sort=sort, page=page, per_page=PER_PAGE)
        found += [hit.id for hit in ix.search(request, PUBLIC).hits]
    return found


@pytest.mark.parametrize(("text", "sort"), [
    ("Nachbarschaft", "relevance"), ("", "newest"), ("", "title"), ("", "deadline"),
    ("Förderfonds", "title"),
])
def test_tied_hits_page_alike_in_differently_numbered_indexes(two_indexes, text, sort):
    first, second = two_indexes
    assert first.search(SearchRequest(text="Zuschüsse"), PUBLIC).hits[0].score == \
        first.search(SearchRequest(text="Zuschüsse", page=3, per_page=4), PUBLIC).hits[0].score
    pages = _all_pages(first, text, sort)
    assert sorted(pages) == sorted(d.id for d in _twins())  # each hit once
    assert _all_pages(second, text, sort) == pages
