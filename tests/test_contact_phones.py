"""A contact keeps its phone's display form and tel: link with the number, however saved."""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa

from kb import create_app
from kb.content.importer import import_lines
from kb.content.models import Contact
from kb.core.phones import phone_forms
from kb.extensions import db
from tests.conftest import jsonl

DRESDEN = ("0351 919889", "tel:+49351919889")


def test_phone_forms_display_national_at_home_and_international_abroad():
    assert phone_forms("(0351) 91 98 89") == DRESDEN
    assert phone_forms("+43 1 5321234") == ("+43 1 5321234", "tel:+4315321234")
    assert phone_forms("Zentrale") == ("Zentrale", "tel:Zentrale")


def test_the_model_keeps_the_forms_whenever_the_phone_changes(app):
    contact = Contact(id="c1", type="contact", language="de", title="T", name="N",
                      phone="+49351919889")
    assert (contact.phone_display, contact.phone_uri) == DRESDEN
    contact.phone = None
    assert (contact.phone_display, contact.phone_uri) == (None, None)


def test_an_import_keeps_the_forms(app):
    report = import_lines(jsonl([
        {"id": "c1", "type": "contact", "language": "de", "title": "T", "name": "N",
         "phone": "(0351) 91 98 89"},
        {"id": "c2", "type": "contact", "language": "de", "title": "T", "name": "M"},
    ]))
    assert not report.errors
    rows = dict(db.session.execute(sa.select(Contact.id, Contact.phone_uri)).all())
    assert rows == {"c1": DRESDEN[1], "c2": None}
    assert db.session.get(Contact, "c1").phone_display == DRESDEN[0]


def test_the_migration_fills_the_forms_of_existing_contacts(tmp_path: Path):
    from flask_migrate import upgrade

    app = create_app({"KB_INSTANCE_PATH": tmp_path, "SECRET_KEY": "test",
                      "KB_INDEX_SYNC": False,
                      "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'old.sqlite'}"})
    with app.app_context():
        upgrade(revision="f2e2c7ceaa10")  # the schema before the forms were kept
        db.session.execute(sa.text(
            "INSERT INTO article (id, type, language, title, tags, topics, target_groups, "
            "regions, links, state, version, created, modified) VALUES "
            "('c1', 'contact', 'de', 'T', '[]', '[]', '[]', '[]', '[]', 'published', 1, "
            "'2026-01-01', '2026-01-01')"))
        db.session.execute(sa.text(
            "INSERT INTO contact (id, name, phone, responsibilities, languages_spoken, "
            "visibility) VALUES ('c1', 'N', '(0351) 91 98 89', '[]', '[]', 'public')"))
        db.session.commit()
        upgrade()
        row = db.session.execute(sa.text(
            "SELECT phone_display, phone_uri FROM contact WHERE id = 'c1'")).one()
        assert tuple(row) == DRESDEN
        db.engine.dispose()
