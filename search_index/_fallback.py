"""Stand-in analyzers used only while search_index/analyzers.py is missing."""

from __future__ import annotations

import unicodedata

import Stemmer
from whoosh.analysis import Filter, LowercaseFilter, RegexTokenizer

_FOLD = str.maketrans({"ß": "ss", "ä": "a", "ö": "o", "ü": "u"})


def fold(text: str) -> str:
    """Lower-case, replace umlauts and strip accents."""
    text = text.lower().replace("ae", "a").replace("oe", "o").replace("ue", "u").translate(_FOLD)
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


class FoldFilter(Filter):
    """Fold each token."""

    def __call__(self, tokens):
        for t in tokens:
            t.text = fold(t.text)
            yield t


class PyStemFilter(Filter):
    """Stem with PyStemmer (picklable: the stemmer is created lazily)."""

    def __init__(self, lang: str):
        self.lang = lang
        self._stemmer = None

    def __getstate__(self):
        return {"lang": self.lang, "_stemmer": None}

    def __call__(self, tokens):
        if self._stemmer is None:
            self._stemmer = Stemmer.Stemmer(self.lang)
        stem = self._stemmer.stemWord
        for t in tokens:
            t.text = stem(t.text)
            yield t


def german_analyzer():
    """Tokenize, lower-case and stem German."""
    return RegexTokenizer() | LowercaseFilter() | PyStemFilter("german")


def english_analyzer():
    """Tokenize, lower-case and stem English."""
    return RegexTokenizer() | LowercaseFilter() | PyStemFilter("english")


def german_query_analyzer():
    """Analyze German query text like German documents."""
    return german_analyzer()


def name_analyzer():
    """Tokenize and fold without stemming."""
    return RegexTokenizer() | LowercaseFilter() | FoldFilter()


def email_analyzer():
    """Keep whole addresses and their parts."""
    return RegexTokenizer(r"[^\s,;<>]+|\w+") | LowercaseFilter()
