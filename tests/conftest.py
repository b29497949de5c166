"""Test fixtures: every test gets an app from the factory on its own temp instance."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterable
from pathlib import Path

import pytest

from kb import create_app
from kb.content.importer import import_lines
from kb.extensions import db

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="session")
def migrated_template(tmp_path_factory) -> Path:
    """Build one SQLite database through the real migrations; tests copy it."""
    instance = tmp_path_factory.mktemp("template")
    app = create_app({"KB_INSTANCE_PATH": instance, "SECRET_KEY": "test", "KB_INDEX_SYNC": False})
    with app.app_context():
        from flask_migrate import upgrade

        upgrade()
        db.engine.dispose()
    return instance / "kb.sqlite"


def _database_url(instance: Path, template: Path) -> str:
    """Give the test its own copy of the migrated template database."""
    shutil.copy(template, instance / "kb.sqlite")
    return f"sqlite:///{instance / 'kb.sqlite'}"


@pytest.fixture
def app(tmp_path, migrated_template):
    instance = tmp_path / "instance"
    instance.mkdir()
    app = create_app({
        "KB_INSTANCE_PATH": instance,
        "SQLALCHEMY_DATABASE_URI": _database_url(instance, migrated_template),
        "SECRET_KEY": "test-secret",
        "TESTING": True,
        "WTF_CSRF_ENABLED": True,
        # Tests apply index changes explicitly or through the after-request hook.
        "KB_INDEX_POLL_SECONDS": 0,
    })
    with app.app_context():
        yield app
        db.session.remove()
        db.engine.dispose()


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
