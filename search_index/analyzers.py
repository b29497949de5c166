"""Whoosh analyzer chains for German, English, names, phone numbers and e-mail addresses.

Every chain folds case, umlauts, ß and accents, so "München", "Muenchen" and "Munchen" or
"Straße" and "Strasse" give the same tokens on the index and on the query side.

German (``german_analyzer``), index side, one row per token as (position, text, kind):

    "Arbeitsmarktintegration" -> (0 arbeitsmarktintegration word) (0 arbeitsmarkt part)
                                 (0 integration part) (0 arbeit part) (0 markt part)
    "Migrant*innen"           -> (0 migrantinn word) (0 migrant alt)
    "Arbeitsmarkt-Integration"-> (0 arbeitsmarkt word) (0 arbeit part) (0 markt part)
                                 (0 arbeitsmarktintegration alt) (1 integration word)
    "Förderung", "Forderung"  -> (0 forder word)   # deliberate: umlaut-less typing wins

Query side (``mode="query"``, or ``german_query_analyzer()``) a word and its alternatives share
one position and the kinds say how to combine them; ``query_words`` does the grouping:

    query_words("Arbeitsmarkt-Integration") -> [QueryWord(terms=("arbeitsmarktintegration",),
                                                          parts=("arbeitsmarkt", "integration"))]

Build one clause per QueryWord: ``Or([Term(t) for t in terms] + [And([Term(p) for p in parts])])``.
Kinds: ``word`` the token itself; ``alt`` an equivalent form (joined hyphenation, the base of a
gendered form: any one may match); ``part`` a compound part (on the query side all parts of a
word must match together).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from whoosh.analysis import Analyzer, CompositeAnalyzer, Token, Tokenizer
from whoosh.lang import stopwords_for_language

from search_index.phones import phone_forms, split_numbers

# Bump when a change to this module or compounds.py changes the terms a text is indexed
# under; indexes built before are then rebuilt (see analysis_fingerprint).
ANALYSIS_VERSION = 2
# The word lists index-time analysis reads (the glossary is used on the query side only)
ANALYSIS_DATA = ("compound_words.txt", "compound_rules.txt")

MAX_TOKEN = 80  # longer "words" are URLs, hashes or garbage: not indexed
MIN_COMPOUND = 7  # shorter words are not split (see compounds.MIN_WORD)

# --- folding -----------------------------------------------------------------------------

# Letters that Unicode decomposition does not reduce to ASCII.
_SPECIAL = str.maketrans({"ß": "ss", "ẞ": "SS", "ł": "l", "Ł": "L", "ø": "o", "Ø": "O",
                          "đ": "d", "Đ": "D", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE",
                          "ı": "i", "þ": "th"})
# ae/oe/ue spell ä/ö/ü except in qu-e (Quelle) and the diphthongs au/eu (Bauer, neue, Steuer).
_UMLAUT_SPELLING = re.compile(r"(?<![qQaAeE])([aouAOU])[eE]")


def _fold_word(text: str, lower: bool = True) -> str:
    """Fold one string; the work behind ``fold``."""
    text = text.lower() if lower else text
    text = text.translate(_SPECIAL)
    if not text.isascii():
        decomposed = unicodedata.normalize("NFKD", text)
        text = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _UMLAUT_SPELLING.sub(r"\1", text)


_fold_cached = lru_cache(maxsize=1 << 18)(_fold_word)


def fold(text: str) -> str:
    """Lowercase and fold ß, umlauts (also spelled ae/oe/ue) and accents: "Müller" -> "muller".

    "Straße" -> "strasse", "Muenchen" -> "munchen", "José" -> "jose", "Quelle" -> "quelle",
    "Steuer" -> "steuer".
    """
    if len(text) <= MAX_TOKEN:
        return _fold_cached(text)
    return _fold_word(text)


def fold_text(text: str) -> str:
    """Fold like ``fold``, uncached: for text that does not come again (a title, as a sort key)."""
    return _fold_word(text)


def fold_keep_case(text: str) -> str:
    """Fold umlauts, ß and accents but keep case (for abbreviations): "IKÖ" -> "IKO"."""
    return _fold_word(text, lower=False)


# --- tokenizing --------------------------------------------------------------------------

_WORD = r"[^\W_]+"
# Gender markers inside a word: Migrant*innen, Migrant:innen, Migrant_innen, Migrant/innen,
# Schüler/-innen. Only before "in"/"innen" at a word end, so "Köln/Bonn" still splits.
_GENDER = r"(?:/-|[*:_/·])(?=[Ii]n(?:nen)?\b)"
_TOKEN_RE = re.compile(rf"{_WORD}(?:(?:-|{_GENDER}){_WORD})*")
_PIECE_RE = re.compile(rf"{_WORD}(?:{_GENDER}{_WORD})*")
_GENDER_RE = re.compile(_GENDER)
_BINNEN_I = re.compile(r"(?<=[a-zäöüß])I(?:nnen|n)(?![a-zäöüß])")


# One analyzed token of a word: (position offset, text, kind, start, end within the word).
Entry = tuple[int, str, str, int, int]
# A hyphen-free piece of a word, folded: (text, start, end, gendered).
Piece = tuple[str, int, int, bool]


def _pieces(word: str) -> list[Piece]:
    """Split a matched word at hyphens, dropping gender markers and folding each piece."""
    pieces = []
    for sub in _PIECE_RE.finditer(word):
        raw = sub.group()
        plain = _GENDER_RE.sub("", raw)
        gender = plain != raw or bool(_BINNEN_I.search(raw))
        text = fold(plain)
        if len(text) <= MAX_TOKEN:
            pieces.append((text, sub.start(), sub.end(), gender))
    return pieces


def _index_entries(pieces: list[Piece], words: list[Piece]) -> list[tuple[Entry, bool]]:
    """Put each non-stop piece at its own position, the joined form beside the first."""
    entries = []
    for offset, (text, start, end, gender) in enumerate(words):
        entries.append(((offset, text, "word", start, end), gender))
        if offset == 0 and len(pieces) > 1:
            joined = "".join(p[0] for p in pieces)
            entries.append(((0, joined, "alt", pieces[0][1], pieces[-1][2]), False))
    return entries


def _query_entries(pieces: list[Piece], words: list[Piece]) -> list[tuple[Entry, bool]]:
    """Put the joined word first, then its non-stop pieces as parts, all at one position."""
    if len(pieces) == 1:
        text, start, end, gender = pieces[0]
        return [((0, text, "word", start, end), gender)]
    joined = "".join(p[0] for p in pieces)
    entries = [((0, joined, "word", pieces[0][1], pieces[-1][2]), False)]
    entries += [((0, p[0], "part", p[1], p[2]), p[3]) for p in words]
    return entries


# --- German variants: compound parts and gendered forms ----------------------------------


def _lexicon_has(word: str) -> bool:
    """Tell whether the compound word list knows ``word`` (folded)."""
    from search_index.compounds import default_splitter

    return word in default_splitter().lexicon.zipf


# Masculine endings of person nouns whose -in form is feminine (Partner-in, Migrant-in).
_AGENT_ENDINGS = ("er", "ant", "ent", "ist", "at", "og", "eur", "or", "ar", "ier")


@lru_cache(maxsize=1 << 16)
def gender_base(word: str, marked: bool = False) -> str | None:
    """Return the base of a feminine form: "migrantinnen" -> "migrant", "lotsinnen" -> "lotse".

    Without an explicit marker (``*``, ``:``, ``_``, ``/``, Binnen-I) the base must be a known
    noun, and an -in word must have a known -innen plural or a person-noun ending, so "termin"
    and "berlin" have no base.
    """
    plural = word.endswith("innen")
    stem = word[:-5] if plural else word[:-2] if word.endswith("in") else ""
    if len(stem) < 3:
        return None
    if not (marked or plural or _lexicon_has(stem + "innen") or stem.endswith(_AGENT_ENDINGS)):
        return None
    # "lotse" before "lots": the -e noun stems like its plural (Lotsen -> lots, Lots -> lot).
    for base in (stem + "e", stem):
        if _lexicon_has(base):
            return base
    return stem if marked else None


def _with_variants(entries: list[tuple[Entry, bool]], query: bool) -> list[Entry]:
    """Add the base of gendered forms (``alt``) and compound parts (``part``) after each entry."""
    out: list[Entry] = []
    for (offset, text, kind, start, end), gender in entries:
        out.append((offset, text, kind, start, end))
        base = gender_base(text, gender)
        if base:
            out.append((offset, base, "alt", start, end))
        if kind != "word" or len(text) < MIN_COMPOUND:
            continue
        for part in _compound_parts(text, query):
            out.append((offset, part, "part", start, end))
            part_base = None if query else gender_base(part)
            if part_base:
                out.append((offset, part_base, "alt", start, end))
    return out


def _compound_parts(word: str, query: bool) -> list[str]:
    """Return the parts to add: top level on the query side (gendered ones as base), all else."""
    from search_index.compounds import default_splitter

    splitter = default_splitter()
    if not query:
        return splitter.parts(word)
    parts = splitter.split(word)
    if len(parts) < 2:
        return []
    return [gender_base(p) or p for p in parts]


# --- stemming ----------------------------------------------------------------------------


@lru_cache(maxsize=4)
def _stemmer(language: str):
    """Return a PyStemmer stemmer (loaded once per language and process)."""
    import Stemmer

    return Stemmer.Stemmer(language)


def stem(word: str, language: str = "german") -> str:
    """Stem one folded word with PyStemmer: stem("forderung") -> "forder"."""
    return _stemmer(language).stemWord(word)


def _stemmed(entries: list[Entry], language: str) -> tuple[Entry, ...]:
    """Stem every entry (unless ``language`` is empty) and drop repeats at one position."""
    seen: set[tuple[int, str]] = set()
    out = []
    for offset, text, kind, start, end in entries:
        text = stem(text, language) if language else text
        if (offset, text) not in seen:
            seen.add((offset, text))
            out.append((offset, text, kind, start, end))
    return tuple(out)


# --- the tokenizer -----------------------------------------------------------------------

GERMAN_STOPS = frozenset(fold(w) for w in stopwords_for_language("de"))
ENGLISH_STOPS = frozenset(stopwords_for_language("en")) | {"s", "t"}
_STOPLISTS = {"": frozenset(), "de": GERMAN_STOPS, "en": ENGLISH_STOPS}


@lru_cache(maxsize=1 << 17)
def analyze_word(word: str, query: bool = False, stops: str = "", language: str = "",
                 variants: bool = False) -> tuple[tuple[Entry, ...], int]:
    """Analyze one tokenizer match; return its entries and how many positions it takes.

    Cached: running text repeats its words, so most words are analyzed once per process.
    """
    pieces = _pieces(word)
    stoplist = _STOPLISTS[stops]
    words = [p for p in pieces if p[0] not in stoplist]
    if not words:
        return (), 0
    flagged = _query_entries(pieces, words) if query else _index_entries(pieces, words)
    entries = _with_variants(flagged, query) if variants else [e for e, _ in flagged]
    return _stemmed(entries, language), 1 if query else len(words)


class WordTokenizer(Tokenizer):
    """Tokenize, fold, drop stop words, join hyphenated words; optionally stem and add variants.

    ``stops``: "", "de" or "en"; ``language``: a PyStemmer language or "" (no stemming);
    ``variants``: add German compound parts and gendered bases.
    Index mode: "E-Mail" -> (0 e word) (0 email alt) (1 mail word).
    Query mode: "E-Mail" -> (0 email word) (0 e part) (0 mail part).
    """

    def __init__(self, stops: str = "", language: str = "", variants: bool = False,
                 force_mode: str = "") -> None:
        self.stops = stops
        self.language = language
        self.variants = variants
        self.force_mode = force_mode

    def __call__(self, value: str, positions: bool = False, chars: bool = False,
                 keeporiginal: bool = False, removestops: bool = True, start_pos: int = 0,
                 start_char: int = 0, tokenize: bool = True, mode: str = "",
                 **kwargs) -> Iterator[Token]:
        """Yield tokens for ``value`` (see the class docstring)."""
        mode = self.force_mode or mode
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        if not tokenize:
            if value:
                _fill(token, fold(value), start_pos, start_char, start_char + len(value),
                      "word", keeporiginal)
                yield token
            return
        query, pos = mode == "query", start_pos
        for match in _TOKEN_RE.finditer(value or ""):
            entries, width = analyze_word(match.group(), query, self.stops, self.language,
                                          self.variants)
            base = start_char + match.start()
            for offset, text, kind, start, end in entries:
                _fill(token, text, pos + offset, base + start, base + end, kind, keeporiginal)
                yield token
            pos += width

    def index_positions(self, value: str) -> dict[str, list[int]]:
        """Return term -> positions of ``value`` in index mode (the tokens ``__call__`` yields)."""
        out: dict[str, list[int]] = {}
        pos = 0
        for chunk in (value or "").split():
            pairs, width = self.index_chunk(chunk)
            for offset, text in pairs:
                out.setdefault(text, []).append(pos + offset)
            pos += width
        return out

    def index_chunk(self, chunk: str) -> tuple[tuple[tuple[int, str], ...], int]:
        """Return the (offset, term) pairs and the width of one whitespace-free piece of text.

        No token contains whitespace (nor does a ``\\b`` see a difference between a space and
        the end of the text), so text split with ``str.split()`` analyses piece by piece as it
        does whole; the bulk builder caches whole pieces ("Köln,", "E-Mail-Adresse"). Pairs
        come in position order: the first at offset 0, the last at ``width - 1``, each word
        followed by its variants at the same offset.
        """
        cache = _index_cache(self.stops, self.language, self.variants)
        pairs: list[tuple[int, str]] = []
        pos = 0
        for word in _TOKEN_RE.findall(chunk):
            got = cache.get(word)
            if got is None:
                got = cache[word] = self._index_word(word)
            word_pairs, width = got
            pairs.extend((pos + offset, text) for offset, text in word_pairs)
            pos += width
        return tuple(pairs), pos

    def _index_word(self, word: str) -> tuple[tuple[tuple[int, str], ...], int]:
        """Return the (offset, term) pairs and the width of one word in index mode."""
        entries, width = analyze_word(word, False, self.stops, self.language, self.variants)
        return tuple((offset, text) for offset, text, *_ in entries), width


INDEX_CACHE_SIZE = 1 << 17  # distinct words per settings; cleared when full
# (stops, language, variants) -> word -> index-mode pairs; module level, so tokenizers (pickled
# into every TOC and compared by their attributes) stay plain
_INDEX_CACHES: dict[tuple, dict[str, tuple]] = {}


def _index_cache(*key) -> dict[str, tuple]:
    """Return the word cache of one tokenizer setting, emptied when it has grown too large."""
    cache = _INDEX_CACHES.get(key)
    if cache is None or len(cache) > INDEX_CACHE_SIZE:
        cache = _INDEX_CACHES[key] = {}
    return cache


def _fill(token: Token, text: str, pos: int, start: int, end: int, kind: str,
          keeporiginal: bool) -> None:
    """Set every attribute of the reused token (Whoosh reuses one Token object)."""
    token.text = text
    token.kind = kind
    token.boost = 1.0
    token.stopped = False
    if keeporiginal:
        token.original = text
    if token.positions:
        token.pos = pos
    if token.chars:
        token.startchar, token.endchar = start, end


# --- analyzers ---------------------------------------------------------------------------


def german_analyzer() -> Analyzer:
    """Analyze German text: fold, drop stop words, split compounds, gender forms, stem.

    "Willkommenslotsen" -> willkommenslots willkomm lots; "Straße" -> strass;
    "MigrantInnen" -> migrantinn migrant; "Verwaltung" -> verwalt.
    """
    return CompositeAnalyzer(WordTokenizer("de", "german", variants=True))


def german_query_analyzer() -> Analyzer:
    """Analyze a German query: like ``german_analyzer`` but always in query mode.

    "Arbeitsmarktintegration" -> (0 arbeitsmarktintegration word) (0 arbeitsmarkt part)
    (0 integration part); see the module docstring and ``query_words``.
    """
    return CompositeAnalyzer(WordTokenizer("de", "german", variants=True, force_mode="query"))


def english_analyzer() -> Analyzer:
    """Analyze English text: fold, drop stop words, stem (Snowball English).

    "Funding for refugees' employment" -> fund refuge employ.
    """
    return CompositeAnalyzer(WordTokenizer("en", "english"))


def english_query_analyzer() -> Analyzer:
    """Analyze an English query (hyphenated words as one word with parts)."""
    return CompositeAnalyzer(WordTokenizer("en", "english", force_mode="query"))


def name_analyzer() -> Analyzer:
    """Analyze names and words unstemmed, folded: for names, fuzzy terms and "did you mean".

    "Müller" / "Mueller" / "Muller" -> muller; "Ziółek-Skrzypczak" -> ziolek ziolekskrzypczak
    skrzypczak; no stop words are dropped, so "Aus der Praxis" keeps every word.
    """
    return CompositeAnalyzer(WordTokenizer())


# --- query grouping ----------------------------------------------------------------------


@dataclass(frozen=True)
class QueryWord:
    """One query word: any of ``terms`` matches, or all of ``parts`` together."""

    terms: tuple[str, ...]
    parts: tuple[str, ...] = ()


def query_words(text: str, analyzer: Analyzer | None = None) -> list[QueryWord]:
    """Group the query-mode tokens of ``text`` by position (default: German query analyzer)."""
    analyzer = analyzer or german_query_analyzer()
    groups: dict[int, tuple[list[str], list[str]]] = {}
    for t in analyzer(text, positions=True, mode="query"):
        terms, parts = groups.setdefault(t.pos, ([], []))
        target = parts if getattr(t, "kind", "word") == "part" else terms
        if t.text not in target:
            target.append(t.text)
    return [QueryWord(tuple(terms), tuple(p for p in parts if p not in terms) if len(parts) > 1
                      else ()) for _, (terms, parts) in sorted(groups.items())]


# --- phone numbers and e-mail addresses --------------------------------------------------


class PhoneTokenizer(Tokenizer):
    """Tokenize phone numbers into national and international digit strings (see phones.py).

    "+49 (0) 2041 70 47 60" -> 02041704760 492041704760
    """

    def __call__(self, value: str, positions: bool = False, chars: bool = False,
                 keeporiginal: bool = False, removestops: bool = True, start_pos: int = 0,
                 start_char: int = 0, tokenize: bool = True, mode: str = "",
                 **kwargs) -> Iterator[Token]:
        """Yield the digit forms of every number in ``value``, one position per number."""
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        end = start_char + len(value or "")
        for offset, number in enumerate(split_numbers(value or "")):
            for form in phone_forms(number):
                _fill(token, form, start_pos + offset, start_char, end, "word", keeporiginal)
                yield token


def phone_analyzer() -> Analyzer:
    """Analyze phone numbers: "02041/704760" -> 02041704760 492041704760.

    Query with ``phones.phone_query_prefix`` and a Prefix query (see phones.py).
    """
    return CompositeAnalyzer(PhoneTokenizer())


_EMAIL_RE = re.compile(r"[\w.+'-]+@[\w-]+(?:\.[\w-]+)+")


def email_tokens(address: str) -> list[str]:
    """Return the tokens of one address: whole, local part, domain, and their pieces.

    "aylin.demirtas@stadt-koeln.de" -> aylin.demirtas@stadt-koeln.de aylin.demirtas
    stadt-koeln.de aylin demirtas stadt koln stadtkoln (the top-level domain alone is left out).
    """
    address = address.lower().strip(".")
    local, _, domain = address.partition("@")
    labels = domain.split(".")
    words = [fold(w) for w in re.split(r"[^\w]+|_", local) if w]
    for label in labels[:-1]:
        pieces = [fold(p) for p in label.split("-") if p]
        words += pieces + (["".join(pieces)] if len(pieces) > 1 else [])
    tokens = [address, local, domain, *words]
    return list(dict.fromkeys(t for t in tokens if t))


_DOMAIN = r"[\w-]+(?:\.[\w-]+)+"
_EMAIL_OR_WORD = re.compile(rf"{_EMAIL_RE.pattern}|{_DOMAIN}|{_WORD}")


def _email_or_word_tokens(text: str) -> list[str]:
    """Return the tokens of an address, of a bare domain ("stadt-koeln.de") or of a word."""
    if "@" in text:
        return email_tokens(text)
    if "." in text:
        return email_tokens("@" + text)[1:]  # the domain and its pieces, as in an address
    return [fold(text)]


class EmailTokenizer(Tokenizer):
    """Tokenize e-mail addresses (see ``email_tokens``); other words are folded as they are."""

    def __call__(self, value: str, positions: bool = False, chars: bool = False,
                 keeporiginal: bool = False, removestops: bool = True, start_pos: int = 0,
                 start_char: int = 0, tokenize: bool = True, mode: str = "",
                 **kwargs) -> Iterator[Token]:
        """Yield all tokens of each address, or of each plain word, at its own position."""
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        pos, value = start_pos, value or ""
        for match in _EMAIL_OR_WORD.finditer(value):
            texts = _email_or_word_tokens(match.group())
            for text in texts:
                _fill(token, text, pos, start_char + match.start(), start_char + match.end(),
                      "word", keeporiginal)
                yield token
            pos += 1

    def index_terms(self, value: str) -> list[str]:
        """Return the texts of the tokens ``__call__`` yields, in order (for the bulk builder)."""
        return [text for found in _EMAIL_OR_WORD.findall(value or "")
                for text in _email_or_word_tokens(found)]


def email_analyzer() -> Analyzer:
    """Analyze e-mail addresses: searchable by the whole address and by its parts."""
    return CompositeAnalyzer(EmailTokenizer())


@lru_cache(maxsize=1)
def analysis_fingerprint() -> str:
    """Return what identifies this version's index-time analysis: ANALYSIS_VERSION and the
    word lists. An index records the fingerprint it was built with (see backend.py)."""
    digest = hashlib.sha256(f"analysis {ANALYSIS_VERSION}".encode())
    for name in ANALYSIS_DATA:
        digest.update((Path(__file__).parent / "data" / name).read_bytes())
    return digest.hexdigest()[:16]
