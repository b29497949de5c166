"""Configuration, vocabularies and migrations."""

from __future__ import annotations

import json
from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from kb import create_app
from kb.core import vocabularies as vocab
from kb.extensions import db

SCHEMA = json.loads(
    (Path(__file__).parent.parent / "kb/content/exchange.schema.json").read_text())


def test_vocabularies_match_the_exchange_schema():
    defs, props = SCHEMA["$defs"], SCHEMA["properties"]
    assert vocab.TOPICS.codes == defs["topic"]["enum"]
    assert vocab.TARGET_GROUPS.codes == defs["group"]["enum"]
    assert vocab.FUNDING_KINDS.codes == props["funding_kinds"]["items"]["enum"]
    assert vocab.ORG_KINDS.codes == props["org_kind"]["enum"]
    assert set(vocab.CONTENT_TYPES.codes) == set(props["type"]["enum"])
    assert vocab.PROJECT_STATUSES.codes == props["status"]["enum"]
    assert vocab.WORKFLOW_STATES.codes == props["state"]["enum"]


def test_every_term_has_both_labels():
    for vocabulary in (vocab.TOPICS, vocab.TARGET_GROUPS, vocab.FUNDING_KINDS, vocab.ORG_KINDS,
                       vocab.STATES, vocab.CONTENT_TYPES):
        for term in vocabulary:
            assert term.de and term.en


def test_region_labels_and_states():
    assert vocab.region_label("DE-NW", "de") == "Nordrhein-Westfalen"
    assert vocab.region_label("DE-BY", "en") == "Bavaria"
    assert vocab.region_label("DE-NW/Bottrop", "en") == "Bottrop"
    assert vocab.is_known_region("DE-NW/Bottrop") and not vocab.is_known_region("DE-XX")


def test_secret_key_is_generated_once_and_kept(tmp_path, monkeypatch):
    monkeypatch.delenv("KB_SECRET_KEY", raising=False)
    first = create_app({"KB_INSTANCE_PATH": tmp_path}).config["SECRET_KEY"]
    second = create_app({"KB_INSTANCE_PATH": tmp_path}).config["SECRET_KEY"]
    assert first == second and len(first) >= 32
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0


def test_settings_come_from_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("KB_INSTANCE_PATH", str(tmp_path / "inst"))
    monkeypatch.setenv("KB_DATABASE_URL", f"sqlite:///{tmp_path / 'other.sqlite'}")
    monkeypatch.setenv("KB_SECRET_KEY", "from-env")
    app = create_app()
    assert app.config["SQLALCHEMY_DATABASE_URI"].endswith("other.sqlite")
    assert app.config["SECRET_KEY"] == "from-env"
    assert Path(app.instance_path) == tmp_path / "inst"


def test_migrations_build_exactly_the_models(app):
    """The committed migrations and the models agree: no change left to generate."""
    with db.engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), db.metadata)
    assert differences == []
