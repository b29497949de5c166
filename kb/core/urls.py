"""Language-prefixed blueprints and safe redirects: URL conventions shared by every feature."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, abort, g
from flask_babel import refresh

LANGUAGES = ("de", "en")


def language_blueprint(name: str, import_name: str, url_prefix: str = "") -> Blueprint:
    """Return a blueprint under /<lang><url_prefix> that sets `g.lang` and fills it in URLs."""
    bp = Blueprint(name, import_name, url_prefix=f"/<lang>{url_prefix}")

    @bp.url_value_preprocessor
    def _take_language(endpoint, values) -> None:
        lang = (values or {}).pop("lang", None)
        if lang not in LANGUAGES:
            abort(404)
        g.lang = lang
        # `g` outlives a request where an app context was pushed beforehand (tests,
        # scripts): choose the locale again rather than keep a previous request's.
        refresh()

    @bp.url_defaults
    def _add_language(endpoint, values) -> None:
        values.setdefault("lang", getattr(g, "lang", "de"))

    return bp


def safe_next(target: str | None) -> str | None:
    """Return `target` if it is a path on this site, else None (no open redirects)."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return None
    parts = urlsplit(target)
    return target if not parts.scheme and not parts.netloc else None
