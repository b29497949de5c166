"""The English site is English: every main page, with alternates and a language switch."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import pytest
from babel.messages.pofile import read_po

from kb.content.importer import import_lines
from kb.search.sync import catch_up
from tests.helpers import login_as

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "kb" / "demo" / "content.jsonl"
# Words of the base layout and the search page that must never show on an English page.
LAYOUT_WORDS = (
    "Suchen", "Suchbegriff", "Anmelden", "Abmelden", "Ansprechpersonen", "Organisationen",
    "Projekte", "Förderprogramme", "Impressum", "Datenschutz", "Barrierefreiheit",
    "Zum Inhalt springen", "Hauptnavigation", "Wissensdatenbank", "Filtern", "Treffer",
    "Sortieren", "Zurück", "Weiter", "Speichern", "Kennung", "Frist",
)
# Elements whose text is not shown as page text.
SKIPPED = {"script", "style", "title"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr"}
SHOWN_ATTRIBUTES = ("aria-label", "title", "placeholder", "alt")


def _demo_records() -> list[dict]:
    return [json.loads(line) for line in DEMO.read_text(encoding="utf-8").splitlines() if line]


def _german_ui_strings() -> set[str]:
    """Return the German msgids whose English translation differs (whole texts)."""
    with (ROOT / "translations" / "en" / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        catalogue = read_po(handle)
    out = set()
    for message in catalogue:
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        for msgid in ids:
            if msgid and "%(" not in msgid and msgid not in strings:
                out.add(msgid)
    return out


GERMAN_UI = _german_ui_strings()


class EnglishText(HTMLParser):
    """Collect the text a reader of an English page sees outside other-language parts."""

    def __init__(self, lang: str):
        super().__init__(convert_charrefs=True)
        self.lang = lang
        self.stack: list[tuple[str, bool]] = []  # (tag, shown in the page's language)
        self.texts: list[str] = []
        self.alternates: dict[str, str] = {}
        self.switch: dict[str, str] = {}
        self.html_lang = ""

    def _shown(self) -> bool:
        return all(shown for _, shown in self.stack)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "html":
            self.html_lang = attrs.get("lang", "")
        if tag == "link" and attrs.get("rel") == "alternate" and attrs.get("hreflang"):
            self.alternates[attrs["hreflang"]] = attrs["href"]
        if tag == "a" and attrs.get("hreflang") and self.stack and any(
                t == "nav" for t, _ in self.stack):
            self.switch[attrs["hreflang"]] = attrs["href"]
        own = attrs.get("lang")
        shown = (own is None or own == self.lang) and tag not in SKIPPED
        if self._shown() and shown:
            self.texts += [attrs[name] for name in SHOWN_ATTRIBUTES if attrs.get(name)]
            if tag in ("input", "button") and attrs.get("type") in ("submit", "button"):
                self.texts += [attrs["value"]] if attrs.get("value") else []
        if tag not in VOID:
            self.stack.append((tag, shown))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID and self.stack and self.stack[-1][0] == tag:
            self.stack.pop()

    def handle_endtag(self, tag):
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index][0] == tag:
                del self.stack[index:]
                break

    def handle_data(self, data):
        if data.strip() and self._shown():
            self.texts.append(" ".join(data.split()))


def parse(html: str, lang: str = "en") -> EnglishText:
    parser = EnglishText(lang)
    parser.feed(html)
    return parser


@pytest.fixture
def demo(app):
    report = import_lines(DEMO.read_text(encoding="utf-8").splitlines())
    assert report.ok, [str(error) for error in report.errors]
    catch_up()
    return _demo_records()


def _one_of_each_type(records: list[dict]) -> dict[str, str]:
    """Return a public, published article id per type (German ones: the harder case)."""
    chosen: dict[str, str] = {}
    for record in records:
        if (record.get("state", "published") == "published" and record["language"] == "de"
                and record.get("visibility", "public") == "public"):
            chosen.setdefault(record["type"], record["id"])
    return chosen


def _pages(records: list[dict]) -> list[str]:
    articles = [f"/en/{type_}/{id_}" for type_, id_ in _one_of_each_type(records).items()]
    return [
        "/en/", "/en/contact/", "/en/programme/", *articles,
        "/en/search?q=Sprachkurs", "/en/search?type=programme&status=open",
        "/en/search?q=xyzzyunfindbar", "/en/login",
        "/en/impressum", "/en/datenschutz", "/en/barrierefreiheit",
    ]


def _assert_english(client, url: str) -> EnglishText:
    response = client.get(url)
    assert response.status_code == 200, url
    page = parse(response.get_data(as_text=True))
    assert page.html_lang == "en", url
    text = "\n".join(page.texts)
    words = [w for w in LAYOUT_WORDS if re.search(rf"(?<!\w){re.escape(w)}(?!\w)", text)]
    assert words == [], f"German words on {url}: {words}"
    whole = sorted(set(page.texts) & GERMAN_UI)
    assert whole == [], f"untranslated texts on {url}: {whole}"
    return page


def _assert_alternates_and_switch(client, url: str, page: EnglishText) -> None:
    path = urlsplit(url)
    assert set(page.alternates) >= {"de", "en"}, url
    for lang in ("de", "en"):
        alternate = urlsplit(page.alternates[lang])
        assert alternate.path == path.path.replace("/en", f"/{lang}", 1), (url, alternate)
        assert sorted(parse_qsl(alternate.query)) == sorted(parse_qsl(path.query)), url
    switch = urlsplit(page.switch["de"])
    assert switch.path == path.path.replace("/en", "/de", 1), url
    assert sorted(parse_qsl(switch.query)) == sorted(parse_qsl(path.query)), url
    german = client.get(page.switch["de"])
    assert german.status_code == 200 and '<html lang="de">' in german.get_data(as_text=True)


def test_public_pages_in_english_with_alternates_and_switch(client, demo):
    for url in _pages(demo):
        page = _assert_english(client, url)
        _assert_alternates_and_switch(client, url, page)
        german = parse(client.get(url.replace("/en", "/de", 1)).get_data(as_text=True), "de")
        assert german.html_lang == "de", url
        assert {"Skip to content", "Search", "Sign in"}.isdisjoint(german.texts), url

    # Two values of one facet, a query and a sort survive the switch in both directions.
    url = "/en/search?q=Beratung&topics=language&topics=counselling&sort=newest"
    page = _assert_english(client, url)
    _assert_alternates_and_switch(client, url, page)
    html = client.get(url).get_data(as_text=True)
    for words in ("Type of entry", "Sort by", "Apply filters", "Remove all filters"):
        assert words in html, words
    assert re.search(r'role="status"[^>]*>\s*\d+ results? for “Beratung”\s*<', html)
    # Filtered without words: the count is in the title, read out when the page loads.
    filtered = client.get("/en/search?type=programme&status=open").get_data(as_text=True)
    assert re.search(r"<title>Search \(\d+ results?\) – ", filtered)


def test_editor_pages_in_english(client, demo):
    login_as(client, "editor")
    article = _one_of_each_type(demo)["organisation"]
    for url in ("/en/edit/", "/en/edit/new/contact", "/en/edit/new/programme",
                f"/en/edit/{article}", f"/en/edit/{article}/history"):
        page = _assert_english(client, url)
        _assert_alternates_and_switch(client, url, page)
    form = client.get("/en/edit/new/project").get_data(as_text=True)
    assert 'data-text-search="Search"' in form and 'data-text-add-region="Add a region"' in form
