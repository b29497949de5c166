"""API tokens: issued to an account, shown once, stored as a SHA-256 digest.

A token is 32 random bytes (256 bits) from `secrets`. A slow password hash
(argon2) exists to make guessing low-entropy secrets expensive; nobody can
enumerate 2**256 candidates, so a fast digest is enough and lets every API
request find its token with one indexed lookup instead of a costly verify.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets

from sqlalchemy import DateTime, ForeignKey, Integer, String, select
from sqlalchemy.orm import Mapped, mapped_column, relationship

from kb import audit
from kb.accounts.models import User
from kb.content.models import utcnow
from kb.extensions import db

PREFIX = "kb_"
# Shown in lists so an owner can tell tokens apart without the secret.
HINT_LENGTH = len(PREFIX) + 6
# Don't write last_used on every request: once a minute is precise enough.
LAST_USED_RESOLUTION = dt.timedelta(minutes=1)


def digest(token: str) -> str:
    """Return the stored form of a token: hex SHA-256."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


class ApiToken(db.Model):
    """A bearer token acting for its owner, with the owner's current role."""

    __tablename__ = "api_token"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), index=True
    )
    user: Mapped[User] = relationship(lazy="joined")
    name: Mapped[str] = mapped_column(String(100), default="")
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    hint: Mapped[str] = mapped_column(String(20))
    created: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    last_used: Mapped[dt.datetime | None] = mapped_column(DateTime)
    revoked: Mapped[dt.datetime | None] = mapped_column(DateTime)

    @property
    def is_live(self) -> bool:
        """Tell whether the token still authenticates (not revoked, owner active)."""
        return self.revoked is None and self.user is not None and self.user.is_active


def issue(user: User, name: str = "", actor: User | None = None) -> tuple[ApiToken, str]:
    """Create a token for `user`; return it with the secret, which is never stored."""
    secret = PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(user=user, name=(name or "").strip()[:100], token_hash=digest(secret),
                     hint=secret[:HINT_LENGTH])
    db.session.add(token)
    db.session.flush()
    audit.record("token.create", ("token", token.id), actor=actor, owner=user.email,
                 name=token.name)
    return token, secret


def revoke(token: ApiToken, actor: User | None = None) -> bool:
    """Revoke a token; False when it was revoked already."""
    if token.revoked is not None:
        return False
    token.revoked = utcnow()
    audit.record("token.revoke", ("token", token.id), actor=actor, owner=token.user.email,
                 name=token.name)
    return True


def authenticate(secret: str) -> User | None:
    """Return the active owner of a live token, noting when it was used; else None."""
    if not secret.startswith(PREFIX) or len(secret) > 200:
        return None
    wanted = digest(secret)
    token = db.session.scalar(select(ApiToken).where(ApiToken.token_hash == wanted))
    # The lookup is by digest; compare again in constant time for good measure.
    if token is None or not hmac.compare_digest(token.token_hash, wanted) or not token.is_live:
        return None
    now = utcnow()
    if token.last_used is None or now - token.last_used >= LAST_USED_RESOLUTION:
        token.last_used = now
        db.session.commit()
    return token.user


def tokens_of(user: User | None = None) -> list[ApiToken]:
    """Return the tokens of one account (or of all accounts), newest first."""
    query = select(ApiToken).order_by(ApiToken.created.desc(), ApiToken.id.desc())
    if user is not None:
        query = query.where(ApiToken.user_id == user.id)
    return list(db.session.scalars(query))


def may_manage(token: ApiToken, user: User) -> bool:
    """Owners manage their own tokens; admins manage everyone's."""
    return token.user_id == user.id or user.role == "admin"
