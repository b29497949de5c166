"""Ranking signals beyond BM25, computed for a bounded set of top candidates only.

A title that contains the query as a phrase ("Aus der Praxis für die Praxis", "Kommune
interkulturell") names what the reader is looking for; BM25 alone ranks long titles low and
cannot see word order. The check uses the folded title prefix each snapshot keeps in memory
(``Snapshot.sortkey``), so it costs no index reads.
"""

from __future__ import annotations

import re
from functools import lru_cache

import numpy as np

from search_index.analyzers import ENGLISH_STOPS, GERMAN_STOPS, fold, stem
from search_index.snapshot import Snapshot

BONUS_CANDIDATES = 300  # only the best-scored documents are looked at
TITLE_PHRASE_BONUS = 1.0  # a title that is the query doubles the score; a longer one a bit less
TITLE_COVER_BONUS = 0.5  # a title with all query words (any order) raises the score by half
SORTKEY_CHARS = 60  # convert.meta_row keeps this much of the folded title
_WORD = re.compile(r"[^\W_]+")
_STEMMERS = {"de": ("german", GERMAN_STOPS), "en": ("english", ENGLISH_STOPS)}


@lru_cache(maxsize=20_000)
def content_stems(text: str, lang: str) -> tuple[str, ...]:
    """Return the stems of the non-stop words of folded text, as the index sees them."""
    language, stops = _STEMMERS.get(lang, _STEMMERS["de"])
    return tuple(stem(w, language) for w in _WORD.findall(fold(text)) if w not in stops)


def _contains(title: tuple[str, ...], query: tuple[str, ...]) -> bool:
    """Say whether the query stems occur in the title stems as one contiguous run."""
    n = len(query)
    return any(title[i:i + n] == query for i in range(len(title) - n + 1))


def title_factor(title_key: str, query: tuple[str, ...], lang: str) -> float:
    """Return the score factor of one title for the query stems (1.0 when no phrase match)."""
    if not query:
        return 1.0
    words = content_stems(title_key, lang)
    if len(title_key) >= SORTKEY_CHARS and words:
        words = words[:-1]  # the last word may be cut
    if len(query) == 1 and words != query:
        return 1.0  # one word: only a title that is exactly that word
    if not _contains(words, query):
        return 1.0
    return 1.0 + TITLE_PHRASE_BONUS * (0.5 + 0.5 * len(query) / len(words))


def rerank(
    snap: Snapshot, top: list[tuple[int, float]], words: tuple[str, ...],
    in_title: list[np.ndarray]
) -> list[tuple[int, float]]:
    """Raise the candidates whose title has the query as a phrase or most of its words.

    top holds the best (docnum, score) pairs; in_title, per query group, whether each of
    them has a title matching that group. Returns the candidates in their new order.
    """
    if not top:
        return []
    docs = np.fromiter((d for d, _ in top), dtype=np.int64, count=len(top))
    covered = np.zeros(len(top), dtype=np.int64)
    for matches in in_title:
        covered += matches
    n = max(len(in_title), 1)
    cover = 1.0 + TITLE_COVER_BONUS * (covered / n) ** 2
    factors = np.ones(len(top))
    if words:
        text = " ".join(words)
        query = {lang: content_stems(text, lang) for lang in _STEMMERS}
        # A title holding the query as a phrase matches every group: only those are read
        for i in np.flatnonzero(covered == len(in_title)).tolist():
            d = top[i][0]
            lang = snap.langs[d]
            factors[i] = title_factor(snap.sortkey[d], query.get(lang, query["de"]), lang)
    scores = [score * factor * bonus for (_, score), factor, bonus
              in zip(top, factors.tolist(), cover.tolist(), strict=True)]
    # equal scores in tie order (Snapshot.tie_order), as _best left them
    ranked = sorted(zip(docs.tolist(), scores, snap.tie_keys[docs].tolist(), strict=True),
                    key=lambda x: (-x[1], x[2], x[0]))
    return [(d, score) for d, score, _ in ranked]
