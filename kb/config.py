"""Settings read from the environment, with defaults that work out of the box."""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Any

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def _instance_path() -> Path:
    return Path(os.environ.get("KB_INSTANCE_PATH", "instance")).resolve()


def _secret_key(instance: Path) -> str:
    """Return KB_SECRET_KEY, or a key generated once and kept in the instance folder.

    Keeping the generated key means sessions survive restarts and every worker
    process of one node signs cookies alike.
    """
    configured = os.environ.get("KB_SECRET_KEY")
    if configured:
        return configured
    key_file = instance / "secret_key"
    if not key_file.exists():
        instance.mkdir(parents=True, exist_ok=True)
        # O_EXCL: when two workers start at once, only one key is ever written.
        try:
            fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass
        else:
            with os.fdopen(fd, "w") as handle:
                handle.write(secrets.token_hex(32))
    return key_file.read_text().strip()


def load_settings(overrides: dict[str, Any] | None = None) -> dict[str, Any]:
    """Build the Flask config from the environment, then apply explicit overrides."""
    overrides = dict(overrides or {})
    instance = Path(overrides.pop("KB_INSTANCE_PATH", None) or _instance_path())
    instance.mkdir(parents=True, exist_ok=True)
    database_url = os.environ.get("KB_DATABASE_URL") or f"sqlite:///{instance / 'kb.sqlite'}"
    settings: dict[str, Any] = {
        "KB_INSTANCE_PATH": instance,
        "KB_INDEX_PATH": Path(os.environ.get("KB_INDEX_PATH") or instance / "search_index"),
        "SQLALCHEMY_DATABASE_URI": database_url,
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
        "SECRET_KEY": None,
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "BABEL_DEFAULT_LOCALE": "de",
        "KB_LANGUAGES": ("de", "en"),
        # Search: apply committed changes to the index right after the commit.
        "KB_INDEX_SYNC": os.environ.get("KB_INDEX_SYNC", "1") != "0",
        "KB_INDEX_POLL_SECONDS": float(os.environ.get("KB_INDEX_POLL_SECONDS", "0.5")),
        # Search results kept per index generation and worker (0: none)
        "KB_SEARCH_RESULT_CACHE": int(os.environ.get("KB_SEARCH_RESULT_CACHE", "512")),
        # Megabytes of postings and term bitsets each worker keeps (memory for speed)
        "KB_SEARCH_CACHE_MB": int(os.environ.get("KB_SEARCH_CACHE_MB", "32")),
        # Several nodes, one database: each node's name, how often it reports its position,
        # and after how long an unseen node is forgotten (it rebuilds when it returns).
        "KB_NODE_NAME": os.environ.get("KB_NODE_NAME", ""),
        "KB_NODE_HEARTBEAT_SECONDS": float(os.environ.get("KB_NODE_HEARTBEAT_SECONDS", "30")),
        "KB_NODE_EXPIRY_SECONDS": float(os.environ.get("KB_NODE_EXPIRY_SECONDS", "604800")),
        # /healthz answers 503 once a committed change has waited this long for the index.
        "KB_HEALTH_MAX_LAG_SECONDS": float(os.environ.get("KB_HEALTH_MAX_LAG_SECONDS", "60")),
        # How many reverse proxies in front of the app set X-Forwarded-* headers.
        "KB_PROXIES": int(os.environ.get("KB_PROXIES", "0")),
    }
    settings.update(overrides)
    if not settings["SECRET_KEY"]:
        settings["SECRET_KEY"] = _secret_key(instance)
    return settings
