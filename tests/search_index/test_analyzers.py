"""Analyzer chains as input -> expected-token tables."""

from __future__ import annotations

import pickle

import pytest

from search_index.analyzers import (
    QueryWord,
    email_analyzer,
    english_analyzer,
    fold,
    german_analyzer,
    german_query_analyzer,
    name_analyzer,
    phone_analyzer,
    query_words,
)
from search_index.phones import phone_forms, phone_query_prefix


def tokens(analyzer, text: str, **kwargs) -> list[str]:
    return [t.text for t in analyzer(text, positions=True, chars=True, **kwargs)]


def token_set(analyzer, text: str, **kwargs) -> set[str]:
    return set(tokens(analyzer, text, **kwargs))


def positioned(analyzer, text: str, **kwargs) -> list[tuple[int, str, str]]:
    return [(t.pos, t.text, t.kind) for t in analyzer(text, positions=True, **kwargs)]


@pytest.mark.parametrize("text, expected", [
    ("Müller", "muller"), ("Mueller", "muller"), ("MULLER", "muller"),
    ("Straße", "strasse"), ("Göttingen", "gottingen"), ("Goettingen", "gottingen"),
    ("José Ziółek", "jose ziolek"), ("Łódź", "lodz"),
    ("Quelle", "quelle"), ("Steuer", "steuer"), ("Bauer", "bauer"),  # not umlaut spellings
    ("Mu\u0308nchen", "munchen"),  # decomposed ü
    ("", ""),
])
def test_fold(text: str, expected: str) -> None:
    assert fold(text) == expected


GERMAN = [
    ("München", ["munch"]), ("Muenchen", ["munch"]), ("Munchen", ["munch"]),
    ("Straße", ["strass"]), ("Strasse", ["strass"]),
    ("Verwaltung", ["verwalt"]), ("Bottrop", ["bottrop"]), ("Integration", ["integration"]),
    ("Arbeitsmarktintegration",
     ["arbeitsmarktintegration", "arbeitsmarkt", "integration", "arbeit", "markt"]),
    ("Integrationsmanagement", ["integrationsmanagement", "integration", "management"]),
    ("Willkommenslotsen", ["willkommenslots", "willkomm", "lots"]),
    ("Wohnraumlotsen", ["wohnraumlots", "wohnraum", "lots", "wohn", "raum"]),
    ("Migrantenbetriebe", ["migrantenbetrieb", "migrant", "betrieb"]),
    ("Migranten", ["migrant"]), ("Migrantin", ["migrantin", "migrant"]),
    ("Migrantinnen", ["migrantinn", "migrant"]),
    ("Migrant*innen", ["migrantinn", "migrant"]), ("MigrantInnen", ["migrantinn", "migrant"]),
    ("Migrant:innen", ["migrantinn", "migrant"]), ("Migrant_innen", ["migrantinn", "migrant"]),
    ("Migrant/innen", ["migrantinn", "migrant"]), ("Kolleg*innen", ["kolleginn", "kolleg"]),
    ("Termin", ["termin"]), ("Berlin", ["berlin"]),  # -in that is not feminine
    ("Köln/Bonn", ["koln", "bonn"]),
    ("E-Mail", ["e", "email", "mail"]), ("Email", ["email"]),
    ("Aus der Praxis für die Praxis", ["praxis", "praxis"]),  # stop words dropped
]


@pytest.mark.parametrize("text, expected", GERMAN)
def test_german_index_tokens(text: str, expected: list[str]) -> None:
    assert tokens(german_analyzer(), text) == expected


def test_compound_and_parts_share_a_position() -> None:
    assert positioned(german_analyzer(), "neue Wohnraumlotsen") == [
        (0, "neu", "word"), (1, "wohnraumlots", "word"), (1, "wohnraum", "part"),
        (1, "lots", "part"), (1, "wohn", "part"), (1, "raum", "part")]


def test_hyphenated_word_keeps_positions_and_adds_the_joined_form() -> None:
    assert positioned(german_analyzer(), "Arbeitsmarkt-Integration heute") == [
        (0, "arbeitsmarkt", "word"), (0, "arbeit", "part"), (0, "markt", "part"),
        (0, "arbeitsmarktintegration", "alt"), (1, "integration", "word"),
        (2, "heut", "word")]


@pytest.mark.parametrize("query, document", [
    ("Integration", "Arbeitsmarktintegration"), ("Integration", "Integrationsmanagement"),
    ("Lotsen", "Willkommenslotsen"), ("Lotsen", "Arbeitsmarktlotsen"),
    ("Wohnraum", "Wohnraumlotsen"), ("Betrieb", "Migrantenbetriebe"),
    ("Migranten", "Migrantenbetriebe"), ("Lotsen", "Gesundheitslotsinnen"),
    ("Arbeitsmarktintegration", "Arbeitsmarkt-Integration"), ("Email", "E-Mail"),
    ("Migranten", "Migrant*innen"), ("Migrantin", "Migranten"),
    ("Munchen", "München"), ("Strasse", "Straße"), ("Gottingen", "Göttingen"),
])
def test_query_word_finds_document(query: str, document: str) -> None:
    """Every query word has a term, or all of its parts, among the document's tokens."""
    indexed = token_set(german_analyzer(), document)
    for word in query_words(query):
        assert set(word.terms) & indexed or (word.parts and set(word.parts) <= indexed)


@pytest.mark.parametrize("query, document", [
    ("Integration", "Verwaltung"), ("Lotsen", "Lotterie"), ("Rat", "Beratung"),
])
def test_query_word_misses_unrelated_document(query: str, document: str) -> None:
    indexed = token_set(german_analyzer(), document)
    assert not any(set(w.terms) & indexed for w in query_words(query))


def test_index_and_query_side_agree_on_plain_words() -> None:
    text = "Beratung für Geflüchtete in Nürnberg und Muenchen, Straße der Einheit"
    index = tokens(german_analyzer(), text)
    query = [t for w in query_words(text) for t in w.terms]
    assert index == query


def test_query_words_group_compounds_and_hyphenation() -> None:
    assert query_words("Arbeitsmarkt-Integration") == [
        QueryWord(("arbeitsmarktintegration",), ("arbeitsmarkt", "integration"))]
    assert query_words("Arbeitsmarktintegration") == query_words("Arbeitsmarkt-Integration")
    assert query_words("E-Mail") == [QueryWord(("email",), ("e", "mail"))]
    assert query_words("Migrantinnen Lotsen") == [
        QueryWord(("migrantinn", "migrant")), QueryWord(("lots",))]
    # a gendered compound part is searched as its base form
    assert query_words("MigrantInnenorganisationen") == [
        QueryWord(("migrantinnenorganisation",), ("migrant", "organisation"))]


def test_query_analyzer_is_query_mode_without_being_asked() -> None:
    assert positioned(german_query_analyzer(), "Wohnraumlotsen") == [
        (0, "wohnraumlots", "word"), (0, "wohnraum", "part"), (0, "lots", "part")]


def test_forderung_and_foerderung_collide_on_purpose() -> None:
    # Umlaut-less typing ("Forderung" for Förderung) matters more than the rare "Forderung".
    assert tokens(german_analyzer(), "Förderung") == tokens(german_analyzer(), "Forderung")
    assert tokens(german_analyzer(), "Foerderung") == ["forder"]


@pytest.mark.parametrize("text", [
    "", "   ", "\x00\x01\x02\x1f\x7f", "der die das", "-*:/", "a" * 200,
    "Integration " * 1000, "\u200b\ufeff", "💡 🇩🇪",
])
def test_odd_input_never_raises(text: str) -> None:
    for make in (german_analyzer, german_query_analyzer, english_analyzer, name_analyzer,
                 phone_analyzer, email_analyzer):
        list(make()(text, positions=True, chars=True))
        list(make()(text, positions=True, mode="query"))


def test_ten_kilobytes_of_text() -> None:
    text = ("Die Stadt fördert Migrantenorganisationen und Willkommenslotsen. " * 200)[:10_240]
    assert len(tokens(german_analyzer(), text)) > 1000


def test_overlong_garbage_token_is_dropped() -> None:
    assert tokens(german_analyzer(), "x" * 81 + " Integration") == ["integration"]


def test_character_offsets_point_at_the_word() -> None:
    text = "Die Migrant*innen-Beratung"
    spans = {(t.startchar, t.endchar) for t in german_analyzer()(text, chars=True)}
    assert {text[s:e] for s, e in spans} == {"Migrant*innen", "Migrant*innen-Beratung",
                                             "Beratung"}


@pytest.mark.parametrize("make", [german_analyzer, german_query_analyzer, english_analyzer,
                                  name_analyzer, phone_analyzer, email_analyzer])
def test_analyzers_pickle(make) -> None:
    # Whoosh stores the analyzers inside the pickled schema.
    analyzer = pickle.loads(pickle.dumps(make()))
    assert tokens(analyzer, "Integration") == tokens(make(), "Integration")


ENGLISH = [
    ("Funding for refugees", ["fund", "refuge"]),
    ("The employment of refugees", ["employ", "refuge"]),
    ("counselling and advice", ["counsel", "advic"]),
    ("migrant-owned businesses", ["migrant", "migrantown", "own", "busi"]),
    ("Cologne’s integration office", ["cologn", "integr", "offic"]),
]


@pytest.mark.parametrize("text, expected", ENGLISH)
def test_english_tokens(text: str, expected: list[str]) -> None:
    assert tokens(english_analyzer(), text) == expected


NAMES = [
    ("Müller", ["muller"]), ("Mueller", ["muller"]), ("Muller", ["muller"]),
    ("Magdalena Ziółek-Skrzypczak", ["magdalena", "ziolek", "ziolekskrzypczak", "skrzypczak"]),
    ("Aus der Praxis", ["aus", "der", "praxis"]),  # unstemmed and no stop words
    ("Integrationsmanagment", ["integrationsmanagment"]),  # typos stay as typed, for fuzzy
]


@pytest.mark.parametrize("text, expected", NAMES)
def test_name_tokens(text: str, expected: list[str]) -> None:
    assert tokens(name_analyzer(), text) == expected


PHONES = ["02041 704760", "+49 2041 704760", "+49 (0) 2041 70 47 60", "02041/704760",
          "0049 2041 704760", "(02041) 70 47 60", "+49-2041-704760"]


@pytest.mark.parametrize("number", PHONES)
def test_phone_spellings_normalize_alike(number: str) -> None:
    assert tokens(phone_analyzer(), number) == ["02041704760", "492041704760"]


def test_phone_field_with_several_numbers() -> None:
    assert tokens(phone_analyzer(), "0201 12345; +31 20 123 4567") == [
        "020112345", "4920112345", "0201234567", "31201234567"]


@pytest.mark.parametrize("query, prefix", [
    ("0204170476", "0204170476"), ("+49 2041 70476", "0204170476"),
    ("02041/70", "0204170"), ("4920417047", "4920417047"),
    ("02041", None), ("Bottrop 02041", None), ("", None),
])
def test_phone_query_prefix(query: str, prefix: str | None) -> None:
    assert phone_query_prefix(query) == prefix
    if prefix:
        assert any(form.startswith(prefix) for form in phone_forms("02041 704760"))


def test_email_whole_and_parts() -> None:
    assert tokens(email_analyzer(), "Aylin.Demirtas@stadt-koeln.de") == [
        "aylin.demirtas@stadt-koeln.de", "aylin.demirtas", "stadt-koeln.de",
        "aylin", "demirtas", "stadt", "koln", "stadtkoln"]


@pytest.mark.parametrize("query", ["aylin.demirtas@stadt-koeln.de", "demirtas", "Köln",
                                   "stadt-koeln.de"])
def test_email_queries_match(query: str) -> None:
    indexed = token_set(email_analyzer(), "aylin.demirtas@stadt-koeln.de")
    assert token_set(email_analyzer(), query) <= indexed
