"""Admins extend the search glossary on a page; every search uses it at once."""

from __future__ import annotations

import pytest

from kb.audit.models import AuditEntry
from kb.extensions import db
from kb.search.sync import catch_up
from tests.helpers import csrf_post, login_as

URL = "/de/admin/glossary/"


@pytest.fixture
def indexed(load):
    load([{"id": "kita-org", "type": "organisation", "language": "de", "state": "published",
           "title": "Kindertagesstätte Sonnenschein", "summary": "Betreuung für Kinder"}])
    catch_up()


def found(client, text: str) -> list[str]:
    body = client.get("/api/v1/search", query_string={"q": text}).get_json()
    return [hit["id"] for hit in body["results"]]


def test_an_admin_line_makes_a_synonym_searchable(client, indexed):
    assert "kita-org" not in found(client, "Krippenplatz")
    login_as(client, "admin")
    response = csrf_post(client, URL, {"text": "Krippenplatz | Kindertagesstätte\n"})
    assert response.status_code == 302
    assert "kita-org" in found(client, "Krippenplatz")
    entry = db.session.scalars(db.select(AuditEntry).order_by(AuditEntry.id.desc())).first()
    assert (entry.action, entry.target_id) == ("settings.update", "glossary")


def test_unusable_lines_are_refused_and_kept(client, indexed):
    login_as(client, "admin")
    response = csrf_post(client, URL, {"text": "Krippenplatz | Kita\n =>  \n"})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Krippenplatz | Kita" in page and "2:" in page


@pytest.mark.parametrize("role", ["staff", "editor", "reviewer"])
def test_only_admins_edit_the_glossary(client, indexed, role):
    login_as(client, role)
    assert client.get(URL).status_code == 403
    assert csrf_post(client, URL, {"text": "A | B"}).status_code == 403


def test_anonymous_readers_are_sent_to_sign_in(client):
    assert client.get(URL).status_code == 302


def test_a_post_without_csrf_token_is_refused(client, indexed):
    login_as(client, "admin")
    assert client.post(URL, data={"text": "A | B"}).status_code == 400
