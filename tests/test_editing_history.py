"""Revisions, comparisons, restoring, and edits that cross each other."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from sqlalchemy import update

from kb.content import revisions
from kb.content.models import Article
from kb.editing import operations
from kb.extensions import db
from tests.helpers import csrf_post, login_as


@pytest.fixture
def content(load):
    load("every_field.jsonl")


class FormValues(HTMLParser):
    """Collect what a browser would submit from the article form (no buttons)."""

    def __init__(self):
        super().__init__()
        self.values: dict[str, list[str]] = {}
        self._textarea: str | None = None
        self._select: str | None = None

    def _add(self, name: str, value: str) -> None:
        self.values.setdefault(name, []).append(value)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        name = a.get("name")
        if tag == "input" and name and name != "csrf_token" and a.get("type") != "submit":
            if a.get("type") not in ("checkbox", "radio") or "checked" in a:
                self._add(name, a.get("value") or "")
        elif tag == "textarea" and name:
            self._textarea = name
            self._add(name, "")
        elif tag == "select" and name:
            self._select = name
        elif tag == "option" and self._select and "selected" in a:
            self._add(self._select, a.get("value") or "")

    def handle_data(self, data):
        if self._textarea:
            self.values[self._textarea][-1] += data

    def handle_endtag(self, tag):
        if tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None


def edit_data(client, article_id: str) -> dict:
    """Return the edit form's current values as a browser would post them."""
    page = client.get(f"/de/edit/{article_id}").get_data(as_text=True)
    form = page[page.index('<form method="post" class="article-form"'):]
    parser = FormValues()
    parser.feed(form[:form.index("</form>")])
    return {name: values if len(values) > 1 else values[0]
            for name, values in parser.values.items()}


def save(client, article_id: str, data: dict):
    return csrf_post(client, f"/de/edit/{article_id}", data, form_url="/de/edit/")


def test_every_save_stores_a_revision_and_history_lists_them(client, content):
    login_as(client, "editor")
    base = edit_data(client, "org-partner")
    assert save(client, "org-partner", {**base, "body": "Erste Zeile\nZweite"}).status_code == 302
    data = edit_data(client, "org-partner")
    assert save(client, "org-partner", {**data, "body": "Erste Zeile\nZweite <b>neu</b>",
                                        "comment": "Text ergänzt"}).status_code == 302
    listed = revisions.listing("org-partner")
    # The imported state is kept as a baseline before the first edit.
    assert [r.version for r in listed] == [3, 2, 1] and listed[0].author_id is not None
    assert listed[0].record["body"].endswith("<b>neu</b>") and listed[0].comment == (
        "Text ergänzt")
    page = client.get("/de/edit/org-partner/history").get_data(as_text=True)
    assert "Text ergänzt" in page and "Editor" in page


def test_unchanged_saves_store_nothing(client, content):
    login_as(client, "editor")
    response = save(client, "org-partner", edit_data(client, "org-partner"))
    assert response.status_code == 302 and revisions.listing("org-partner") == []


def test_compare_shows_fields_and_an_escaped_line_diff(client, content):
    login_as(client, "editor")
    save(client, "org-partner", {**edit_data(client, "org-partner"), "body": "a\nb\nc"})
    save(client, "org-partner", {**edit_data(client, "org-partner"), "title": "Brücke neu",
                                 "body": "a\n<script>x</script>\nc"})
    page = client.get("/de/edit/org-partner/compare?a=2&b=3").get_data(as_text=True)
    assert "Verein Brücke e. V." in page and "Brücke neu" in page
    assert '<span class="del">-b</span>' in page
    assert '<span class="ins">+&lt;script&gt;x&lt;/script&gt;</span>' in page
    assert "<script>x" not in page
    assert client.get("/de/edit/org-partner/compare?a=2&b=99").status_code == 404


def test_restoring_an_old_revision_makes_a_new_one(client, content):
    login_as(client, "editor")
    save(client, "org-partner", {**edit_data(client, "org-partner"), "title": "Falsch"})
    response = csrf_post(client, "/de/edit/org-partner/revisions/1/restore", {},
                         form_url="/de/edit/")
    assert response.status_code == 302
    db.session.expire_all()
    article = db.session.get(Article, "org-partner")
    assert article.title == "Verein Brücke e. V." and article.version == 3
    assert revisions.listing("org-partner")[0].comment == "restored version 1"


def test_concurrent_edits_show_a_conflict_and_keep_the_input(app, content):
    first, second = app.test_client(), app.test_client()
    login_as(first, "editor")
    login_as(second, "reviewer")
    mine, theirs = edit_data(first, "org-partner"), edit_data(second, "org-partner")
    assert save(first, "org-partner", {**mine, "title": "Von A"}).status_code == 302
    response = save(second, "org-partner", {**theirs, "summary": "Text von B"})
    page = response.get_data(as_text=True)
    assert response.status_code == 409 and "Text von B" in page
    assert "Von A" in page and "Verein Brücke e. V." in page  # the diff base -> current
    db.session.expire_all()
    assert db.session.get(Article, "org-partner").summary is None
    retry = dict(theirs, summary="Text von B", title="Von A",
                 version=re.search(r'name="version"[^>]*value="(\d+)"', page).group(1))
    assert save(second, "org-partner", retry).status_code == 302
    db.session.expire_all()
    article = db.session.get(Article, "org-partner")
    assert (article.title, article.summary) == ("Von A", "Text von B")


def test_a_workflow_step_in_between_is_no_conflict(app, content):
    editor, reviewer = app.test_client(), app.test_client()
    login_as(editor, "editor")
    login_as(reviewer, "reviewer", email="r@example.org")
    data = edit_data(editor, "org-partner")
    csrf_post(reviewer, "/de/edit/org-partner/retract", {}, form_url="/de/edit/")
    assert save(editor, "org-partner", {**data, "summary": "Neu"}).status_code == 302
    db.session.expire_all()
    assert db.session.get(Article, "org-partner").state == "private"


def test_a_race_in_the_same_second_is_caught(client, content, monkeypatch):
    login_as(client, "editor")
    data = edit_data(client, "org-partner")
    real_changes = operations.content_changes

    def someone_saves_meanwhile(article, record):
        # A plain table UPDATE: the session's copy keeps the old version, as in a race.
        table = Article.__table__
        db.session.execute(update(table).where(table.c.id == article.id)
                           .values(version=table.c.version + 1))
        return real_changes(article, record)

    monkeypatch.setattr(operations, "content_changes", someone_saves_meanwhile)
    response = save(client, "org-partner", {**data, "title": "Verloren?"})
    assert response.status_code == 409 and "Verloren?" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Article, "org-partner").title == "Verein Brücke e. V."
