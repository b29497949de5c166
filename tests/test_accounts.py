"""Accounts: password hashing, roles, role checks and the admin pages for accounts."""

from __future__ import annotations

import pytest
from flask import jsonify
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from kb.accounts.models import User
from kb.audit.models import AuditEntry
from kb.core.permissions import Role, audience_for, can, require_role
from kb.extensions import db
from tests.helpers import (
    FAST_ARGON2,
    PASSWORD,
    csrf_post,
    login,
    login_as,
    make_user,
    use_fast_hashing,
)

ROLES = ("staff", "editor", "reviewer", "admin")


def _entries(action: str) -> list[AuditEntry]:
    return db.session.scalars(select(AuditEntry).where(AuditEntry.action == action)).all()


# --- passwords -----------------------------------------------------------------------


def test_passwords_are_stored_as_argon2id_hashes(app):
    user = make_user("staff")
    assert user.password_hash.startswith("$argon2id$")
    assert PASSWORD not in user.password_hash
    assert user.check_password(PASSWORD)
    assert not user.check_password(PASSWORD + "x")
    assert not user.check_password("")


def test_the_same_password_hashes_differently_each_time(app):
    first, second = make_user("staff"), make_user("editor")
    assert first.password_hash != second.password_hash


def test_production_parameters_are_memory_hard(app):
    app.config.pop("KB_ARGON2", None)
    from kb.accounts import passwords

    hasher = passwords.hasher()
    assert hasher.memory_cost >= 19 * 1024 and hasher.type.name == "ID"


def test_hash_is_upgraded_when_the_parameters_change(app):
    user = make_user("staff")
    assert "m=1024" in user.password_hash
    app.config["KB_ARGON2"] = {**FAST_ARGON2, "memory_cost": 2048}
    assert user.check_password(PASSWORD)
    db.session.commit()
    assert "m=2048" in db.session.get(User, user.id).password_hash
    assert user.check_password(PASSWORD)


def test_short_passwords_are_refused(app):
    use_fast_hashing()
    with pytest.raises(ValueError):
        User(email="a@example.org", role="staff").set_password("123456789")


def test_new_password_ends_existing_sessions(app):
    user = make_user("staff")
    token = user.session_token
    user.set_password("ein-anderes-passwort")
    assert user.session_token != token


# --- the model -----------------------------------------------------------------------


def test_email_is_lower_cased_and_unique(app):
    user = make_user("staff", email="  Anna.Beispiel@Example.ORG ")
    assert user.email == "anna.beispiel@example.org"
    with pytest.raises(IntegrityError):
        make_user("editor", email="ANNA.BEISPIEL@example.org")


@pytest.mark.parametrize("role", ["public", "superuser", ""])
def test_only_account_roles_are_accepted(app, role):
    with pytest.raises(ValueError):
        User(email="x@example.org", role=role)


def test_disabled_accounts_are_not_active(app):
    user = make_user("staff")
    token = user.session_token
    user.disable()
    assert not user.is_active and user.session_token != token
    user.enable()
    assert user.is_active


# --- roles and permissions ----------------------------------------------------------


def test_roles_are_ordered():
    assert Role.public < Role.staff < Role.editor < Role.reviewer < Role.admin
    assert [Role[name] for name in ROLES] == sorted(Role[name] for name in ROLES)


def test_audience_grows_with_the_role():
    assert not audience_for(Role.public).include_internal
    assert audience_for(Role.staff).include_internal
    assert not audience_for(Role.staff).include_unpublished
    assert audience_for(Role.editor).include_unpublished


@pytest.mark.parametrize(("action", "least"), [
    ("read_internal", Role.staff), ("edit", Role.editor), ("publish", Role.reviewer),
    ("restore", Role.reviewer), ("manage_users", Role.admin), ("view_audit", Role.admin),
])
def test_can_follows_the_role_order(action, least):
    for role in Role:
        assert can(action, role=role) is (role >= least)


def test_articles_in_the_trash_can_only_be_restored():
    class Trashed:
        deleted_at = "2026-01-01"

    assert not can("edit", Trashed(), role=Role.admin)
    assert can("restore", Trashed(), role=Role.reviewer)
    assert not can("restore", Trashed(), role=Role.editor)


def test_can_refuses_unknown_actions():
    with pytest.raises(KeyError):
        can("fly", role=Role.admin)


@pytest.fixture
def guarded(app):
    """Add a page and an API route that need the editor role."""

    @require_role(Role.editor)
    def page():
        return "editor page"

    @require_role(Role.editor)
    def api():
        return jsonify(ok=True)

    app.add_url_rule("/de/test-guarded", "test_guarded_page", page, methods=["GET", "POST"])
    app.add_url_rule("/api/test-guarded", "test_guarded_api", api)
    return app


@pytest.mark.parametrize(("role", "page", "api"), [
    (None, 302, 401), ("staff", 403, 403), ("editor", 200, 200), ("reviewer", 200, 200),
    ("admin", 200, 200),
])
def test_require_role_matrix_on_pages_and_api(guarded, client, role, page, api):
    if role:
        login_as(client, role)
    assert client.get("/de/test-guarded").status_code == page
    response = client.get("/api/test-guarded")
    assert response.status_code == api
    if api in (401, 403):
        assert response.is_json and "error" in response.get_json()


def test_anonymous_page_request_goes_to_sign_in_and_back(guarded, client):
    response = client.get("/de/test-guarded?x=1")
    assert response.location == "/de/login?next=/de/test-guarded?x%3D1"
    form = client.get(response.location).get_data(as_text=True)
    assert 'value="/de/test-guarded?x=1"' in form
    signed_in = login(client, make_user("editor").email, next="/de/test-guarded?x=1")
    assert signed_in.location == "/de/test-guarded?x=1"


def test_anonymous_post_is_refused_without_redirect(guarded, client):
    assert csrf_post(client, "/de/test-guarded").status_code == 401


ADMIN_PAGES = ["/de/admin/users/", "/de/admin/users/new", "/en/admin/users/",
               "/de/admin/audit/", "/de/admin/audit/export.csv", "/de/admin/audit/export.jsonl"]


@pytest.mark.parametrize(("role", "status"), [
    (None, 302), ("staff", 403), ("editor", 403), ("reviewer", 403), ("admin", 200),
])
def test_admin_pages_matrix(client, role, status):
    if role:
        login_as(client, role)
    for path in ADMIN_PAGES:
        response = client.get(path)
        response.close()  # the exports stream: finish them inside this request
        assert response.status_code == status, path
        if status == 302:
            assert "/login?next=" in response.location


@pytest.mark.parametrize("role", [None, "staff", "editor", "reviewer"])
def test_admin_actions_are_refused_below_admin(client, role):
    target = make_user("staff", email="target@example.org")
    if role:
        login_as(client, role)
    for url, data in [(f"/de/admin/users/{target.id}/role", {"role": "admin"}),
                      (f"/de/admin/users/{target.id}/disable", {}),
                      ("/de/admin/users/new", {"email": "n@example.org", "role": "admin",
                                               "password": PASSWORD, "confirm": PASSWORD})]:
        assert csrf_post(client, url, data).status_code in (401, 403)
    db.session.expire_all()
    assert db.session.get(User, target.id).role == "staff"
    assert db.session.get(User, target.id).active
    assert db.session.scalar(select(User).where(User.email == "n@example.org")) is None


# --- admin pages ---------------------------------------------------------------------


def test_admin_creates_an_account(client):
    admin = login_as(client, "admin")
    response = csrf_post(client, "/de/admin/users/new", {
        "email": "Neu@Example.org", "name": "Neue Person", "role": "reviewer",
        "password": PASSWORD, "confirm": PASSWORD})
    assert response.status_code == 302
    user = db.session.scalar(select(User).where(User.email == "neu@example.org"))
    assert user.role == "reviewer" and user.check_password(PASSWORD)
    [entry] = _entries("user.create")
    assert entry.actor_id == admin.id and entry.target_id == str(user.id)
    assert "neu@example.org" in client.get("/de/admin/users/").get_data(as_text=True)


@pytest.mark.parametrize(("data", "problem"), [
    ({"password": "kurz", "confirm": "kurz"}, 'id="password-error"'),
    ({"password": PASSWORD, "confirm": PASSWORD + "x"}, "stimmen nicht"),
    ({"role": "public", "password": PASSWORD, "confirm": PASSWORD}, 'id="role-error"'),
    ({"email": "admin@example.org", "password": PASSWORD, "confirm": PASSWORD}, "vergeben"),
])
def test_admin_account_form_refuses_bad_input(client, data, problem):
    login_as(client, "admin")
    response = csrf_post(client, "/de/admin/users/new",
                         {"email": "neu@example.org", "role": "staff", **data})
    assert response.status_code == 400
    assert problem in response.get_data(as_text=True)
    assert not _entries("user.create")


def test_admin_changes_a_role(client):
    login_as(client, "admin")
    user = make_user("staff")
    response = csrf_post(client, f"/de/admin/users/{user.id}/role", {"role": "editor"})
    assert response.status_code == 303
    db.session.expire_all()
    assert db.session.get(User, user.id).role == "editor"
    [entry] = _entries("user.role")
    assert entry.details == {"old": "staff", "new": "editor"}


def test_admin_disables_and_enables_an_account(client):
    login_as(client, "admin")
    user = make_user("editor")
    assert csrf_post(client, f"/de/admin/users/{user.id}/disable").status_code == 303
    db.session.expire_all()
    assert not db.session.get(User, user.id).active
    assert csrf_post(client, f"/de/admin/users/{user.id}/enable").status_code == 303
    db.session.expire_all()
    assert db.session.get(User, user.id).active
    assert len(_entries("user.disable")) == 1 and len(_entries("user.enable")) == 1


def test_the_last_admin_cannot_be_demoted_or_disabled(client):
    admin = login_as(client, "admin")
    csrf_post(client, f"/de/admin/users/{admin.id}/role", {"role": "editor"})
    csrf_post(client, f"/de/admin/users/{admin.id}/disable")
    db.session.expire_all()
    assert db.session.get(User, admin.id).role == "admin"
    assert db.session.get(User, admin.id).active
    assert "letzte Administrationskonto" in client.get("/de/admin/users/").get_data(as_text=True)


def test_admin_actions_need_a_csrf_token(client):
    login_as(client, "admin")
    user = make_user("staff")
    assert client.post(f"/de/admin/users/{user.id}/role", data={"role": "admin"}).status_code \
        == 400
    assert client.post(f"/de/admin/users/{user.id}/disable").status_code == 400
    db.session.expire_all()
    assert db.session.get(User, user.id).role == "staff" and db.session.get(User, user.id).active


def test_admin_actions_on_missing_accounts_are_404(client):
    login_as(client, "admin")
    assert csrf_post(client, "/de/admin/users/999/disable").status_code == 404


# --- what signed-in readers see ----------------------------------------------------


def test_staff_see_internal_contacts_anonymous_readers_do_not(client, load):
    load("every_field.jsonl")
    assert client.get("/de/contact/person-internal").status_code == 404
    login_as(client, "staff")
    page = client.get("/de/contact/person-internal")
    assert page.status_code == 200 and "Bernd Intern" in page.get_data(as_text=True)


def test_header_shows_the_signed_in_user(client):
    assert "/de/login" in client.get("/de/").get_data(as_text=True)
    login_as(client, "reviewer", name="Rita Prüfer")
    page = client.get("/de/").get_data(as_text=True)
    assert "Rita Prüfer" in page and "Prüfung" in page and 'action="/de/logout"' in page
    assert "/de/admin/users/" not in page  # admin links only for admins
