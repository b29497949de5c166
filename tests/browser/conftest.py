"""Fixtures for tests that drive Debian's Chromium against the app served over real HTTP.

One server and one browser for all browser tests (package scope: both stop when these tests
are done). A temp instance is prepared with the real `kb` commands (`db upgrade`, `user add`,
`import`) and served by `kb run` in a subprocess. The commands run in this process through
click's test runner, since every new `kb` process pays several seconds of imports; the server
is a separate process speaking HTTP as in production.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner
from flask import Flask
from flask.cli import ScriptInfo

from kb import create_app
from kb.cli import main as kb_cli
from kb.extensions import db

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_FLAGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
)
HERE = Path(__file__).parent
ARTIFACTS = HERE / "artifacts"
SEED_FILE = HERE / "data" / "seed.jsonl"
PASSWORD = "browser-test-passwort"
SERVER_START_SECONDS = 60
# Playwright's default waits are 30 s; a page of this app answers in well under a second.
ACTION_TIMEOUT_MS = 10_000


@dataclass(frozen=True)
class Account:
    """A seeded account the tests sign in with."""

    email: str
    role: str
    name: str
    password: str = PASSWORD


EDITOR = Account("redaktion@example.org", "editor", "Edda Redakteurin")
REVIEWER = Account("pruefung@example.org", "reviewer", "Rudi Prüfer")
# Signs out in its test: signing out ends every session of an account.
LEAVER = Account("abschied@example.org", "editor", "Lea Abschied")
ACCOUNTS = (EDITOR, REVIEWER, LEAVER)


@dataclass(frozen=True)
class LiveServer:
    """The running app: its base URL and where its output goes."""

    url: str
    log: Path


# --- the browser ---------------------------------------------------------------------


def _browser_missing_reason() -> str | None:
    """Say why the browser tests cannot run here, or None when they can."""
    if not CHROMIUM.exists():
        return f"{CHROMIUM} is missing (scripts/ensure-browser installs it as root)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the playwright package is missing (scripts/setup test installs it)"
    return None


def _require_browser() -> None:
    """Skip, or under CI fail, when the browser cannot run."""
    reason = _browser_missing_reason()
    if reason is None:
        return
    if os.environ.get("CI") == "true":
        pytest.fail(f"browser tests cannot run in CI: {reason}", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="package")
def browser() -> Iterator:
    """Launch headless Chromium once for these tests (Playwright gives it a fresh profile)."""
    _require_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=list(CHROMIUM_FLAGS))
        yield chromium
        chromium.close()


# --- the server ----------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _server_env(instance: Path) -> dict[str, str]:
    """Environment of the app: its own instance, SQLite, no settings from outside."""
    env = {key: value for key, value in os.environ.items()
           if not key.startswith(("KB_", "FLASK_"))}
    env.update(KB_INSTANCE_PATH=str(instance), KB_SECRET_KEY="browser-tests",
               PYTHONUNBUFFERED="1")
    return env


def run_kb(instance: Path, *args: str, input: str | None = None) -> str:
    """Run one `kb` command on `instance` (in this process) and return its output."""
    apps: list[Flask] = []

    def factory() -> Flask:
        apps.append(create_app({"KB_INSTANCE_PATH": instance}))
        return apps[-1]

    env = {key: None for key in os.environ if key.startswith(("KB_", "FLASK_"))}
    env["FLASK_RUN_FROM_CLI"] = None  # flask's CLI sets it; do not leave it behind
    result = CliRunner().invoke(kb_cli, list(args), input=input, env=env,
                                obj=ScriptInfo(create_app=factory))
    for app in apps:
        with app.app_context():
            db.engine.dispose()
    if result.exit_code != 0:
        raise RuntimeError(f"kb {' '.join(args)} failed: {result.output}") from result.exception
    return result.output


def import_into(live_server: LiveServer, records: Path) -> LiveServer:
    """Import an exchange file into the served site, as an operator would."""
    # The live server keeps its instance beside its log.
    instance = live_server.log.parent / "instance"
    assert instance.is_dir(), instance
    run_kb(instance, "import", str(records))
    return live_server


def prepare_instance(instance: Path) -> None:
    """Migrate, add the accounts and import the seed content, as an operator would."""
    run_kb(instance, "db", "upgrade")
    for account in ACCOUNTS:
        run_kb(instance, "user", "add", account.email, "--role", account.role,
               "--name", account.name, input=account.password + "\n")
    run_kb(instance, "import", str(SEED_FILE))


def _wait_until_ready(process: subprocess.Popen, url: str, log: Path) -> None:
    """Poll the sign-in page until it answers 200; fail with the server's log otherwise."""
    deadline = time.monotonic() + SERVER_START_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            break
        try:
            with urllib.request.urlopen(f"{url}/de/login", timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.1)
    raise RuntimeError(f"kb run did not come up at {url}:\n{log.read_text()[-3000:]}")


def _stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@pytest.fixture(scope="package")
def live_server(tmp_path_factory) -> Iterator[LiveServer]:
    """Serve a freshly prepared instance with `kb run` on a free loopback port."""
    _require_browser()
    folder = tmp_path_factory.mktemp("browser")
    instance, log = folder / "instance", folder / "server.log"
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    kb = Path(sys.executable).parent / "kb"
    with log.open("w") as output:
        process = subprocess.Popen(
            [str(kb), "run", "--host", "127.0.0.1", "--port", str(port), "--no-reload",
             "--no-debugger"],
            env=_server_env(instance), stdout=output, stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
        )
    try:
        # The app touches its database only when serving, so the instance is prepared
        # while the server process is still importing; the first request comes after.
        prepare_instance(instance)
        _wait_until_ready(process, url, log)
        yield LiveServer(url=url, log=log)
    finally:
        _stop(process)


# --- contexts, pages and screenshots of failures ---------------------------------------


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """Remember each phase's report on the test item, so fixtures see whether it failed."""
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


def _failed(node) -> bool:
    return any(getattr(getattr(node, f"report_{when}", None), "failed", False)
               for when in ("setup", "call"))


def _artifact_name(nodeid: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", nodeid.split("::", 1)[-1])


def _screenshot_pages(contexts: list, name: str) -> None:
    """Save a full-page screenshot of every open page, for looking at a failure."""
    ARTIFACTS.mkdir(exist_ok=True)
    for number, page in enumerate(p for c in contexts for p in c.pages):
        try:
            page.screenshot(path=str(ARTIFACTS / f"{name}-{number}.png"), full_page=True)
        except Exception as error:  # a crashed page must not hide the test's own failure
            print(f"no screenshot of {page.url}: {error}", file=sys.stderr)


@pytest.fixture
def new_context(browser, live_server, request) -> Iterator[Callable[..., object]]:
    """Make fresh browser contexts (own cookies: a separate person); screenshots on failure."""
    contexts: list = []

    def make(**options):
        options = {"base_url": live_server.url, "locale": "de-DE",
                   "viewport": {"width": 1280, "height": 900}, **options}
        context = browser.new_context(**options)
        context.set_default_timeout(ACTION_TIMEOUT_MS)
        contexts.append(context)
        return context

    yield make
    if _failed(request.node):
        name = _artifact_name(request.node.nodeid)
        _screenshot_pages(contexts, name)
        shutil.copyfile(live_server.log, ARTIFACTS / f"{name}-server.log")
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_context):
    """A page in a fresh context of its own."""
    return new_context().new_page()


@pytest.fixture(scope="package")
def editor_state(browser, live_server) -> dict:
    """Cookies of a session signed in as EDITOR, made once (nobody signs EDITOR out)."""
    context = browser.new_context(base_url=live_server.url, locale="de-DE")
    context.set_default_timeout(ACTION_TIMEOUT_MS)
    try:
        sign_in(context.new_page(), EDITOR)
        return context.storage_state()
    finally:
        context.close()


@pytest.fixture
def editor_page(new_context, editor_state):
    """A page in a fresh context that is signed in as EDITOR."""
    return new_context(storage_state=editor_state).new_page()


def sign_in(page, account: Account) -> None:
    """Sign in through the real (German) form; wait until the site shows the account's name."""
    page.goto("/de/login")
    page.get_by_label("E-Mail-Adresse").fill(account.email)
    page.get_by_label("Passwort").fill(account.password)
    page.get_by_role("main").get_by_role("button", name="Anmelden").click()
    page.locator(".account").get_by_text(account.name).wait_for()


def remove_artifacts() -> None:
    """Delete screenshots of earlier runs (called once per session)."""
    shutil.rmtree(ARTIFACTS, ignore_errors=True)


@pytest.fixture(scope="package", autouse=True)
def _fresh_artifacts() -> None:
    remove_artifacts()
