"""API tokens: shown once, stored hashed, scoped to the owner's role, revocable, audited."""

from __future__ import annotations

import hashlib
import re

from sqlalchemy import select

from kb import create_app
from kb.accounts import tokens
from kb.accounts.models import User
from kb.audit.models import AuditEntry
from kb.cli import main
from kb.extensions import db
from tests.helpers import csrf_token, login_as, make_user

SECRET = re.compile(r"kb_[A-Za-z0-9_-]{40,}")


def auth(secret: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {secret}"}


def whoami_status(client, secret: str) -> int:
    """Return the status of a history request, which needs an editor (200/404) or not (403)."""
    return client.get("/api/v1/articles/nope/revisions", headers=auth(secret)).status_code


def test_tokens_are_stored_as_sha256_only(app):
    token, secret = tokens.issue(make_user("editor"), "ci")
    db.session.commit()
    assert SECRET.fullmatch(secret)
    assert token.token_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in {token.token_hash, token.hint, token.name}
    assert token.hint == secret[:9]


def test_a_token_acts_with_its_owners_current_role(client, app):
    user = make_user("editor")
    _token, secret = tokens.issue(user, "")
    db.session.commit()
    assert whoami_status(client, secret) == 404  # an editor: allowed, no such article
    user.role = "staff"
    db.session.commit()
    assert whoami_status(client, secret) == 403


def test_a_disabled_owners_tokens_stop_working(client, app):
    user = make_user("editor")
    _token, secret = tokens.issue(user, "")
    db.session.commit()
    user.disable()
    db.session.commit()
    response = client.get("/api/v1/vocabularies", headers=auth(secret))
    assert response.status_code == 401
    assert response.get_json()["field"] is None


def test_revoked_and_made_up_tokens_are_refused(client, app):
    token, secret = tokens.issue(make_user("editor"), "")
    db.session.commit()
    assert client.get("/api/v1/vocabularies", headers=auth(secret)).status_code == 200
    tokens.revoke(token)
    db.session.commit()
    for header in (auth(secret), auth("kb_made-up"), {"Authorization": "Basic eDp5"}):
        assert client.get("/api/v1/vocabularies", headers=header).status_code == 401


def test_use_is_noted_with_a_timestamp(client, app):
    token, secret = tokens.issue(make_user("editor"), "")
    db.session.commit()
    assert token.last_used is None
    client.get("/api/v1/vocabularies", headers=auth(secret))
    db.session.refresh(token)
    assert token.last_used is not None


def test_failed_authentication_is_rate_limited_per_address(client, app):
    app.config["KB_API_AUTH_FAILURE_LIMIT"] = (3, 300)
    _token, secret = tokens.issue(make_user("editor"), "")
    db.session.commit()
    codes = [client.get("/api/v1/vocabularies", headers=auth(f"kb_guess{n}")).status_code
             for n in range(4)]
    assert codes == [401, 401, 401, 429]
    blocked = client.get("/api/v1/vocabularies", headers=auth(secret))
    assert blocked.status_code == 429 and int(blocked.headers["Retry-After"]) > 0
    assert client.get("/api/v1/vocabularies").status_code == 200  # anonymous reads go on


def test_failed_authentication_counts_are_shared_between_worker_processes(client, app):
    app.config["KB_API_AUTH_FAILURE_LIMIT"] = (2, 300)
    other = create_app({**app.config, "KB_INSTANCE_PATH": app.instance_path})
    other_client = other.test_client()
    assert client.get("/api/v1/vocabularies", headers=auth("kb_guess1")).status_code == 401
    with other.app_context():
        assert other_client.get("/api/v1/vocabularies",
                                headers=auth("kb_guess2")).status_code == 401
        assert other_client.get("/api/v1/vocabularies",
                                headers=auth("kb_guess3")).status_code == 429
        db.session.remove()
        db.engine.dispose()
    assert client.get("/api/v1/vocabularies", headers=auth("kb_guess4")).status_code == 429


def test_the_account_page_shows_a_new_token_once(client, app):
    user = login_as(client, "staff")
    token = csrf_token(client, "/de/account/tokens/")
    created = client.post("/de/account/tokens/", data={"csrf_token": token, "name": "Skript"})
    assert created.status_code == 201
    secret = SECRET.search(created.get_data(as_text=True)).group(0)
    assert client.get("/api/v1/vocabularies", headers=auth(secret)).status_code == 200
    listing = client.get("/de/account/tokens/").get_data(as_text=True)
    assert "Skript" in listing and secret not in listing and secret[:9] in listing
    stored = tokens.tokens_of(user)[0]
    assert db.session.scalar(select(AuditEntry.action).where(
        AuditEntry.target_type == "token", AuditEntry.target_id == str(stored.id))
    ) == "token.create"


def test_the_account_page_needs_csrf_and_revokes(client, app):
    login_as(client, "staff")
    assert client.post("/de/account/tokens/", data={"name": "x"}).status_code == 400
    token = csrf_token(client, "/de/account/tokens/")
    client.post("/de/account/tokens/", data={"csrf_token": token, "name": "x"})
    stored = tokens.tokens_of()[0]
    url = f"/de/account/tokens/{stored.id}/revoke"
    assert client.post(url).status_code == 400
    assert client.post(url, data={"csrf_token": token}).status_code == 303
    db.session.refresh(stored)
    assert stored.revoked is not None
    actions = db.session.scalars(select(AuditEntry.action).where(
        AuditEntry.target_type == "token")).all()
    assert sorted(actions) == ["token.create", "token.revoke"]


def test_owners_manage_their_own_tokens_and_admins_everyones(client, app):
    other, _secret = tokens.issue(make_user("editor", email="other@example.org"), "")
    db.session.commit()
    login_as(client, "staff")
    token = csrf_token(client, "/de/account/tokens/")
    url = f"/de/account/tokens/{other.id}/revoke"
    assert client.post(url, data={"csrf_token": token}).status_code == 404
    assert "other@example.org" not in client.get("/de/account/tokens/").get_data(as_text=True)
    admin_client = app.test_client()
    login_as(admin_client, "admin")
    admin_token = csrf_token(admin_client, "/de/account/tokens/")
    assert admin_client.post(url, data={"csrf_token": admin_token}).status_code == 303


def test_anonymous_visitors_are_sent_to_sign_in(client, app):
    response = client.get("/de/account/tokens/")
    assert response.status_code == 302 and "/de/login" in response.headers["Location"]


def test_the_cli_creates_lists_and_revokes(app):
    make_user("editor", email="bot@example.org")
    runner = app.test_cli_runner()
    created = runner.invoke(main, ["token", "create", "BOT@example.org", "--name", "CI"])
    assert created.exit_code == 0, created.output
    secret = SECRET.search(created.stdout).group(0)
    user = db.session.scalar(select(User).where(User.email == "bot@example.org"))
    assert tokens.authenticate(secret) == user
    listed = runner.invoke(main, ["token", "list"])
    assert "bot@example.org" in listed.stdout and "CI" in listed.stdout
    assert secret not in listed.stdout and "live" in listed.stdout
    token_id = tokens.tokens_of(user)[0].id
    revoked = runner.invoke(main, ["token", "revoke", str(token_id)])
    assert revoked.exit_code == 0
    db.session.expire_all()
    assert tokens.authenticate(secret) is None
    assert runner.invoke(main, ["token", "create", "nobody@example.org"]).exit_code != 0
    entries = db.session.scalars(select(AuditEntry).where(AuditEntry.target_type == "token"))
    assert {(entry.action, entry.actor_email) for entry in entries} == {
        ("token.create", "cli"), ("token.revoke", "cli")}
