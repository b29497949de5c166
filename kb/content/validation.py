"""Validate a record from outside the editor (the API) by the editor's own rules.

The editor's forms are the one statement of the field rules (lengths, phone and
e-mail syntax, URLs, vocabularies, date order), and `check_record` adds the
importer's schema and reference checks. A record is turned into the form data a
browser would send, the form validates and normalises it (phone numbers to E.164,
for instance), and `form_to_record` builds the record to save: the API and the
forms cannot drift apart because there is only one set of rules.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from numbers import Real
from typing import Any

from werkzeug.datastructures import MultiDict

from kb.content.records import LIST_FIELDS, LIST_REFERENCES, fields_of
from kb.editing.fields import ListField, MultiCheckboxField, ReferenceField
from kb.editing.forms import FORMS, ArticleForm
from kb.editing.records import check_record, form_to_record

CONTENT_TYPES = tuple(FORMS)
ADDRESS_PARTS = ("street", "postcode", "city")
# Form fields that stand for a part of one record field.
FORM_TO_RECORD_FIELD = {"street": "address", "postcode": "address", "city": "address"}


@dataclass(frozen=True)
class FieldError:
    """One problem, named by the record field it concerns (None: the record as a whole)."""

    field: str | None
    message: str

    def as_dict(self) -> dict[str, str | None]:
        """Return the error as the API reports it."""
        return {"error": self.message, "field": self.field}


def _is_list_field(record_type: str, name: str) -> bool:
    return name in LIST_FIELDS or (record_type, name) in LIST_REFERENCES


def shape_errors(record: Any) -> list[FieldError]:
    """Check what the form cannot: known fields, and JSON types a form would never send."""
    if not isinstance(record, dict):
        return [FieldError(None, "the body must be a JSON object")]
    record_type = record.get("type")
    if record_type not in CONTENT_TYPES:
        return [FieldError("type", f"type must be one of {', '.join(CONTENT_TYPES)}")]
    known = set(fields_of(record_type))
    errors = [FieldError(name, f"{name} is not a field of {record_type} records")
              for name in record if name not in known]
    for name, value in record.items():
        if name in known and value is not None:
            problem = _type_problem(record_type, name, value)
            if problem:
                errors.append(FieldError(name, f"{name} {problem}"))
    return errors


def _type_problem(record_type: str, name: str, value: Any) -> str | None:
    if _is_list_field(record_type, name):
        ok = isinstance(value, list) and all(isinstance(item, str) for item in value)
        return None if ok else "must be a list of strings"
    if name == "address":
        ok = isinstance(value, dict) and set(value) <= set(ADDRESS_PARTS) and all(
            isinstance(part, str) for part in value.values())
        return None if ok else "must be an object with street, postcode and city strings"
    if name == "amount_max_eur":
        ok = isinstance(value, Real) and not isinstance(value, bool) and _finite(value)
        return None if ok else "must be a finite number"
    return None if isinstance(value, str) else "must be a string"


def _finite(value: Real) -> bool:
    """Tell whether a number fits a float column (JSON may carry NaN or 10**400)."""
    try:
        return math.isfinite(float(value))
    except OverflowError:
        return False


def formdata_for(record: dict[str, Any], form_class: type[ArticleForm]) -> MultiDict:
    """Return the form data a browser would post for `record` in the editor."""
    data: MultiDict = MultiDict()
    for name, value in record.items():
        if value is None:
            continue
        if name == "address":
            for part in ADDRESS_PARTS:
                data.add(part, value.get(part, ""))
            continue
        if name == "regions":
            for number, code in enumerate(value):
                state, _sep, place = code.partition("/")
                data.add(f"regions-{number}-state", state)
                data.add(f"regions-{number}-municipality", place)
            continue
        unbound = getattr(form_class, name, None)
        field_class = getattr(unbound, "field_class", None)
        if field_class is not None and issubclass(field_class, MultiCheckboxField):
            for item in value:
                data.add(name, item)
        elif field_class is not None and issubclass(field_class, ReferenceField):
            data.add(name, ", ".join(value) if isinstance(value, list) else value)
        elif isinstance(value, list):
            separator = (unbound.kwargs.get("separator", "\n") if field_class is not None
                         and issubclass(field_class, ListField) else "\n")
            data.add(name, (", " if separator == "," else "\n").join(value))
        else:
            data.add(name, str(value))
    return data


def _form_errors(form: ArticleForm) -> list[FieldError]:
    errors = []
    for name, messages in form.errors.items():
        field = None if name is None else FORM_TO_RECORD_FIELD.get(name, name)
        for message in _flatten(messages):
            errors.append(FieldError(field, str(message)))
    return errors


def _flatten(messages: Any) -> list[str]:
    """Flatten WTForms' nested errors (a FieldList of sub-forms gives lists of dicts)."""
    if isinstance(messages, dict):
        return [m for value in messages.values() for m in _flatten(value)]
    if isinstance(messages, list | tuple):
        return [m for value in messages for m in _flatten(value)]
    return [messages]


def problem_to_error(problem: str) -> FieldError:
    """Turn a "field: reason" problem of `check_record` into a FieldError."""
    name, sep, reason = problem.partition(": ")
    field = re.split(r"[.\[]", name)[0] if sep else ""
    if sep and re.fullmatch(r"[a-z_]+", field):
        return FieldError(field, problem)
    return FieldError(None, problem)


def validate_record(record: Any, previous: dict[str, Any] | None = None
                    ) -> tuple[dict[str, Any] | None, list[FieldError]]:
    """Validate a full record as the editor's form would; return (clean record, errors).

    The clean record holds the content fields as the form produced them; system
    fields (state, dates of review, timestamps) are the caller's business.
    """
    errors = shape_errors(record)
    if errors:
        return None, errors
    form_class = FORMS[record["type"]]
    form = form_class(formdata=formdata_for(record, form_class), meta={"csrf": False})
    if not form.validate():
        return None, _form_errors(form)
    clean = form_to_record(form, record.get("id") or "entwurf")
    problems = check_record(clean, previous)
    if problems:
        return None, [problem_to_error(problem) for problem in problems]
    return clean, []
