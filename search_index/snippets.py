"""Snippets: a window of the text with matched words in <mark>, everything else escaped."""

from __future__ import annotations

import re
from functools import lru_cache
from html import escape
from itertools import islice

from search_index.query import content_words
from search_index.terms import analyze

WINDOW_WORDS = 30
_WORD = re.compile(r"\w[\w'’-]*")


def snippet(text: str, words: set[str], lang: str, memo: dict[str, bool] | None = None) -> str:
    """Return safe HTML: the best window of text, query words marked.

    memo remembers which text words match the query; pass one dict for all hits of a query.
    """
    text = " ".join((text or "").split())
    if not text:
        return ""
    keys = _match_keys(frozenset(words), lang)
    memo = {} if memo is None else memo
    found = _WORD.findall(text)
    for word in set(found).difference(memo):
        memo[word] = not keys.isdisjoint(_keys_of(word, lang))
    hits = [i for i, word in enumerate(found) if memo[word]]
    if not found:
        return escape(text[:200])
    start = _best_start(hits, len(found))
    end = min(len(found), start + WINDOW_WORDS)
    tokens = list(islice(_WORD.finditer(text), start, end))  # match objects of the window only
    hit_set = set(hits)
    out, pos = [], tokens[0].start()
    for i, m in enumerate(tokens, start=start):
        out.append(escape(text[pos : m.start()]))
        piece = escape(m.group())
        out.append(f"<mark>{piece}</mark>" if i in hit_set else piece)
        pos = m.end()
    prefix = "… " if start > 0 else ""
    suffix = " …" if end < len(found) else ""
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
