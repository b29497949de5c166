"""Typos: fuzzy alternatives and "did you mean" from the unstemmed folded field.

Candidates must occur in documents the audience may see, so a suggestion never reveals a word
that only hidden content contains. A word that matches nothing, or far fewer documents than a
near spelling, is widened with the near spellings; they are searched like typed words (all
fields, stemmed), a little below the word itself.
"""

from __future__ import annotations

import logging

from search_index import fields as f
from search_index.query import Clause, Group
from search_index.snapshot import Snapshot
from search_index.terms import analyze

log = logging.getLogger(__name__)
MAX_CANDIDATES = 3
FUZZY_BELOW = 2  # a word seen in fewer visible documents than this may be a typo
FUZZY_RATIO = 5  # ... when a near spelling is seen this many times more often
FUZZY_WEIGHT = 0.8  # a corrected word ranks a little below a word found as typed


def max_edits(word: str) -> int:
    """Return the edit distance allowed for a word (a transposition counts as two)."""
    return 1 if len(word) <= 5 else 2


def candidates(snap: Snapshot, word: str, allowed: int, seen: int = 0) -> list[tuple[str, int]]:
    """Return (term, visible doc count) of similar folded terms, most frequent first.

    With ``seen`` documents already matching the word, only clearly more frequent terms count.
    """
    folded = analyze("fold", word)
    if len(folded) != 1 or len(folded[0]) < 4:
        return []
    term = folded[0]
    out = []
    for cand in _near_terms(snap, term):
        visible = (snap.term_bits(f.FOLD, cand) & allowed).bit_count()
        if visible and visible >= FUZZY_RATIO * seen:
            out.append((cand, visible))
    out.sort(key=lambda x: (-x[1], x[0]))
    return out[:MAX_CANDIDATES]


MAX_NEAR_CACHED = 10_000  # typed words are open-ended: the cache is bounded


def _near_terms(snap: Snapshot, term: str) -> list[str]:
    """Return the folded terms within the allowed edits of a term (cached per snapshot).

    The same misspellings come again and again.
    """
    cache = snap.day_cache()
    key = ("near", term)
    found = cache.get(key)
    if found is None:
        try:
            found = snap.near_terms(term, max_edits(term))
        except Exception:  # the fuzzy lookup is a bonus; never let it fail the search
            log.exception("near spellings of %r failed", term)
            return []
        if len(cache) < MAX_NEAR_CACHED:
            cache[key] = found
    return found


def match_case(typed: str, folded: str) -> str:
    """Write a correction the way the word was typed: "Hambrug" -> "Hamburg", "IQX" -> "IQ"."""
    if len(typed) > 1 and typed.isupper():
        return folded.upper()
    if typed[:1].isupper():
        return folded[:1].upper() + folded[1:]
    return folded


def fuzzy_group(
    snap: Snapshot, group: Group, allowed: int, seen: int = 0
) -> tuple[Group, str | None]:
    """Return the group widened with near spellings, and the best correction in the user's case."""
    clause = group.alternatives[0]
    if len(group.alternatives) != 1 or clause.kind != "words" or len(clause.words) != 1:
        return group, None
    found = candidates(snap, clause.words[0], allowed, seen)
    if not found:
        return group, None
    extra = [Clause((term,), "words", FUZZY_WEIGHT) for term, _ in found]
    fix = match_case(clause.words[0], found[0][0])
    return Group([*group.alternatives, *extra], group.negated, group.source), fix
