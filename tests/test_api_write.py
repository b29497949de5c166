"""Writing through /api/v1: roles, If-Match/ETag, validation by the form rules, CSRF."""

from __future__ import annotations

import re

import pytest

from kb import create_app
from kb.accounts import tokens
from kb.audit.models import AuditEntry
from kb.content.models import Article
from kb.extensions import db
from kb.search.sync import catch_up
from tests.helpers import csrf_token, login_as, make_user

NEW_ORG = {"type": "organisation", "language": "de", "title": "Büro für Integration",
           "phone": "0201 123456", "topics": ["language"], "regions": ["DE-NW/Essen"]}


@pytest.fixture
def content(load):
    load("every_field.jsonl")
    catch_up()


def bearer(role: str, email: str | None = None) -> dict[str, str]:
    """Return the Authorization header of a fresh token of a new account with `role`."""
    _token, secret = tokens.issue(make_user(role, email=email), "test")
    db.session.commit()
    return {"Authorization": f"Bearer {secret}"}


def etag_of(client, article_id: str, headers: dict) -> str:
    return client.get(f"/api/v1/articles/{article_id}", headers=headers).headers["ETag"]


def test_editors_create_drafts_with_form_normalisation(client, content):
    editor = bearer("editor")
    response = client.post("/api/v1/articles", json=NEW_ORG, headers=editor)
    assert response.status_code == 201, response.get_json()
    body = response.get_json()
    assert body["id"] == "buero-fuer-integration"
    assert response.headers["Location"] == "/api/v1/articles/buero-fuer-integration"
    assert response.headers["ETag"] == f'"{body["version"]}"'
    assert body["record"]["state"] == "private"
    assert body["record"]["phone"] == "+49201123456"  # E.164, as the form stores it
    assert db.session.scalar(db.select(AuditEntry.action).where(
        AuditEntry.target_id == "buero-fuer-integration")) == "article.create"
    again = client.post("/api/v1/articles", json={**NEW_ORG, "id": "buero-fuer-integration"},
                        headers=editor)
    assert again.status_code == 409 and again.get_json()["field"] == "id"


@pytest.mark.parametrize("role", ["staff"])
def test_staff_may_not_write(client, content, role):
    headers = bearer(role)
    assert client.post("/api/v1/articles", json=NEW_ORG, headers=headers).status_code == 403
    tag = etag_of(client, "org-child", headers)
    patched = client.patch("/api/v1/articles/org-child", json={"summary": "x"},
                           headers={**headers, "If-Match": tag})
    assert patched.status_code == 403


def test_anonymous_writes_need_authentication(client, content):
    response = client.post("/api/v1/articles", json=NEW_ORG)
    assert response.status_code == 401
    assert response.get_json() == {"error": "authentication required", "field": None}
    assert "Bearer" in response.headers["WWW-Authenticate"]
    assert client.delete("/api/v1/articles/org-child").status_code == 401


@pytest.mark.parametrize(("change", "field", "message"), [
    ({"title": ""}, "title", None),
    ({"phone": "12"}, "phone", "Keine gültige Telefonnummer."),
    ({"email": "nobody"}, "email", "Keine gültige E-Mail-Adresse."),
    ({"website": "ftp://x.org"}, "website", "http://"),
    ({"postcode": "1234"}, "postcode", "not a field"),
    ({"address": {"postcode": "1234"}}, "address", "Fünf Ziffern"),
    ({"topics": ["space"]}, "topics", None),
    ({"regions": ["DE-XX"]}, "regions", None),
    ({"effective": "2026-05-01", "expires": "2026-04-01"}, "expires", "Muss nach"),
    ({"parent": "nowhere"}, "parent", "resolves nowhere"),
    ({"parent": "person-a"}, "parent", "is a contact"),
    ({"state": "published"}, "state", "workflow"),
    ({"tags": "one"}, "tags", "list of strings"),
    ({"amount_max_eur": 5}, "amount_max_eur", "not a field"),
])
def test_invalid_fields_are_named_as_the_form_names_them(client, content, change, field,
                                                          message):
    response = client.post("/api/v1/articles", json={**NEW_ORG, **change},
                           headers=bearer("editor"))
    body = response.get_json()
    assert response.status_code == 400, body
    assert {error["field"] for error in body["errors"]} >= {field}
    assert body["field"] == body["errors"][0]["field"]
    if message:
        assert any(message in error["error"] for error in body["errors"])


def test_the_form_and_the_api_agree_on_a_bad_phone(client, content):
    """Same record, same rule, same message: the API reuses the form's validation."""
    login_as(client, "editor", email="form-editor@example.org")
    token = csrf_token(client, "/de/edit/new/organisation")
    page = client.post("/de/edit/new/organisation", data={
        "csrf_token": token, "language": "de", "title": "X", "phone": "12", "save": "1"})
    assert page.status_code == 422
    assert "Keine gültige Telefonnummer." in page.get_data(as_text=True)
    api = client.post("/api/v1/articles", json={**NEW_ORG, "phone": "12"},
                      headers=bearer("editor"))
    assert api.get_json()["errors"] == [{"field": "phone",
                                         "error": "Keine gültige Telefonnummer."}]


def test_patch_merges_onto_the_current_record(client, content):
    editor = bearer("editor")
    before = client.get("/api/v1/articles/org-child", headers=editor)
    response = client.patch("/api/v1/articles/org-child", json={"summary": "Neu", "tags": None},
                            headers={**editor, "If-Match": before.headers["ETag"]})
    assert response.status_code == 200, response.get_json()
    after = response.get_json()
    old = before.get_json()
    assert after["version"] == old["version"] + 1
    assert response.headers["ETag"] == f'"{after["version"]}"'
    assert after["record"]["summary"] == "Neu" and "tags" not in after["record"]
    assert after["record"]["title"] == old["record"]["title"]
    assert after["record"]["parent"] == "org-parent"


def test_missing_if_match_is_428_and_a_stale_one_412(client, content):
    editor = bearer("editor")
    url = "/api/v1/articles/org-child"
    missing = client.patch(url, json={"summary": "a"}, headers=editor)
    assert missing.status_code == 428 and missing.get_json()["field"] is None
    star = client.patch(url, json={"summary": "a"}, headers={**editor, "If-Match": "*"})
    assert star.status_code == 428
    first = etag_of(client, "org-child", editor)
    ok = client.patch(url, json={"summary": "mine"}, headers={**editor, "If-Match": first})
    assert ok.status_code == 200
    stale = client.patch(url, json={"summary": "theirs"}, headers={**editor, "If-Match": first})
    assert stale.status_code == 412
    body = stale.get_json()
    assert body["current_version"] == ok.get_json()["version"]
    assert body["current"]["summary"] == "mine"
    assert stale.headers["ETag"] == ok.headers["ETag"]
    assert db.session.get(Article, "org-child").summary == "mine"  # nothing overwritten
    for method in ("delete", "post"):
        target = url if method == "delete" else f"{url}/transitions/retract"
        response = getattr(client, method)(target, headers={**bearer("reviewer", f"{method}@x.org"),
                                                            "If-Match": first})
        assert response.status_code == 412


def test_workflow_transitions_follow_roles_and_states(client, content):
    editor, reviewer = bearer("editor"), bearer("reviewer")
    created = client.post("/api/v1/articles", json=NEW_ORG, headers=editor)
    url = f"/api/v1/articles/{created.get_json()['id']}/transitions"
    tag = created.headers["ETag"]
    publish = client.post(f"{url}/publish", headers={**reviewer, "If-Match": tag})
    assert publish.status_code == 409  # a draft must be submitted first
    submitted = client.post(f"{url}/submit", headers={**editor, "If-Match": tag})
    assert submitted.status_code == 200 and submitted.get_json()["record"]["state"] == "pending"
    tag = submitted.headers["ETag"]
    assert client.post(f"{url}/publish", headers={**editor, "If-Match": tag}).status_code == 403
    reject = client.post(f"{url}/reject", headers={**reviewer, "If-Match": tag}, json={})
    assert reject.status_code == 400 and reject.get_json()["field"] == "comment"
    assert client.post(f"{url}/fly", headers={**reviewer, "If-Match": tag}).status_code == 404
    published = client.post(f"{url}/publish", headers={**reviewer, "If-Match": tag},
                            json={"comment": "passt"})
    assert published.status_code == 200
    assert published.get_json()["record"]["state"] == "published"


def test_archiving_or_deleting_a_referenced_article_asks_for_confirmation(client, content):
    reviewer = bearer("reviewer")
    tag = etag_of(client, "org-parent", reviewer)
    url = "/api/v1/articles/org-parent"
    archive = client.post(f"{url}/transitions/archive", headers={**reviewer, "If-Match": tag})
    assert archive.status_code == 409
    assert "org-child" in {r["id"] for r in archive.get_json()["referrers"]}
    deleted = client.delete(url, headers={**reviewer, "If-Match": tag})
    assert deleted.status_code == 409
    confirmed = client.delete(f"{url}?confirm=true", headers={**reviewer, "If-Match": tag})
    assert confirmed.status_code == 204
    assert db.session.get(Article, "org-parent").deleted_at is not None
    assert client.get(url, headers=reviewer).status_code == 404


def test_editors_delete_only_their_own_drafts(client, content):
    editor = bearer("editor")
    created = client.post("/api/v1/articles", json=NEW_ORG, headers=editor)
    own = f"/api/v1/articles/{created.get_json()['id']}"
    assert client.delete(own, headers={**editor, "If-Match": created.headers["ETag"]}
                         ).status_code == 204
    tag = etag_of(client, "project-draft", editor)
    other = client.delete("/api/v1/articles/project-draft", headers={**editor, "If-Match": tag})
    assert other.status_code == 403


def test_writes_are_rate_limited_per_account(client, content, app):
    app.config["KB_API_WRITE_LIMIT"] = (2, 60)
    editor = bearer("editor")
    codes = [client.post("/api/v1/articles", json={**NEW_ORG, "title": f"Org {n}"},
                         headers=editor).status_code for n in range(3)]
    assert codes == [201, 201, 429]
    refused = client.post("/api/v1/articles", json=NEW_ORG, headers=editor)
    assert int(refused.headers["Retry-After"]) > 0
    assert client.post("/api/v1/articles", json={**NEW_ORG, "title": "Andere"},
                       headers=bearer("editor", "other@example.org")).status_code == 201


def test_write_limits_are_shared_between_worker_processes(client, content, app):
    """Two app instances on one database stand for two workers: they count together."""
    app.config["KB_API_WRITE_LIMIT"] = (3, 60)
    editor = bearer("editor")
    other = create_app({**app.config, "KB_INSTANCE_PATH": app.instance_path})
    other_client = other.test_client()

    def write(via, n: int) -> int:
        return via.post("/api/v1/articles", json={**NEW_ORG, "title": f"Org {n}"},
                        headers=editor).status_code

    assert [write(client, 0), write(other_client, 1), write(client, 2)] == [201, 201, 201]
    with other.app_context():
        assert write(other_client, 3) == 429
        db.session.remove()
        db.engine.dispose()
    assert write(client, 4) == 429


def _csrf_from_page(client) -> str:
    page = client.get("/de/edit/new/organisation").get_data(as_text=True)
    return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)


def test_cookie_writes_need_the_csrf_header(client, content):
    login_as(client, "editor")
    refused = client.post("/api/v1/articles", json=NEW_ORG)
    assert refused.status_code == 403 and "X-CSRFToken" in refused.get_json()["error"]
    accepted = client.post("/api/v1/articles", json=NEW_ORG,
                           headers={"X-CSRFToken": _csrf_from_page(client)})
    assert accepted.status_code == 201
    assert client.get("/api/v1/articles/org-child").status_code == 200  # reads need none


def test_token_writes_need_no_csrf_even_with_a_cookie(client, content):
    login_as(client, "staff")  # the browser's session cookie rides along
    response = client.post("/api/v1/articles", json=NEW_ORG, headers=bearer("editor"))
    assert response.status_code == 201


@pytest.mark.parametrize("number", ["NaN", "1e999", "1" + "0" * 400, "true"])
def test_amounts_must_be_finite_numbers(client, content, number):
    body = ('{"type": "programme", "language": "de", "title": "Fonds", '
            f'"amount_max_eur": {number}}}')
    response = client.post("/api/v1/articles", data=body, content_type="application/json",
                           headers=bearer("editor"))
    assert response.status_code == 400
    assert response.get_json()["field"] == "amount_max_eur"


def test_bodies_must_be_json_objects(client, content):
    editor = bearer("editor")
    for body in ("[]", "not json", "null"):
        response = client.post("/api/v1/articles", data=body, content_type="application/json",
                               headers=editor)
        assert response.status_code == 400
        assert response.get_json() == {"error": "the body must be a JSON object", "field": None}
