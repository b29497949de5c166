"""Snippets: a window of the text with matched words in <mark>, everything else escaped."""

from __future__ import annotations

import re
from functools import lru_cache
from html import escape
from itertools import islice

from search_index.analyzers import fold
from search_index.query import content_words
from search_index.terms import analyze

WINDOW_WORDS = 30
_WORD = re.compile(r"\w[\w'’-]*")
_SPACES = re.compile(r"\s+")


def snippet(text: str, words: set[str], lang: str, memo: dict[str, bool] | None = None) -> str:
    """Return safe HTML: the best window of text, query words marked.

    memo remembers which text words match the query; pass one dict for all hits of a query.
    """
    if not text or text.isspace():
        return ""
    found = _WORD.findall(text)
    if not found:
        return escape(" ".join(text.split())[:200])
    keys = _match_keys(frozenset(words), lang)
    probes = _probes(keys)
    memo = {} if memo is None else memo
    distinct = set(found)
    for word in distinct.difference(memo):
        memo[word] = _may_match(word, probes) and not keys.isdisjoint(_keys_of(word, lang))
    matched = {word for word in distinct if memo[word]}
    hits = [i for i, word in enumerate(found) if word in matched] if matched else []
    start = _best_start(hits, len(found))
    end = min(len(found), start + WINDOW_WORDS)
    return _window(text, start, end, set(hits), len(found))


def _window(text: str, start: int, end: int, hits: set[int], length: int) -> str:
    """Return words start..end of the text as HTML, hits marked, whitespace made single."""
    tokens = list(islice(_WORD.finditer(text), start, end))  # the window's matches only
    # Text between marked words is escaped in one piece: whitespace runs never cross a word
    out, pos = [], tokens[0].start()
    for i, m in enumerate(tokens, start=start):
        if i in hits:
            out.append(escape(_SPACES.sub(" ", text[pos : m.start()])))
            out.append(f"<mark>{escape(m.group())}</mark>")
            pos = m.end()
    out.append(escape(_SPACES.sub(" ", text[pos : tokens[-1].end()])))
    prefix = "… " if start > 0 else ""
    suffix = " …" if end < length else ""
    return prefix + "".join(out) + suffix


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


def _may_match(word: str, probes: tuple[str, ...]) -> bool:
    """Tell whether a text word could match the query (see _probes)."""
    form = fold(word)
    return any(probe in form for probe in probes)


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
