"""Public pages: what anonymous readers see, and relations both ways."""

from __future__ import annotations

import datetime as dt

import pytest

from kb.search.sync import catch_up

TODAY = dt.date.today()


@pytest.fixture
def content(load):
    load("every_field.jsonl")
    load([
        {"id": "future-org", "type": "organisation", "language": "de", "title": "Zukunft e. V.",
         "state": "published", "effective": (TODAY + dt.timedelta(days=3)).isoformat()},
        {"id": "expired-org", "type": "organisation", "language": "de", "title": "Vorbei e. V.",
         "state": "published", "expires": TODAY.isoformat()},
    ])
    catch_up()  # lists and counts come from the search index, as on a running site


def test_home_redirects_to_a_language(client):
    response = client.get("/", headers={"Accept-Language": "en"})
    assert response.status_code == 302 and response.location.endswith("/en/")


@pytest.mark.parametrize("path", ["/de/", "/en/", "/de/organisation/", "/en/contact/",
                                  "/de/project/", "/de/programme/"])
def test_pages_render(client, content, path):
    assert client.get(path).status_code == 200


@pytest.mark.parametrize("article_id", [
    "person-internal",  # internal contact
    "project-y",  # pending
    "project-draft",  # private
    "programme-amount",  # archived
    "future-org",  # publication window not yet open
    "expired-org",  # expired today
    "no-such-id",
])
def test_anonymous_readers_get_404_for_what_they_may_not_see(client, content, article_id):
    for type_ in ("organisation", "contact", "project", "programme"):
        assert client.get(f"/de/{type_}/{article_id}").status_code in (404, 301)
    assert client.get(f"/de/organisation/{article_id}", follow_redirects=True).status_code == 404


def test_hidden_articles_are_not_listed_or_linked(client, content):
    pages = "".join(client.get(path).get_data(as_text=True) for path in (
        "/de/contact/", "/de/project/", "/de/programme/", "/de/organisation/",
        "/de/organisation/org-child", "/de/programme/programme-x"))
    for hidden in ("Bernd Intern", "Brücken bauen", "Noch nicht fertig", "Small grants",
                   "Zukunft e. V.", "Vorbei e. V."):
        assert hidden not in pages


def test_organisation_lists_its_people_children_and_funded_programmes(client, content):
    child = client.get("/de/organisation/org-child").get_data(as_text=True)
    assert "Dr. Anna Beispiel" in child and "Stadt Musterstadt" in child
    parent = client.get("/de/organisation/org-parent").get_data(as_text=True)
    assert "Integrationsbüro Musterstadt" in parent
    assert "Förderprogramm Teilhabe" in parent


def test_programme_and_contact_show_relations_both_ways(client, content):
    programme = client.get("/de/programme/programme-x").get_data(as_text=True)
    assert "Stadt Musterstadt" in programme and "Dr. Anna Beispiel" in programme
    person = client.get("/de/contact/person-a").get_data(as_text=True)
    assert "Förderprogramm Teilhabe" in person and "Integrationsbüro Musterstadt" in person


def test_lists_show_every_visible_article_of_their_type(client, content):
    organisations = client.get("/de/organisation/").get_data(as_text=True)
    for title in ("Stadt Musterstadt", "Integrationsbüro Musterstadt"):
        assert title in organisations
    assert "Förderprogramm Teilhabe" in client.get("/de/programme/").get_data(as_text=True)


def test_english_readers_get_the_english_version_in_lists(client, content):
    listing = client.get("/en/contact/").get_data(as_text=True)
    assert "Dr Anna Beispiel" in listing and "Dr. Anna Beispiel" not in listing
    german = client.get("/de/contact/").get_data(as_text=True)
    assert "Dr. Anna Beispiel" in german and "Dr Anna Beispiel" not in german


def test_markdown_body_is_rendered_and_sanitized(client, load):
    load([{"id": "xss", "type": "organisation", "language": "de", "title": "X",
           "state": "published",
           "body": "**fett** <script>alert(1)</script> [x](javascript:alert(1)) "
                   "<img src=x onerror=y>"}])
    page = client.get("/de/organisation/xss").get_data(as_text=True)
    assert "<strong>fett</strong>" in page
    assert "<script>alert" not in page and 'href="javascript:' not in page
    assert "<img" not in page


def test_wrong_type_in_url_redirects_to_the_right_one(client, content):
    response = client.get("/de/project/org-parent")
    assert response.status_code == 301 and response.location.endswith("/de/organisation/org-parent")


def test_unknown_language_is_404(client):
    assert client.get("/fr/").status_code == 404


def test_markdown_reduced_to_text_keeps_escaped_characters():
    from kb.core.markdown import markdown_to_text

    text = markdown_to_text(r"Die Integrationslots\*innen helfen **sehr** bei [Rat](https://x.de)")
    assert "Integrationslots*innen" in text and "**" not in text and "\\" not in text
    assert "Rat" in text and "https://x.de" in text
