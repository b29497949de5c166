"""The glossary the search uses: the shipped default plus the site's own additions.

Admins extend it without code by editing `glossary.txt` in the instance folder
(same format as search_index/data/glossary.txt). It is read at query time, so
no reindex is needed; a changed file is picked up by every worker within seconds.
"""

from __future__ import annotations

import logging
from pathlib import Path

from flask import Flask

from search_index.glossary import Glossary

log = logging.getLogger(__name__)
DEFAULT_FILE = Path(__file__).resolve().parent.parent.parent / "search_index/data/glossary.txt"


def site_glossary_path(app: Flask) -> Path:
    """Return the instance file where admins keep their own glossary lines."""
    return Path(app.config["KB_INSTANCE_PATH"]) / "glossary.txt"


def glossary_text(app: Flask) -> str:
    """Return the default glossary followed by the site's additions."""
    text = DEFAULT_FILE.read_text(encoding="utf-8")
    extra = site_glossary_path(app)
    if extra.exists():
        text += "\n" + extra.read_text(encoding="utf-8")
    return text


def current_glossary(app: Flask) -> Glossary | None:
    """Parse the combined glossary; a broken site file costs its lines, not the search."""
    try:
        return Glossary.from_text(glossary_text(app))
    except Exception:
        log.exception("site glossary unreadable; using the default glossary only")
        return Glossary.default()
