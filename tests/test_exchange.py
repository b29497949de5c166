"""Import and export of exchange files: upsert, all-or-nothing, exact round trip."""

from __future__ import annotations

import io
import json

import pytest

from kb.content.exporter import iter_records, write_jsonl
from kb.content.importer import import_lines
from kb.content.models import Article, ChangeEvent, Project
from kb.extensions import db
from tests.conftest import DATA, jsonl

EVERY_FIELD = [json.loads(line) for line in (DATA / "every_field.jsonl").read_text().splitlines()]


def export_all() -> list[dict]:
    return list(iter_records(db.session))


def export_text() -> str:
    out = io.StringIO()
    write_jsonl(iter_records(db.session), out)
    return out.getvalue()


def test_import_then_export_keeps_every_field(load):
    load("every_field.jsonl")
    exported = {record["id"]: record for record in export_all()}
    for record in EVERY_FIELD:
        expected = {"state": "private", **record}
        if expected["type"] == "contact":
            expected.setdefault("visibility", "internal")
        assert exported[record["id"]] == expected


def test_every_schema_field_is_covered_by_the_fixture():
    schema = json.loads((DATA.parent.parent / "kb/content/exchange.schema.json").read_text())
    used = {field for record in EVERY_FIELD for field in record}
    assert used == set(schema["properties"])


def test_export_then_import_into_empty_database_round_trips(load, app, tmp_path):
    load("every_field.jsonl")
    first = export_text()
    db.session.execute(db.delete(ChangeEvent))
    for article in db.session.scalars(db.select(Article)):
        db.session.delete(article)
    db.session.commit()
    assert export_all() == []
    report = import_lines(first.splitlines())
    assert report.ok and len(report.created) == len(EVERY_FIELD)
    assert export_text() == first


def test_second_import_changes_nothing(load):
    load("every_field.jsonl")
    versions = dict(db.session.execute(db.select(Article.id, Article.version)).all())
    events = db.session.scalar(db.select(db.func.count()).select_from(ChangeEvent))
    report = load("every_field.jsonl")
    assert report.changed == 0 and report.unchanged == len(EVERY_FIELD)
    assert dict(db.session.execute(db.select(Article.id, Article.version)).all()) == versions
    assert db.session.scalar(db.select(db.func.count()).select_from(ChangeEvent)) == events


def test_changed_record_is_updated_with_new_version_and_event(load):
    load("every_field.jsonl")
    changed = {**EVERY_FIELD[7], "title": "Brücken bauen 2", "partners": ["org-parent"]}
    changed.pop("modified")
    report = import_lines(jsonl([changed]))
    assert report.updated == ["project-y"]
    project = db.session.get(Project, "project-y")
    assert project.title == "Brücken bauen 2" and project.version == 2
    assert [link.organisation_id for link in project.partner_links] == ["org-parent"]
    assert project.modified > project.created
    last = db.session.scalars(db.select(ChangeEvent).order_by(ChangeEvent.seq.desc())).first()
    assert last.article_id == "project-y"


def test_records_may_refer_to_later_lines(app):
    lines = jsonl(reversed(EVERY_FIELD))
    report = import_lines(lines)
    assert report.ok, [str(e) for e in report.errors]
    assert len(report.created) == len(EVERY_FIELD)


BAD_LINES = [
    ("{not json", "not valid JSON"),
    ('["a list"]', "not a JSON object"),
    ('{"id": "x1", "type": "project", "language": "de", "title": "T", "topics": ["space"]}',
     "topics.0: 'space' is not an allowed value"),
    ('{"id": "x2", "type": "contact", "language": "de", "title": "T", "name": "N", '
     '"organisation": "nowhere"}', "'nowhere' resolves nowhere"),
    ('{"id": "x3", "type": "contact", "language": "de", "title": "T"}', "'name' is a required"),
    ('{"id": "x4", "type": "project", "language": "de", "title": "T", "colour": "red"}',
     "Additional properties"),
    ('{"id": "x5", "type": "project", "language": "de", "title": "T", "regions": ["DE-XX"]}',
     "names no German state"),
    ('{"id": "x6", "type": "project", "language": "de", "title": "T", "contacts": ["org-a"]}',
     "is a organisation, not a contact"),
    ('{"id": "x7", "type": "project", "language": "de", "title": "T", "start": "2025-13-01"}',
     "is not a 'date'"),
    ('{"id": "org-a", "type": "organisation", "language": "de", "title": "again"}',
     "duplicate id: already on line 1"),
]


@pytest.mark.parametrize(("bad_line", "reason"), BAD_LINES)
def test_a_bad_line_imports_nothing_and_is_reported(load, bad_line, reason):
    load("every_field.jsonl")
    before = export_text()
    lines = ['{"id": "org-a", "type": "organisation", "language": "de", "title": "A"}', "",
             bad_line]
    report = import_lines(lines)
    assert not report.ok
    assert [error.line for error in report.errors] == [3]
    assert reason in report.errors[0].message
    assert export_text() == before


def test_every_bad_line_is_listed_with_its_number(app):
    lines = [bad for bad, _ in BAD_LINES[:8]]
    report = import_lines(lines)
    assert sorted({error.line for error in report.errors}) == list(range(1, 9))
    assert export_all() == []


def test_dry_run_reports_but_writes_nothing(app):
    report = import_lines(jsonl(EVERY_FIELD), dry_run=True)
    assert report.ok and len(report.created) == len(EVERY_FIELD)
    assert export_all() == []


def test_type_of_a_stored_id_cannot_change(load):
    load("every_field.jsonl")
    report = import_lines(jsonl([{"id": "project-y", "type": "programme", "language": "de",
                                  "title": "Now a programme"}]))
    assert "already a project" in report.errors[0].message


def test_translation_must_be_other_language_and_same_type(load):
    load("every_field.jsonl")
    report = import_lines(jsonl([
        {"id": "t1", "type": "contact", "language": "de", "title": "T", "name": "N",
         "translation_of": "person-a"},
        {"id": "t2", "type": "project", "language": "en", "title": "T",
         "translation_of": "person-a"},
    ]))
    messages = [error.message for error in report.errors]
    assert any("same language" in message for message in messages)
    assert any("is a contact, not a project" in message for message in messages)


def test_organisation_parent_cycle_is_refused(app):
    report = import_lines(jsonl([
        {"id": "o1", "type": "organisation", "language": "de", "title": "A", "parent": "o2"},
        {"id": "o2", "type": "organisation", "language": "de", "title": "B", "parent": "o1"},
    ]))
    assert {error.line for error in report.errors} == {1, 2}
    assert all("cycle" in error.message for error in report.errors)
