"""Read search parameters from a request: strict about form, lenient about text."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping

from kb.core.vocabularies import FACET_VOCABULARIES, STATUS_VALUES, is_known_region
from search_index import SearchRequest

FACETS = ("type", "language", "topics", "target_groups", "regions", "funding_kinds",
          "eligible", "org_kind", "status")
SORTS = ("relevance", "newest", "title", "deadline")
REGION_FORM = re.compile(r"^DE(-[A-Z]{2}(/[^/]{1,100})?)?$")
LANGUAGE_CODE = re.compile(r"^[a-z]{2,3}$")  # ISO 639-1 or -3
FILTERS = ("languages_spoken",)  # filters that are not facets
MAX_QUERY_CHARS = 10_000
MAX_PAGE = 1000


class ParameterError(ValueError):
    """A malformed parameter: reported as 400 with the field it concerns."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field
        self.message = message


def _facet_value_ok(facet: str, value: str) -> bool:
    if facet == "languages_spoken":
        return bool(LANGUAGE_CODE.match(value))
    if facet == "regions":
        return bool(REGION_FORM.match(value)) and is_known_region(value)
    if facet == "status":
        return value in STATUS_VALUES
    return value in FACET_VOCABULARIES[facet]


def _filters(args) -> dict[str, tuple[str, ...]]:
    filters: dict[str, tuple[str, ...]] = {}
    for facet in FACETS + FILTERS:
        values = tuple(dict.fromkeys(v for v in args.getlist(facet) if v != ""))
        for value in values:
            if not _facet_value_ok(facet, value):
                raise ParameterError(facet, f"{value!r} is not a valid {facet} value")
        if values:
            filters[facet] = values
    return filters


def _integer(args: Mapping, name: str, default: int, low: int, high: int) -> int:
    raw = args.get(name)
    if raw in (None, ""):
        return default
    if not re.fullmatch(r"\d{1,7}", raw.strip()):
        raise ParameterError(name, f"{name} must be a whole number from {low} to {high}")
    value = int(raw)
    if not low <= value <= high:
        raise ParameterError(name, f"{name} must be a whole number from {low} to {high}")
    return value


def _date(args: Mapping, name: str) -> dt.date | None:
    raw = args.get(name)
    if raw in (None, ""):
        return None
    try:
        return dt.date.fromisoformat(raw.strip()) if len(raw.strip()) == 10 else _bad_date(name)
    except ValueError:
        return _bad_date(name)


def _bad_date(name: str):
    raise ParameterError(name, f"{name} must be a date like 2026-11-22")


def _choice(args: Mapping, name: str, allowed: tuple[str, ...], default: str) -> str:
    value = args.get(name) or default
    if value not in allowed:
        raise ParameterError(name, f"{name} must be one of {', '.join(allowed)}")
    return value


def clean_text(text: str) -> str:
    """Drop control characters and cap the length; everything else is the engine's job."""
    text = "".join(ch if ch.isprintable() or ch in " \t" else " " for ch in text)
    return text[:MAX_QUERY_CHARS]


def parse_search_args(args) -> SearchRequest:
    """Build a SearchRequest from query-string arguments, or raise ParameterError."""
    return SearchRequest(
        text=clean_text(args.get("q", "")),
        lang=_choice(args, "lang", ("de", "en"), "de"),
        filters=_filters(args),
        open_on=_date(args, "open_on"),
        sort=_choice(args, "sort", SORTS, "relevance"),
        page=_integer(args, "page", 1, 1, MAX_PAGE),
        per_page=_integer(args, "per_page", 10, 1, 100),
    )
