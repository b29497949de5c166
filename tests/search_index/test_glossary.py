"""Glossary parsing and query-time expansion."""

from __future__ import annotations

import pytest

from search_index.glossary import DEFAULT_PATH, Glossary


@pytest.fixture(scope="module")
def glossary() -> Glossary:
    return Glossary.default()


EXPANSIONS = [
    ("MO", "Migrantenorganisation"), ("Migrantenorganisationen", "MO"),
    ("KIM", "Kommunales Integrationsmanagement"), ("Kommunales Integrationsmanagement", "KIM"),
    ("IQ", "Integration durch Qualifizierung"), ("iq", "Integration durch Qualifizierung"),
    ("IKÖ", "Interkulturelle Öffnung"), ("IKOE", "Interkulturelle Öffnung"),
    ("interkulturelle Öffnung", "IKÖ"),
    ("Geflüchtete", "Flüchtlinge"), ("Gefluechtete", "Flüchtlinge"),
    ("gefluchtete", "Flüchtlinge"), ("Geflüchteten", "Flüchtlinge"),
    ("Flüchtlinge", "Geflüchtete"),
    ("Zuschuss", "Förderung"), ("Zuschüsse", "Förderung"), ("Förderung", "Zuschuss"),
    ("AMIF", "Asylum, Migration and Integration Fund"),
    ("BAMF", "Bundesamt für Migration und Flüchtlinge"),
    ("SKEW", "Servicestelle Kommunen in der Einen Welt"),
    ("refugees", "Geflüchtete"), ("refugee", "Flüchtlinge"), ("Geflüchtete", "refugees"),
    ("funding", "Förderung"), ("Förderung", "funding"),
    ("recognition", "Anerkennung"), ("Anerkennung", "recognition"),
    ("employment", "Beschäftigung"), ("employment", "Arbeit"),
    ("language course", "Sprachkurs"), ("Sprachkurs", "language course"),
    ("housing", "Wohnen"), ("housing", "Wohnraum"), ("health", "Gesundheit"),
    ("counselling", "Beratung"), ("advice", "Beratung"),
    ("contact person", "Ansprechpartner"), ("Ansprechpartnerin", "contact person"),
]


@pytest.mark.parametrize("phrase, alternative", EXPANSIONS)
def test_default_expansions(glossary: Glossary, phrase: str, alternative: str) -> None:
    assert alternative in glossary.expansions(phrase)


@pytest.mark.parametrize("phrase", ["mo", "Mo", "kim", "Kim", "KiM", "Bottrop", "", "  "])
def test_case_sensitive_abbreviations_and_unknown_words(glossary: Glossary, phrase: str) -> None:
    assert glossary.expansions(phrase) == []


def test_kim_and_kim_with_small_i_differ() -> None:
    g = Glossary.from_text("KIM | Kommunales Integrationsmanagement\nKiM | Kompetenz im Markt")
    assert g.expansions("KIM") == ["Kommunales Integrationsmanagement"]
    assert g.expansions("KiM") == ["Kompetenz im Markt"]
    assert g.expansions("kim") == []


def test_tilde_lets_an_abbreviation_match_any_case() -> None:
    g = Glossary.from_text("AMIF~ | Asylfonds\nBAMF | Bundesamt")
    assert g.expansions("amif") == ["Asylfonds"]
    assert g.expansions("bamf") == []
    assert g.expansions("Asylfonds") == ["AMIF"]


def test_one_way_entries() -> None:
    g = Glossary.from_text("Integrationskurs => Sprachkurs | language course")
    assert g.expansions("Integrationskurs") == ["Sprachkurs", "language course"]
    assert g.expansions("Sprachkurs") == []


def test_comments_blank_lines_and_merging() -> None:
    g = Glossary.from_text("# note\n\nFörderung | Zuschuss  # inline\nFörderung | funding\n")
    assert g.expansions("Förderung") == ["Zuschuss", "funding"]
    assert g.expansions("Zuschuss") == ["Förderung"]


def test_inflected_forms_of_the_phrase_itself_are_not_alternatives() -> None:
    g = Glossary.from_text("refugees | refugee | Geflüchtete")
    assert g.expansions("refugees") == ["Geflüchtete"]


def test_find_longest_match_first(glossary: Glossary) -> None:
    words = ["Integration", "durch", "Qualifizierung", "in", "Köln"]
    spans = glossary.find(words)
    assert spans[0][:2] == (0, 3)
    assert "IQ" in spans[0][2]
    assert (4, 5) in [s[:2] for s in spans]


def test_find_spans_do_not_overlap_and_keep_order() -> None:
    g = Glossary.from_text("interkulturelle Öffnung | IKÖ\nÖffnung | opening\nKöln | Cologne")
    assert g.find(["Interkulturelle", "Öffnung", "Köln"]) == [
        (0, 2, ["IKÖ"]), (2, 3, ["Cologne"])]
    assert g.find(["Öffnung,", "Köln"]) == [(0, 1, ["opening"]), (1, 2, ["Cologne"])]


def test_find_with_hyphenated_query_word() -> None:
    g = Glossary.from_text("NRW~ | Nordrhein-Westfalen")
    assert g.find(["Förderung", "Nordrhein-Westfalen"]) == [(1, 2, ["NRW"])]
    assert g.find(["nrw"]) == [(0, 1, ["Nordrhein-Westfalen"])]


def test_find_nothing(glossary: Glossary) -> None:
    assert glossary.find([]) == []
    assert glossary.find(["Bottrop", "Oikonomidou"]) == []


def test_default_is_loaded_once_and_parses_every_line() -> None:
    assert Glossary.default() is Glossary.default()
    lines = [ln for ln in DEFAULT_PATH.read_text(encoding="utf-8").splitlines()
             if ln.split("#", 1)[0].strip()]
    for line in lines:
        assert Glossary.from_text(line).entries, line
