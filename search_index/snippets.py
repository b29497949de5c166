"""Snippets: a window of the text with matched words in <mark>, everything else escaped."""

from __future__ import annotations

import re
from functools import lru_cache
from html import escape

from search_index.analyzers import fold
from search_index.query import content_words
from search_index.terms import analyze

WINDOW_WORDS = 30
# Splitting on words (captured) gives [gap, word, gap, word, ..., gap] in one call: the
# words are every second item, and a window's text is a slice, with no match objects.
_WORDS_AND_GAPS = re.compile(r"(\w[\w'’-]*)")
_SPACES = re.compile(r"\s+")


class WordMemo:
    """The text words already looked at for one query, and those of them that match it.

    Hits of one query share their words (names, places, the topic's vocabulary): each word
    is analysed once per query, not once per hit.
    """

    __slots__ = ("seen", "matching")

    def __init__(self) -> None:
        self.seen: set[str] = set()
        self.matching: set[str] = set()


def snippet(text: str, words: set[str], lang: str, memo: WordMemo | None = None) -> str:
    """Return safe HTML: the best window of text, query words marked.

    Pass one memo for all hits of a query in one language.
    """
    if not text or text.isspace():
        return ""
    parts = _WORDS_AND_GAPS.split(text)
    found = parts[1::2]
    if not found:
        return escape(" ".join(text.split())[:200])
    memo = WordMemo() if memo is None else memo
    distinct = set(found)
    new = distinct - memo.seen
    if new:
        memo.seen |= new
        memo.matching.update(_matching(new, _match_keys(frozenset(words), lang), lang))
    matched = distinct & memo.matching
    hits = [i for i, word in enumerate(found) if word in matched] if matched else []
    start = _best_start(hits, len(found))
    end = min(len(found), start + WINDOW_WORDS)
    return _window(parts, start, end, hits, len(found))


def _matching(words: set[str], keys: frozenset[tuple[str, str]], lang: str) -> list[str]:
    """Return the text words that match the query's keys.

    Only words whose folded form holds a probe (see _probes) are analysed; the probes are
    looked for one at a time over all words, each test a substring search in C.
    """
    probes = _probes(keys)
    if not probes:
        return []
    forms = [(word, fold(word)) for word in words]
    joined = "\n".join([form for _, form in forms])
    candidates = set()
    for probe in probes:
        if probe in joined:  # most probes are in none of the words: one test in C
            candidates.update(word for word, form in forms if probe in form)
    return [word for word in candidates if not keys.isdisjoint(_keys_of(word, lang))]


def _window(parts: list[str], start: int, end: int, hits: list[int], length: int) -> str:
    """Return words start..end as HTML, hits marked, whitespace made single.

    `parts` alternate gaps and words (word i is parts[2i + 1]); the text between marked
    words is escaped in one piece (whitespace runs never cross a word).
    """
    out, pos = [], 2 * start + 1
    for i in hits:
        if start <= i < end:
            out.append(_plain(parts[pos : 2 * i + 1]))
            out.append(f"<mark>{escape(parts[2 * i + 1])}</mark>")
            pos = 2 * i + 2
    out.append(_plain(parts[pos : 2 * end]))
    prefix = "… " if start > 0 else ""
    suffix = " …" if end < length else ""
    return prefix + "".join(out) + suffix


def _plain(pieces: list[str]) -> str:
    return escape(_SPACES.sub(" ", "".join(pieces)))


@lru_cache(maxsize=256)
def _match_keys(words: frozenset[str], lang: str) -> frozenset[tuple[str, str]]:
    """Return (family, term) keys of the query words (stop words of glossary phrases unmarked)."""
    keys = set()
    for word in content_words(tuple(sorted(words))):
        for family in (lang, "fold"):
            keys.update((family, t) for t in analyze(family, word))
    return frozenset(keys)


PROBE = 4  # letters of a query term a text word must contain to be analysed at all


@lru_cache(maxsize=256)
def _probes(keys: frozenset[tuple[str, str]]) -> tuple[str, ...]:
    """Return the folded beginnings of the query's terms.

    Analysing a text word (stemming, compound parts) costs tens of microseconds and most
    words of a text cannot match: a word whose folded form contains none of these is not
    analysed. Stems, compound parts and gender bases keep the beginning of what they come
    from, folded: "integr" of "Arbeitsmarktintegration", "berater" of "Beraterinnen".
    """
    return tuple(sorted({fold(term)[:PROBE] for _, term in keys if term}))


@lru_cache(maxsize=1 << 16)
def _keys_of(token: str, lang: str) -> frozenset[tuple[str, str]]:
    """Return the (family, term) keys of a text token (cached: texts repeat their words)."""
    out = {(lang, t) for t in analyze(lang, token)}
    out.update(("fold", t) for t in analyze("fold", token))
    return frozenset(out)


def _best_start(hits: list[int], length: int) -> int:
    """Return the window start covering the most hits (a little context before the first)."""
    if not hits:
        return 0
    best, best_count, last = hits[0], 0, 0
    for i, first in enumerate(hits):  # hits ascend: the window's end only moves forward
        last = max(last, i)
        while last < len(hits) and hits[last] < first + WINDOW_WORDS:
            last += 1
        if last - i > best_count:
            best, best_count = first, last - i
    return max(0, min(best - 3, length - WINDOW_WORDS))
