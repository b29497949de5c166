"""Search-as-you-type: titles whose words start with the typed words."""

from __future__ import annotations

from search_index import bits
from search_index import facets as fc
from search_index import fields as f
from search_index.api import Suggestion
from search_index.documents import Audience
from search_index.query import clean
from search_index.snapshot import Snapshot
from search_index.terms import analyze

MAX_PREFIX_TERMS = 200


def run_suggest(
    snap: Snapshot, prefix: str, audience: Audience, lang: str, types: tuple[str, ...], limit: int
) -> list[Suggestion]:
    """Return up to `limit` visible titles matching the typed prefix."""
    words = list(analyze("fold", clean(prefix)[:200]))
    if not words or limit <= 0:
        return []
    allowed = fc.audience_bits(snap, audience)
    if types:
        allowed &= fc.filter_bits(snap, "type", types, audience.today)
    found = allowed
    for word in words[:-1]:
        found &= snap.term_bits(f.TITLE_FOLD, word)
    found &= _prefix_bits(snap, words[-1])
    reps, _ = fc.collapse(snap, found, allowed, lang)
    last = words[-1]
    ranked = sorted(bits.iter_ids(reps), key=lambda d: _rank_key(snap, d, last))[:limit]
    out = []
    for d in ranked:
        title = snap.reader.stored_fields(d).get("title", "")
        out.append(Suggestion(snap.ids[d], snap.types[d], title))
    return out


def _prefix_bits(snap: Snapshot, prefix: str) -> int:
    """Return documents with a title word starting with the prefix."""
    out = 0
    try:
        terms = snap.reader.expand_prefix(f.TITLE_FOLD, prefix)
        for i, term in enumerate(terms):
            if i >= MAX_PREFIX_TERMS:
                break
            text = term.decode("utf-8") if isinstance(term, bytes) else term
            out |= snap.term_bits(f.TITLE_FOLD, text)
    except Exception:  # a lexicon problem means no suggestions, not an error
        return 0
    return out


def _rank_key(snap: Snapshot, d: int, last: str) -> tuple:
    """Prefer titles starting with the prefix, then shorter titles."""
    key = snap.sortkey[d]
    return (not key.startswith(last), len(key), key)
