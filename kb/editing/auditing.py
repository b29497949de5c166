"""The editor's door to the audit log: editing operations named in its vocabulary."""

from __future__ import annotations

from typing import Any

from kb import audit
from kb.content.models import Article
from kb.content.workflow import TRANSITIONS

# Editing operations the audit log knows under another name; the operation goes in details.
ACTION_NAMES = {"undelete": "article.restore", "confirm_translation": "article.confirm-translation"}


def action_name(operation: str) -> str:
    """Return the audit action recording `operation`."""
    if operation in TRANSITIONS:
        return "article.transition"
    name = ACTION_NAMES.get(operation, f"article.{operation}")
    return name if name in audit.ACTIONS else "article.update"


def record(operation: str, article: Article | None, **details: Any) -> None:
    """Add an audit entry for an editing operation to the current session."""
    audit.record(action_name(operation), target=article, operation=operation, **details)


def record_settings(name: str, **details: Any) -> None:
    """Add an audit entry for a changed setting (named as the target)."""
    audit.record("settings.update", target=("settings", name), operation="settings", **details)
