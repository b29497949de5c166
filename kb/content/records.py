"""Convert between exchange records (plain dicts, see exchange.md) and articles."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from kb.content.models import (
    Article,
    Contact,
    Organisation,
    Programme,
    ProgrammeContact,
    ProgrammeFunder,
    Project,
    ProjectContact,
    ProjectPartner,
    ProjectProgramme,
)

# Field order of exported records: common fields first, then the type's own.
COMMON_FIELDS = (
    "id", "type", "language", "translation_of", "title", "summary", "body", "tags",
    "topics", "target_groups", "regions", "state", "effective", "expires", "verified",
    "review_due", "created", "modified", "links",
)
TYPE_FIELDS = {
    "organisation": ("org_kind", "parent", "address", "phone", "fax", "email", "website"),
    "contact": (
        "name", "honorific", "position", "organisation", "phone", "email",
        "responsibilities", "languages_spoken", "visibility",
    ),
    "project": ("organisation", "partners", "programmes", "contacts", "start", "end", "status"),
    "programme": (
        "funders", "funding_kinds", "eligible", "amount_max_eur", "open_from", "open_until",
        "deadline", "application_url", "contacts",
    ),
}
DATE_FIELDS = frozenset({
    "effective", "expires", "verified", "review_due", "start", "end",
    "open_from", "open_until", "deadline",
})
DATETIME_FIELDS = frozenset({"created", "modified"})
# Single references and the type each must point to.
SINGLE_REFERENCES = {
    ("contact", "organisation"): "organisation",
    ("project", "organisation"): "organisation",
    ("organisation", "parent"): "organisation",
}
# List references: (type, field) -> (target type, association class, its target-id column).
LIST_REFERENCES = {
    ("project", "partners"): ("organisation", ProjectPartner, "organisation_id", "partner_links"),
    ("project", "programmes"): ("programme", ProjectProgramme, "programme_id", "programme_links"),
    ("project", "contacts"): ("contact", ProjectContact, "contact_id", "contact_links"),
    ("programme", "funders"): ("organisation", ProgrammeFunder, "organisation_id", "funder_links"),
    ("programme", "contacts"): ("contact", ProgrammeContact, "contact_id", "contact_links"),
}
# Attributes named differently on the model than in the record.
SINGLE_REFERENCE_COLUMNS = {"organisation": "organisation_id", "parent": "parent_id"}
ADDRESS_PARTS = ("street", "postcode", "city")
# Defaults the exchange format gives to absent fields.
ABSENT_DEFAULTS = {"state": "private", "visibility": "internal"}


def fields_of(record_type: str) -> tuple[str, ...]:
    """Return every exchange field of a content type, in export order."""
    return COMMON_FIELDS + TYPE_FIELDS[record_type]


def format_datetime(value: dt.datetime) -> str:
    """Write a stored (naive UTC) timestamp as ISO 8601 with a Z."""
    timespec = "microseconds" if value.microsecond else "seconds"
    return value.isoformat(timespec=timespec) + "Z"


def parse_datetime(text: str) -> dt.datetime:
    """Read an ISO 8601 timestamp into naive UTC."""
    value = dt.datetime.fromisoformat(text)
    if value.tzinfo is not None:
        value = value.astimezone(dt.UTC).replace(tzinfo=None)
    return value


def _export_value(article: Article, field: str) -> Any:
    if field == "translation_of":
        return article.translation_of_id
    if field in SINGLE_REFERENCE_COLUMNS:
        return getattr(article, SINGLE_REFERENCE_COLUMNS[field])
    if (article.type, field) in LIST_REFERENCES:
        _, _, column, links = LIST_REFERENCES[(article.type, field)]
        return [getattr(link, column) for link in getattr(article, links)]
    if field == "address":
        parts = {part: getattr(article, part) for part in ADDRESS_PARTS}
        return {k: v for k, v in parts.items() if v is not None} or None
    value = getattr(article, field)
    if field in DATETIME_FIELDS and value is not None:
        return format_datetime(value)
    if field in DATE_FIELDS and value is not None:
        return value.isoformat()
    if field == "amount_max_eur" and value is not None and float(value).is_integer():
        return int(value)
    return value


def article_to_record(article: Article) -> dict[str, Any]:
    """Export an article as an exchange record, leaving out empty fields."""
    record: dict[str, Any] = {}
    for field in fields_of(article.type):
        value = _export_value(article, field)
        if value is None or value == [] or value == "":
            continue
        record[field] = value
    return record


def _import_value(field: str, value: Any) -> Any:
    if value is None:
        return None
    if field in DATE_FIELDS:
        return dt.date.fromisoformat(value)
    if field in DATETIME_FIELDS:
        return parse_datetime(value)
    if field == "amount_max_eur":
        return float(value)
    return value


LIST_FIELDS = frozenset({
    "tags", "topics", "target_groups", "regions", "links", "responsibilities",
    "languages_spoken", "funding_kinds", "eligible",
})
_SKIPPED = frozenset({"id", "type", "translation_of", "created", "modified", "address"})


def plain_values(record: dict[str, Any]) -> dict[str, Any]:
    """Return model attribute -> value for every non-reference field (absent -> default)."""
    values: dict[str, Any] = {}
    for field in fields_of(record["type"]):
        if field in _SKIPPED or field in SINGLE_REFERENCE_COLUMNS:
            continue
        if (record["type"], field) in LIST_REFERENCES:
            continue
        value = record.get(field, ABSENT_DEFAULTS.get(field))
        if value is None:
            values[field] = [] if field in LIST_FIELDS else None
        else:
            values[field] = _import_value(field, value)
    if record["type"] == "organisation":
        address = record.get("address") or {}
        values.update({part: address.get(part) for part in ADDRESS_PARTS})
    return values


def reference_values(record: dict[str, Any]) -> dict[str, Any]:
    """Return model attribute -> id for the single references (translation, organisation...)."""
    values = {"translation_of_id": record.get("translation_of")}
    for field, column in SINGLE_REFERENCE_COLUMNS.items():
        if (record["type"], field) in SINGLE_REFERENCES:
            values[column] = record.get(field)
    return values


def link_rows(record: dict[str, Any]) -> Iterator[tuple[type, dict[str, Any]]]:
    """Yield (association class, row) for every list reference, keeping the list order."""
    owner_column = f"{record['type']}_id"
    for (record_type, field), (_, link_class, column, _) in LIST_REFERENCES.items():
        if record_type != record["type"]:
            continue
        for position, target in enumerate(record.get(field) or []):
            yield link_class, {owner_column: record["id"], column: target, "position": position}


def assign_plain_fields(article: Article, record: dict[str, Any]) -> None:
    """Set every non-reference field of `article` from `record` (absent -> default)."""
    for name, value in plain_values(record).items():
        setattr(article, name, value)


def assign_references(article: Article, record: dict[str, Any]) -> None:
    """Set the reference fields of `article` from `record` (all targets must exist)."""
    for name, value in reference_values(record).items():
        setattr(article, name, value)
    for (record_type, field), spec in LIST_REFERENCES.items():
        if record_type != record["type"]:
            continue
        _, link_class, column, links = spec
        wanted = record.get(field) or []
        current = [getattr(link, column) for link in getattr(article, links)]
        if current != wanted:
            setattr(article, links, [link_class(**{column: target}) for target in wanted])


def new_article(record: dict[str, Any]) -> Article:
    """Create an (unsaved) article of the record's type with its id."""
    model = {"organisation": Organisation, "contact": Contact, "project": Project,
             "programme": Programme}[record["type"]]
    return model(id=record["id"], type=record["type"])


def references_of(record: dict[str, Any]) -> list[tuple[str, str, str]]:
    """List (field, target id, required target type) for every reference in `record`."""
    found: list[tuple[str, str, str]] = []
    if record.get("translation_of"):
        found.append(("translation_of", record["translation_of"], record["type"]))
    for (record_type, field), target_type in SINGLE_REFERENCES.items():
        if record_type == record["type"] and record.get(field):
            found.append((field, record[field], target_type))
    for (record_type, field), spec in LIST_REFERENCES.items():
        if record_type == record["type"]:
            found.extend((field, target, spec[0]) for target in record.get(field) or [])
    return found
