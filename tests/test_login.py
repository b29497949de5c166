"""Signing in and out: credentials, throttling, sessions, CSRF and cookie flags."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select, update

from kb import create_app
from kb.accounts import passwords
from kb.accounts.models import LoginFailure, User
from kb.audit.models import AuditEntry
from kb.extensions import db
from tests.helpers import (
    PASSWORD,
    csrf_post,
    csrf_token,
    login,
    login_as,
    logout,
    make_user,
    use_fast_hashing,
)

WRONG = "falsches-passwort-123"
ADMIN_PAGE = "/de/admin/users/"


def _actions() -> list[str]:
    return list(db.session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)))


def _set_cookie_headers(response) -> list[str]:
    return response.headers.getlist("Set-Cookie")


# --- credentials -----------------------------------------------------------------


def test_sign_in_with_the_right_password(client):
    user = make_user("editor")
    response = login(client, "Editor@Example.org ")
    assert response.status_code == 302 and response.location == "/de/"
    db.session.expire_all()
    assert db.session.get(User, user.id).last_login is not None
    assert _actions() == ["login"]


def test_the_sign_in_page_renders_in_both_languages(client):
    assert 'name="csrf_token"' in client.get("/de/login").get_data(as_text=True)
    assert client.get("/en/login").status_code == 200
    assert client.get("/fr/login").status_code == 404


def test_wrong_password_and_unknown_address_look_the_same(client):
    make_user("editor")
    wrong = login(client, "editor@example.org", WRONG)
    unknown = login(client, "nobody@example.org", WRONG)
    assert wrong.status_code == unknown.status_code == 200
    message = "E-Mail-Adresse oder Passwort ist falsch."
    assert message in wrong.get_data(as_text=True) and message in unknown.get_data(as_text=True)
    assert _actions() == ["login_failed", "login_failed"]
    assert client.get(ADMIN_PAGE).status_code == 302  # still anonymous


def test_unknown_addresses_cost_a_hash_verification_too(client, monkeypatch):
    calls = []
    real_verify = passwords.verify
    monkeypatch.setattr(passwords, "verify", lambda *args: calls.append(1) or real_verify(*args))
    use_fast_hashing()
    login(client, "nobody@example.org", WRONG)
    assert calls == [1]


def test_disabled_accounts_cannot_sign_in(client):
    make_user("editor", active=False)
    response = login(client, "editor@example.org")
    assert response.status_code == 200
    assert "oder Passwort ist falsch" in response.get_data(as_text=True)


def test_sign_in_needs_a_csrf_token(client):
    make_user("editor")
    response = client.post("/de/login", data={"email": "editor@example.org", "password": PASSWORD})
    assert response.status_code == 400
    assert client.get("/de/").get_data(as_text=True).count("Abmelden") == 0


def test_empty_form_is_refused(client):
    assert csrf_post(client, "/de/login", {"email": "", "password": ""}).status_code == 400


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/x", "/\\evil",
                                    "javascript:alert(1)"])
def test_next_must_stay_on_the_site(client, target):
    make_user("editor")
    assert login(client, "editor@example.org", next=target).location == "/de/"


def test_password_hash_is_upgraded_on_sign_in(app, client):
    user = make_user("editor")
    app.config["KB_ARGON2"] = {"time_cost": 2, "memory_cost": 1024, "parallelism": 1}
    assert login(client, user.email).status_code == 302
    db.session.expire_all()
    assert "t=2" in db.session.get(User, user.id).password_hash


# --- throttling ---------------------------------------------------------------------


def _fail(client, email: str = "editor@example.org", times: int = 1) -> None:
    for _ in range(times):
        assert login(client, email, WRONG).status_code == 200


def test_five_failures_lock_the_account(client):
    make_user("editor")
    _fail(client, times=5)
    refused = login(client, "editor@example.org")  # even the right password
    assert refused.status_code == 429
    assert "Zu viele fehlgeschlagene Anmeldeversuche" in refused.get_data(as_text=True)
    assert client.get(ADMIN_PAGE).status_code == 302


def test_unknown_addresses_are_throttled_alike(client):
    _fail(client, "nobody@example.org", times=5)
    assert login(client, "nobody@example.org", WRONG).status_code == 429


def test_five_failures_from_one_ip_lock_it_for_every_address(client):
    make_user("editor")
    for number in range(5):
        _fail(client, f"guess{number}@example.org")
    assert login(client, "editor@example.org").status_code == 429
    other_ip = login(client, "editor@example.org",
                     environ_base={"REMOTE_ADDR": "10.0.0.7"})
    assert other_ip.status_code == 302


def test_refused_attempts_do_not_extend_the_lock(client):
    make_user("editor")
    _fail(client, times=5)
    for _ in range(3):
        assert login(client, "editor@example.org", WRONG).status_code == 429
    assert db.session.scalar(select(func.count()).select_from(LoginFailure)) == 5


def test_the_lock_ends_after_the_window(client):
    make_user("editor")
    _fail(client, times=5)
    old = dt.datetime.now(dt.UTC).replace(tzinfo=None) - dt.timedelta(minutes=16)
    db.session.execute(update(LoginFailure).values(at=old))
    db.session.commit()
    assert login(client, "editor@example.org").status_code == 302


def test_four_failures_then_success_resets_the_count(client):
    make_user("editor")
    _fail(client, times=4)
    assert login(client, "editor@example.org").status_code == 302
    logout(client)
    _fail(client, times=4)
    assert login(client, "editor@example.org").status_code == 302


def test_throttling_is_shared_between_app_instances(app, client):
    """Two worker processes share the database, so they share the count."""
    make_user("editor")
    other = create_app({**app.config, "KB_INSTANCE_PATH": app.instance_path})
    other_client = other.test_client()
    _fail(client, times=3)
    with other.app_context():
        other.config["KB_ARGON2"] = app.config["KB_ARGON2"]
        _fail(other_client, times=2)
        assert login(other_client, "editor@example.org").status_code == 429
        db.session.remove()
        db.engine.dispose()
    assert login(client, "editor@example.org").status_code == 429


# --- sessions --------------------------------------------------------------------------


def test_sign_out_needs_post_and_csrf(client):
    login_as(client, "admin")
    assert client.get("/de/logout").status_code == 405
    assert client.post("/de/logout").status_code == 400
    assert client.get(ADMIN_PAGE).status_code == 200  # still signed in
    response = logout(client)
    assert response.status_code == 302
    assert client.get(ADMIN_PAGE).status_code == 302
    assert _actions()[-1] == "logout"


def test_sign_out_ends_the_session_even_for_a_copied_cookie(app, client):
    login_as(client, "admin")
    thief = app.test_client()
    thief.set_cookie("session", client.get_cookie("session").value)
    assert thief.get(ADMIN_PAGE).status_code == 200
    logout(client)
    assert client.get_cookie("session") is None
    assert thief.get(ADMIN_PAGE).status_code == 302


def test_disabled_account_loses_access_at_the_next_request(client):
    admin = login_as(client, "admin")
    make_user("admin", email="second@example.org")
    assert client.get(ADMIN_PAGE).status_code == 200
    db.session.get(User, admin.id).disable()
    db.session.commit()
    assert client.get(ADMIN_PAGE).status_code == 302


def test_role_changes_apply_at_the_next_request(client):
    admin = login_as(client, "admin")
    make_user("admin", email="second@example.org")
    db.session.get(User, admin.id).role = "editor"
    db.session.commit()
    assert client.get(ADMIN_PAGE).status_code == 403


def test_a_new_password_ends_other_sessions(app, client):
    user = login_as(client, "admin")
    assert client.get(ADMIN_PAGE).status_code == 200
    db.session.get(User, user.id).set_password("ein-ganz-neues-passwort")
    db.session.commit()
    assert client.get(ADMIN_PAGE).status_code == 302


def test_session_cookie_is_httponly_and_samesite_lax(client):
    make_user("editor")
    response = login(client, "editor@example.org")
    [cookie] = [c for c in _set_cookie_headers(response) if c.startswith("session=")]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert "Secure" not in cookie


def test_session_cookie_is_secure_when_configured(app, monkeypatch):
    monkeypatch.setenv("KB_COOKIE_SECURE", "1")
    secure = create_app({**app.config, "KB_INSTANCE_PATH": app.instance_path})
    assert secure.config["SESSION_COOKIE_SECURE"] is True
    secure_client = secure.test_client()
    with secure.app_context():
        make_user("editor")
        token = csrf_token(secure_client, base_url="https://localhost")
        response = secure_client.post(
            "/de/login", base_url="https://localhost",
            headers={"Referer": "https://localhost/de/login"},  # checked on HTTPS
            data={"email": "editor@example.org", "password": PASSWORD, "csrf_token": token})
        assert response.status_code == 302
        db.session.remove()
        db.engine.dispose()
    [cookie] = [c for c in _set_cookie_headers(response) if c.startswith("session=")]
    assert "Secure" in cookie and "HttpOnly" in cookie


def test_anonymous_pages_set_no_cookie(client):
    assert not _set_cookie_headers(client.get("/de/"))


def test_the_per_ip_limit_can_be_raised_for_shared_addresses(app, client):
    app.config["KB_LOGIN_MAX_FAILURES_PER_IP"] = 20
    make_user("editor")
    for number in range(6):
        _fail(client, f"guess{number}@example.org")
    assert login(client, "editor@example.org").status_code == 302
