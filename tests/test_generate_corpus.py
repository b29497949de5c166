"""The benchmark corpus generator: valid, consistent, deterministic, varied records."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator, FormatChecker

from bench.generate_corpus import generate, main, queries

SCHEMA_PATH = Path(__file__).resolve().parents[1] / "kb" / "content" / "exchange.schema.json"
SAMPLE = 5000
REF_TYPES = {
    "organisation": "organisation", "parent": "organisation", "partners": "organisation",
    "funders": "organisation", "programmes": "programme", "contacts": "contact",
}


@pytest.fixture(scope="module")
def schema() -> dict:
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def records() -> list[dict]:
    return list(generate(SAMPLE, seed=1))


def _defs(schema: dict, name: str) -> set[str]:
    return set(schema["$defs"][name]["enum"])


def _refs(record: dict) -> list[tuple[str, str]]:
    """(field, id) for every reference in ``record``."""
    out = []
    for key in REF_TYPES:
        value = record.get(key)
        if isinstance(value, str):
            out.append((key, value))
        elif isinstance(value, list):
            out.extend((key, v) for v in value)
    return out


def test_every_record_of_a_2000_sample_validates(schema: dict, records: list[dict]) -> None:
    validator = Draft202012Validator(schema, format_checker=FormatChecker())
    problems = [(r["id"], e.message) for r in records[:2000] for e in validator.iter_errors(r)]
    assert problems == []


def test_ids_are_unique(records: list[dict]) -> None:
    ids = [r["id"] for r in records]
    assert len(ids) == len(set(ids))


def test_references_resolve_to_earlier_records_of_the_right_type(records: list[dict]) -> None:
    seen: dict[str, str] = {}
    for record in records:
        for key, ref in _refs(record):
            assert seen.get(ref) == REF_TYPES[key], (record["id"], key, ref)
        seen[record["id"]] = record["type"]


def test_translations_point_to_an_earlier_german_record_of_the_same_type(
    records: list[dict],
) -> None:
    by_id = {}
    translations = 0
    for record in records:
        original_id = record.get("translation_of")
        if original_id:
            translations += 1
            original = by_id[original_id]
            assert record["language"] == "en" and original["language"] == "de"
            assert record["type"] == original["type"]
            assert record["id"] == f"{original_id}-en"
            assert record["title"] != original["title"] or record["type"] == "contact"
        else:
            assert record["language"] == "de"
        by_id[record["id"]] = record
    assert 0.08 * len(records) <= translations <= 0.12 * len(records)


def test_output_is_deterministic_and_depends_on_the_seed() -> None:
    def dump(seed: int) -> str:
        return "\n".join(json.dumps(r, ensure_ascii=False) for r in generate(800, seed))

    assert dump(3) == dump(3)
    assert dump(3) != dump(4)
    first = [json.dumps(r, ensure_ascii=False) for r in generate(300, 3)]
    assert dump(3).split("\n")[:300] == first  # a shorter run is a prefix


def test_type_mix_and_workflow_shares(records: list[dict]) -> None:
    types = Counter(r["type"] for r in records)
    expected = {"organisation": 0.15, "contact": 0.40, "project": 0.25, "programme": 0.20}
    for kind, share in expected.items():
        assert abs(types[kind] / len(records) - share) < 0.01, types
    states = Counter(r.get("state") for r in records)
    assert 0.75 < states["published"] / len(records) < 0.85
    contacts = [r for r in records if r["type"] == "contact"]
    public = sum(r.get("visibility") == "public" for r in contacts)
    assert 0.7 < public / len(contacts) < 0.8


def test_all_vocabulary_codes_and_fields_appear(schema: dict, records: list[dict]) -> None:
    def values(key: str) -> set[str]:
        out: set[str] = set()
        for r in records:
            value = r.get(key)
            if isinstance(value, list):
                out.update(value)
            elif value is not None:
                out.add(value)
        return out

    props = schema["properties"]
    assert values("topics") == _defs(schema, "topic")
    assert values("target_groups") == _defs(schema, "group")
    assert values("eligible") == _defs(schema, "group")
    assert values("funding_kinds") == set(props["funding_kinds"]["items"]["enum"])
    assert values("org_kind") == set(props["org_kind"]["enum"])
    assert values("status") == set(props["status"]["enum"])
    assert values("state") == set(props["state"]["enum"])
    assert values("visibility") == set(props["visibility"]["enum"])
    regions = values("regions")
    states = {r.split("/")[0] for r in regions}
    assert len(states - {"DE"}) == 16 and "DE" in regions
    assert sum("/" in r for r in regions) > 100
    used = {key for r in records for key in r}
    assert used == set(props)
    address_keys = {k for r in records for k in r.get("address", {})}
    assert address_keys == {"street", "postcode", "city"}


def test_bodies_are_markdown_of_80_to_400_words(records: list[dict]) -> None:
    words = [len(r["body"].split()) for r in records]
    in_range = sum(80 <= w <= 400 for w in words)
    assert in_range >= 0.99 * len(records)
    assert all("\n\n" in r["body"] and "**" in r["body"] for r in records)


def test_text_looks_german_or_english(records: list[dict]) -> None:
    german = " ".join(r["body"] for r in records[:400] if r["language"] == "de")
    for marker in ("ä", "ö", "ü", "ß", "*innen", "KIM", "Migrantenorganisationen"):
        assert marker in german
    names = " ".join(r["name"] for r in records if r["type"] == "contact")
    assert any(ch in names for ch in "şğıłąęó")


def test_queries_are_a_mixed_deterministic_workload() -> None:
    workload = queries(1000, seed=1)
    assert workload == queries(1000, seed=1)
    assert len(workload) == 1000
    assert {q["lang"] for q in workload} == {"de", "en"}
    filtered = sum(bool(q["filters"]) for q in workload)
    assert 0.3 < filtered / len(workload) < 0.5
    assert any(q["q"].startswith('"') for q in workload)
    for q in workload:
        assert 1 <= len(q["q"].split()) <= (8 if q["q"].startswith('"') else 4)
        assert all(isinstance(v, list) and v for v in q["filters"].values())
        assert len(q["filters"]) <= 3


def test_cli_writes_records_and_queries(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    out, out_q = tmp_path / "corpus.jsonl", tmp_path / "queries.jsonl"
    main(["--count", "200", "--seed", "2", "--out", str(out), "--queries", "20",
          "--out-queries", str(out_q)])
    lines = out.read_text(encoding="utf-8").splitlines()
    assert [json.loads(line) for line in lines] == list(generate(200, 2))
    assert len(out_q.read_text(encoding="utf-8").splitlines()) == 20
    assert "records/s" in capsys.readouterr().err
