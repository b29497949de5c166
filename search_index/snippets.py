"""Snippets: a window of the text with matched words in <mark>, everything else escaped."""

from __future__ import annotations

import re
from functools import lru_cache
from html import escape

from search_index.query import content_words
from search_index.terms import analyze

WINDOW_WORDS = 30
_WORD = re.compile(r"\w[\w'’-]*")


def snippet(text: str, words: set[str], lang: str) -> str:
    """Return safe HTML: the best window of text, query words marked."""
    text = " ".join((text or "").split())
    if not text:
        return ""
    keys = _match_keys(frozenset(words), lang)
    tokens = list(_WORD.finditer(text))
    marked: dict[str, bool] = {}  # text repeats its words: each is looked up once
    hits = []
    for i, word in enumerate(_WORD.findall(text)):
        hit = marked.get(word)
        if hit is None:
            hit = marked[word] = not keys.isdisjoint(_keys_of(word, lang))
        if hit:
            hits.append(i)
    start = _best_start(hits, len(tokens))
    end = min(len(tokens), start + WINDOW_WORDS)
    if not tokens:
        return escape(text[:200])
    lo = tokens[start].start()
    hi = tokens[end - 1].end() if end > 0 else len(text)
    hit_set = set(hits)
    out, pos = [], lo
    for i in range(start, end):
        m = tokens[i]
        out.append(escape(text[pos : m.start()]))
        piece = escape(m.group())
        out.append(f"<mark>{piece}</mark>" if i in hit_set else piece)
        pos = m.end()
    out.append(escape(text[pos:hi]))
    prefix = "… " if start > 0 else ""
    suffix = " …" if end < len(tokens) else ""
    return prefix + "".join(out) + suffix


@lru_cache(maxsize=256)
def _match_keys(words: frozenset[str], lang: str) -> frozenset[tuple[str, str]]:
    """Return (family, term) keys of the query words (stop words of glossary phrases unmarked)."""
    keys = set()
    for word in content_words(tuple(sorted(words))):
        for family in (lang, "fold"):
            keys.update((family, t) for t in analyze(family, word))
    return frozenset(keys)


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
    best, best_count = hits[0], 0
    for i, first in enumerate(hits):
        count = sum(1 for h in hits[i:] if h < first + WINDOW_WORDS)
        if count > best_count:
            best, best_count = first, count
    return max(0, min(best - 3, length - WINDOW_WORDS))
