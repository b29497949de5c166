"""Query words -> index terms per field family, cached (analysis is the costly part)."""

from __future__ import annotations

from functools import lru_cache

from search_index import analyzers as _an

_ANALYZERS = {
    "de": _an.german_query_analyzer(),
    "en": _an.english_query_analyzer(),
    "fold": _an.name_analyzer(),
    "email": _an.email_analyzer(),
}

# One way a query word matches: all of these terms in one field.
Alternative = tuple[str, ...]


@lru_cache(maxsize=50_000)
def analyze(family: str, word: str) -> tuple[str, ...]:
    """Return the distinct terms a query word becomes in a field family (de/en/fold/email)."""
    try:
        tokens = _ANALYZERS[family](word, mode="query")
        out: list[str] = []
        for token in tokens:
            if token.text and token.text not in out:
                out.append(token.text)
        return tuple(out)
    except Exception:  # an analyzer problem on odd input must not break the search
        return ()


@lru_cache(maxsize=50_000)
def alternatives(family: str, word: str) -> tuple[tuple[Alternative, ...], Alternative]:
    """Return (whole-word alternatives, compound parts) of a query word in a field family.

    Any alternative matches on its own ("migrantinn" or its base "migrant"); the parts of a
    compound match only together ("gesund" and "information" for "Gesundheitsinformation").
    A word the tokenizer splits into several positions ("Köln/Bonn") needs them all.
    """
    try:
        positions: dict[int, tuple[list[str], list[str]]] = {}
        for token in _ANALYZERS[family](word, positions=True, mode="query"):
            terms, parts = positions.setdefault(token.pos, ([], []))
            target = parts if getattr(token, "kind", "word") == "part" else terms
            if token.text and token.text not in target:
                target.append(token.text)
    except Exception:  # an analyzer problem on odd input must not break the search
        return (), ()
    slots = [v for _, v in sorted(positions.items()) if v[0]]
    if not slots:
        return (), ()
    if len(slots) > 1:
        return (tuple(terms[0] for terms, _ in slots),), ()
    terms, parts = slots[0]
    parts = [p for p in parts if p not in terms]
    return tuple((t,) for t in terms), tuple(parts) if len(parts) > 1 else ()


def fold(text: str) -> str:
    """Fold text the way the unstemmed fields are folded."""
    return " ".join(analyze("fold", text)) if text else ""
