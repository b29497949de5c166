"""Typos: fuzzy alternatives and "did you mean" from the unstemmed folded field.

Candidates must occur in documents the audience may see, so a suggestion never reveals a word
that only hidden content contains.
"""

from __future__ import annotations

from search_index import fields as f
from search_index.query import Clause, Group
from search_index.snapshot import Snapshot
from search_index.terms import analyze

MAX_CANDIDATES = 3


def max_edits(word: str) -> int:
    """Return the edit distance allowed for a word (a transposition counts as two)."""
    return 1 if len(word) <= 5 else 2


def candidates(snap: Snapshot, word: str, allowed: int) -> list[tuple[str, int]]:
    """Return (term, visible doc count) of similar folded terms, most frequent first."""
    folded = analyze("fold", word)
    if len(folded) != 1 or len(folded[0]) < 4:
        return []
    term = folded[0]
    out = []
    try:
        near = snap.reader.terms_within(f.FOLD, term, max_edits(term), prefix=1)
    except Exception:  # the fuzzy lookup is a bonus; never let it fail the search
        return []
    for cand in near:
        cand = cand.decode("utf-8") if isinstance(cand, bytes) else cand
        if cand == term:
            continue
        visible = (snap.term_bits(f.FOLD, cand)[0] & allowed).bit_count()
        if visible:
            out.append((cand, visible))
    out.sort(key=lambda x: (-x[1], x[0]))
    return out[:MAX_CANDIDATES]


def fuzzy_group(snap: Snapshot, group: Group, allowed: int) -> tuple[Group, str | None]:
    """Return the group widened with fuzzy terms, and the best correction of its word."""
    clause = group.alternatives[0]
    if len(group.alternatives) != 1 or clause.kind != "words" or len(clause.words) != 1:
        return group, None
    found = candidates(snap, clause.words[0], allowed)
    if not found:
        return group, None
    extra = [Clause((term,), "fold") for term, _ in found]
    return Group([*group.alternatives, *extra], group.negated, group.source), found[0][0]
