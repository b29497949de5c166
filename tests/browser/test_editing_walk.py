"""The editing walk in a real browser: an editor writes a contact, a reviewer publishes it,
an anonymous reader finds it."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import EDITOR, REVIEWER, sign_in

pytestmark = pytest.mark.browser

CONTACT = {
    "title": "Wiebke Quandtmeier, Beratung für Neuzugewanderte",
    "name": "Wiebke Quandtmeier",
    "honorific": "Dr.",
    "email": "w.quandtmeier@brueckenbauer.example",
    "phone": "0201 5550-17",
}
ORGANISATION_ID = "brueckenbauer"
ORGANISATION_TITLE = "Verein Brückenbauer e. V."


def choose_organisation(page: Page, typed: str, title: str) -> None:
    """Type part of a name into the organisation typeahead and pick `title` by keyboard.

    `typed` must match `title` only, so the list settles on that one suggestion.
    """
    box = page.get_by_role("combobox", name=re.compile(r"^Organisation"))
    box.press_sequentially(typed)
    listbox = page.locator(".lookup-results:not([hidden])")
    options = listbox.get_by_role("option")
    expect(options).to_have_text([f"{title} (de)"])
    box.press("ArrowDown")
    expect(options.first).to_have_attribute("aria-selected", "true")
    box.press("Enter")
    expect(listbox).to_have_count(0)


def create_contact(page: Page) -> str:
    """Fill the new-contact form as an editor and save it; return the new article's id."""
    page.goto("/de/edit/new/contact")
    page.get_by_label("Titel", exact=True).fill(CONTACT["title"])
    page.get_by_label("Name", exact=True).fill(CONTACT["name"])
    page.get_by_label("Titel / Anrede").fill(CONTACT["honorific"])
    choose_organisation(page, "brückenb", ORGANISATION_TITLE)
    chips = page.locator(".lookup .chips li")
    expect(chips).to_have_count(1)
    expect(chips.first).to_contain_text(ORGANISATION_TITLE)
    expect(page.locator("input[name=organisation]")).to_have_value(ORGANISATION_ID)
    page.get_by_label("E-Mail", exact=True).fill(CONTACT["email"])
    page.get_by_label("Telefon", exact=True).fill(CONTACT["phone"])
    page.get_by_label("Öffentlich").check()
    page.get_by_role("button", name="Speichern").click()
    expect(page.get_by_role("status").filter(has_text="Entwurf gespeichert")).to_be_visible()
    match = re.search(r"/de/edit/([^/?#]+)$", page.url)
    assert match, page.url
    return match.group(1)


def state_badge(page: Page):
    """The workflow state badge of the editor panel."""
    return page.get_by_role("complementary", name="Bearbeitung").locator(".badge")


def workflow_step(page: Page, button: str, state: str) -> None:
    """Press a workflow button in the editor panel and wait for the new state (its code)."""
    page.get_by_role("complementary", name="Bearbeitung").get_by_role("button", name=button).click()
    expect(page.get_by_role("status").filter(has_text="Status geändert")).to_be_visible()
    expect(state_badge(page)).to_have_class(re.compile(rf"\bstate-{state}\b"))


def publish_as_reviewer(page: Page, title: str) -> None:
    """Open the entry from the reviewer's dashboard and publish it."""
    sign_in(page, REVIEWER)
    page.goto("/de/edit/")
    waiting = page.locator("section", has=page.get_by_role("heading", name="Zur Prüfung"))
    waiting.get_by_role("link", name=title).click()
    workflow_step(page, "Veröffentlichen", "published")


def search_api(page: Page, query: str) -> dict:
    """Ask /api/v1/search as this page's (anonymous) browser context."""
    response = page.request.get("/api/v1/search", params={"q": query, "lang": "de"})
    assert response.ok, response.status
    return response.json()


def search_page_exists(page: Page) -> bool:
    """Whether the site has its search page (/de/search) yet."""
    return page.request.get("/de/search", params={"q": "test"}).ok


def find_through_search_page(page: Page, query: str, title: str) -> None:
    """Search with the search page's form and open the hit."""
    page.goto("/de/search")
    main = page.get_by_role("main")
    main.locator("input[name=q]").fill(query)
    main.get_by_role("button", name="Suchen", exact=True).click()
    page.wait_for_url(re.compile(r"/de/search\?"))
    main.get_by_role("link", name=title).first.click()


def test_editor_writes_reviewer_publishes_reader_finds(new_context) -> None:
    editor = new_context().new_page()
    sign_in(editor, EDITOR)
    contact_id = create_contact(editor)
    expect(state_badge(editor)).to_have_class(re.compile(r"\bstate-private\b"))
    workflow_step(editor, "Zur Prüfung einreichen", "pending")

    reader = new_context().new_page()
    assert contact_id not in [hit["id"] for hit in search_api(reader, "Quandtmeier")["results"]]

    publish_as_reviewer(new_context().new_page(), CONTACT["title"])

    hits = search_api(reader, "Quandtmeier")["results"]
    assert [hit["id"] for hit in hits] == [contact_id]
    article_url = hits[0]["url"]
    if search_page_exists(reader):
        find_through_search_page(reader, "Quandtmeier", CONTACT["title"])
    else:
        reader.goto(article_url)
    expect(reader).to_have_url(re.compile(re.escape(article_url) + "$"))
    article = reader.get_by_role("article")
    expect(article.get_by_role("heading", level=1)).to_have_text(CONTACT["title"])
    expect(reader.get_by_role("main").get_by_role("link", name=ORGANISATION_TITLE)).to_be_visible()
    expect(reader.get_by_role("main")).to_contain_text(CONTACT["email"])
    expect(reader.get_by_role("complementary", name="Bearbeitung")).to_have_count(0)
