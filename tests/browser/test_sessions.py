"""Sessions in a real browser: forged form posts are refused, signing out closes the editor."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import LEAVER, sign_in

pytestmark = pytest.mark.browser

EDITOR_PAGES = ("/de/edit/", "/de/edit/new/contact", "/de/edit/brueckenbauer")


def tamper_csrf_token(page: Page) -> None:
    """Change the first character of the article form's CSRF token.

    Not the last: the last base64 character of the signature carries unused bits, so some
    changes there decode to the same bytes and the token stays valid.
    """
    page.locator("form.article-form input[name=csrf_token]").evaluate(
        "el => { el.value = (el.value[0] === 'A' ? 'B' : 'A') + el.value.slice(1); }")


def test_form_with_tampered_csrf_token_is_refused(editor_page: Page) -> None:
    page = editor_page
    title = "Gefälschter Entwurf"
    page.goto("/de/edit/new/organisation")
    page.get_by_label("Titel", exact=True).fill(title)
    tamper_csrf_token(page)
    with page.expect_response(lambda r: r.request.method == "POST") as posted:
        page.get_by_role("button", name="Speichern").click()
    assert posted.value.status == 400
    expect(page.locator("body")).to_contain_text("CSRF")

    lookup = page.request.get("/de/edit/lookup", params={"type": "organisation", "q": title})
    assert lookup.ok, lookup.status
    assert lookup.json()["results"] == []


def test_after_sign_out_editor_pages_ask_to_sign_in(page: Page) -> None:
    sign_in(page, LEAVER)
    page.goto("/de/edit/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Redaktion")

    page.locator(".account").get_by_role("button", name="Abmelden").click()
    expect(page.locator(".account").get_by_role("link", name="Anmelden")).to_be_visible()

    for path in EDITOR_PAGES:
        page.goto(path)
        expect(page).to_have_url(re.compile(r"/de/login\?next="))
        expect(page.get_by_role("heading", level=1)).to_have_text("Anmelden")
        assert path in page.url.replace("%2F", "/")
