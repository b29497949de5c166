"""Workflow steps, the trash with referrer warnings, translations and review dates."""

from __future__ import annotations

import datetime as dt

import pytest

from kb.content import freshness
from kb.content.models import Article
from kb.content.workflow import WorkflowEvent
from kb.extensions import db
from tests.helpers import csrf_post, login_as
from tests.test_editing_history import edit_data, save

TODAY = dt.date.today()


@pytest.fixture
def content(load):
    load("every_field.jsonl")


def post(client, url: str, data: dict | None = None):
    return csrf_post(client, url, data or {}, form_url="/de/edit/")


def state_of(article_id: str) -> str:
    db.session.expire_all()
    return db.session.get(Article, article_id).state


def test_a_draft_goes_through_review_and_back(client, content):
    login_as(client, "reviewer")
    assert post(client, "/de/edit/project-draft/submit").status_code == 302
    assert state_of("project-draft") == "pending"
    assert post(client, "/de/edit/project-draft/publish").status_code == 302
    assert post(client, "/de/edit/project-draft/retract").status_code == 302
    assert state_of("project-draft") == "private"
    events = db.session.query(WorkflowEvent).filter_by(article_id="project-draft").all()
    assert [(e.transition, e.from_state, e.to_state) for e in events] == [
        ("submit", "private", "pending"), ("publish", "pending", "published"),
        ("retract", "published", "private")]
    assert all(e.user_id for e in events)


def test_rejecting_needs_a_comment_and_shows_it(client, content):
    login_as(client, "reviewer")
    response = post(client, "/de/edit/project-y/reject", {"comment": "  "})
    assert response.status_code == 422 and state_of("project-y") == "pending"
    assert post(client, "/de/edit/project-y/reject", {"comment": "Quelle fehlt"}).status_code == (
        302)
    assert state_of("project-y") == "private"
    page = client.get("/de/project/project-y").get_data(as_text=True)
    assert "Quelle fehlt" in page and "Zurückweisen" in page


def test_steps_from_the_wrong_state_are_refused(client, content):
    login_as(client, "reviewer")
    assert post(client, "/de/edit/project-draft/publish").status_code == 409
    assert post(client, "/de/edit/org-partner/restore").status_code == 409
    assert state_of("project-draft") == "private"


def test_archiving_a_referenced_entry_asks_first(client, content):
    login_as(client, "reviewer")
    response = post(client, "/de/edit/programme-x/archive")
    page = response.get_data(as_text=True)
    assert response.status_code == 409 and "Brücken bauen" in page
    assert state_of("programme-x") == "published"
    assert post(client, "/de/edit/programme-x/archive", {"confirm": "1"}).status_code == 302
    assert state_of("programme-x") == "archived"
    assert post(client, "/de/edit/programme-x/restore").status_code == 302
    assert state_of("programme-x") == "private"


def test_deleting_lists_referrers_then_moves_to_the_trash(client, content):
    login_as(client, "reviewer")
    response = post(client, "/de/edit/org-parent/delete")
    page = response.get_data(as_text=True)
    assert response.status_code == 409
    for referrer in ("Integrationsbüro Musterstadt", "Brücken bauen"):
        assert referrer in page
    assert db.session.get(Article, "org-parent").deleted_at is None
    assert post(client, "/de/edit/org-parent/delete", {"confirm": "1"}).status_code == 302
    db.session.expire_all()
    assert db.session.get(Article, "org-parent").deleted_at is not None
    assert client.get("/de/organisation/org-parent").status_code == 404
    assert client.get("/de/edit/org-parent").status_code == 404
    assert "Stadt Musterstadt" in client.get("/de/edit/trash").get_data(as_text=True)
    assert post(client, "/de/edit/org-parent/undelete").status_code == 302
    db.session.expire_all()
    assert db.session.get(Article, "org-parent").deleted_at is None


def test_editors_delete_their_own_drafts_only(app, content):
    mine, other = app.test_client(), app.test_client()
    login_as(mine, "editor")
    login_as(other, "editor", email="other@example.org")
    post(mine, "/de/edit/new/organisation", {"title": "Mein Entwurf", "language": "de"})
    assert post(other, "/de/edit/mein-entwurf/delete").status_code == 403
    assert post(mine, "/de/edit/org-partner/delete").status_code == 403  # published
    assert post(mine, "/de/edit/mein-entwurf/delete").status_code == 302
    trash = mine.get("/de/edit/trash").get_data(as_text=True)
    assert "Mein Entwurf" in trash and "/undelete" not in trash


def test_the_dashboard_lists_drafts_pending_overdue_and_outdated(client, content):
    login_as(client, "reviewer")
    post(client, "/de/edit/new/contact", {"title": "Frau Neu", "name": "Neu", "language": "de"})
    db.session.get(Article, "org-child").review_due = TODAY - dt.timedelta(days=1)
    db.session.commit()
    page = client.get("/de/edit/").get_data(as_text=True)
    assert "Frau Neu" in page  # my draft
    assert "Brücken bauen" in page  # pending review
    assert "Integrationsbüro Musterstadt" in page  # overdue


def translate_org_parent(client):
    return post(client, "/de/edit/org-parent/translate",
                {"title": "City of Musterstadt", "language": "en",
                 "translation_of": "org-parent", "org_kind": "authority"})


def test_translate_creates_the_linked_version(client, content):
    login_as(client, "editor")
    page = client.get("/de/edit/org-parent/translate").get_data(as_text=True)
    assert 'class="original"' in page and "Rathausplatz 1" in page
    assert translate_org_parent(client).status_code == 302
    translation = db.session.query(Article).filter_by(translation_of_id="org-parent").one()
    assert translation.language == "en" and translation.state == "private"
    assert translation.source_version == db.session.get(Article, "org-parent").version
    again = client.get("/de/edit/org-parent/translate")
    assert again.status_code == 302 and again.location.endswith(f"/de/edit/{translation.id}")


def test_changed_originals_flag_their_translations_until_confirmed(client, content):
    login_as(client, "reviewer")
    translate_org_parent(client)
    translation = db.session.query(Article).filter_by(translation_of_id="org-parent").one()
    post(client, "/de/edit/org-parent/retract")  # a workflow step changes no content
    assert not freshness.is_outdated(translation)
    save(client, "org-parent", {**edit_data(client, "org-parent"), "summary": "Neu."})
    db.session.expire_all()
    assert freshness.is_outdated(translation)
    original_page = client.get("/de/organisation/org-parent").get_data(as_text=True)
    assert "ist veraltet" in original_page
    translation_page = client.get(f"/de/edit/{translation.id}").get_data(as_text=True)
    assert "Das Original wurde geändert" in translation_page and "summary" in translation_page
    assert "City of Musterstadt" in client.get("/de/edit/").get_data(as_text=True)
    assert post(client, f"/de/edit/{translation.id}/confirm-translation").status_code == 302
    db.session.expire_all()
    assert not freshness.is_outdated(translation)
    assert "ist veraltet" not in client.get("/de/organisation/org-parent").get_data(
        as_text=True)


def test_updating_the_translation_clears_the_flag(client, content):
    login_as(client, "editor")
    translate_org_parent(client)
    translation = db.session.query(Article).filter_by(translation_of_id="org-parent").one()
    save(client, "org-parent", {**edit_data(client, "org-parent"), "summary": "Neu."})
    db.session.expire_all()
    assert freshness.is_outdated(translation)
    save(client, translation.id, {**edit_data(client, translation.id), "summary": "New."})
    db.session.expire_all()
    assert not freshness.is_outdated(translation)


@pytest.mark.parametrize("article_id,months", [
    ("org-partner", 12), ("person-a", 6), ("programme-x", 3), ("project-y", 12)])
def test_verifying_sets_the_review_date_by_type(client, content, article_id, months):
    login_as(client, "editor")
    assert post(client, f"/de/edit/{article_id}/verify").status_code == 302
    db.session.expire_all()
    article = db.session.get(Article, article_id)
    assert article.verified == TODAY
    assert article.review_due == freshness.add_months(TODAY, months)


def test_admins_change_review_intervals(client, content):
    login_as(client, "admin")
    response = post(client, "/de/edit/settings", {"organisation": "24", "contact": "2",
                                                   "project": "12", "programme": "1"})
    assert response.status_code == 302
    assert freshness.intervals() == {"organisation": 24, "contact": 2, "project": 12,
                                     "programme": 1}
    post(client, "/de/edit/person-a/verify")
    db.session.expire_all()
    assert db.session.get(Article, "person-a").review_due == freshness.add_months(TODAY, 2)
    assert post(client, "/de/edit/settings", {"organisation": "0", "contact": "2",
                                              "project": "12", "programme": "1"}).status_code == (
        200)
    assert freshness.intervals()["organisation"] == 24


@pytest.mark.parametrize("day,months,expected", [
    (dt.date(2026, 1, 31), 1, dt.date(2026, 2, 28)),
    (dt.date(2026, 11, 15), 3, dt.date(2027, 2, 15)),
    (dt.date(2024, 2, 29), 12, dt.date(2025, 2, 28)),
])
def test_add_months_clamps_to_the_month_end(day, months, expected):
    assert freshness.add_months(day, months) == expected


def test_every_change_is_audited(client, content):
    from kb.audit.models import AuditEntry

    login_as(client, "reviewer")
    post(client, "/de/edit/project-y/publish")
    post(client, "/de/edit/org-partner/verify")
    save(client, "org-partner", {**edit_data(client, "org-partner"), "summary": "Neu."})
    entries = db.session.query(AuditEntry).filter(AuditEntry.action.like("article.%")).all()
    assert [(e.action, e.target_id, e.details["operation"]) for e in entries] == [
        ("article.transition", "project-y", "publish"),
        ("article.verify", "org-partner", "verify"),
        ("article.update", "org-partner", "update"),
    ]
