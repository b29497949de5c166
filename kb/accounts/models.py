"""Accounts: who may sign in, with which role, failed sign-ins and API rate-limit events."""

from __future__ import annotations

import datetime as dt
import secrets

from flask_login import UserMixin
from sqlalchemy import Boolean, DateTime, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, validates

from kb.accounts import passwords
from kb.content.models import utcnow
from kb.core.permissions import Role
from kb.extensions import db

# Roles an account can have; "public" is what anonymous readers get.
ACCOUNT_ROLES: tuple[str, ...] = tuple(role.name for role in Role if role > Role.public)
MIN_PASSWORD_LENGTH = 10


def new_session_token() -> str:
    """Return a fresh random token that signed-in sessions must carry."""
    return secrets.token_hex(16)


def normalize_email(email: str) -> str:
    """Return the address as stored and compared: trimmed and lower-cased."""
    return (email or "").strip().lower()


class User(UserMixin, db.Model):
    """A person who signs in; their role decides what they may see and do."""

    __tablename__ = "user_account"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    email: Mapped[str] = mapped_column(String(320), unique=True)
    name: Mapped[str] = mapped_column(String(200), default="")
    role: Mapped[str] = mapped_column(String(20), default="staff")
    password_hash: Mapped[str] = mapped_column(String(255))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # Part of the session cookie: changing it signs the account out everywhere.
    session_token: Mapped[str] = mapped_column(String(64), default=new_session_token)
    created: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    last_login: Mapped[dt.datetime | None] = mapped_column(DateTime)

    @validates("email")
    def _normalize_email(self, key: str, value: str) -> str:
        email = normalize_email(value)
        if "@" not in email:
            raise ValueError(f"not an e-mail address: {value!r}")
        return email

    @validates("role")
    def _check_role(self, key: str, value: str) -> str:
        if value not in ACCOUNT_ROLES:
            raise ValueError(f"unknown role {value!r}; one of {', '.join(ACCOUNT_ROLES)}")
        return value

    @property
    def is_active(self) -> bool:
        """Disabled accounts cannot sign in, and their sessions stop working."""
        return bool(self.active)

    @property
    def role_enum(self) -> Role:
        """Return the role as a comparable `Role`."""
        return Role[self.role]

    @property
    def display_name(self) -> str:
        """Return the name, or the e-mail address when no name is set."""
        return self.name or self.email

    def get_id(self) -> str:
        """Return what the session stores: id and session token (see `load_user`)."""
        return f"{self.id}:{self.session_token}"

    def set_password(self, password: str) -> None:
        """Store an argon2id hash of `password` and end every existing session."""
        check_password_rules(password)
        self.password_hash = passwords.hash_password(password)
        self.session_token = new_session_token()

    def check_password(self, password: str) -> bool:
        """Verify `password`; upgrade the stored hash when the hash parameters changed."""
        if not passwords.verify(self.password_hash, password):
            return False
        if passwords.needs_rehash(self.password_hash):
            self.password_hash = passwords.hash_password(password)
        return True

    def disable(self) -> None:
        """Stop the account from signing in and end its sessions."""
        self.active = False
        self.session_token = new_session_token()

    def enable(self) -> None:
        """Let the account sign in again."""
        self.active = True

    def __repr__(self) -> str:
        return f"<User {self.email} {self.role}>"


def check_password_rules(password: str) -> None:
    """Raise ValueError when `password` is too short to accept."""
    if len(password or "") < MIN_PASSWORD_LENGTH:
        raise ValueError(f"password must have at least {MIN_PASSWORD_LENGTH} characters")


class LoginFailure(db.Model):
    """One failed sign-in, kept for the throttling window; shared by all worker processes."""

    __tablename__ = "login_failure"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, index=True)
    # The address as typed (normalised), so unknown addresses are throttled alike.
    email: Mapped[str] = mapped_column(String(320), index=True)
    ip: Mapped[str] = mapped_column(String(45), index=True)


class ApiLimitEvent(db.Model):
    """One event an API rate limit counts (a write, a failed token authentication), kept
    for the limit's window; in the database, so all worker processes count together."""

    __tablename__ = "api_limit_event"
    __table_args__ = (Index("ix_api_limit_event_kind_key_at", "kind", "key", "at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(40))  # the limit's setting, e.g. KB_API_WRITE_LIMIT
    key: Mapped[str] = mapped_column(String(80))  # whom it counts: an account id, an address
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, index=True)
