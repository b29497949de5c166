"""Password hashing with argon2id (memory-hard), with parameters that can be tuned."""

from __future__ import annotations

from functools import lru_cache

from argon2 import PasswordHasher, Type
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app, has_app_context


def _parameters() -> tuple[tuple[str, int], ...]:
    """Return the configured argon2 parameters (KB_ARGON2 = {"time_cost": ..., ...})."""
    config = current_app.config.get("KB_ARGON2") if has_app_context() else None
    return tuple(sorted((config or {}).items()))


@lru_cache(maxsize=8)
def _hasher(parameters: tuple[tuple[str, int], ...]) -> PasswordHasher:
    return PasswordHasher(**dict(parameters), type=Type.ID)


def hasher() -> PasswordHasher:
    """Return the hasher for the current configuration (argon2-cffi defaults otherwise)."""
    return _hasher(_parameters())


def hash_password(password: str) -> str:
    """Return an argon2id hash of `password`."""
    return hasher().hash(password)


def verify(password_hash: str, password: str) -> bool:
    """Return whether `password` matches `password_hash`, never raising for bad input."""
    try:
        return hasher().verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    """Return whether the hash was made with other parameters than the current ones."""
    return hasher().check_needs_rehash(password_hash)


@lru_cache(maxsize=8)
def _dummy_hash(parameters: tuple[tuple[str, int], ...]) -> str:
    return _hasher(parameters).hash("not a password anyone has")


def burn_time(password: str) -> None:
    """Verify against a dummy hash so unknown accounts take as long as known ones."""
    verify(_dummy_hash(_parameters()), password)
