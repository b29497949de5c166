"""What editors see: screenshots of the editor's pages (kept in tests/browser/artifacts/screens
for people to look at) and checks that they fit a phone's width."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import ARTIFACTS

pytestmark = pytest.mark.browser

SCREENS = {
    "form": "/de/edit/new/contact",
    "edit": "/de/edit/brueckenbauer",
    "dashboard": "/de/edit/",
    "article": "/de/organisation/brueckenbauer",
}
WIDTHS = {"desktop": (1280, 900), "phone": (390, 844)}
def _cases() -> list:
    cases = []
    for screen in SCREENS:
        for width in WIDTHS:
            cases.append(pytest.param(screen, width, id=f"{screen}-{width}"))
    return cases


def save_screen(page: Page, name: str) -> None:
    """Save a full-page screenshot under artifacts/screens/."""
    folder = ARTIFACTS / "screens"
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / f"{name}.png"), full_page=True)


def sideways_overflow(page: Page) -> int:
    """How many pixels the page is wider than its window (0: no sideways scrolling)."""
    return page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth")


@pytest.mark.parametrize(("screen", "width"), _cases())
def test_editor_screen_fits_the_window(new_context, editor_state, screen: str,
                                       width: str) -> None:
    view_width, view_height = WIDTHS[width]
    context = new_context(storage_state=editor_state,
                          viewport={"width": view_width, "height": view_height})
    page = context.new_page()
    page.goto(SCREENS[screen])
    expect(page.locator(".account")).to_contain_text("Edda Redakteurin")
    save_screen(page, f"{screen}-{width}")
    assert sideways_overflow(page) == 0


def test_editor_sees_the_panel_on_an_article_and_readers_do_not(editor_page: Page,
                                                                page: Page) -> None:
    editor_page.goto(SCREENS["article"])
    panel = editor_page.get_by_role("complementary", name="Bearbeitung")
    expect(panel.get_by_role("link", name="Bearbeiten")).to_be_visible()
    page.goto(SCREENS["article"])
    expect(page.get_by_role("heading", level=1)).to_have_text("Verein Brückenbauer e. V.")
    expect(page.get_by_role("complementary", name="Bearbeitung")).to_have_count(0)


def test_editor_panel_names_the_state(editor_page: Page) -> None:
    editor_page.goto(SCREENS["article"])
    badge = editor_page.get_by_role("complementary", name="Bearbeitung").locator(".badge")
    expect(badge).to_have_text("Veröffentlicht", timeout=1000)
