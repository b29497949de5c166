"""The reader's search walk in a real browser: search, narrow by facets, widen again, keep the
state in the URL, switch language, and take contacts away as vCards.

Every expected number comes from tests/browser/data/search_walk.jsonl: all its records, and
only they, mention the town of Lindenhagen, so other tests' content never changes the counts.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import pytest
from playwright.sync_api import Locator, Page, expect

from tests.browser.conftest import LiveServer, import_into

pytestmark = pytest.mark.browser

CONTENT = Path(__file__).parent / "data" / "search_walk.jsonl"
RECORDS = [json.loads(line) for line in CONTENT.read_text(encoding="utf-8").splitlines()]
QUERY = "Lindenhagen"
GERMAN = {"type": "Art des Eintrags", "topics": "Themen", "contact": "Ansprechperson",
          "organisation": "Organisation", "housing": "Wohnen", "filters": "Aktive Filter",
          "apply": "Filter anwenden"}
ENGLISH = {"type": "Type of entry", "topics": "Topics", "contact": "Contact",
           "organisation": "Organisation", "housing": "Housing", "filters": "Active filters",
           "apply": "Apply filters"}
# A facet label and its count, as the sidebar shows them: "Wohnen (2)".
COUNTED = re.compile(r"^(.*) \((\d+)\)$")


def titles(types: tuple[str, ...] = (), topic: str | None = None) -> set[str]:
    """Titles of the walk's records of any of `types` (all when empty) having `topic`."""
    return {r["title"] for r in RECORDS
            if (not types or r["type"] in types)
            and (topic is None or topic in r.get("topics", ()))}


def contact(record_id: str) -> dict:
    return next(r for r in RECORDS if r["id"] == record_id)


@pytest.fixture(scope="module")
def walk_content(live_server: LiveServer) -> LiveServer:
    """Import the Lindenhagen records into the served site."""
    return import_into(live_server, CONTENT)


# --- what the search page shows ---------------------------------------------------------


def result_count(page: Page) -> Locator:
    return page.locator(".result-count")


def hit_titles(page: Page) -> Locator:
    return page.locator("ol.hits > li h3")


def expect_hits(page: Page, expected: set[str], words: str) -> None:
    """Wait for exactly `expected` hits, and the count line saying how many there are."""
    expect(result_count(page)).to_have_text(words.format(n=len(expected), q=QUERY))
    expect(hit_titles(page)).to_have_count(len(expected))
    assert set(hit_titles(page).all_inner_texts()) == expected


def facet_value(page: Page, labels: dict, facet: str, value: str) -> Locator:
    """The checkbox of one facet value, found by its fieldset and label (without the count)."""
    group = page.get_by_role("group", name=labels[facet], exact=True)
    return group.get_by_role("checkbox", name=re.compile(rf"^{re.escape(labels[value])} \("))


def shown_count(page: Page, labels: dict, facet: str, value: str) -> int:
    """The count the sidebar shows beside a facet value."""
    box = facet_value(page, labels, facet, value)
    label = page.locator(f"label[for='{box.get_attribute('id')}']").inner_text()
    match = COUNTED.match(label.strip())
    assert match, label
    return int(match.group(2))


def tick(page: Page, labels: dict, facet: str, value: str) -> None:
    """Tick a facet value and apply the filters (the sidebar is part of the GET form)."""
    facet_value(page, labels, facet, value).check()
    page.get_by_role("button", name=labels["apply"]).click()
    # The box is ticked before the form is sent: wait for the new page's URL instead.
    expect(page).to_have_url(re.compile(rf"[?&]{facet}={value}(&|$)"))
    expect(facet_value(page, labels, facet, value)).to_be_checked()


def chips(page: Page, labels: dict) -> Locator:
    return page.get_by_role("list", name=labels["filters"]).get_by_role("link")


def expect_chips(page: Page, labels: dict, *pairs: tuple[str, str]) -> None:
    """Wait for one removable chip per active filter, then the "remove all" link."""
    names = [f"{labels[facet]}: {labels[value]}" for facet, value in pairs]
    expect(chips(page, labels)).to_have_count(len(names) + 1)
    for number, name in enumerate(names):
        expect(chips(page, labels).nth(number)).to_contain_text(name)


def search_state(url: str) -> tuple[str, list[tuple[str, str]]]:
    """The path and the parameters of a search URL that change what it finds, in order."""
    parts = urlsplit(url)
    return parts.path, [(k, v) for k, v in parse_qsl(parts.query) if k != "sort"]


def read_download(page: Page, link: Locator) -> tuple[str, str]:
    """Click a download link; return the suggested file name and the text (CRLF kept)."""
    with page.expect_download() as info:
        link.click()
    download = info.value
    return download.suggested_filename, Path(download.path()).read_bytes().decode("utf-8")


def vcards(text: str) -> list[str]:
    """Split a vCard file into its cards, unfolding continued lines (RFC 2425)."""
    unfolded = re.sub(r"\r\n[ \t]", "", text)
    return re.findall(r"BEGIN:VCARD\r\n.*?END:VCARD\r\n", unfolded, flags=re.S)


def e164(phone: str) -> str:
    """A German number as the vCard writes it: +49 and digits only."""
    digits = re.sub(r"\D", "", phone)
    return "+" + digits if phone.startswith("+") else "+49" + digits.removeprefix("0")


# --- the walks ---------------------------------------------------------------------------


def test_reader_narrows_widens_bookmarks_and_switches_language(walk_content, new_context) -> None:
    page = new_context().new_page()
    page.goto("/de/search")
    box = page.get_by_role("combobox", name="Suchbegriff")
    box.press_sequentially(QUERY)
    # search.js offers the titles starting with the typed word; Enter still searches.
    suggestions = page.get_by_role("listbox").get_by_role("option")
    expect(suggestions.first).to_be_visible()
    for text in suggestions.all_inner_texts():
        assert any(text.startswith(title) for title in titles()), text
    box.press("Enter")
    expect(page).to_have_url(re.compile(r"/de/search\?q=Lindenhagen"))
    expect_hits(page, titles(), "{n} Treffer für „{q}“")
    types = Counter(r["type"] for r in RECORDS)
    assert shown_count(page, GERMAN, "type", "contact") == types["contact"]

    # Narrow: contacts only; the total drops to the count the sidebar showed for them.
    tick(page, GERMAN, "type", "contact")
    expect_hits(page, titles(("contact",)), "{n} Treffer für „{q}“")
    expect(page.locator("ol.hits > li .kicker")).to_have_text(
        [GERMAN["contact"]] * types["contact"])
    expect_chips(page, GERMAN, ("type", "contact"))

    # Widen within the facet: contacts or organisations.
    tick(page, GERMAN, "type", "organisation")
    widened = titles(("contact", "organisation"))
    expect_hits(page, widened, "{n} Treffer für „{q}“")

    # Narrow across facets: (contact or organisation) and housing.
    housing = shown_count(page, GERMAN, "topics", "housing")
    narrowed = titles(("contact", "organisation"), "housing")
    assert housing == len(narrowed) < len(widened)
    tick(page, GERMAN, "topics", "housing")
    expect_hits(page, narrowed, "{n} Treffer für „{q}“")
    expect_chips(page, GERMAN, ("type", "contact"), ("type", "organisation"),
                 ("topics", "housing"))

    # The URL is the whole state: a reload and a fresh browser show the same page.
    bookmark = page.url
    page.reload()
    expect_hits(page, narrowed, "{n} Treffer für „{q}“")
    expect(facet_value(page, GERMAN, "topics", "housing")).to_be_checked()
    other = new_context().new_page()
    other.goto(bookmark)
    expect_hits(other, narrowed, "{n} Treffer für „{q}“")
    expect_chips(other, GERMAN, ("type", "contact"), ("type", "organisation"),
                 ("topics", "housing"))

    # Widen again by removing the housing chip.
    chips(page, GERMAN).filter(has_text=f"{GERMAN['topics']}: {GERMAN['housing']}").click()
    expect_hits(page, widened, "{n} Treffer für „{q}“")
    expect(facet_value(page, GERMAN, "topics", "housing")).not_to_be_checked()
    german_search = search_state(page.url)

    # English: the same search and filters, with English labels.
    page.get_by_role("navigation", name="Sprache").get_by_role("link", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page).to_have_url(re.compile(r"/en/search\?"))
    path, pairs = search_state(page.url)
    assert (path, pairs) == (german_search[0].replace("/de/", "/en/"), german_search[1])
    expect(page.get_by_role("combobox", name="Search term")).to_have_value(QUERY)
    expect_hits(page, widened, "{n} results for “{q}”")
    expect(facet_value(page, ENGLISH, "type", "contact")).to_be_checked()
    expect(facet_value(page, ENGLISH, "type", "organisation")).to_be_checked()
    expect_chips(page, ENGLISH, ("type", "contact"), ("type", "organisation"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Search")


def test_reader_downloads_a_contact_and_all_contacts_found(walk_content, page: Page) -> None:
    page.goto(f"/en/search?q={QUERY}&type=contact&type=organisation")
    person = contact("lindenhagen-oezdemir")
    page.get_by_role("link", name=person["title"]).click()
    expect(page).to_have_url(re.compile(r"/en/contact/lindenhagen-oezdemir$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(person["title"])
    expect(page.get_by_text("This entry is only available in German.")).to_be_visible()

    name, text = read_download(page, page.get_by_role("link", name="Save contact (vCard)"))
    assert name == "lindenhagen-oezdemir.vcf"
    [card] = vcards(text)
    assert f"\r\nFN:{person['name']}\r\n" in card
    assert re.search(rf"\r\nTEL;TYPE=WORK:{re.escape(e164(person['phone']))}\r\n", card), card
    assert f"\r\nEMAIL;TYPE=INTERNET:{person['email']}\r\n" in card
    assert "\r\nORG:Lotsenverein Lindenhagen e. V.\r\n" in card

    # Back on the search: one file with every contact it finds, and nothing else.
    page.go_back()
    link = page.get_by_role("link", name="All contact persons found as vCard")
    name, text = read_download(page, link)
    assert name == "kontakte.vcf"
    people = [r for r in RECORDS if r["type"] == "contact"]
    cards = vcards(text)
    assert len(cards) == len(people)
    assert {re.search(r"\r\nFN:(.*?)\r\n", c).group(1) for c in cards} == {
        p["name"] for p in people}
    for person in people:
        assert e164(person["phone"]) in text, person["phone"]


def test_search_and_filters_work_without_javascript(walk_content, new_context) -> None:
    page = new_context(java_script_enabled=False).new_page()
    page.goto("/de/search")
    # Without search.js the box is a plain search field, not a combobox.
    box = page.get_by_role("searchbox", name="Suchbegriff")
    box.fill(QUERY)
    page.get_by_role("main").get_by_role("button", name="Suchen", exact=True).click()
    expect(page).to_have_url(re.compile(r"/de/search\?q=Lindenhagen"))
    expect_hits(page, titles(), "{n} Treffer für „{q}“")
    tick(page, GERMAN, "topics", "housing")
    expect_hits(page, titles(topic="housing"), "{n} Treffer für „{q}“")
    expect_chips(page, GERMAN, ("topics", "housing"))
