"""Checks for the demo content shipped with the site (kb/demo/content.jsonl)."""

import datetime as dt
import json
from collections import Counter
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator, FormatChecker

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "kb" / "demo" / "content.jsonl"
SCHEMA = ROOT / "kb" / "content" / "exchange.schema.json"

REF_LIST_FIELDS = ("partners", "programmes", "contacts", "funders")
REF_FIELDS = ("organisation", "parent")
OTHER_LANGUAGE = {"de": "en", "en": "de"}
TODAY = dt.date(2026, 11, 22)


def _load():
    records = []
    for number, line in enumerate(CONTENT.read_text(encoding="utf-8").splitlines(), start=1):
        if line.strip():
            records.append((number, json.loads(line)))
    return records


RECORDS = _load()
BY_ID = {record["id"]: record for _, record in RECORDS}


def _schema():
    return json.loads(SCHEMA.read_text(encoding="utf-8"))


def _codes(schema, name):
    return set(schema["$defs"][name]["enum"])


def _date(value):
    return dt.date.fromisoformat(value)


def test_schema_copy_is_valid():
    Draft202012Validator.check_schema(_schema())


def test_every_line_matches_schema():
    validator = Draft202012Validator(_schema(), format_checker=FormatChecker())
    problems = [
        f"line {number}: {error.json_path}: {error.message}"
        for number, record in RECORDS
        for error in validator.iter_errors(record)
    ]
    assert not problems, "\n".join(problems)


def test_ids_are_unique():
    counts = Counter(record["id"] for _, record in RECORDS)
    assert [i for i, n in counts.items() if n > 1] == []


def test_references_resolve():
    missing = []
    for number, record in RECORDS:
        refs = [record[f] for f in REF_FIELDS if f in record]
        for field in REF_LIST_FIELDS:
            refs.extend(record.get(field, []))
        missing.extend(f"line {number}: {ref}" for ref in refs if ref not in BY_ID)
    assert missing == []


def test_reference_targets_have_the_right_type():
    wrong = []
    expected = {
        "organisation": "organisation", "parent": "organisation", "partners": "organisation",
        "funders": "organisation", "programmes": "programme", "contacts": "contact",
    }
    for _, record in RECORDS:
        for field, kind in expected.items():
            value = record.get(field)
            targets = value if isinstance(value, list) else [value] if value else []
            wrong.extend(
                f"{record['id']}.{field} -> {t}" for t in targets if BY_ID[t]["type"] != kind
            )
    assert wrong == []


def test_translations_point_to_same_type_other_language():
    translations = [r for _, r in RECORDS if "translation_of" in r]
    assert len(translations) >= 8
    for record in translations:
        original = BY_ID.get(record["translation_of"])
        assert original is not None, record["id"]
        assert original["type"] == record["type"], record["id"]
        assert original["language"] == OTHER_LANGUAGE[record["language"]], record["id"]
        assert "translation_of" not in original, record["id"]


def test_volume_and_types():
    assert len(RECORDS) >= 80
    types = Counter(r["type"] for _, r in RECORDS)
    assert set(types) == {"organisation", "contact", "project", "programme"}
    assert min(types.values()) >= 10


@pytest.mark.parametrize("field,defs", [("topics", "topic"), ("target_groups", "group")])
def test_every_vocabulary_code_is_used(field, defs):
    used = {code for _, r in RECORDS for code in r.get(field, [])}
    assert _codes(_schema(), defs) - used == set()


def test_every_funding_kind_is_used():
    schema = _schema()
    kinds = set(schema["properties"]["funding_kinds"]["items"]["enum"])
    used = {k for _, r in RECORDS for k in r.get("funding_kinds", [])}
    assert kinds - used == set()


def test_every_org_kind_is_used_and_parents_exist():
    kinds = set(_schema()["properties"]["org_kind"]["enum"])
    orgs = [r for _, r in RECORDS if r["type"] == "organisation"]
    assert kinds - {r.get("org_kind") for r in orgs} == set()
    assert sum(1 for r in orgs if "parent" in r) >= 5


def test_workflow_and_visibility_mix():
    states = Counter(r.get("state", "private") for _, r in RECORDS)
    assert states["published"] > len(RECORDS) / 2
    for state in ("private", "pending", "archived"):
        assert states[state] >= 1, state
    contacts = [r for _, r in RECORDS if r["type"] == "contact"]
    visibility = Counter(r.get("visibility", "internal") for r in contacts)
    assert visibility["internal"] >= 2
    assert visibility["public"] > visibility["internal"]
    assert any(_date(r["effective"]) > TODAY for _, r in RECORDS if "effective" in r)
    assert any(_date(r["expires"]) < TODAY for _, r in RECORDS if "expires" in r)


def test_programme_dates_spread():
    programmes = [r for _, r in RECORDS if r["type"] == "programme"]

    def status(p):
        start = _date(p["open_from"]) if "open_from" in p else None
        end = _date(p["open_until"]) if "open_until" in p else None
        if start and start > TODAY:
            return "upcoming"
        if end and end < TODAY:
            return "closed"
        return "open" if start or end else None

    seen = Counter(status(p) for p in programmes)
    for wanted in ("open", "upcoming", "closed"):
        assert seen[wanted] >= 1, wanted
    assert any(
        TODAY <= _date(p["deadline"]) <= TODAY + dt.timedelta(days=60)
        for p in programmes if "deadline" in p
    )


def test_dates_are_consistent():
    for _, r in RECORDS:
        assert r["created"] <= r["modified"], r["id"]
        assert r["modified"] <= "2026-11-22T23:59:59Z", r["id"]
        if "verified" in r and "review_due" in r:
            assert r["verified"] < r["review_due"], r["id"]
        for a, b in (("start", "end"), ("open_from", "open_until"), ("effective", "expires")):
            if a in r and b in r:
                assert r[a] <= r[b], r["id"]
        if r["type"] == "project" and r.get("status") == "completed":
            assert "end" not in r or _date(r["end"]) < TODAY, r["id"]
        if r["type"] == "project" and r.get("status") == "planned":
            assert "start" not in r or _date(r["start"]) > TODAY, r["id"]


def test_every_record_has_text_and_timestamps():
    for _, r in RECORDS:
        assert r.get("summary"), r["id"]
        assert r.get("body"), r["id"]
        assert r.get("tags"), r["id"]
        assert "created" in r and "modified" in r, r["id"]
