"""Between forms and exchange records; record checks are the importer's, shared."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import select

from kb.content.importer import ImportReport, check_references, record_errors
from kb.content.models import Article, Organisation
from kb.content.records import fields_of, references_of
from kb.editing.forms import ArticleForm
from kb.extensions import db

# Set by the system, never by the editor's form.
SYSTEM_FIELDS = frozenset({"id", "type", "state", "verified", "review_due", "created", "modified"})
ADDRESS_PARTS = ("street", "postcode", "city")
EDITOR_DATE_FIELDS = frozenset({"effective", "expires", "start", "end", "open_from",
                                "open_until", "deadline"})


def _record_value(value: Any) -> Any:
    """Turn a form value into its exchange form; empty values become None."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, list):
        return value or None
    return value


def form_to_record(form: ArticleForm, record_id: str) -> dict[str, Any]:
    """Build the exchange record the form describes (content fields only)."""
    record: dict[str, Any] = {"id": record_id, "type": form.record_type}
    for name in fields_of(form.record_type):
        if name in SYSTEM_FIELDS:
            continue
        if name == "address":
            value = {part: form[part].data.strip() for part in ADDRESS_PARTS if form[part].data
                     and form[part].data.strip()} or None
        elif name == "regions":
            value = regions_from_form(form) or None
        else:
            value = _record_value(form[name].data)
        if value is not None:
            record[name] = value
    return record


def regions_from_form(form: ArticleForm) -> list[str]:
    """Join every filled region row into a code: "DE-NW" + "Bottrop" -> "DE-NW/Bottrop"."""
    codes = []
    for entry in form.regions:
        state = (entry.form.state.data or "").strip()
        place = (entry.form.municipality.data or "").strip()
        if state or place:
            codes.append(f"{state}/{place}" if place else state)
    return list(dict.fromkeys(codes))


def record_to_formdata(record: dict[str, Any]) -> dict[str, Any]:
    """Turn an exchange record into the data a form is filled with."""
    data: dict[str, Any] = {}
    for name, value in record.items():
        if name == "address":
            data.update(value)
        elif name == "regions":
            data["regions"] = [
                {"state": code.split("/", 1)[0], "municipality": code.partition("/")[2]}
                for code in value
            ]
        elif name in EDITOR_DATE_FIELDS:
            data[name] = dt.date.fromisoformat(value)
        else:
            data[name] = value
    return data


def attach_problems(form: ArticleForm, problems: list[str]) -> None:
    """Show each "field: reason" problem at its field, the rest above the form."""
    for problem in problems:
        name, _sep, reason = problem.partition(": ")
        name = re.split(r"[.\[]", name)[0]
        name = "street" if name == "address" else name
        target = form._fields.get(name)
        message = _("Ungültig: %(reason)s", reason=reason or problem)
        if target is not None and name not in ("id", "type"):
            target.errors = [*target.errors, message] if target.errors else [message]
        else:
            form.form_errors.append(message)


def check_record(record: dict[str, Any], previous: dict[str, Any] | None = None) -> list[str]:
    """List schema, vocabulary and reference problems, by the importer's own rules.

    References the article already had (`previous`) may point into the trash; an
    edit elsewhere in the form should not fail because a partner was deleted.
    """
    problems = record_errors(record)
    if problems:
        return problems
    report = ImportReport()
    check_references([(1, record)], report)
    problems = [error.message for error in report.errors]
    problems += _trashed_targets(record, previous or {})
    if record["type"] == "organisation" and _makes_parent_cycle(record["id"], record.get("parent")):
        problems.append("parent: organisations form a cycle")
    return problems


def _trashed_targets(record: dict[str, Any], previous: dict[str, Any]) -> list[str]:
    kept = {(field, target) for field, target, _ in references_of(previous)} if previous else set()
    refs = [ref for ref in references_of(record) if (ref[0], ref[1]) not in kept]
    ids = {target for _, target, _ in refs}
    if not ids:
        return []
    query = select(Article.id).where(Article.id.in_(ids), Article.deleted_at.is_not(None))
    trashed = set(db.session.scalars(query))
    return [f"{field}: {target!r} is in the trash" for field, target, _ in refs
            if target in trashed]


def _makes_parent_cycle(record_id: str, parent_id: str | None) -> bool:
    """Tell whether walking up from `parent_id` through stored parents reaches `record_id`."""
    seen: set[str] = set()
    while parent_id and parent_id not in seen:
        if parent_id == record_id:
            return True
        seen.add(parent_id)
        query = select(Organisation.parent_id).where(Organisation.id == parent_id)
        parent_id = db.session.scalar(query)
    return False
