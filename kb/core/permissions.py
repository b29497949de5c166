"""Roles and what each may see; every check happens on the server."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from enum import IntEnum
from typing import Any, TypeVar

from flask import abort, g, jsonify, redirect, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user

from search_index.documents import Audience

F = TypeVar("F", bound=Callable[..., Any])


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


# The least role each action needs; article-level rules (workflow states) live with
# the workflow, this answers "may this role do this kind of thing at all".
ACTION_ROLES: dict[str, Role] = {
    "read_internal": Role.staff,
    "read_unpublished": Role.editor,
    "create": Role.editor,
    "edit": Role.editor,
    "submit": Role.editor,
    "delete": Role.editor,
    "publish": Role.reviewer,
    "reject": Role.reviewer,
    "retract": Role.reviewer,
    "archive": Role.reviewer,
    "restore": Role.reviewer,
    "manage_users": Role.admin,
    "view_audit": Role.admin,
    "import": Role.admin,
}


def can(action: str, article=None, role: Role | None = None) -> bool:
    """Return whether `role` (default: the current one) may do `action`.

    Unknown actions raise KeyError so a typo never silently grants or denies.
    Articles in the trash may only be restored (by reviewers and above).
    """
    role = current_role() if role is None else role
    needed = ACTION_ROLES[action]
    if article is not None and getattr(article, "deleted_at", None) is not None:
        return action == "restore" and role >= needed
    return role >= needed


def _login_url() -> str:
    """Return the sign-in page in the current language, coming back here afterwards."""
    lang = getattr(g, "lang", None) or "de"
    target = request.full_path if request.query_string else request.path
    return url_for("accounts.login", lang=lang, next=target)


def refuse_anonymous() -> ResponseReturnValue:
    """Answer a request that needs a signed-in user: 401 JSON for the API, else sign-in."""
    if request.path.startswith("/api/"):
        return jsonify(error="authentication required"), 401
    if request.method not in ("GET", "HEAD"):
        abort(401)  # a redirect would lose the submitted form anyway
    return redirect(_login_url())


def require_role(role: Role) -> Callable[[F], F]:
    """Let a view run only for signed-in users with at least `role`.

    Anonymous: redirect to sign-in (pages) or 401 JSON (`/api/`); too low a role: 403.
    """

    def decorator(view: F) -> F:
        @functools.wraps(view)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            if not current_user.is_authenticated:
                return refuse_anonymous()
            if current_role() < role:
                if request.path.startswith("/api/"):
                    return jsonify(error="forbidden"), 403
                abort(403)
            return view(*args, **kwargs)

        wrapper.required_role = role  # type: ignore[attr-defined]
        return wrapper  # type: ignore[return-value]

    return decorator
