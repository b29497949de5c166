"""Who may do what in the editor: every endpoint and every transition, by role."""

from __future__ import annotations

import pytest

from kb.content import revisions
from kb.content.models import Article
from kb.content.workflow import TRANSITIONS
from kb.extensions import db
from tests.helpers import csrf_post, login_as

ROLES = ["anonymous", "staff", "editor", "reviewer", "admin"]
RANK = {role: index for index, role in enumerate(ROLES)}


@pytest.fixture
def content(load):
    load("every_field.jsonl")
    article = db.session.get(Article, "org-partner")
    revisions.snapshot(article, None, "baseline")
    db.session.commit()


def sign_in(client, role: str) -> None:
    if role != "anonymous":
        login_as(client, role)


def post(client, url: str, data: dict | None = None):
    return csrf_post(client, url, data or {}, form_url="/de/login")


def refused(role: str, response, needed: str) -> bool:
    """Tell whether the response is the right refusal for `role`, or success if allowed."""
    if RANK[role] >= RANK[needed]:
        return response.status_code in (200, 302) and "/login" not in (
            response.location or "")
    if role == "anonymous":
        return response.status_code in (401, 302) and (
            response.status_code == 401 or "/login" in response.location)
    return response.status_code == 403


GET_PAGES = [
    ("/de/edit/", "editor"),
    ("/de/edit/lookup?type=organisation&q=Stadt", "editor"),
    ("/de/edit/new/contact", "editor"),
    ("/de/edit/org-partner", "editor"),
    ("/de/edit/org-partner/history", "editor"),
    ("/de/edit/org-partner/translate", "editor"),
    ("/de/edit/trash", "editor"),
    ("/de/edit/settings", "admin"),
]


@pytest.mark.parametrize("role", ROLES)
def test_pages_by_role(client, content, role):
    sign_in(client, role)
    for url, needed in GET_PAGES:
        response = client.get(url)
        assert refused(role, response, needed), (role, url, response.status_code)


POSTS = [
    ("/de/edit/new/organisation", {"title": "Neu", "language": "de"}, "editor"),
    ("/de/edit/org-partner", {"title": "Umbenannt", "language": "de", "version": "1"}, "editor"),
    ("/de/edit/org-partner/verify", {}, "editor"),
    ("/de/edit/preview", {"body": "*x*"}, "editor"),
    ("/de/edit/org-partner/translate", {"title": "Bridge", "language": "en",
                                        "translation_of": "org-partner"}, "editor"),
    ("/de/edit/settings", {"organisation": "6", "contact": "6", "project": "6",
                           "programme": "6"}, "admin"),
]


@pytest.mark.parametrize("role", ROLES)
def test_direct_posts_by_role(client, content, role):
    sign_in(client, role)
    for url, data, needed in POSTS:
        response = post(client, url, data)
        assert refused(role, response, needed), (role, url, response.status_code)


def set_state(article_id: str, state: str) -> None:
    db.session.get(Article, article_id).state = state
    db.session.commit()


@pytest.mark.parametrize("name", list(TRANSITIONS))
@pytest.mark.parametrize("role", ROLES)
def test_every_transition_by_role(client, content, role, name):
    transition = TRANSITIONS[name]
    set_state("org-partner", transition.source)
    sign_in(client, role)
    response = post(client, f"/de/edit/org-partner/{name}",
                    {"comment": "Begründung", "confirm": "1"})
    assert refused(role, response, transition.role.name), (role, name, response.status_code)
    db.session.expire_all()
    state = db.session.get(Article, "org-partner").state
    allowed = RANK[role] >= RANK[transition.role.name]
    assert state == (transition.target if allowed else transition.source)


@pytest.mark.parametrize("role", ROLES)
def test_trash_and_restore_by_role(client, content, role):
    sign_in(client, role)
    response = post(client, "/de/edit/project-draft/delete", {"confirm": "1"})
    # An editor may delete only their own drafts; imported drafts belong to nobody.
    assert refused(role, response, "reviewer"), (role, response.status_code)
    db.session.get(Article, "org-parent").deleted_at = db.func.now()
    db.session.commit()
    response = post(client, "/de/edit/org-parent/undelete")
    assert refused(role, response, "reviewer"), (role, response.status_code)


@pytest.mark.parametrize("role", ROLES)
def test_restore_revision_by_role(client, content, role):
    sign_in(client, role)
    response = post(client, "/de/edit/org-partner/revisions/1/restore")
    assert refused(role, response, "editor"), (role, response.status_code)


def test_posts_without_a_csrf_token_are_refused(client, content):
    login_as(client, "admin")
    for url in ("/de/edit/org-partner/verify", "/de/edit/org-partner/retract",
                "/de/edit/org-partner/delete", "/de/edit/new/organisation"):
        assert client.post(url, data={"title": "X", "confirm": "1"}).status_code == 400
    bad = client.post("/de/edit/org-partner/retract", data={"csrf_token": "forged"})
    assert bad.status_code == 400
    db.session.expire_all()
    article = db.session.get(Article, "org-partner")
    assert article.state == "published" and article.deleted_at is None and not article.verified


def test_lookup_finds_live_articles_of_one_type(client, content):
    login_as(client, "editor")
    found = client.get("/de/edit/lookup?type=organisation&q=musterstadt").json["results"]
    assert {item["id"] for item in found} == {"org-parent", "org-child"}
    assert found[0].keys() >= {"id", "title", "type"}
    assert client.get("/de/edit/lookup?type=contact&q=Anna").json["results"][0]["type"] == (
        "contact")
    assert client.get("/de/edit/lookup?type=contact&q=100%").json["results"] == []
    db.session.get(Article, "org-child").deleted_at = db.func.now()
    db.session.commit()
    found = client.get("/de/edit/lookup?type=organisation&q=musterstadt").json["results"]
    assert [item["id"] for item in found] == ["org-parent"]
    assert client.get("/de/edit/lookup?type=user&q=a").status_code == 400


def test_lookup_is_for_editors_only(client, content):
    anonymous = client.get("/de/edit/lookup?type=contact&q=Bernd")
    assert anonymous.status_code == 302 and "/de/login" in anonymous.location
    assert b"person-internal" not in anonymous.data
    login_as(client, "staff")
    assert client.get("/de/edit/lookup?type=contact&q=Bernd").status_code == 403


def test_article_pages_show_editor_tools_only_to_editors(client, content):
    public = client.get("/de/organisation/org-partner").get_data(as_text=True)
    assert "/de/edit/org-partner" not in public
    login_as(client, "staff")
    assert "/de/edit/org-partner" not in client.get("/de/organisation/org-partner").get_data(
        as_text=True)


def test_article_pages_link_the_editor_for_editors(client, content):
    login_as(client, "editor")
    page = client.get("/de/project/project-draft").get_data(as_text=True)
    assert "/de/edit/project-draft" in page and "state-private" in page
    assert "/de/edit/project-draft/submit" in page and "/publish" not in page
