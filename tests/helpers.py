"""Helpers for tests that sign in and post forms through the real CSRF protection."""

from __future__ import annotations

import re

from flask import current_app
from flask.testing import FlaskClient

from kb.accounts.models import User
from kb.extensions import db

PASSWORD = "richtig-langes-passwort"
# Cheap argon2id parameters: tests check behaviour, not the cost of hashing.
FAST_ARGON2 = {"time_cost": 1, "memory_cost": 1024, "parallelism": 1}
_CSRF_INPUT = re.compile(
    r'name="csrf_token"[^>]*value="([^"]+)"|value="([^"]+)"[^>]*name="csrf_token"')


def make_user(role: str = "editor", email: str | None = None, password: str = PASSWORD,
              name: str = "", active: bool = True) -> User:
    """Create and commit an account with `role` (e-mail defaults to <role>@example.org)."""
    use_fast_hashing()
    user = User(email=email or f"{role}@example.org", name=name or role.title(), role=role)
    user.set_password(password)
    user.active = active
    db.session.add(user)
    db.session.commit()
    return user


def use_fast_hashing() -> None:
    """Hash with cheap parameters in the current test app (unless a test set its own)."""
    current_app.config.setdefault("KB_ARGON2", FAST_ARGON2)


def csrf_token(client: FlaskClient, url: str = "/de/login", **kwargs) -> str:
    """Return the CSRF token of the form on the page at `url` (for this client's session)."""
    page = client.get(url, **kwargs)
    assert page.status_code == 200, (url, page.status_code)
    match = _CSRF_INPUT.search(page.get_data(as_text=True))
    assert match, f"no csrf_token on {url}"
    return match.group(1) or match.group(2)


def csrf_post(client: FlaskClient, url: str, data: dict | None = None, form_url: str | None = None,
              **kwargs):
    """POST `data` to `url` with a valid CSRF token taken from `form_url` (default: sign-in)."""
    token = csrf_token(client, form_url or "/de/login")
    return client.post(url, data={**(data or {}), "csrf_token": token}, **kwargs)


def login(client: FlaskClient, email: str, password: str = PASSWORD, next: str = "", **kwargs):
    """Sign in through the real form; returns the response (302 on success)."""
    data = {"email": email, "password": password, "next": next}
    return csrf_post(client, "/de/login", data, **kwargs)


def login_as(client: FlaskClient, role: str = "editor", **kwargs) -> User:
    """Create an account with `role` and sign `client` in as it."""
    user = make_user(role, **kwargs)
    response = login(client, user.email)
    assert response.status_code == 302, response.get_data(as_text=True)
    return user


def logout(client: FlaskClient):
    """Sign out through the real POST form."""
    return csrf_post(client, "/de/logout")
