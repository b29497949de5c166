"""Accessibility checked by real tools: axe-core in Chromium, the Nu HTML Checker on the HTML.

WCAG 2.1 A/AA rules (the level BITV 2.0 requires) on the main pages in both languages:
home, search with two facets selected, an article of each type, sign-in and the editor's
form. The tools live in tests/browser/node (scripts/ensure-a11y-tools installs them).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import urllib.request
from pathlib import Path

import pytest

from tests.browser.conftest import LiveServer, import_into

pytestmark = pytest.mark.browser

HERE = Path(__file__).parent
NODE = HERE / "node" / "node_modules"
AXE = NODE / "axe-core" / "axe.min.js"
VNU = NODE / "vnu-jar" / "build" / "dist" / "vnu.jar"
EXTRA_CONTENT = HERE / "data" / "a11y.jsonl"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
VNU_SECONDS = 120

PUBLIC = (
    "/{lang}/",
    "/{lang}/search?q=Sprachcaf%C3%A9&type=project&topics=participation",
    "/{lang}/search?type=programme&topics=participation",
    "/{lang}/organisation/brueckenbauer",
    "/{lang}/project/sprachcafe-musterstadt",
    "/{lang}/contact/a11y-ansprechperson",
    "/{lang}/programme/a11y-foerderprogramm",
    "/{lang}/login",
)
EDITOR = ("/{lang}/edit/brueckenbauer", "/{lang}/edit/new/programme")


# The focused element's outline: style, width and its contrast against the page background.
FOCUS_RING = """element => {
  const rgb = text => text.match(/[\\d.]+/g).slice(0, 3).map(Number);
  const lum = ([r, g, b]) => [r, g, b].map(v => { v /= 255;
    return v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; })
    .reduce((sum, v, i) => sum + v * [0.2126, 0.7152, 0.0722][i], 0);
  const style = getComputedStyle(element);
  const page = getComputedStyle(document.body).backgroundColor;
  const [a, b] = [lum(rgb(style.outlineColor)), lum(rgb(page))].sort((x, y) => y - x);
  return [style.outlineStyle, parseFloat(style.outlineWidth), (a + 0.05) / (b + 0.05)];
}"""


def _require(path: Path) -> None:
    if path.exists():
        return
    reason = f"{path.relative_to(HERE)} is missing (scripts/ensure-a11y-tools installs it)"
    if os.environ.get("CI") == "true":
        pytest.fail(reason, pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="module")
def content(live_server: LiveServer) -> LiveServer:
    """Add a contact and a programme (with an English translation) to the served site."""
    return import_into(live_server, EXTRA_CONTENT)


def _run_axe(page) -> list[dict]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        """tags => axe.run(document, {runOnly: {type: 'tag', values: tags},
                                      resultTypes: ['violations']})""",
        WCAG_TAGS)
    # A page where axe checked next to nothing would pass as well: it must have run.
    assert len(result["passes"]) >= 10, (page.url, len(result["passes"]))
    return [
        {"rule": v["id"], "impact": v["impact"], "help": v["help"],
         "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in result["violations"]
    ]


def _axe_pages(page, urls: list[str]) -> dict[str, list[dict]]:
    found = {}
    for url in urls:
        response = page.goto(url)
        assert response is not None and response.ok, url
        page.wait_for_load_state("load")
        violations = _run_axe(page)
        if violations:
            found[url] = violations
    return found


@pytest.mark.parametrize("lang", ["de", "en"])
def test_public_pages_pass_axe(new_context, content, lang):
    _require(AXE)
    page = new_context(locale="en-GB" if lang == "en" else "de-DE").new_page()
    found = _axe_pages(page, [url.format(lang=lang) for url in PUBLIC])
    assert found == {}, json.dumps(found, indent=1, ensure_ascii=False)


@pytest.mark.parametrize("lang", ["de", "en"])
def test_editor_form_passes_axe(new_context, editor_state, content, lang):
    _require(AXE)
    page = new_context(storage_state=editor_state).new_page()
    found = _axe_pages(page, [url.format(lang=lang) for url in EDITOR])
    assert found == {}, json.dumps(found, indent=1, ensure_ascii=False)


def test_search_and_facets_work_with_the_keyboard_alone(new_context, content):
    page = new_context().new_page()
    page.goto("/de/search?q=Sprachcaf%C3%A9")
    status = page.get_by_role("status")
    assert "Treffer" in status.inner_text()
    page.locator("#search-q").focus()
    # From the box, Tab reaches a facet checkbox; Space ticks it; Enter in the box applies.
    checkbox = page.get_by_role("checkbox", name="Projekt")
    for _ in range(40):
        page.keyboard.press("Tab")
        if checkbox.evaluate("element => element === document.activeElement"):
            break
    else:
        pytest.fail("Tab never reached the facet checkbox")
    style, width, ratio = checkbox.evaluate(FOCUS_RING)
    assert style != "none" and width >= 2, f"no visible focus: {style} {width}px"
    assert ratio >= 3, f"focus ring contrast {ratio:.2f}:1 against the page (WCAG 1.4.11)"
    page.keyboard.press("Space")
    assert checkbox.is_checked()
    apply = page.get_by_role("button", name="Filter anwenden")
    for _ in range(80):
        page.keyboard.press("Tab")
        if apply.evaluate("element => element === document.activeElement"):
            break
    else:
        pytest.fail("Tab never reached the apply button")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "type=project" in page.url
    assert page.get_by_role("checkbox", name="Projekt").is_checked()
    assert "Treffer" in page.get_by_role("status").inner_text()
    assert "Treffer" in page.title()


def _fetch(url: str, cookie: str = "") -> str:
    request = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})
    with urllib.request.urlopen(request, timeout=10) as response:
        # A redirect (to the sign-in page, say) would check another page than meant.
        assert response.status == 200 and response.geturl() == url, (url, response.geturl())
        return response.read().decode("utf-8")


def test_pages_are_valid_html(content, editor_state, tmp_path):
    _require(VNU)
    java = shutil.which("java")
    if java is None:
        if os.environ.get("CI") == "true":
            pytest.fail("java is missing (scripts/ensure-a11y-tools installs it)", pytrace=False)
        pytest.skip("java is missing (scripts/ensure-a11y-tools installs it)")
    cookie = "; ".join(f"{c['name']}={c['value']}" for c in editor_state["cookies"])
    files: dict[str, str] = {}
    for lang in ("de", "en"):
        for number, url in enumerate([*PUBLIC, *EDITOR]):
            path = url.format(lang=lang)
            file = tmp_path / f"{lang}-{number}.html"
            file.write_text(_fetch(content.url + path, cookie if url in EDITOR else ""),
                            encoding="utf-8")
            files[file.name] = path
    # One Java start for all pages; the quick compiler alone halves the checker's CPU time
    # on a run this short (it then needs a larger thread stack).
    result = subprocess.run(
        [java, "-Xss16m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-jar", str(VNU),
         "--format", "json", "--stdout", *sorted(
            str(tmp_path / name) for name in os.listdir(tmp_path))],
        capture_output=True, text=True, timeout=VNU_SECONDS)
    messages = json.loads(result.stdout)["messages"]

    def where(message: dict) -> str:
        return files.get(message.get("url", "").rsplit("/", 1)[-1], message.get("url", ""))

    errors = [(where(m), m.get("lastLine"), m["message"], m.get("extract", ""))
              for m in messages if m["type"] in ("error", "non-document-error")]
    warnings = sorted({(where(m), m["message"]) for m in messages
                       if m["type"] == "info" and m.get("subType") == "warning"})
    print(f"vnu: {len(files)} pages, warnings:", json.dumps(warnings, indent=1, ensure_ascii=False))
    assert errors == [], json.dumps(errors, indent=1, ensure_ascii=False)


def test_open_suggestions_and_form_errors_pass_axe(new_context, editor_state, content):
    _require(AXE)
    page = new_context().new_page()
    page.goto("/de/search")
    page.locator("#search-q").press_sequentially("Brück")
    page.get_by_role("listbox").get_by_role("option").first.wait_for()
    assert _run_axe(page) == []
    # The keyboard picks a suggestion and opens its entry.
    page.locator("#search-q").press("ArrowDown")
    assert page.locator("#search-q").get_attribute("aria-activedescendant")
    with page.expect_navigation():
        page.locator("#search-q").press("Enter")
    assert "/de/search" not in page.url

    editor = new_context(storage_state=editor_state).new_page()
    editor.goto("/en/edit/new/programme")
    editor.locator("form.article-form button[name=save], form.article-form [name=save]").click()
    editor.locator(".field-error").first.wait_for()
    assert editor.locator("[aria-invalid=true]").count() >= 1
    lookup = editor.get_by_role("combobox", name="Funding bodies – Search")
    lookup.press_sequentially("Stadt")
    editor.get_by_role("listbox").get_by_role("option").first.wait_for()
    assert _run_axe(editor) == []
