"""Query plans as input -> expected-plan tables: stop words, intents, glossary alternatives."""

from __future__ import annotations

import pytest

from search_index.glossary import Glossary
from search_index.query import prepare
from search_index.terms import alternatives

GLOSSARY = Glossary.from_text(
    "Migration und Entwicklung | migration and development\n"
    "Zuwanderer | Migranten\n"
)


def sources(text: str) -> list[str]:
    return [g.source for g in prepare(text, GLOSSARY).groups]


@pytest.mark.parametrize("text, expected", [
    ("Aus der Praxis für die Praxis", ["Praxis", "Praxis"]),
    ("Gesundheitsinformation in der Muttersprache für Migranten",
     ["Gesundheitsinformation", "Muttersprache", "Migranten"]),
    ("round table of migration officers", ["round", "table", "migration", "officers"]),
    ("Projekte Migration und Entwicklung Diaspora",
     ["Projekte", "Migration und Entwicklung", "Diaspora"]),  # glossary phrase kept whole
    ("der die das", ["der", "die", "das"]),  # nothing but stop words: keep them
    ("IT Fachkräfte", ["IT", "Fachkräfte"]),  # abbreviations are not stop words
    ('"Stark im Beruf"', ["Stark im Beruf"]),  # phrases keep their stop words
])
def test_stop_words_leave_the_plan(text: str, expected: list[str]) -> None:
    assert sources(text) == expected


@pytest.mark.parametrize("text, contact, rest", [
    ("Ansprechpartner KIM Bottrop", True, ["KIM", "Bottrop"]),
    ("Ansprechpartnerin Cities of Migration", True, ["Cities", "Migration"]),
    ("Ansprechperson Case Management", True, ["Case", "Management"]),
    ("wer ist zuständig für Anerkennung in Köln", True, ["Anerkennung", "Köln"]),
    ("Zustaendig Anerkennung", True, ["Anerkennung"]),
    ("who handles recognition in Cologne", True, ["recognition", "Cologne"]),
    ("contact person recognition", True, ["recognition"]),
    ("Kontakt", False, ["Kontakt"]),  # alone it is the topic
])
def test_contact_intent(text: str, contact: bool, rest: list[str]) -> None:
    parsed = prepare(text, GLOSSARY)
    assert parsed.wants_contact is contact
    assert [g.source for g in parsed.groups] == rest


@pytest.mark.parametrize("text, types", [
    ("Förderung Migrantenorganisationen Berlin", ("programme",)),
    ("Zuschüsse für Vereine", ("programme",)),
    ("funding for refugee employment", ("programme",)),
    ("Ausbildung Pflege Projekt", ("project",)),
    ("Integrationsbeauftragte Neukölln", ("contact",)),
    ("Willkommenslotse Handwerk", ("contact",)),
    ("Runder Tisch der Migrationsbeauftragten", ()),  # a plural names a body, not a person
    ("Förderung", ()),  # only the type word: nothing to rank it against
])
def test_type_words(text: str, types: tuple[str, ...]) -> None:
    assert prepare(text, GLOSSARY).wants_types == types


def test_glossary_alternatives_rank_below_the_typed_word() -> None:
    group = prepare("Zuwanderer", GLOSSARY).groups[0]
    assert [(c.words, c.weight) for c in group.alternatives] == [
        (("Zuwanderer",), 1.0), (("Migranten",), 0.7)]


@pytest.mark.parametrize("family, word, whole, parts", [
    ("de", "Gesundheitsinformation", (("gesundheitsinformation",),), ("gesund", "information")),
    ("de", "Migrant*innen", (("migrantinn",), ("migrant",)), ()),  # either form
    ("de", "Köln/Bonn", (("koln", "bonn"),), ()),  # two positions: both needed
    ("de", "der", (), ()),
    ("en", "migrant-owned", (("migrantown",),), ("migrant", "own")),
])
def test_query_word_alternatives(family, word, whole, parts) -> None:
    assert alternatives(family, word) == (whole, parts)


def test_snippets_mark_topic_words_not_stop_words() -> None:
    from search_index.snippets import snippet

    html = snippet("Beratung für Menschen mit Migrationshintergrund in Köln",
                   {"Menschen", "mit", "Migrationshintergrund"}, "de")
    assert html == ("Beratung für <mark>Menschen</mark> mit <mark>Migrationshintergrund</mark>"
                    " in Köln")


@pytest.mark.parametrize(("lang", "text", "query", "marked"), [
    ("de", "Hilfe zur Arbeitsmarktintegration", "Integration", "Arbeitsmarktintegration"),
    ("de", "Beratung in Muenchen", "München", "Muenchen"),
    ("de", "Wir suchen Beraterinnen", "Berater", "Beraterinnen"),
    ("de", "Übungen für Ärztinnen", "Ärztin", "Ärztinnen"),
    ("de", "Straße der Einheit", "Strasse", "Straße"),
    ("en", "Two agencies help", "agency", "agencies"),
    ("de", "Das IQ-Netzwerk berät", "IQ", "IQ-Netzwerk"),
])
def test_snippets_mark_words_matching_by_stem_fold_or_compound_part(lang, text, query, marked):
    from search_index.snippets import snippet

    assert f"<mark>{marked}</mark>" in snippet(text, {query}, lang)


def _words(html: str) -> list[str]:
    import re

    return re.findall(r"\w[\w'’-]*", re.sub(r"</?mark>", "", html))


def test_snippet_window_of_a_long_text_is_around_its_hits() -> None:
    from search_index.snippets import WINDOW_WORDS, snippet

    filler = " ".join(f"Satz{i} ohne Treffer." for i in range(150))
    text = f"{filler} Hier geht es um Anerkennung ausländischer Abschlüsse. {filler}"
    html = snippet(text, {"Anerkennung"}, "de")
    assert html.startswith("… ") and html.endswith(" …")
    assert "<mark>Anerkennung</mark>" in html
    assert len(_words(html)) == WINDOW_WORDS
    assert _words(html)[3] == "Anerkennung"  # three words of context before the hit


def test_snippet_window_near_the_end_ends_with_the_text() -> None:
    from search_index.snippets import WINDOW_WORDS, snippet

    filler = " ".join(f"Satz{i} ohne Treffer." for i in range(150))
    html = snippet(f"{filler} Zuletzt die Beratung", {"Beratung"}, "de")
    assert html.startswith("… ") and html.endswith("<mark>Beratung</mark>")
    assert len(_words(html)) == WINDOW_WORDS


def test_snippet_without_hits_shows_the_beginning() -> None:
    from search_index.snippets import WINDOW_WORDS, snippet

    text = " ".join(f"Wort{i}" for i in range(100))
    html = snippet(text, {"Anerkennung"}, "de")
    assert html.startswith("Wort0 ") and html.endswith(" …") and "<mark>" not in html
    assert len(_words(html)) == WINDOW_WORDS


@pytest.mark.parametrize(("text", "query", "marked"), [
    ("Beratung fu\u0308r Zugewanderte in Mu\u0308nchen", "München", "München"),  # NFD text
    ("Der Verein Polnischer Sozialrat e.V. berät", "e.V.", "e"),
    ("Grüße aus der Großstadt", "Grossstadt", "Großstadt"),
    ("Ein Maerchen aus Koeln", "Köln", "Koeln"),
])
def test_snippets_mark_unusual_spellings(text, query, marked) -> None:
    from search_index.snippets import snippet

    assert f"<mark>{marked}</mark>" in snippet(text, {query}, "de")


@pytest.mark.parametrize(("text", "query"), [
    ("Die Arbeitsmarktintegration von Zugewanderten: Integrationskurse, Integration.",
     "Integration"),
    ("Straßensozialarbeit und Strassenfeste in der Grossstadt Muenchen und München",
     "Straße München"),
    ("Beraterinnen und Berater der Migrationsberatung beraten Ärztinnen", "Beratung Ärztin"),
    ("Two agencies and an agency's office help refugees' families", "agency refugee"),
])
def test_quick_snippets_mark_what_splitting_the_whole_text_marks(text, query) -> None:
    import re

    from search_index import snippets

    keys = snippets._match_keys(frozenset(query.split()), "de")
    quick = snippets._quick_snippet(text, keys, "de", snippets.WordMemo())
    split = snippets._split_snippet(text, keys, "de", snippets.WordMemo())
    assert quick is not None and "<mark>" in quick
    assert re.findall("<mark>(.*?)</mark>", quick) == re.findall("<mark>(.*?)</mark>", split)


def test_a_hit_shows_its_summary_marked_when_the_summary_holds_a_query_word() -> None:
    from search_index.searching import _snippet
    from search_index.snippets import WordMemo

    body = "Beratung, Beratung und nochmals Beratung für Zugewanderte in Köln."
    stored = {"summary": "Wir bieten Beratung an.", "body": body}
    assert _snippet(stored, {"Beratung"}, "de", WordMemo()) == (
        "Wir bieten <mark>Beratung</mark> an.")
    stored = {"summary": "Ein Angebot der Stadt.", "body": body}
    shown = _snippet(stored, {"Beratung"}, "de", WordMemo())
    assert shown.count("<mark>Beratung</mark>") == 3 and "Köln" in shown
    assert _snippet({"summary": "Ein Angebot.", "body": ""}, {"Beratung"}, "de",
                    WordMemo()) == "Ein Angebot."


def test_a_snippet_of_a_whole_text_keeps_its_opening_and_closing_signs() -> None:
    from search_index.snippets import snippet

    assert snippet("„Sprachcafé“ (Köln).", {"Köln"}, "de") == "„Sprachcafé“ (<mark>Köln</mark>)."
