"""The search page: every state in the URL, usable without JavaScript, friendly on bad input."""

from __future__ import annotations

import datetime as dt
import re
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urlsplit

import pytest

from kb.content.models import Article
from kb.extensions import db
from kb.search.sync import catch_up
from tests.helpers import login_as

TODAY = dt.date.today()


def _day(offset: int) -> str:
    return (TODAY + dt.timedelta(days=offset)).isoformat()


def _programme(id_: str, title: str, **fields) -> dict:
    return {"id": id_, "type": "programme", "language": "de", "title": title,
            "summary": f"{title}: Zuschüsse für Integrationsarbeit.", "state": "published",
            "topics": ["participation"], "regions": ["DE-NW/Musterstadt"], **fields}


# Records no anonymous reader may ever meet, on any page, list, feed or file.
HIDDEN = [
    {"id": "future-org", "type": "organisation", "language": "de", "title": "Zukunft e. V.",
     "summary": "Integrationsarbeit der Zukunft.", "state": "published", "effective": _day(3)},
    {"id": "expired-org", "type": "organisation", "language": "de", "title": "Vorbei e. V.",
     "summary": "Integrationsarbeit von gestern.", "state": "published", "expires": _day(0)},
    {"id": "trashed-org", "type": "organisation", "language": "de", "title": "Papierkorb e. V.",
     "summary": "Integrationsarbeit im Papierkorb.", "state": "published"},
    {"id": "secret-contact", "type": "contact", "language": "de", "title": "Clara Vertraulich",
     "name": "Clara Vertraulich", "position": "Integrationsmanagerin", "organisation": "org-child",
     "phone": "+49 201 999-777", "email": "clara.vertraulich@intern.example",
     "visibility": "internal", "state": "published"},
    _programme("prog-expired", "Abgelaufenes Geheimprogramm", deadline=_day(5), expires=_day(0)),
    _programme("prog-pending", "Wartendes Geheimprogramm", deadline=_day(6), state="pending"),
]
HIDDEN_MARKERS = ("person-internal", "Bernd Intern", "Brücken bauen", "project-y",
                  "Noch nicht fertig", "project-draft", "Small grants", "programme-amount",
                  "Zukunft e. V.", "future-org", "Vorbei e. V.", "expired-org",
                  "Papierkorb e. V.", "trashed-org", "Clara Vertraulich", "secret-contact",
                  "clara.vertraulich", "999777", "999-777", "Geheimprogramm", "prog-expired",
                  "prog-pending")
VISIBLE_PROGRAMMES = [
    _programme("prog-soon", "Bald endendes Programm", deadline=_day(10)),
    _programme("prog-later", "Später endendes Programm", open_until=_day(100)),
    _programme("prog-upcoming", "Kommendes Programm", open_from=_day(20), deadline=_day(60)),
    _programme("prog-closed", "Beendetes Programm", deadline=_day(-5)),
]


@pytest.fixture
def site(load):
    """The every-field records, hidden ones of every kind and dated programmes, indexed."""
    load("every_field.jsonl")
    load(HIDDEN + VISIBLE_PROGRAMMES)
    db.session.get(Article, "trashed-org").deleted_at = dt.datetime(2026, 1, 1)
    db.session.commit()
    catch_up()


class Form(HTMLParser):
    """Collect the controls of a page: which form each belongs to and how it is labelled."""

    def __init__(self):
        super().__init__()
        self.forms: list[dict] = []
        self.controls: list[dict] = []
        self.labels: set[str] = set()
        self.links: list[str] = []
        self._form: dict | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self._form = attrs
            self.forms.append(attrs)
        elif tag == "label" and "for" in attrs:
            self.labels.add(attrs["for"])
        elif tag == "a" and "href" in attrs:
            self.links.append(attrs["href"])
        elif tag in ("input", "select", "button") and attrs.get("type") != "hidden":
            self.controls.append({**attrs, "tag": tag, "in_form": self._form})

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None


def parse(html: str) -> Form:
    page = Form()
    page.feed(html)
    return page


def page(client, url: str, status: int = 200) -> str:
    response = client.get(url)
    assert response.status_code == status, (url, response.status_code)
    return response.get_data(as_text=True)


def hit_ids(html: str) -> list[str]:
    return re.findall(r'<h3><a href="/de/[a-z]+/([^"]+)">', html)


def test_a_query_shows_highlighted_hits_and_announces_the_count(client, site):
    html = page(client, "/de/search?q=Zuschüsse")
    assert "prog-soon" in hit_ids(html)
    assert "<mark>Zuschüsse</mark>" in html
    status = re.search(r'<p class="result-count" role="status"[^>]*>\s*(.*?)\s*</p>', html, re.S)
    assert status and "Treffer" in status.group(1)
    assert 'aria-live="polite"' in html


def test_snippets_are_the_only_unescaped_text(client, site, load):
    load([{"id": "xss-org", "type": "organisation", "language": "de",
           "title": "<script>alert(1)</script> Verein", "summary": "<b>Integration</b> & mehr",
           "state": "published"}])
    catch_up()
    html = page(client, "/de/search?q=Verein+Integration")
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_two_facets_narrow_and_removing_one_widens(client, site):
    both = page(client, "/de/search?q=Integrationsarbeit&type=programme&status=open")
    narrow = set(hit_ids(both))
    assert narrow == {"prog-soon", "prog-later"}
    assert re.search(r'name="type" value="programme" checked', both)
    assert re.search(r'name="status" value="open" checked', both)
    chips = re.findall(r'<ul class="chips".*?</ul>', both, re.S)[0]
    removal = [href.replace("&amp;", "&") for href in re.findall(r'href="([^"]+)"', chips)]
    without_status = next(h for h in removal if "status" not in h and "type=programme" in h)
    wider = page(client, without_status)
    assert narrow < set(hit_ids(wider))
    assert {"prog-upcoming", "prog-closed"} <= set(hit_ids(wider))
    assert not re.search(r'name="status" value="[a-z]+" checked', wider)


def test_several_values_of_one_facet_widen(client, site):
    one = set(hit_ids(page(client, "/de/search?type=programme&status=open")))
    two = set(hit_ids(page(client, "/de/search?type=programme&status=open&status=upcoming")))
    assert one < two and "prog-upcoming" in two


def test_sort_by_title_orders_hits_and_keeps_the_choice(client, site):
    html = page(client, "/de/search?type=programme&sort=title&per_page=50")
    titles = re.findall(r'<h3><a href="[^"]+">([^<]+)</a>', html)
    assert titles == sorted(titles, key=str.lower) and len(titles) >= 4
    assert '<option value="title" selected>' in html


def test_pagination_links_keep_the_query_and_filters(client, site):
    first = page(client, "/de/search?type=programme&sort=title&per_page=2")
    next_link = re.search(r'<a rel="next" href="([^"]+)"', first).group(1).replace("&amp;", "&")
    query = dict(parse_qsl(urlsplit(next_link).query))
    assert query == {"type": "programme", "sort": "title", "per_page": "2", "page": "2"}
    second = page(client, next_link)
    assert set(hit_ids(first)).isdisjoint(hit_ids(second))
    assert 'aria-current="page"' in second and 'rel="prev"' in second


def test_page_past_the_end_offers_the_first_page(client, site):
    html = page(client, "/de/search?type=programme&page=50")
    assert "Zur ersten Seite" in html and "type=programme" in html


def test_did_you_mean_links_to_the_corrected_query_with_filters(client, site):
    html = page(client, "/de/search?q=Musterstdt&type=organisation")
    match = re.search(r'class="did-you-mean">.*?<a href="([^"]+)">([^<]+)</a>', html, re.S)
    assert match, "no suggestion offered"
    assert match.group(2).lower() == "musterstadt"
    target = dict(parse_qsl(urlsplit(match.group(1).replace("&amp;", "&")).query))
    assert target == {"q": match.group(2), "type": "organisation"}


@pytest.mark.parametrize("query", [
    "topics=no-such-topic", "regions=Atlantis", "per_page=0", "page=abc", "page=0",
    "open_on=22.11.2026", "sort=random", "type=person", "per_page=1000",
])
def test_malformed_parameters_give_a_friendly_400_page(client, site, query):
    html = page(client, f"/de/search?q=Integration&{query}", status=400)
    assert "ungültige Angabe" in html and 'role="alert"' in html
    assert 'action="/de/search"' in html and 'value="Integration"' in html


def test_the_page_works_without_javascript(client, site):
    html = page(client, "/de/search?q=Integration&type=programme")
    form = parse(html)
    search_forms = [f for f in form.forms if f.get("action") == "/de/search"]
    assert search_forms and all(f.get("method") == "get" for f in search_forms)
    inputs = [c for c in form.controls if c["tag"] in ("input", "select")]
    assert {"q", "type", "status", "sort", "open_on"} <= {c.get("name") for c in inputs}
    for control in inputs:
        assert control["in_form"] is not None or control.get("form"), control
        assert control.get("id") in form.labels, f"unlabelled control {control}"
    assert any(c["tag"] == "button" and c.get("type") == "submit" for c in form.controls)
    assert all(link.startswith(("/", "#", "mailto:", "tel:")) for link in form.links)


def test_empty_search_lists_everything_with_facets(client, site):
    html = page(client, "/de/search")
    assert len(hit_ids(html)) > 5 and "Filtern" in html


def test_suggest_endpoint_answers_json_for_the_audience(client, site):
    data = client.get("/de/search/suggest?q=Anna").get_json()
    assert data["query"] == "Anna"
    assert {"id": "person-a", "type": "contact", "type_label": "Ansprechperson",
            "title": "Dr. Anna Beispiel", "url": "/de/contact/person-a"} in data["suggestions"]
    assert client.get("/de/search/suggest?q=Clara").get_json()["suggestions"] == []
    assert client.get("/de/search/suggest?q=").get_json()["suggestions"] == []
    opensearch = client.get("/de/search/suggest?q=Anna&format=opensearch").get_json()
    assert opensearch[0] == "Anna" and "Dr. Anna Beispiel" in opensearch[1]
    login_as(client, "staff")
    staff = client.get("/de/search/suggest?q=Clara").get_json()["suggestions"]
    assert [s["id"] for s in staff] == ["secret-contact"]


def test_staff_see_internal_contacts_marked_intern(client, site):
    assert "secret-contact" not in hit_ids(page(client, "/de/search?q=Vertraulich"))
    login_as(client, "staff")
    html = page(client, "/de/search?q=Vertraulich")
    assert hit_ids(html) == ["secret-contact"]
    assert '<span class="badge internal">intern</span>' in html


def test_contact_hits_carry_tel_and_mailto_links(client, site):
    html = page(client, "/de/search?q=Anna+Beispiel&type=contact")
    assert 'href="tel:+49201123456"' in html
    assert 'href="mailto:anna.beispiel@musterstadt.example"' in html
    assert 'href="/de/contact/person-a.vcf"' in html


def test_programme_hits_show_status_and_deadline(client, site):
    html = page(client, "/de/search?q=Programm&type=programme&sort=title")
    hits = html.split('<li class="hit"')[1:]
    soon = next(hit for hit in hits if "Bald endendes Programm" in hit)
    assert '<span class="status status-closing">Endet in 10 Tagen</span>' in soon
    assert "Frist:" in soon
    upcoming = next(hit for hit in hits if "Kommendes Programm" in hit)
    assert "status-upcoming" in upcoming and "Antragstellung ab" in upcoming
    closed = next(hit for hit in hits if "Beendetes Programm" in hit)
    assert "status-closed" in closed and "Frist war der" in closed
    assert "Geheimprogramm" not in html


def test_result_cards_speak_the_readers_language(client, site):
    html = page(client, "/en/search?q=Programm&type=programme&sort=title")
    soon = next(hit for hit in html.split('<li class="hit"')[1:]
                if "Bald endendes Programm" in hit)
    assert '<span class="status status-closing">Ends in 10 days</span>' in soon
    assert "Deadline:" in soon and "Frist" not in soon
    assert '<li class="hit" lang="de">' in html  # German entries on an English page
    contacts = page(client, "/en/search?q=Anna+Beispiel&type=contact")
    assert ('<a href="/en/contact/person-a-en.vcf" type="text/vcard" download>'
            "Save contact (vCard)</a>") in contacts


def test_english_search_page_keeps_its_language(client, site):
    html = page(client, "/en/search?q=Anna")
    assert '<html lang="en">' in html and 'action="/en/search"' in html
