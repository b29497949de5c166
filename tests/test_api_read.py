"""Reading through /api/v1: articles, lists, vocabularies, history, and who sees what."""

from __future__ import annotations

import pytest

from kb.accounts import tokens
from kb.extensions import db
from kb.search.sync import catch_up
from tests.helpers import make_user


@pytest.fixture
def content(load):
    load("every_field.jsonl")
    catch_up()


def bearer(role: str) -> dict[str, str]:
    """Return the Authorization header of a fresh token of an account with `role`."""
    _token, secret = tokens.issue(make_user(role), "test")
    db.session.commit()
    return {"Authorization": f"Bearer {secret}"}


def get(client, url: str, headers=None, **params):
    response = client.get(url, headers=headers or {}, query_string=params or None)
    return response.status_code, response.get_json(), response


def all_ids(body: dict) -> set[str]:
    """Collect every article id an article response mentions anywhere."""
    ids = {item["id"] for items in body["relations"].values() for item in items}
    ids |= {item["id"] for item in body["translations"]}
    for value in body["record"].values():
        if isinstance(value, str):
            ids.add(value)
        elif isinstance(value, list):
            ids.update(v for v in value if isinstance(v, str))
    return ids


def test_an_article_has_its_record_relations_translations_and_etag(client, content):
    status, body, response = get(client, "/api/v1/articles/person-a")
    assert status == 200
    assert response.headers["ETag"] == f'"{body["version"]}"'
    assert body["record"]["name"] and body["record"]["visibility"] == "public"
    assert body["url"] == "/de/contact/person-a"
    assert [t["id"] for t in body["translations"]] == ["person-a-en"]
    assert body["relations"]["organisation"][0] == {
        "id": "org-child", "type": "organisation", "language": "de",
        "title": body["relations"]["organisation"][0]["title"]}
    assert [p["id"] for p in body["relations"]["contact_programmes"]] == ["programme-x"]


def test_relations_go_both_ways(client, content):
    _, parent, _ = get(client, "/api/v1/articles/org-parent")
    _, child, _ = get(client, "/api/v1/articles/org-child")
    assert [c["id"] for c in parent["relations"]["children"]] == ["org-child"]
    assert [p["id"] for p in child["relations"]["parent"]] == ["org-parent"]


def test_anonymous_callers_get_404_for_what_pages_hide(client, content):
    for hidden in ("person-internal", "project-y", "project-draft", "programme-amount", "nope"):
        status, body, _ = get(client, f"/api/v1/articles/{hidden}")
        assert status == 404 and body == {"error": "not found", "field": None}
        assert client.get(f"/de/contact/{hidden}").status_code == 404


def test_relations_and_records_never_leak_hidden_articles(client, content):
    _, child, _ = get(client, "/api/v1/articles/org-child")
    assert {"person-internal", "project-y", "project-draft"}.isdisjoint(all_ids(child))
    assert [p["id"] for p in child["relations"]["people"]] == ["person-a"]


def test_staff_see_internal_contacts_but_not_drafts(client, content):
    staff = bearer("staff")
    assert get(client, "/api/v1/articles/person-internal", staff)[0] == 200
    assert get(client, "/api/v1/articles/project-y", staff)[0] == 404
    _, child, _ = get(client, "/api/v1/articles/org-child", staff)
    assert {p["id"] for p in child["relations"]["people"]} == {"person-a", "person-internal"}
    assert "project-y" not in all_ids(child)


def test_editors_see_drafts_with_their_full_records(client, content):
    editor = bearer("editor")
    status, body, _ = get(client, "/api/v1/articles/project-y", editor)
    assert status == 200
    assert body["record"]["contacts"] == ["person-a", "person-internal"]
    assert get(client, "/api/v1/articles/project-draft", editor)[0] == 200


def test_records_drop_references_the_reader_may_not_see(client, content, app):
    from kb.content.models import Article

    db.session.get(Article, "project-y").state = "published"
    db.session.commit()
    catch_up()
    _, body, _ = get(client, "/api/v1/articles/project-y")
    assert body["record"]["contacts"] == ["person-a"]
    _, staff_view, _ = get(client, "/api/v1/articles/project-y", bearer("staff"))
    assert staff_view["record"]["contacts"] == ["person-a", "person-internal"]


def test_lists_per_type_and_by_parameter_agree(client, content):
    status, by_path, _ = get(client, "/api/v1/organisations")
    _, by_param, _ = get(client, "/api/v1/articles", type="organisation")
    assert status == 200
    assert by_path["items"] == by_param["items"]
    assert {item["id"] for item in by_path["items"]} == {"org-parent", "org-child", "org-partner"}
    titles = [item["title"].lower() for item in by_path["items"]]
    assert titles == sorted(titles)


def test_lists_filter_like_the_search_and_respect_visibility(client, content):
    _, public, _ = get(client, "/api/v1/contacts")
    assert {item["id"] for item in public["items"]} == {"person-a"}
    _, staff, _ = get(client, "/api/v1/contacts", bearer("staff"))
    assert {item["id"] for item in staff["items"]} == {"person-a", "person-internal"}
    _, english, _ = get(client, "/api/v1/contacts", lang="en")
    assert [item["id"] for item in english["items"]] == ["person-a-en"]
    status, body, _ = get(client, "/api/v1/projects", topics="space")
    assert status == 400 and body["field"] == "topics"
    status, body, _ = get(client, "/api/v1/projects", type="contact")
    assert status == 400 and body["field"] == "type"


def test_lists_page_with_next_and_prev_links(client, content):
    _, first, _ = get(client, "/api/v1/articles", per_page=2)
    assert first["total"] >= 5 and len(first["items"]) == 2
    assert first["links"]["prev"] is None
    _, second, _ = get(client, first["links"]["next"])
    assert second["page"] == 2 and second["links"]["prev"].endswith("page=1")
    assert {i["id"] for i in second["items"]}.isdisjoint(i["id"] for i in first["items"])
    last_page = -(-first["total"] // 2)
    _, last, _ = get(client, "/api/v1/articles", per_page=2, page=last_page)
    assert last["links"]["next"] is None


def test_vocabularies_have_both_languages(client):
    status, body, _ = get(client, "/api/v1/vocabularies")
    assert status == 200
    topics = {term["code"]: term for term in body["vocabularies"]["topics"]}
    assert topics["refugees"] == {"code": "refugees", "de": "Flucht und Asyl",
                                  "en": "Refugees and asylum"}
    assert {"type", "language", "target_groups", "funding_kinds", "org_kind", "states",
            "visibility", "project_status", "programme_status", "state"} <= set(
        body["vocabularies"])


def test_history_is_for_editors(client, content):
    assert get(client, "/api/v1/articles/person-a/revisions")[0] == 401
    assert get(client, "/api/v1/articles/person-a/revisions", bearer("staff"))[0] == 403
    editor = bearer("reviewer")
    _, article, response = get(client, "/api/v1/articles/project-y", editor)
    changed = client.patch("/api/v1/articles/project-y", json={"summary": "Neu"},
                           headers={**editor, "If-Match": response.headers["ETag"]})
    assert changed.status_code == 200
    client.post("/api/v1/articles/project-y/transitions/publish",
                headers={**editor, "If-Match": changed.headers["ETag"]})
    status, history, _ = get(client, "/api/v1/articles/project-y/revisions", editor)
    assert status == 200
    versions = [revision["version"] for revision in history["revisions"]]
    assert versions == sorted(versions, reverse=True) and len(versions) == 3
    assert history["revisions"][1]["fields"] == ["summary"]
    assert history["revisions"][1]["author"] == "reviewer@example.org"
    assert [e["transition"] for e in history["events"]] == ["publish"]
