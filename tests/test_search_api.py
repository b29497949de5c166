"""GET /api/v1/search: the contract of ../shared/spec/search-api.md."""

from __future__ import annotations

import json

import pytest

from kb.search.sync import catch_up

FACETS = {"type", "language", "topics", "target_groups", "regions", "funding_kinds",
          "eligible", "org_kind", "status"}
HIDDEN_WORDS = ("Intern", "Noch nicht fertig", "Brücken bauen", "Small grants")


@pytest.fixture
def indexed(load):
    load("every_field.jsonl")
    load([{"id": "html-org", "type": "organisation", "language": "de", "state": "published",
           "title": "Verein <b>Fett</b> & Co",
           "summary": "Beratung <script>x</script> Musterstadt"}])
    catch_up()


def get(client, **params):
    response = client.get("/api/v1/search", query_string=params)
    return response.status_code, response.get_json()


def test_response_has_the_promised_shape(client, indexed):
    status, body = get(client, q="Musterstadt")
    assert status == 200
    assert set(body) == {"query", "total", "page", "per_page", "results", "facets", "suggestion"}
    assert set(body["facets"]) == FACETS
    hit = body["results"][0]
    assert set(hit) == {"id", "type", "language", "title", "summary", "snippet", "url", "score",
                        "translations"}
    assert hit["url"] == f"/de/{hit['type']}/{hit['id']}"
    _, english = get(client, q="Musterstadt", lang="en")
    assert all(h["url"] == f"/en/{h['type']}/{h['id']}" for h in english["results"])
    assert english["results"]


def test_facet_labels_follow_the_reader_language(client, indexed):
    _, german = get(client, q="Musterstadt", lang="de")
    _, english = get(client, q="Musterstadt", lang="en")
    label = {f["value"]: f["label"] for f in german["facets"]["type"]}
    assert label.get("organisation") == "Organisation"
    assert {f["value"]: f["label"] for f in english["facets"]["regions"]}.get("DE-NW") == (
        "North Rhine-Westphalia")


@pytest.mark.parametrize(("params", "field"), [
    ({"topics": "space"}, "topics"),
    ({"regions": "NRW"}, "regions"),
    ({"regions": "DE-XX"}, "regions"),
    ({"per_page": "0"}, "per_page"),
    ({"per_page": "101"}, "per_page"),
    ({"page": "-1"}, "page"),
    ({"page": "abc"}, "page"),
    ({"open_on": "2026-13-01"}, "open_on"),
    ({"open_on": "tomorrow"}, "open_on"),
    ({"sort": "random"}, "sort"),
    ({"lang": "fr"}, "lang"),
    ({"type": "person"}, "type"),
    ({"status": "maybe"}, "status"),
    ({"languages_spoken": "Arabic"}, "languages_spoken"),
    ({"languages_spoken": "a"}, "languages_spoken"),
])
def test_malformed_parameters_give_400_with_the_field(client, indexed, params, field):
    status, body = get(client, q="x", **params)
    assert status == 400
    assert body["field"] == field and body["error"]


@pytest.mark.parametrize("text", [
    '"unbalanced', "AND OR (", "*", "title:", "-", "--x", '""', "OR", "NOT", ")", "(((",
    "a" * 10_000, "Beratung " * 1200, "\x00\x01\x1f\x7f", "💥 ✓", "%", "\\", "'; DROP TABLE",
    "title:Beratung", "Musterstadt -Beratung", "Anna OR Bernd", '"Stadt Musterstadt"',
])
def test_any_query_text_gives_results_or_none_never_an_error(client, indexed, text):
    status, body = get(client, q=text)
    assert status == 200
    assert isinstance(body["results"], list) and body["total"] >= 0


def test_snippets_and_titles_are_escaped(client, indexed):
    _, body = get(client, q="Beratung Musterstadt")
    snippets = " ".join(hit["snippet"] for hit in body["results"])
    assert "<script>" not in snippets and "<b>" not in snippets
    assert "<mark>" in snippets


def test_anonymous_readers_never_see_hidden_content_anywhere(client, indexed):
    for text in ("Bernd Intern", "Noch nicht fertig", "Brücken bauen", "Small grants",
                 "Musterstadt", ""):
        _, body = get(client, q=text, per_page=100)
        dump = json.dumps({**body, "query": ""}, ensure_ascii=False)
        for word in HIDDEN_WORDS:
            assert word not in dump
        ids = {hit["id"] for hit in body["results"]}
        assert not ids & {"person-internal", "project-y", "project-draft", "programme-amount"}
        project_count = sum(f["count"] for f in body["facets"]["type"] if f["value"] == "project")
        assert project_count == 0  # both projects are unpublished


def test_one_hit_per_translation_group_in_the_reader_language(client, indexed):
    _, german = get(client, q="Anna Beispiel", lang="de")
    _, english = get(client, q="Anna Beispiel", lang="en")
    assert [h["id"] for h in german["results"]] == ["person-a"]
    assert german["results"][0]["translations"] == {"en": "person-a-en"}
    assert [h["id"] for h in english["results"]] == ["person-a-en"]


def test_facet_selection_does_not_shrink_its_own_counts(client, indexed):
    _, everything = get(client, q="Musterstadt")
    _, narrowed = get(client, q="Musterstadt", type="organisation")
    assert narrowed["total"] < everything["total"]
    assert narrowed["facets"]["type"] == [
        {**f, "selected": f["value"] == "organisation"} for f in everything["facets"]["type"]]
