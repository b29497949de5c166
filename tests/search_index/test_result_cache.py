"""Search results kept per index generation: reused, never stale."""

from __future__ import annotations

import dataclasses

from search_index import Audience, SearchIndex, SearchRequest
from search_index.api import FacetValue
from search_index.documents import IndexDocument

STAFF = Audience(include_internal=True, include_unpublished=True)


def _doc(i: int, title: str, state: str = "published") -> IndexDocument:
    return IndexDocument(id=f"p{i}", type="project", language="de", group=f"p{i}", version=1,
                         title=title, state=state)


def _index(tmp_path, cache: int = 512) -> SearchIndex:
    ix = SearchIndex(tmp_path / "ix", result_cache=cache)
    ix.rebuild([_doc(1, "Sprachkurs Bottrop"), _doc(2, "Sprachkurs Essen", "private")],
               checkpoint=1)
    return ix


def test_a_repeated_search_is_answered_from_the_cache(tmp_path):
    ix = _index(tmp_path)
    first = ix.search(SearchRequest(text="Sprachkurs"), Audience())
    again = ix.search(SearchRequest(text="Sprachkurs"), Audience())
    assert again == first and again is not first  # a copy: no reader changes another's
    assert again.hits and again.facets["type"] == [FacetValue("project", 1)]
    assert type(again.facets["type"][0]) is FacetValue
    assert ix._snapshots.get().results.hits == 1


def test_audience_filters_and_page_are_part_of_the_key(tmp_path):
    ix = _index(tmp_path)
    public = ix.search(SearchRequest(text="Sprachkurs"), Audience(today=STAFF.today))
    staff = ix.search(SearchRequest(text="Sprachkurs"), STAFF)
    assert (public.total, staff.total) == (1, 2)
    narrowed = ix.search(SearchRequest(text="Sprachkurs", filters={"type": ("contact",)}), STAFF)
    assert narrowed.total == 0
    assert ix.search(SearchRequest(text="Sprachkurs", page=2), STAFF).hits == []


def test_an_edit_is_never_hidden_by_a_cached_result(tmp_path):
    ix = _index(tmp_path)
    assert ix.search(SearchRequest(text="Sprachkurs"), Audience()).total == 1
    published = dataclasses.replace(_doc(2, "Sprachkurs Essen"), version=2)
    ix.apply([published], [], checkpoint=2)
    assert ix.search(SearchRequest(text="Sprachkurs"), Audience()).total == 2


def test_a_new_glossary_is_never_hidden_by_a_cached_result(tmp_path):
    ix = _index(tmp_path)
    before = ix.search(SearchRequest(text="Quasselstunde"), Audience())
    from search_index.glossary import Glossary

    ix.glossary = Glossary.from_text("Quasselstunde | Sprachkurs")
    after = ix.search(SearchRequest(text="Quasselstunde"), Audience())
    assert (before.total, after.total) == (0, 1)


def test_the_cache_can_be_switched_off(tmp_path):
    ix = _index(tmp_path, cache=0)
    first = ix.search(SearchRequest(text="Sprachkurs"), Audience())
    assert ix.search(SearchRequest(text="Sprachkurs"), Audience()) == first
    assert ix._snapshots.get().results.hits == 0


def test_word_caches_are_trimmed_not_left_to_grow():
    from search_index import analyzers
    from search_index.engine import trim_word_caches

    for i in range(50):
        analyzers.fold(f"Wort{i}Ärger")
    assert analyzers._fold_cached.cache_info().currsize >= 50
    assert trim_word_caches(10) >= 1
    assert analyzers._fold_cached.cache_info().currsize == 0
    analyzers.fold("Müller")
    trim_word_caches(10)
    assert analyzers._fold_cached.cache_info().currsize == 1  # small caches are left alone
    assert analyzers.fold("Müller") == "muller"
