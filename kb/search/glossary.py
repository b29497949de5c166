"""The glossary the search uses: the shipped default plus the site's own additions.

Admins extend it without code on the glossary page (`/<lang>/admin/glossary`); their
lines live in the database, so every node and worker uses the same glossary. It is
read at query time, so no reindex is needed: a change reaches every process within
seconds. An optional `glossary.txt` in the instance folder adds lines for one node
(useful for trying entries out).
"""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path

from flask import Flask
from sqlalchemy import DateTime, String, Text, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Mapped, mapped_column

from kb.extensions import db
from search_index.glossary import Glossary

log = logging.getLogger(__name__)
DEFAULT_FILE = Path(__file__).resolve().parent.parent.parent / "search_index/data/glossary.txt"
SITE_KEY = "glossary"


class SiteText(db.Model):
    """A named piece of text the site's admins maintain (the glossary additions)."""

    __tablename__ = "site_text"

    key: Mapped[str] = mapped_column(String(50), primary_key=True)
    value: Mapped[str] = mapped_column(Text, default="")
    modified: Mapped[dt.datetime] = mapped_column(DateTime)


def site_glossary_path(app: Flask) -> Path:
    """Return the instance file with this node's own glossary lines."""
    return Path(app.config["KB_INSTANCE_PATH"]) / "glossary.txt"


def stored_additions() -> SiteText | None:
    """Return the admins' glossary lines from the database (None before the first save)."""
    try:
        return db.session.get(SiteText, SITE_KEY)
    except SQLAlchemyError:  # a database without the table yet: the default still serves
        db.session.rollback()
        return None


def additions_stamp(app: Flask) -> tuple:
    """Return what changes when the additions change (file time, database time)."""
    path = site_glossary_path(app)
    try:
        modified = db.session.scalar(select(SiteText.modified).where(SiteText.key == SITE_KEY))
    except SQLAlchemyError:
        db.session.rollback()
        modified = None
    return (path.stat().st_mtime_ns if path.exists() else 0, modified)


def glossary_text(app: Flask) -> str:
    """Return the default glossary followed by the node file and the admins' lines."""
    parts = [DEFAULT_FILE.read_text(encoding="utf-8")]
    path = site_glossary_path(app)
    if path.exists():
        parts.append(path.read_text(encoding="utf-8"))
    stored = stored_additions()
    if stored is not None:
        parts.append(stored.value)
    return "\n".join(parts)


def current_glossary(app: Flask) -> Glossary | None:
    """Parse the combined glossary; broken additions cost their lines, not the search."""
    try:
        return Glossary.from_text(glossary_text(app))
    except Exception:
        log.exception("site glossary unreadable; using the default glossary only")
        return Glossary.default()


def problems(text: str) -> list[str]:
    """List lines an admin typed that the glossary cannot use, with their numbers."""
    found = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        try:
            parsed = Glossary.from_text(line)
        except Exception as error:  # the parser's own message says what is wrong
            found.append(f"{number}: {error}")
            continue
        if not parsed.entries:
            found.append(f"{number}: {raw.strip()}")
    return found


def save_additions(text: str, now: dt.datetime) -> None:
    """Store the admins' glossary lines (the caller commits)."""
    stored = stored_additions() or SiteText(key=SITE_KEY)
    stored.value, stored.modified = text, now
    db.session.add(stored)
