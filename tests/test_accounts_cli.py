"""`kb user …`: accounts from the command line, every change audited."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from kb.accounts.models import User
from kb.audit.models import AuditEntry
from kb.cli import main as kb_command
from kb.extensions import db
from tests.helpers import use_fast_hashing

SECRET = "ein-geheimes-passwort"


@pytest.fixture
def kb(app):
    """Run `kb …` against the test app."""
    use_fast_hashing()
    runner = app.test_cli_runner()

    def _run(*args: str, input: str | None = None):
        result = runner.invoke(kb_command, list(args), input=input)
        db.session.expire_all()
        return result

    return _run


def _user(email: str) -> User | None:
    return db.session.scalar(select(User).where(User.email == email))


def _actions() -> list[str]:
    return list(db.session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)))


def test_add_reads_the_password_from_stdin(kb):
    result = kb("user", "add", "Anna@Example.org", "--role", "editor", "--name", "Anna",
                input=SECRET + "\n")
    assert result.exit_code == 0, result.output
    user = _user("anna@example.org")
    assert user.role == "editor" and user.name == "Anna" and user.check_password(SECRET)
    assert user.password_hash.startswith("$argon2id$")
    entry = db.session.scalars(select(AuditEntry)).one()
    assert (entry.action, entry.actor_email, entry.target_id) == ("user.create", "cli",
                                                                   str(user.id))


@pytest.mark.parametrize(("args", "stdin"), [
    (("user", "add", "a@example.org", "--role", "editor"), "kurz\n"),
    (("user", "add", "a@example.org", "--role", "public"), SECRET + "\n"),
    (("user", "add", "a@example.org"), SECRET + "\n"),
    (("user", "add", "not-an-address", "--role", "staff"), SECRET + "\n"),
])
def test_add_refuses_bad_input(kb, args, stdin):
    assert kb(*args, input=stdin).exit_code != 0
    assert db.session.scalars(select(User)).all() == [] and _actions() == []


def test_add_refuses_a_second_account_for_one_address(kb):
    assert kb("user", "add", "a@example.org", "--role", "staff", input=SECRET).exit_code == 0
    result = kb("user", "add", "A@example.org", "--role", "admin", input=SECRET)
    assert result.exit_code != 0 and "exists" in result.output
    assert _user("a@example.org").role == "staff"


def test_list_set_role_disable_enable_set_password(kb):
    kb("user", "add", "a@example.org", "--role", "staff", input=SECRET)
    kb("user", "add", "b@example.org", "--role", "admin", input=SECRET)
    listing = kb("user", "list").output.splitlines()
    assert [line.split("\t")[:3] for line in listing] == [
        ["a@example.org", "staff", "active"], ["b@example.org", "admin", "active"]]

    assert kb("user", "set-role", "A@example.org", "reviewer").exit_code == 0
    assert _user("a@example.org").role == "reviewer"
    assert kb("user", "set-role", "a@example.org", "boss").exit_code != 0

    token = _user("a@example.org").session_token
    assert kb("user", "disable", "a@example.org").exit_code == 0
    assert not _user("a@example.org").active and _user("a@example.org").session_token != token
    assert "disabled" in kb("user", "list").output
    assert kb("user", "enable", "a@example.org").exit_code == 0
    assert _user("a@example.org").active

    assert kb("user", "set-password", "a@example.org", input="neues-passwort-1\n").exit_code == 0
    assert _user("a@example.org").check_password("neues-passwort-1")
    assert kb("user", "set-password", "a@example.org", input="kurz\n").exit_code != 0

    assert _actions() == ["user.create", "user.create", "user.role", "user.disable",
                          "user.enable", "user.password"]
    [role_change] = db.session.scalars(
        select(AuditEntry).where(AuditEntry.action == "user.role")).all()
    assert role_change.details == {"old": "staff", "new": "reviewer"}


def test_unknown_accounts_are_reported(kb):
    for args in (("set-role", "x@example.org", "admin"), ("disable", "x@example.org"),
                 ("enable", "x@example.org"), ("set-password", "x@example.org")):
        result = kb("user", *args, input=SECRET)
        assert result.exit_code != 0 and "no account" in result.output
