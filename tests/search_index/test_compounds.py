"""Compound splitting: a measured list of municipal compounds and must-hold cases."""

from __future__ import annotations

import pytest

from search_index.compounds import CompoundSplitter, Lexicon, _apply_rules, default_splitter

# Compounds from municipal integration texts with their expected top-level parts (folded).
# Linking elements are dropped; verb stems and elided "e" come back as the word
# ("Wohn-raum" -> "wohnen", "Sprach-kurs" -> "sprache").
MUNICIPAL_COMPOUNDS = [
    ("Arbeitsmarktintegration", ["arbeitsmarkt", "integration"]),
    ("Integrationsmanagement", ["integration", "management"]),
    ("Willkommenslotsen", ["willkommen", "lotsen"]),
    ("Arbeitsmarktlotsen", ["arbeitsmarkt", "lotsen"]),
    ("Wohnraumlotsen", ["wohnraum", "lotsen"]),
    ("Migrantenbetriebe", ["migranten", "betriebe"]),
    ("Migrantenorganisationen", ["migranten", "organisationen"]),
    ("Migrantenunternehmen", ["migranten", "unternehmen"]),
    ("Migrantenökonomie", ["migranten", "okonomie"]),
    ("Migrationsgeschichte", ["migration", "geschichte"]),
    ("Migrationshintergrund", ["migration", "hintergrund"]),
    ("Integrationszentrum", ["integration", "zentrum"]),
    ("Integrationsarbeit", ["integration", "arbeit"]),
    ("Integrationspolitik", ["integration", "politik"]),
    ("Integrationsnetzwerk", ["integration", "netzwerk"]),
    ("Integrationskurse", ["integration", "kurse"]),
    ("Wirtschaftsförderung", ["wirtschaft", "forderung"]),
    ("Wirtschaftsallianz", ["wirtschaft", "allianz"]),
    ("Bezirksausschüsse", ["bezirk", "ausschusse"]),
    ("Bezirksverwaltungen", ["bezirk", "verwaltungen"]),
    ("Kinderbetreuung", ["kinder", "betreuung"]),
    ("Stadtteilmütter", ["stadtteil", "mutter"]),
    ("Stadtverwaltung", ["stadt", "verwaltung"]),
    ("Koordinierungsstelle", ["koordinierung", "stelle"]),
    ("Entwicklungspolitik", ["entwicklung", "politik"]),
    ("Handwerkskammer", ["handwerk", "kammer"]),
    ("Modellkommunen", ["modell", "kommunen"]),
    ("Qualifizierungsberatung", ["qualifizierung", "beratung"]),
    ("Anerkennungsberatung", ["anerkennung", "beratung"]),
    ("Gründungsberatung", ["grundung", "beratung"]),
    ("Berufssprachkurse", ["beruf", "sprachkurse"]),
    ("Sprachförderung", ["sprache", "forderung"]),
    ("Ausbildungsverbund", ["ausbildung", "verbund"]),
    ("Förderprogramm", ["forder", "programm"]),
    ("Frauenzentrum", ["frau", "zentrum"]),
    ("Ausländerbeirat", ["auslander", "beirat"]),
    ("Gesundheitslotsen", ["gesundheit", "lotsen"]),
    ("Gesundheitslotsinnen", ["gesundheit", "lotsinnen"]),
    ("Einwanderungsgeschichte", ["einwanderung", "geschichte"]),
    ("Flüchtlingshilfe", ["fluchtling", "hilfe"]),
    ("Wohnungssuche", ["wohnung", "suche"]),
    ("Eingliederungszuschuss", ["eingliederung", "zuschuss"]),
    ("Härtefallfonds", ["hartefall", "fonds"]),
    ("Sozialreferat", ["sozial", "referat"]),
    ("Landeshauptstadt", ["land", "hauptstadt"]),
]

# Words that must stay whole: derivations, place and person names, short words.
NOT_COMPOUNDS = ["Verwaltung", "Integration", "Bottrop", "Gelsenkirchen", "Osnabrück",
                 "Wirtschaft", "Partnerschaft", "Vereinbarung", "Lotsen", "Migrantinnen",
                 "Hoffmann", "Beratung", "Organisation", "Unternehmen", "Termin"]


@pytest.fixture(scope="module")
def splitter() -> CompoundSplitter:
    return default_splitter()


def test_municipal_compound_accuracy(splitter: CompoundSplitter) -> None:
    wrong = [(w, splitter.split(w)) for w, parts in MUNICIPAL_COMPOUNDS
             if splitter.split(w) != parts]
    accuracy = 1 - len(wrong) / len(MUNICIPAL_COMPOUNDS)
    # Measured 43/45 (misses: Ausland-beirat, Sozialreferat whole).
    assert accuracy >= 0.9, wrong


@pytest.mark.parametrize("word, parts", MUNICIPAL_COMPOUNDS[:10])
def test_key_compounds_split(splitter: CompoundSplitter, word: str, parts: list[str]) -> None:
    assert splitter.split(word) == parts


@pytest.mark.parametrize("word", NOT_COMPOUNDS)
def test_words_that_stay_whole(splitter: CompoundSplitter, word: str) -> None:
    assert len(splitter.split(word)) == 1
    assert splitter.parts(word) == []


@pytest.mark.parametrize("word, deep", [
    ("Arbeitsmarktintegration", ["arbeitsmarkt", "integration", "arbeit", "markt"]),
    ("Wohnraumlotsen", ["wohnraum", "lotsen", "wohnen", "raum"]),
])
def test_parts_go_all_the_way_down(splitter: CompoundSplitter, word: str, deep: list[str]) -> None:
    assert splitter.parts(word) == deep


@pytest.mark.parametrize("word, top, deep", [
    ("Antidiskriminierungsberatung", ["antidiskriminierung", "beratung"],
     ["antidiskriminierung", "beratung", "diskriminierung"]),
    ("Antidiskriminierung", ["antidiskriminierung"], ["diskriminierung"]),
    ("Nichtregierungsorganisation", ["nichtregierung", "organisation"],
     ["nichtregierung", "organisation", "regierung"]),
    ("Neuzugewanderte", ["neuzugewanderte"], ["zugewanderte"]),
])
def test_prefixed_words_are_words_and_stand_for_their_rest(
        splitter: CompoundSplitter, word: str, top: list[str], deep: list[str]) -> None:
    assert splitter.split(word) == top
    assert splitter.parts(word) == deep


@pytest.mark.parametrize("word", ["Interesse", "Neugier", "Erstattung", "Internet"])
def test_listed_words_that_begin_like_a_prefix_stay_whole(splitter: CompoundSplitter,
                                                           word: str) -> None:
    assert splitter.split(word) == [splitter.split(word)[0]] and splitter.parts(word) == []


def test_function_words_are_not_parts(splitter: CompoundSplitter) -> None:
    assert "werden" not in splitter.parts("Beschwerdestelle")



def test_rules_prefixes() -> None:
    assert _tiny_splitter().parts("Unteekanne") == []
    with_prefix = _tiny_splitter("> un")
    assert with_prefix.split("Unteekanne") == ["unteekanne"]
    assert with_prefix.parts("Unteekanne") == ["teekanne"]
    # a prefixed word is a part like any other, a little rarer than its rest
    assert with_prefix.split("Unteekannenschlüssel") == ["unteekanne", "schlussel"]


def test_split_folds_umlaut_spellings(splitter: CompoundSplitter) -> None:
    assert splitter.split("Fluechtlingshilfe") == splitter.split("Flüchtlingshilfe")


def test_split_is_cached(splitter: CompoundSplitter) -> None:
    splitter.split("Integrationsmanagement")
    before = splitter._split.cache_info().hits
    splitter.split("Integrationsmanagement")
    assert splitter._split.cache_info().hits == before + 1


def test_default_splitter_is_loaded_once() -> None:
    assert default_splitter() is default_splitter()


def _tiny_splitter(rules: str = "") -> CompoundSplitter:
    lex = Lexicon()
    for word, zipf in [("haus", 5.0), ("tür", 4.5), ("haustür", 3.0), ("schlüssel", 4.0),
                       ("tee", 4.0), ("kanne", 3.5), ("teekanne", 4.5)]:
        lex.add(word, zipf)
    _apply_rules(lex, rules)
    return CompoundSplitter(lex)


def test_longest_prefix_first_and_frequency_check() -> None:
    splitter = _tiny_splitter("= tür")
    # "haustür" is a known word, so it is the first part, then split again for parts()
    assert splitter.split("Haustürschlüssel") == ["haustur", "schlussel"]
    assert splitter.parts("Haustürschlüssel") == ["haustur", "schlussel", "haus", "tur"]
    # the whole word is more frequent than its parts: not split
    assert splitter.split("Teekanne") == ["teekanne"]


def test_rules_never_split_and_never_a_part() -> None:
    assert _tiny_splitter("! haustürschlüssel").split("Haustürschlüssel") == [
        "hausturschlussel"]
    assert _tiny_splitter("- haustür").split("Haustürschlüssel") == ["hausturschlussel"]
    assert _tiny_splitter("- haustür\n= tür").split("Haustürschlüssel") == [
        "haus", "tur", "schlussel"]
