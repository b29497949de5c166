"""Test fixtures: every test gets an app from the factory on its own temp instance."""

from __future__ import annotations

import json
import os
import shutil
import uuid
from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.pool import NullPool

from kb import create_app
from kb.content.importer import import_lines
from kb.extensions import db

DATA = Path(__file__).parent / "data"
# Set (by scripts/with-postgres) to run the suite on a PostgreSQL server: every test then
# gets a fresh database on it, cloned from one migrated template database.
POSTGRES_URL = os.environ.get("KB_TEST_DATABASE_URL") or None
# Tests choose their database explicitly; an exported KB_DATABASE_URL must not leak in.
os.environ.pop("KB_DATABASE_URL", None)


def _admin_engine():
    """Connect to the server's maintenance database, outside transactions (CREATE DATABASE)."""
    return create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT", poolclass=NullPool)


def postgres_database_url(name: str) -> str:
    """Return the URL of database `name` on the test server."""
    return make_url(POSTGRES_URL).set(database=name).render_as_string(hide_password=False)


def _create_database(name: str, template: str | None = None) -> str:
    clause = f" TEMPLATE {template}" if template else ""
    engine = _admin_engine()
    with engine.connect() as connection:
        connection.execute(text(f"CREATE DATABASE {name}{clause}"))
    engine.dispose()
    return postgres_database_url(name)


def _drop_database(name: str) -> None:
    engine = _admin_engine()
    with engine.connect() as connection:
        connection.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
    engine.dispose()


def _migrate(instance: Path, url: str | None = None) -> None:
    config = {"KB_INSTANCE_PATH": instance, "SECRET_KEY": "test", "KB_INDEX_SYNC": False}
    if url:
        config["SQLALCHEMY_DATABASE_URI"] = url
    app = create_app(config)
    with app.app_context():
        from flask_migrate import upgrade

        upgrade()
        db.engine.dispose()


@pytest.fixture(scope="session")
def migrated_template(tmp_path_factory) -> Iterator[Path | str]:
    """Build one database through the real migrations; tests copy it.

    SQLite: the template is a file. PostgreSQL: a database name, cloned per test with
    CREATE DATABASE ... TEMPLATE, which copies files and is much faster than migrating.
    """
    instance = tmp_path_factory.mktemp("template")
    if not POSTGRES_URL:
        _migrate(instance)
        yield instance / "kb.sqlite"
        return
    name = f"kb_template_{os.getpid()}"
    _drop_database(name)
    _migrate(instance, _create_database(name))
    yield name
    _drop_database(name)


def _database_url(instance: Path, template: Path | str) -> str:
    """Give the test its own copy of the migrated template database."""
    if POSTGRES_URL:
        return _create_database(f"kb_test_{uuid.uuid4().hex[:16]}", template=str(template))
    shutil.copy(template, instance / "kb.sqlite")
    return f"sqlite:///{instance / 'kb.sqlite'}"


def _discard_database(url: str) -> None:
    """Drop a test's PostgreSQL database (a SQLite copy goes with the temp folder)."""
    if POSTGRES_URL:
        _drop_database(make_url(url).database)


@pytest.fixture
def app(tmp_path, migrated_template):
    instance = tmp_path / "instance"
    instance.mkdir()
    database_url = _database_url(instance, migrated_template)
    app = create_app({
        "KB_INSTANCE_PATH": instance,
        "SQLALCHEMY_DATABASE_URI": database_url,
        "SECRET_KEY": "test-secret",
        "TESTING": True,
        "WTF_CSRF_ENABLED": True,
        # Tests apply index changes explicitly or through the after-request hook.
        "KB_INDEX_POLL_SECONDS": 0,
    })
    with app.app_context():
        yield app
        _stop_poller(app)
        db.session.remove()
        db.engine.dispose()
    _discard_database(database_url)


def _stop_poller(app) -> None:
    """Stop a poller a test started, so it does not hold a connection to a dropped database."""
    poller = app.extensions.get("kb_search", {}).get("poller")
    if poller is not None:
        poller.stopped.set()
        poller.join(timeout=5)


@pytest.fixture
def client(app):
    return app.test_client()


def jsonl(records: Iterable[dict]) -> list[str]:
    """Turn records into exchange-file lines."""
    return [json.dumps(record, ensure_ascii=False) for record in records]


@pytest.fixture
def load(app):
    """Import records (dicts) or a data file name; fail the test on any import error."""

    def _load(source):
        lines = (DATA / source).read_text(encoding="utf-8").splitlines() if isinstance(
            source, str) else jsonl(source)
        report = import_lines(lines)
        assert report.ok, [str(error) for error in report.errors]
        return report

    return _load
