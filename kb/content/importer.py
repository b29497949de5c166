"""Import exchange files: validate everything first, then write all or nothing."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import fastjsonschema
from jsonschema import Draft202012Validator, FormatChecker
from jsonschema.exceptions import ValidationError
from sqlalchemy import insert, select

from kb.content.models import (
    MODEL_BY_TYPE,
    Article,
    ChangeEvent,
    full_load_options,
    utcnow,
)
from kb.content.records import (
    article_to_record,
    assign_plain_fields,
    assign_references,
    format_datetime,
    link_rows,
    new_article,
    parse_datetime,
    plain_values,
    reference_values,
    references_of,
)
from kb.core.phones import phone_forms
from kb.core.planner import refresh_planner_statistics
from kb.core.vocabularies import is_known_region
from kb.extensions import db

SCHEMA_PATH = Path(__file__).with_name("exchange.schema.json")
CHUNK = 2000
BULK = 5000


@dataclass(frozen=True)
class LineError:
    line: int
    message: str
    record_id: str | None = None

    def __str__(self) -> str:
        where = f"line {self.line}" + (f" ({self.record_id})" if self.record_id else "")
        return f"{where}: {self.message}"


@dataclass
class ImportReport:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: int = 0
    errors: list[LineError] = field(default_factory=list)
    dry_run: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def changed(self) -> int:
        return len(self.created) + len(self.updated)


def _inline_references(node: Any, definitions: dict) -> Any:
    """Replace local `$ref`s by their definitions (the schema has no recursion)."""
    if isinstance(node, dict):
        if "$ref" in node:
            return _inline_references(definitions[node["$ref"].rsplit("/", 1)[-1]], definitions)
        return {key: _inline_references(value, definitions) for key, value in node.items()
                if key not in ("$defs", "$id", "$schema")}
    if isinstance(node, list):
        return [_inline_references(item, definitions) for item in node]
    return node


@lru_cache(maxsize=1)
def _schema() -> dict:
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    return _inline_references(schema, schema.get("$defs", {}))


@lru_cache(maxsize=1)
def validator() -> Draft202012Validator:
    """Return the full validator, which names every problem of a record."""
    return Draft202012Validator(_schema(), format_checker=FormatChecker())


@lru_cache(maxsize=1)
def quick_check() -> Callable[[dict], Any]:
    """Return a compiled validator: about 10x faster, but it stops at the first problem.

    Most lines of a large file are fine; only the ones it rejects go through the
    full validator for a complete list of reasons.
    """
    return fastjsonschema.compile(_schema())


def describe(error: ValidationError) -> str:
    """Say what is wrong with a record in one line, naming the field."""
    where = ".".join(str(part) for part in error.absolute_path) or "record"
    if error.validator == "enum":
        return f"{where}: {error.instance!r} is not an allowed value"
    if error.validator == "additionalProperties":
        return f"{where}: {error.message}"
    return f"{where}: {error.message}"


def parse_lines(lines: Iterable[str]) -> Iterator[tuple[int, dict[str, Any] | None, str | None]]:
    """Yield (line number, record or None, error or None) for every non-blank line."""
    for number, raw in enumerate(lines, start=1):
        text = raw.strip()
        if not text:
            continue
        try:
            record = json.loads(text)
        except json.JSONDecodeError as exc:
            yield number, None, f"not valid JSON: {exc.msg} (column {exc.colno})"
            continue
        if not isinstance(record, dict):
            yield number, None, "not a JSON object"
            continue
        yield number, record, None


def schema_errors(record: dict[str, Any]) -> list[str]:
    """List the record's schema problems (none for the vast majority, quickly)."""
    try:
        quick_check()(record)
    except fastjsonschema.JsonSchemaValueException as quick_error:
        problems = [describe(error) for error in validator().iter_errors(record)]
        # The full validator checks formats only as far as its optional helpers allow
        # (no URI parser here); the compiled check always does, so keep its finding.
        field = _quick_error_field(quick_error)
        if not any(problem.startswith(field) for problem in problems):
            problems.append(f"{field}: {quick_error.message.removeprefix(quick_error.name + ' ')}")
        return problems
    return []


def _quick_error_field(error: fastjsonschema.JsonSchemaValueException) -> str:
    """Name the field of a compiled-check error the way describe() does ("links.0")."""
    parts = [str(part) for part in (error.path or [])[1:]]
    return ".".join(parts) or "record"


def record_errors(record: dict[str, Any]) -> list[str]:
    """List schema and vocabulary problems of one record, without looking elsewhere."""
    problems = schema_errors(record)
    for region in record.get("regions") or []:
        if isinstance(region, str) and not is_known_region(region):
            problems.append(f"regions: {region!r} names no German state")
    if record.get("id") and record.get(_self_reference_field(record)) == record["id"]:
        problems.append("a record cannot refer to itself")
    return problems


def _self_reference_field(record: dict[str, Any]) -> str:
    return "parent" if record.get("type") == "organisation" else "translation_of"


def validate_lines(lines: Iterable[str], report: ImportReport) -> list[tuple[int, dict]]:
    """Parse and schema-check every line, collecting each bad line in `report`."""
    records: list[tuple[int, dict]] = []
    first_line: dict[str, int] = {}
    for number, record, parse_error in parse_lines(lines):
        if record is None:
            report.errors.append(LineError(number, parse_error or "unreadable"))
            continue
        record_id = record.get("id") if isinstance(record.get("id"), str) else None
        problems = record_errors(record)
        if record_id in first_line:
            problems.append(f"duplicate id: already on line {first_line[record_id]}")
        elif record_id:
            first_line[record_id] = number
        report.errors.extend(LineError(number, problem, record_id) for problem in problems)
        if not problems:
            records.append((number, record))
    return records


def _stored_kinds(ids: Iterable[str]) -> dict[str, tuple[str, str]]:
    """Return id -> (type, language) for those of `ids` already in the knowledge base."""
    ids = list(ids)
    found: dict[str, tuple[str, str]] = {}
    if db.session.scalar(select(Article.id).limit(1)) is None:
        return found  # a first import into an empty knowledge base
    for start in range(0, len(ids), CHUNK):
        rows = db.session.execute(
            select(Article.id, Article.type, Article.language).where(
                Article.id.in_(ids[start:start + CHUNK])
            )
        )
        found.update({row.id: (row.type, row.language) for row in rows})
    return found


def check_references(records: list[tuple[int, dict]], report: ImportReport) -> None:
    """Report references that resolve nowhere or to the wrong type, and type changes."""
    in_file = {record["id"]: (record["type"], record["language"]) for _, record in records}
    referenced = {target for _, record in records for _, target, _ in references_of(record)}
    stored = _stored_kinds(set(in_file) | referenced)
    known = {**stored, **in_file}
    for number, record in records:
        stored_kind = stored.get(record["id"])
        if stored_kind and stored_kind[0] != record["type"]:
            report.errors.append(LineError(
                number, f"type: {record['id']!r} is already a {stored_kind[0]}", record["id"]
            ))
        for problem in _reference_problems(record, known):
            report.errors.append(LineError(number, problem, record["id"]))
    report.errors.extend(_parent_cycles(records))
    report.errors.sort(key=lambda error: error.line)


def _reference_problems(record: dict, known: dict[str, tuple[str, str]]) -> Iterator[str]:
    for field_name, target, wanted_type in references_of(record):
        if target not in known:
            yield f"{field_name}: {target!r} resolves nowhere (neither in the file nor stored)"
            continue
        target_type, target_language = known[target]
        if target_type != wanted_type:
            yield f"{field_name}: {target!r} is a {target_type}, not a {wanted_type}"
        elif field_name == "translation_of" and target_language == record["language"]:
            yield f"translation_of: {target!r} is in the same language ({target_language})"


def _parent_cycles(records: list[tuple[int, dict]]) -> Iterator[LineError]:
    parent = {r["id"]: r.get("parent") for _, r in records if r["type"] == "organisation"}
    for number, record in records:
        seen, current = {record["id"]}, parent.get(record["id"])
        while current in parent and current not in seen:
            seen.add(current)
            current = parent[current]
        if current in seen:
            yield LineError(number, "parent: organisations form a cycle", record["id"])


def _insertion_order(new_records: list[dict]) -> list[dict]:
    """Order new records so that a parent or an original is inserted before what refers to it.

    Rows of one table are inserted in the order they were added; PostgreSQL checks
    foreign keys per statement, so self-references must point backwards.
    """
    by_id = {record["id"]: record for record in new_records}
    ordered: list[dict] = []
    placed: set[str] = set()

    def place(record: dict) -> None:
        stack = [record]
        while stack:
            current = stack[-1]
            pending = [
                by_id[target] for target in (current.get("parent"), current.get("translation_of"))
                if target in by_id and target not in placed and by_id[target] not in stack
            ]
            if pending:
                stack.append(pending[0])
                continue
            stack.pop()
            if current["id"] not in placed:
                placed.add(current["id"])
                ordered.append(current)

    for record in new_records:
        place(record)
    return ordered


def _load_existing(ids: list[str]) -> dict[str, Article]:
    """Load stored articles with their link collections, chunk by chunk."""
    loaded: dict[str, Article] = {}
    options = full_load_options()
    for start in range(0, len(ids), CHUNK):
        query = select(Article).where(Article.id.in_(ids[start:start + CHUNK])).options(*options)
        loaded.update({article.id: article for article in db.session.scalars(query)})
    return loaded


def _normalized(record: dict) -> dict:
    """Return the record as export would write it, to compare with a stored article."""
    probe = new_article(record)
    assign_plain_fields(probe, record)
    assign_references(probe, record)
    return article_to_record(probe)


def _is_unchanged(article: Article, record: dict) -> bool:
    current, wanted = article_to_record(article), _normalized(record)
    for stamp in ("created", "modified"):
        if stamp in record:
            wanted[stamp] = format_datetime(parse_datetime(record[stamp]))
        else:
            current.pop(stamp, None)
    return current == wanted


def _apply(article: Article, record: dict, now) -> None:
    assign_plain_fields(article, record)
    assign_references(article, record)
    article.created = parse_datetime(record["created"]) if "created" in record else (
        article.created or now
    )
    article.modified = parse_datetime(record["modified"]) if "modified" in record else now


def _article_values(record: dict, now) -> dict[str, Any]:
    values = {**plain_values(record), **reference_values(record)}
    if record["type"] == "contact":  # as Contact keeps them for the ORM (Core skips it)
        phone = values.get("phone")
        values["phone_display"], values["phone_uri"] = phone_forms(phone) if phone else (None, None)
    values.update(
        id=record["id"], type=record["type"], version=1,
        created=parse_datetime(record["created"]) if "created" in record else now,
        modified=parse_datetime(record["modified"]) if "modified" in record else now,
    )
    return values


@lru_cache(maxsize=8)
def _column_names(table) -> tuple[str, ...]:
    return tuple(column.name for column in table.columns)


def _rows_for(table, values: dict[str, Any]) -> dict[str, Any]:
    return {name: values[name] for name in _column_names(table) if name in values}


def _execute_many(table, rows: list[dict]) -> None:
    for start in range(0, len(rows), BULK):
        db.session.execute(insert(table), rows[start:start + BULK])


def bulk_insert(records: list[dict], now) -> None:
    """Insert new records with multi-row statements, in foreign-key order.

    Going through the ORM object by object costs several times as much; the
    change events the ORM hook would add are written here in the same transaction.
    """
    articles, own, links = [], defaultdict(list), defaultdict(list)
    for record in records:
        values = _article_values(record, now)
        articles.append(_rows_for(Article.__table__, values))
        model = MODEL_BY_TYPE[record["type"]]
        own[model].append(_rows_for(model.__table__, values))
        for link_class, row in link_rows(record):
            links[link_class].append(row)
    _execute_many(Article.__table__, articles)
    for model in MODEL_BY_TYPE.values():  # organisations before what refers to them
        _execute_many(model.__table__, own[model])
    for link_class, rows in links.items():
        _execute_many(link_class.__table__, rows)
    _execute_many(ChangeEvent.__table__,
                  [{"article_id": record["id"], "created": now} for record in records])
    db.session.info["kb_touched"] = True


def write_records(
    records: list[dict], report: ImportReport, progress: Callable[[int], None] | None = None
) -> None:
    """Insert new records and update changed ones in the current transaction."""
    existing = _load_existing([record["id"] for record in records])
    now = utcnow()
    new_records = _insertion_order([r for r in records if r["id"] not in existing])
    if new_records:
        bulk_insert(new_records, now)
        report.created.extend(record["id"] for record in new_records)
        if progress:
            progress(len(new_records))
    for record in records:
        article = existing.get(record["id"])
        if article is None:
            continue
        if _is_unchanged(article, record):
            report.unchanged += 1
        else:
            _apply(article, record, now)
            report.updated.append(record["id"])
        if progress:
            progress(1)
    db.session.flush()


def import_lines(
    lines: Iterable[str],
    *,
    dry_run: bool = False,
    progress: Callable[[int], None] | None = None,
) -> ImportReport:
    """Import exchange lines whole or not at all; commit unless `dry_run` or any line is bad."""
    report = ImportReport(dry_run=dry_run)
    numbered = validate_lines(lines, report)
    check_references(numbered, report)  # also when other lines were bad: list every bad line
    if report.errors:
        return report
    try:
        write_records([record for _, record in numbered], report, progress)
    except Exception:
        db.session.rollback()
        raise
    if dry_run:
        db.session.rollback()
    else:
        db.session.commit()
        if report.created:  # new rows: bulk loads are when the planner's counts go stale
            refresh_planner_statistics()
    return report
