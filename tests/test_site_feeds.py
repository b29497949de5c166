"""Atom, iCalendar, sitemap, OpenSearch and robots.txt: well-formed and complete."""

from __future__ import annotations

import datetime as dt
from xml.etree import ElementTree as ET

import pytest

from kb.content.models import Programme
from kb.extensions import db
from kb.site import feeds
from kb.site.programmes import closing_date
from tests.test_site_search import TODAY, site  # noqa: F401 (fixture)

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"
OPENSEARCH = "{http://a9.com/-/spec/opensearch/1.1/}"


def xml(client, url: str, mimetype: str) -> ET.Element:
    response = client.get(url)
    assert response.status_code == 200, url
    assert response.mimetype == mimetype
    return ET.fromstring(response.data)


@pytest.mark.usefixtures("site")
def test_atom_feed_lists_new_and_changed_articles_newest_first(client):
    feed = xml(client, "/de/feed.atom", "application/atom+xml")
    assert feed.tag == f"{ATOM}feed"
    for name in ("id", "title", "updated", "author"):
        assert feed.find(f"{ATOM}{name}") is not None, name
    links = {link.get("rel"): link.get("href") for link in feed.findall(f"{ATOM}link")}
    assert links["self"] == "http://localhost/de/feed.atom"
    entries = feed.findall(f"{ATOM}entry")
    assert entries
    updated = [e.findtext(f"{ATOM}updated") for e in entries]
    assert updated == sorted(updated, reverse=True)
    for entry in entries:
        for name in ("id", "title", "updated", "link"):
            assert entry.find(f"{ATOM}{name}") is not None, name
        assert entry.find(f"{ATOM}link").get("href").startswith("http://localhost/de/")
    ids = [e.findtext(f"{ATOM}id") for e in entries]
    assert "urn:kb:article:person-a" in ids and len(ids) == len(set(ids))


@pytest.mark.usefixtures("site")
def test_english_feed_prefers_english_versions(client):
    feed = xml(client, "/en/feed.atom", "application/atom+xml")
    ids = [e.findtext(f"{ATOM}id") for e in feed.findall(f"{ATOM}entry")]
    assert "urn:kb:article:person-a-en" in ids and "urn:kb:article:person-a" not in ids


@pytest.mark.usefixtures("site")
def test_search_feed_follows_the_query(client):
    feed = xml(client, "/de/search.atom?q=Programm&type=programme", "application/atom+xml")
    titles = {e.findtext(f"{ATOM}title") for e in feed.findall(f"{ATOM}entry")}
    assert {"Bald endendes Programm", "Beendetes Programm"} <= titles
    assert all("programm" in t.lower() for t in titles)
    assert client.get("/de/search.atom?type=nope").status_code == 400


@pytest.mark.usefixtures("site")
def test_feeds_are_cacheable_and_conditional(client):
    first = client.get("/de/feed.atom")
    assert "public" in first.headers["Cache-Control"] and first.headers["ETag"]
    again = client.get("/de/feed.atom", headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304


def ics_lines(raw: bytes) -> list[str]:
    """Check the RFC 5545 line structure and return the unfolded content lines."""
    assert raw.endswith(b"\r\n")
    physical = raw[:-2].split(b"\r\n")
    assert all(b"\n" not in line and b"\r" not in line for line in physical)
    assert all(len(line) <= 75 for line in physical), "lines must be folded at 75 octets"
    return raw.decode().replace("\r\n ", "").replace("\r\n\t", "").rstrip("\r\n").split("\r\n")


def events(lines: list[str]) -> list[dict[str, str]]:
    assert lines[0] == "BEGIN:VCALENDAR" and lines[-1] == "END:VCALENDAR"
    out, depth = [], 0
    for line in lines:
        name, _, value = line.partition(":")
        if name == "BEGIN":
            depth += 1
            if value == "VEVENT":
                out.append({})
        elif name == "END":
            depth -= 1
        elif out and depth == 2:
            out[-1][name] = value
    assert depth == 0
    return out


@pytest.mark.usefixtures("site")
def test_deadline_calendar_has_one_event_per_programme_on_its_last_day(client):
    response = client.get("/de/deadlines.ics")
    assert response.status_code == 200 and response.mimetype == "text/calendar"
    lines = ics_lines(response.data)
    assert "VERSION:2.0" in lines and any(line.startswith("PRODID:") for line in lines)
    found = {e["URL"].rsplit("/", 1)[1]: e for e in events(lines)}
    assert {"prog-soon", "prog-later", "prog-upcoming", "prog-closed"} <= set(found)
    soon = found["prog-soon"]
    day = TODAY + dt.timedelta(days=10)
    assert soon["DTSTART;VALUE=DATE"] == day.strftime("%Y%m%d")
    assert soon["DTEND;VALUE=DATE"] == (day + dt.timedelta(days=1)).strftime("%Y%m%d")
    assert soon["SUMMARY"] == "Antragsfrist: Bald endendes Programm"
    assert soon["UID"] == "prog-soon-deadline@localhost"
    assert "DTSTAMP" in soon
    assert found["prog-later"]["DTSTART;VALUE=DATE"] == (
        TODAY + dt.timedelta(days=100)).strftime("%Y%m%d")
    starts = [e["DTSTART;VALUE=DATE"] for e in events(lines)]
    assert starts == sorted(starts)


@pytest.mark.usefixtures("site")
def test_calendar_keeps_the_coming_deadlines_first_when_capped(app):
    audience = feeds.public_audience()
    every = feeds.deadline_programmes(audience, "de")
    coming = [p for p in every if closing_date(p) >= audience.today]
    past = [p for p in every if closing_date(p) < audience.today]
    assert len(coming) >= 2 and past
    assert feeds.deadline_programmes(audience, "de", limit=2) == coming[:2]
    assert feeds.deadline_programmes(audience, "de", limit=len(coming) + 1) == past[-1:] + coming


@pytest.mark.usefixtures("site")
def test_calendar_and_sitemap_are_built_again_only_after_a_change(client, monkeypatch):
    built = []
    real_programmes, real_sitemap = feeds.deadline_programmes, feeds.xmlfiles.sitemap
    monkeypatch.setattr(feeds, "deadline_programmes",
                        lambda *args: built.append("calendar") or real_programmes(*args))
    monkeypatch.setattr(feeds.xmlfiles, "sitemap",
                        lambda *args: built.append("sitemap") or real_sitemap(*args))
    calendar, sitemap = client.get("/de/deadlines.ics"), client.get("/sitemap.xml")
    assert client.get("/de/deadlines.ics").data == calendar.data
    assert client.get("/sitemap.xml").data == sitemap.data
    assert client.get("/en/deadlines.ics").status_code == 200
    assert built == ["calendar", "sitemap", "calendar"]  # German kept; English built once
    again = client.get("/de/deadlines.ics", headers={"If-None-Match": calendar.headers["ETag"]})
    assert again.status_code == 304

    programme = db.session.get(Programme, "prog-soon")
    programme.deadline = TODAY + dt.timedelta(days=12)
    db.session.commit()
    changed = client.get("/de/deadlines.ics")
    assert built[-1] == "calendar" and len(built) == 4
    day = (TODAY + dt.timedelta(days=12)).strftime("%Y%m%d")
    assert f"DTSTART;VALUE=DATE:{day}" in changed.get_data(as_text=True)
    assert changed.headers["ETag"] != calendar.headers["ETag"]


def _sitemap_entry(url: ET.Element) -> tuple:
    """An address with its last change and its language alternates."""
    alternates = sorted((link.get("hreflang"), link.get("href"))
                        for link in url.findall(f"{XHTML}link"))
    return url.findtext(f"{SITEMAP}loc"), url.findtext(f"{SITEMAP}lastmod"), alternates


@pytest.mark.usefixtures("site")
def test_a_sitemap_too_big_for_one_file_becomes_an_index_of_files(client, monkeypatch):
    whole = xml(client, "/sitemap.xml", "application/xml")
    expected = [_sitemap_entry(url) for url in whole.findall(f"{SITEMAP}url")]
    per_file = 7
    assert len(expected) > 2 * per_file
    monkeypatch.setitem(client.application.config, "KB_SITEMAP_URLS_PER_FILE", per_file)
    client.application.extensions.pop("kb_kept_bodies")  # built for the old setting

    index = xml(client, "/sitemap.xml", "application/xml")
    assert index.tag == f"{SITEMAP}sitemapindex"
    files = [entry.findtext(f"{SITEMAP}loc") for entry in index.findall(f"{SITEMAP}sitemap")]
    assert files == [f"http://localhost/sitemap-{n}.xml"
                     for n in range(1, -(-len(expected) // per_file) + 1)]
    found = []
    for address in files:
        urlset = xml(client, address.removeprefix("http://localhost"), "application/xml")
        urls = urlset.findall(f"{SITEMAP}url")
        assert urlset.tag == f"{SITEMAP}urlset" and 0 < len(urls) <= per_file
        found += [_sitemap_entry(url) for url in urls]
    assert found == expected
    for beyond in (0, len(files) + 1):
        assert client.get(f"/sitemap-{beyond}.xml").status_code == 404


@pytest.mark.usefixtures("site")
def test_sitemap_lists_article_versions_with_language_alternates(client):
    root = xml(client, "/sitemap.xml", "application/xml")
    assert root.tag == f"{SITEMAP}urlset"
    urls = {u.findtext(f"{SITEMAP}loc"): u for u in root.findall(f"{SITEMAP}url")}
    assert "http://localhost/de/" in urls and "http://localhost/en/impressum" in urls
    german = urls["http://localhost/de/contact/person-a"]
    alternates = {link.get("hreflang"): link.get("href")
                  for link in german.findall(f"{XHTML}link")}
    assert alternates == {"de": "http://localhost/de/contact/person-a",
                          "en": "http://localhost/en/contact/person-a-en"}
    assert "http://localhost/en/contact/person-a-en" in urls
    assert urls["http://localhost/de/organisation/org-parent"].findtext(
        f"{SITEMAP}lastmod") == "2026-01-15"


@pytest.mark.usefixtures("site")
def test_opensearch_description(client):
    root = xml(client, "/opensearch.xml?lang=en", "application/opensearchdescription+xml")
    assert root.tag == f"{OPENSEARCH}OpenSearchDescription"
    assert len(root.findtext(f"{OPENSEARCH}ShortName")) <= 16
    templates = {u.get("type"): u.get("template") for u in root.findall(f"{OPENSEARCH}Url")}
    assert templates["text/html"] == "http://localhost/en/search?q={searchTerms}"
    assert "{searchTerms}" in templates["application/x-suggestions+json"]
    html = client.get("/de/").get_data(as_text=True)
    assert 'rel="search" type="application/opensearchdescription+xml"' in html
    assert 'href="/opensearch.xml?lang=de"' in html


def test_robots_txt_points_to_the_sitemap_and_keeps_crawlers_out_of_search(client):
    response = client.get("/robots.txt")
    assert response.mimetype == "text/plain"
    lines = response.get_data(as_text=True).splitlines()
    assert lines[0] == "User-agent: *"
    assert "Disallow: /de/search" in lines and "Disallow: /api/" in lines
    assert "Sitemap: http://localhost/sitemap.xml" in lines
    assert "Disallow: /" not in lines
