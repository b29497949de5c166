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
