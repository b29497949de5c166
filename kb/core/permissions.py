"""Roles and what each may see; every check happens on the server."""

from __future__ import annotations

import datetime as dt
from enum import IntEnum

from flask_login import current_user

from search_index.documents import Audience


class Role(IntEnum):
    """Each role includes the ones before it."""

    public = 0
    staff = 1  # signed-in intranet reader: sees internal contacts
    editor = 2  # creates and edits, submits for review
    reviewer = 3  # publishes, rejects, retracts, archives
    admin = 4  # accounts, glossary, everything


def current_role() -> Role:
    """Return the role of whoever makes the current request."""
    user = current_user
    if user is None or not getattr(user, "is_authenticated", False):
        return Role.public
    return Role[getattr(user, "role", "staff")]


def audience_for(role: Role, today: dt.date | None = None) -> Audience:
    """Translate a role into what the search engine and queries may show."""
    return Audience(
        include_internal=role >= Role.staff,
        include_unpublished=role >= Role.editor,
        today=today or dt.date.today(),
    )


def current_audience() -> Audience:
    """Return the audience of the current request."""
    return audience_for(current_role())
