"""Query words -> index terms per field family, cached (analysis is the costly part)."""

from __future__ import annotations

from functools import lru_cache

try:
    from search_index import analyzers as _an
except ImportError:  # pragma: no cover - only until analyzers.py exists
    from search_index import _fallback as _an

_ANALYZERS = {
    "de": getattr(_an, "german_query_analyzer", _an.german_analyzer)(),
    "en": getattr(_an, "english_query_analyzer", _an.english_analyzer)(),
    "fold": _an.name_analyzer(),
    "email": _an.email_analyzer(),
}


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


def fold(text: str) -> str:
    """Fold text the way the unstemmed fields are folded."""
    return " ".join(analyze("fold", text)) if text else ""
