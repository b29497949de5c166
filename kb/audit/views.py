"""Admin pages of the audit log: a filtered, paged list and CSV / JSON Lines exports."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator

from flask import Response, render_template, request, stream_with_context
from sqlalchemy import Select, select

from kb.audit import ACTIONS
from kb.audit.models import AuditEntry
from kb.core.permissions import Role, require_role
from kb.core.urls import language_blueprint
from kb.extensions import db

bp = language_blueprint("audit", __name__, "/admin/audit")

PER_PAGE = 50
FILTERS = ("action", "actor", "target_type", "target_id")
CSV_COLUMNS = ("id", "at", "actor_id", "actor_email", "action", "target_type", "target_id",
               "ip", "details")


def current_filters() -> dict[str, str]:
    """Return the filters given in the query string (empty ones left out)."""
    return {name: value.strip() for name in FILTERS
            if (value := request.args.get(name, "")).strip()}


def filtered_query(filters: dict[str, str]) -> Select:
    """Select entries matching `filters`, newest first."""
    query = select(AuditEntry).order_by(AuditEntry.id.desc())
    if "action" in filters:
        query = query.where(AuditEntry.action == filters["action"])
    if "actor" in filters:
        actor = filters["actor"].lower()
        query = query.where(AuditEntry.actor_email.contains(actor, autoescape=True))
    if "target_type" in filters:
        query = query.where(AuditEntry.target_type == filters["target_type"])
    if "target_id" in filters:
        query = query.where(AuditEntry.target_id == filters["target_id"])
    return query


@bp.get("/")
@require_role(Role.admin)
def entries():
    """List audit entries, filtered and a page at a time."""
    filters = current_filters()
    page = db.paginate(filtered_query(filters), page=request.args.get("page", 1, type=int),
                       per_page=PER_PAGE, error_out=False)
    return render_template("audit/entries.html", page=page, filters=filters, actions=ACTIONS)


def _spreadsheet_safe(value: object) -> str:
    """Return a CSV cell that spreadsheets will not run as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def _csv_rows(query: Select) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_COLUMNS)
    for entry in db.session.scalars(query.execution_options(yield_per=500)):
        record = entry.as_dict()
        record["details"] = json.dumps(record["details"], ensure_ascii=False, sort_keys=True)
        writer.writerow([_spreadsheet_safe(record[column]) for column in CSV_COLUMNS])
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
    yield buffer.getvalue()


def _jsonl_rows(query: Select) -> Iterator[str]:
    for entry in db.session.scalars(query.execution_options(yield_per=500)):
        yield json.dumps(entry.as_dict(), ensure_ascii=False) + "\n"


@bp.get("/export.<any(csv, jsonl):fmt>")
@require_role(Role.admin)
def export(fmt: str):
    """Download the (filtered) audit log as CSV or JSON Lines."""
    query = filtered_query(current_filters())
    rows = _csv_rows(query) if fmt == "csv" else _jsonl_rows(query)
    mimetype = "text/csv" if fmt == "csv" else "application/x-ndjson"
    return Response(
        stream_with_context(rows),
        mimetype=mimetype,
        headers={"Content-Disposition": f'attachment; filename="audit.{fmt}"',
                 "Cache-Control": "no-store"},
    )
