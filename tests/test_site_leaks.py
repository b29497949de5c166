"""Nothing an anonymous reader may not see reaches them through any channel of the site."""

from __future__ import annotations

import re

import pytest

from tests.helpers import login_as
from tests.test_site_search import HIDDEN, HIDDEN_MARKERS, site  # noqa: F401 (fixture)

# Every channel, with queries that would find the hidden records if they leaked (none of
# them is a marker itself: pages echo the query).
QUERIES = ["Integrationsarbeit", "Vertraulich", "Zuschüsse", "Zukunft", "Vorbei",
           "Papierkorb", "Bernd", "Brücken", "grants", "Musterstadt", "Integrationsmanagerin"]
SHARED_CHANNELS = ["/de/feed.atom", "/en/feed.atom", "/de/deadlines.ics", "/en/deadlines.ics",
                   "/sitemap.xml", "/sitemap-1.xml"] + [
                       f"/de/search.atom?q={q}" for q in QUERIES]
READER_CHANNELS = [
    "/de/", "/en/", "/de/search", "/de/search?type=contact&per_page=100",
    "/de/search?type=programme&sort=deadline", "/de/search.vcf",
    "/de/contact/", "/de/organisation/", "/de/programme/", "/de/project/",
    "/de/organisation/org-child", "/de/organisation/org-parent", "/de/programme/programme-x",
    "/de/contact/person-a", "/de/impressum",
] + [f"/de/search?q={q}" for q in QUERIES] + [f"/de/search.vcf?q={q}" for q in QUERIES] + [
    f"/de/search/suggest?q={q}" for q in QUERIES]


def _leaks(text: str) -> list[str]:
    return [marker for marker in HIDDEN_MARKERS if marker in text]


@pytest.mark.usefixtures("site")
def test_anonymous_readers_never_meet_hidden_records(client):
    found = {}
    for url in READER_CHANNELS + SHARED_CHANNELS:
        response = client.get(url)
        assert response.status_code == 200, url
        if leaks := _leaks(response.get_data(as_text=True)):
            found[url] = leaks
    assert found == {}


@pytest.mark.usefixtures("site")
def test_hidden_article_pages_and_vcards_are_404(client):
    records = [r["id"] for r in HIDDEN] + [
        "person-internal", "project-y", "project-draft", "programme-amount"]
    for record in records:
        for type_ in ("organisation", "contact", "project", "programme"):
            response = client.get(f"/de/{type_}/{record}", follow_redirects=True)
            assert response.status_code == 404, (type_, record)
        assert client.get(f"/de/contact/{record}.vcf").status_code == 404, record


@pytest.mark.parametrize("role", ["staff", "editor"])
@pytest.mark.usefixtures("site")
def test_shared_channels_stay_public_for_signed_in_users(client, role):
    login_as(client, role)
    assert "Clara Vertraulich" in client.get("/de/search?q=Vertraulich").get_data(as_text=True)
    for url in SHARED_CHANNELS:
        assert _leaks(client.get(url).get_data(as_text=True)) == [], url


@pytest.mark.usefixtures("site")
def test_staff_see_internal_contacts_but_not_drafts(client):
    login_as(client, "staff")
    html = client.get("/de/search?type=contact&per_page=100").get_data(as_text=True)
    assert "Clara Vertraulich" in html and "Bernd Intern" in html
    assert "Geheimprogramm" not in client.get("/de/search?q=Zuschüsse").get_data(as_text=True)


@pytest.mark.usefixtures("site")
def test_json_ld_names_only_visible_relations(client):
    html = client.get("/de/organisation/org-child").get_data(as_text=True)
    scripts = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert scripts and _leaks("".join(scripts)) == []
