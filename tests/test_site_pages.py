"""Home, article extras (status badge, vCard link, JSON-LD) and the legal pages."""

from __future__ import annotations

import json
import re

import pytest

from kb import create_app
from tests.test_site_search import site  # noqa: F401 (fixture)


def html_of(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.get_data(as_text=True)


def jsonld(html: str) -> dict:
    [script] = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return json.loads(script)


@pytest.mark.usefixtures("site")
def test_home_has_search_entry_points_and_programmes_closing_soon(client):
    html = html_of(client, "/de/")
    assert 'action="/de/search"' in html and 'name="q"' in html
    for type_ in ("contact", "programme", "project", "organisation"):
        assert f'href="/de/{type_}/"' in html
    closing = re.search(r'<section class="closing-soon".*?</section>', html, re.S).group(0)
    titles = re.findall(r'<a href="/de/programme/([^"]+)">', closing)
    assert titles.index("prog-soon") < titles.index("prog-later")
    assert "prog-upcoming" not in titles and "prog-closed" not in titles
    assert "Endet in 10 Tagen" in closing


@pytest.mark.usefixtures("site")
def test_programme_pages_show_status_and_deadline(client):
    soon = html_of(client, "/de/programme/prog-soon")
    assert '<span class="status status-closing">Endet in 10 Tagen</span>' in soon
    assert "Frist:" in soon
    assert "status-open" in html_of(client, "/de/programme/prog-later")
    upcoming = html_of(client, "/de/programme/prog-upcoming")
    assert "Demnächst" in upcoming and "Antragstellung ab" in upcoming
    assert "Geschlossen" in html_of(client, "/de/programme/prog-closed")
    assert "status-closing" in html_of(client, "/en/programme/prog-soon")


@pytest.mark.usefixtures("site")
def test_contact_page_offers_the_vcard_and_person_json_ld(client):
    html = html_of(client, "/de/contact/person-a")
    assert 'href="/de/contact/person-a.vcf"' in html
    data = jsonld(html)
    assert data["@context"] == "https://schema.org" and data["@type"] == "Person"
    h1 = re.search(r"<h1>(.*?)</h1>", html).group(1)
    assert f'{data["honorificPrefix"]} {data["name"]}' == h1
    assert data["url"] == "http://localhost/de/contact/person-a"
    assert f'href="tel:{data["telephone"]}"' in html
    assert f'href="mailto:{data["email"]}"' in html
    assert data["contactPoint"]["@type"] == "ContactPoint"
    assert data["contactPoint"]["availableLanguage"] == ["de", "en", "tr"]
    assert data["worksFor"]["name"] == "Integrationsbüro Musterstadt"
    assert 'href="/de/organisation/org-child"' in html


@pytest.mark.usefixtures("site")
def test_organisation_json_ld(client):
    html = html_of(client, "/de/organisation/org-parent")
    data = jsonld(html)
    assert data["@type"] == "Organization" and data["name"] == "Stadt Musterstadt"
    assert data["address"] == {"@type": "PostalAddress", "streetAddress": "Rathausplatz 1",
                               "postalCode": "12345", "addressLocality": "Musterstadt",
                               "addressCountry": "DE"}
    assert data["email"] == "info@musterstadt.example" and data["email"] in html


@pytest.mark.usefixtures("site")
def test_programme_json_ld_is_a_grant_with_funder_and_application_window(client):
    html = html_of(client, "/de/programme/programme-x")
    data = jsonld(html)
    assert data["@type"] == "MonetaryGrant" and data["name"] == "Förderprogramm Teilhabe"
    assert data["amount"] == {"@type": "MonetaryAmount", "currency": "EUR", "maxValue": 25000}
    assert [f["name"] for f in data["funder"]] == ["Stadt Musterstadt"]
    assert data["potentialAction"] == {
        "@type": "ApplyAction", "startTime": "2026-01-01", "endTime": "2026-12-15",
        "target": "https://musterstadt.example/antrag"}
    plain = jsonld(html_of(client, "/de/programme/prog-soon"))
    assert plain["@type"] == "Grant" and "amount" not in plain


def test_json_ld_cannot_break_out_of_its_script(client, load):
    load([{"id": "tricky", "type": "organisation", "language": "de", "state": "published",
           "title": "</script><script>alert(1)</script>"}])
    html = html_of(client, "/de/organisation/tricky")
    assert "<script>alert(1)" not in html
    assert jsonld(html)["name"] == "</script><script>alert(1)</script>"


@pytest.mark.parametrize("path, heading", [
    ("/de/impressum", "Impressum"), ("/en/impressum", "Imprint"),
    ("/de/datenschutz", "Datenschutzerklärung"), ("/en/datenschutz", "Privacy notice"),
    ("/de/barrierefreiheit", "Erklärung zur Barrierefreiheit"),
    ("/en/barrierefreiheit", "Accessibility statement"),
])
def test_legal_pages_in_both_languages_are_linked_from_every_footer(client, path, heading):
    html = html_of(client, path)
    assert f"<h1>{heading}</h1>" in html
    lang = path[1:3]
    for target in ("impressum", "datenschutz", "barrierefreiheit"):
        assert f'href="/{lang}/{target}"' in html


def test_legal_pages_use_the_operator_settings(tmp_path, migrated_template, monkeypatch):
    monkeypatch.setenv("KB_OPERATOR_NAME", "Stadt Beispielhausen")
    monkeypatch.setenv("KB_OPERATOR_EMAIL", "integration@beispielhausen.example")
    app = create_app({"KB_INSTANCE_PATH": tmp_path, "SECRET_KEY": "x", "KB_INDEX_SYNC": False,
                      "KB_OPERATOR_ADDRESS": "Markt 1\n99999 Beispielhausen",
                      "KB_ACCESSIBILITY_DATE": "2026-03-01"})
    client = app.test_client()
    imprint = html_of(client, "/de/impressum")
    assert "Stadt Beispielhausen" in imprint and "Markt 1<br>99999 Beispielhausen" in imprint
    statement = html_of(client, "/de/barrierefreiheit")
    assert 'href="mailto:integration@beispielhausen.example"' in statement
    assert "Schlichtungsstelle" in statement and "schlichtungsstelle-bgg.de" in statement
    assert "am 1. März 2026" in statement
    privacy = html_of(client, "/en/datenschutz")
    assert "session cookie (<code>session</code>)" in privacy


@pytest.mark.usefixtures("site")
def test_readers_get_no_cookie(client):
    for url in ("/de/", "/de/search?q=Integration", "/de/contact/person-a", "/de/feed.atom",
                "/de/impressum"):
        assert "Set-Cookie" not in client.get(url).headers, url


@pytest.mark.usefixtures("site")
def test_every_page_has_the_header_search_and_feed_links(client):
    html = html_of(client, "/de/organisation/")
    assert re.search(r'<form class="header-search" method="get" action="/de/search"', html)
    assert 'type="application/atom+xml"' in html and 'href="/de/feed.atom"' in html
