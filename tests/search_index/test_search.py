"""Searching: permissions, facets, collapse, syntax, snippets, sorting, dates."""

from __future__ import annotations

import datetime as dt

import pytest

from search_index import SearchIndex, SearchRequest
from tests.search_index.corpus import EDITOR, PUBLIC, STAFF, doc


def ids(index, text="", audience=PUBLIC, **kw) -> list[str]:
    return [h.id for h in index.search(SearchRequest(text=text, **kw), audience).hits]


def facet(result, name) -> dict[str, int]:
    return {v.value: v.count for v in result.facets[name]}


def test_public_sees_only_published_current_public_contacts(index):
    found = ids(index, "Anerkennung", per_page=50)
    assert "aylin" in found
    assert not {"geheim", "entwurf", "abgelaufen"} & set(found)


def test_staff_and_editors_see_more(index):
    assert "geheim" in ids(index, "Anerkennung", STAFF, per_page=50)
    assert {"entwurf", "abgelaufen"} <= set(ids(index, "Anerkennung", EDITOR, per_page=50))


def test_totals_and_facets_do_not_leak(index):
    public = index.search(SearchRequest(text="Anerkennung"), PUBLIC)
    editor = index.search(SearchRequest(text="Anerkennung"), EDITOR)
    assert public.total < editor.total
    assert "DE-BY/München" not in facet(public, "regions")
    assert "DE-BE" not in facet(public, "regions")
    assert facet(editor, "regions")["DE-BE"] == 2


def test_suggestions_respect_audience(index):
    assert [s.id for s in index.suggest("Gerda", PUBLIC)] == []
    assert [s.id for s in index.suggest("Gerda", STAFF)] == ["geheim"]
    assert index.search(SearchRequest(text="Quastenflosserr"), PUBLIC).suggestion is None
    assert index.search(SearchRequest(text="Quastenflosserr"), EDITOR).suggestion


def test_region_hierarchy_counts_and_filters(index):
    result = index.search(SearchRequest(filters={"regions": ("DE-NW",)}, per_page=50), PUBLIC)
    regions = facet(result, "regions")
    assert regions["DE-NW"] == result.total
    assert regions["DE-NW/Köln"] == 3  # organisation, contact, closed programme
    assert {h.id for h in result.hits} >= {"kim-bottrop", "aylin", "prog-open"}


def test_drill_sideways_keeps_other_values_of_own_facet(index):
    result = index.search(SearchRequest(filters={"type": ("programme",)}), PUBLIC)
    types = facet(result, "type")
    assert types["programme"] == 3 and types["project"] >= 2
    assert [v.selected for v in result.facets["type"] if v.value == "programme"] == [True]
    assert facet(result, "funding_kinds") == {"grant": 2, "loan": 1}


def test_facets_combine_with_and_values_with_or(index):
    request = SearchRequest(filters={"type": ("programme", "organisation"), "regions": ("DE-BY",)})
    assert ids(index, **vars(request)) == ["prog-soon"]


def test_status_and_open_on(index):
    result = index.search(SearchRequest(filters={"type": ("programme",)}), PUBLIC)
    assert facet(result, "status") == {"open": 1, "upcoming": 1, "closed": 1}
    assert ids(index, filters={"status": ("completed",)}) == ["projekt-alt"]
    assert ids(index, open_on=dt.date(2027, 2, 1)) == ["prog-soon"]


def test_translation_groups_collapse(index):
    de = index.search(SearchRequest(text="Bottrop", lang="de"), PUBLIC)
    en = index.search(SearchRequest(text="Bottrop", lang="en"), PUBLIC)
    assert [h.id for h in de.hits] == ["kim-bottrop"] and de.total == 1
    assert [h.id for h in en.hits] == ["kim-bottrop-en"] and en.total == 1
    assert de.hits[0].translations == {"en": "kim-bottrop-en"}
    assert facet(de, "language") == {"de": 1}


def test_snippet_escapes_and_marks(index):
    hit = index.search(SearchRequest(text="stark"), PUBLIC).hits[0]
    assert "&lt;b&gt;<mark>stark</mark>&lt;/b&gt;" in hit.snippet
    assert "&amp;" in hit.snippet and "<b>" not in hit.snippet


def test_contact_found_through_organisation_and_place(index):
    assert ids(index, "Ansprechpartner Anerkennung Köln")[0] == "aylin"


def test_phone_email_and_name(index):
    assert ids(index, "0221 1234567") == ["aylin"]
    assert ids(index, "+49 221 123456") == ["aylin"]
    assert ids(index, "aylin@example.org") == ["aylin"]
    assert ids(index, "Demirtas")[0] == "aylin"


def test_typo_falls_back_to_fuzzy_and_suggests(index):
    result = index.search(SearchRequest(text="Demirtaz"), PUBLIC)
    assert [h.id for h in result.hits] == ["aylin"] and result.suggestion == "Demirtas"


def test_phrase_exclusion_and_or(index):
    assert ids(index, '"Deutsch lernen"') == ["projekt-alt"]
    assert ids(index, '"lernen Deutsch"') == []
    assert "kim-bottrop" not in ids(index, "Integration -Bottrop")
    assert set(ids(index, "Sprachcafé OR Quastenflosser", EDITOR)) == {"projekt-alt", "entwurf"}


def test_one_unmatched_word_does_not_zero_the_result(index):
    assert ids(index, "Sprachcafé Essen Xylophon") == ["projekt-alt"]


@pytest.mark.parametrize("text", [
    "", " ", '"', '"unbalanced', "AND OR (", "*", "title:", "title:Bottrop", "-", "--", "OR",
    "a" * 10_000, "Bottrop " * 2000, "\x00\x01\x1f", "(((", ")", "?", "~2", "^3", "::",
    "Köln\u200b", "🙂", "<script>alert(1)</script>", "%s %d {0}", "\\", "NOT NOT", "+49",
    "1234567890123456789012345", "@", "a@", "-\"x y\"",
])
def test_odd_text_never_raises(index, text):
    result = index.search(SearchRequest(text=text), PUBLIC)
    assert result.total >= 0
    assert all("<script>" not in h.snippet for h in result.hits)
    index.suggest(text, PUBLIC)


@pytest.mark.parametrize("sort,first", [
    ("newest", "kim-bottrop"), ("title", "abgelaufen"), ("deadline", "prog-closed"),
])
def test_sort_orders(index, sort, first):
    assert ids(index, sort=sort, audience=EDITOR)[0] == first


def test_deadline_order_is_the_last_day_for_applications(tmp_path):
    """The earlier of open_until and deadline counts, as on the status badge; none go last."""
    d = dt.date
    ix = SearchIndex(tmp_path, glossary=None)
    ix.rebuild([
        doc("late", type="programme", deadline=d(2027, 6, 1)),
        doc("until-first", type="programme", open_until=d(2027, 2, 1), deadline=d(2027, 9, 1)),
        doc("undated", type="programme"),
        doc("middle", type="programme", open_until=d(2027, 4, 1)),
    ], checkpoint=5, procs=1)
    assert ids(ix, sort="deadline") == ["until-first", "middle", "late", "undated"]


def test_paging(index):
    everything = ids(index, sort="title", per_page=100)
    assert ids(index, sort="title", page=2, per_page=3) == everything[3:6]


def test_checkpoint_and_versions(index):
    assert index.checkpoint() == 5
    assert index.versions()["kim-bottrop"] == 1


def test_languages_spoken_filters_without_being_a_facet(index):
    request = SearchRequest(text="Anerkennung", filters={"languages_spoken": ("tr",)})
    result = index.search(request, STAFF)
    assert [h.id for h in result.hits] == ["aylin"]
    assert "languages_spoken" not in result.facets
    assert ids(index, "Anerkennung", STAFF, filters={"languages_spoken": ("ar",)}) == []


def test_stop_words_are_not_required(index):
    assert ids(index, "Förderprogramm für die Teilhabe")[:1] == ["prog-open"]
    assert ids(index, "Beratung zur Anerkennung von Abschlüssen in Köln")[:1] == [
        "anerkennung-koeln"]


def test_most_words_suffice_in_long_queries(index):
    found = ids(index, "Integrationsmanagement Bottrop Quartier Stadtteil", STAFF)
    assert found[:1] == ["kim-bottrop"]


def test_title_phrase_ranks_first(index):
    assert ids(index, "Sprachcafé Essen")[:1] == ["projekt-alt"]


def test_contact_intent_words_in_several_forms(index):
    for words in ("Ansprechperson", "zuständig", "Kontakt", "who handles", "contact person"):
        assert ids(index, f"{words} Anerkennung Köln", STAFF)[:1] == ["aylin"], words


def test_did_you_mean_keeps_the_users_case_and_finds_the_title(index):
    result = index.search(SearchRequest(text="Sprachcafe Esssen"), PUBLIC)
    assert result.suggestion == "Sprachcafe Essen"
    assert [h.id for h in result.hits][:1] == ["projekt-alt"]
    assert index.search(SearchRequest(text="esssen"), PUBLIC).suggestion == "essen"


@pytest.mark.parametrize("text", ["Anerkennung Bottrop", "Integration", "recognition advice",
                                  "Beratung Köln", "Integrationsmanagement"])
def test_scoring_skips_only_lists_no_matched_document_holds(index, monkeypatch, text):
    """Ranking reads a ranked field's list only where matching saw the term (Among.idf, and
    Candidates.holding for titles): the same scores as reading every list."""
    from search_index import matching

    request = SearchRequest(text=text, per_page=50)
    monkeypatch.setattr(index, "result_cache", 0)
    pruned = [(h.id, h.score) for h in index.search(request, EDITOR).hits]
    monkeypatch.setattr(matching, "_meets", lambda docs, among_bits, among_flags: True)
    every = [(h.id, h.score) for h in index.search(request, EDITOR).hits]
    assert pruned and pruned == every
