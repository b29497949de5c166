"""Fingerprinted static files: `?v=<content hash>` on every static URL, cached for a year.

`url_for('static', filename=...)` gets the hash appended automatically (and the template
global `static_url(filename)` says so explicitly). A changed file gets a new hash, hence
a new URL, so browsers and proxies may keep the old one for ever; an unfingerprinted or
outdated request must be revalidated.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from flask import Flask, Response, request, url_for

ONE_YEAR = 365 * 24 * 3600


def fingerprint(app: Flask, filename: str) -> str | None:
    """Return a short content hash of a static file (cached per file modification time)."""
    folder = app.static_folder
    if not folder:
        return None
    path = Path(folder) / filename
    try:
        stamp = path.stat().st_mtime_ns
    except OSError:
        return None
    cache: dict[str, tuple[int, str]] = app.extensions.setdefault("kb_static_hashes", {})
    cached = cache.get(filename)
    if cached is None or cached[0] != stamp:
        digest = hashlib.sha256(path.read_bytes()).hexdigest()[:12]
        cache[filename] = cached = (stamp, digest)
    return cached[1]


def static_url(filename: str) -> str:
    """Return the fingerprinted URL of a static file."""
    return url_for("static", filename=filename)


def _add_fingerprint(app: Flask):
    def add(endpoint: str | None, values: dict[str, Any]) -> None:
        if endpoint == "static" and "v" not in values and "filename" in values:
            digest = fingerprint(app, values["filename"])
            if digest:
                values["v"] = digest
    return add


def _cache_headers(app: Flask):
    def set_headers(response: Response) -> Response:
        if request.endpoint != "static" or response.status_code not in (200, 304):
            return response
        filename = (request.view_args or {}).get("filename", "")
        current = request.args.get("v")
        # Only the current fingerprint is immutable; anything else keeps Flask's
        # revalidate-every-time default (ETag and Last-Modified make that cheap).
        if current and current == fingerprint(app, filename):
            response.cache_control.no_cache = None
            response.cache_control.public = True
            response.cache_control.max_age = ONE_YEAR
            response.cache_control.immutable = True
        return response
    return set_headers


def init_app(app: Flask) -> None:
    """Fingerprint static URLs and give fingerprinted responses far-future cache headers."""
    app.url_defaults(_add_fingerprint(app))
    app.after_request(_cache_headers(app))
    app.add_template_global(static_url)
