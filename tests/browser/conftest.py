"""Browser tests: real Chromium from Debian (/usr/bin/chromium), driven by Playwright's own driver (shipped
in the Python wheel; ``playwright install`` is never needed). The app runs in pytest-django's live server.

Screenshots go to test-output/screenshots/ (git-ignored) for a person to look at."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("ZORGZAAM_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-output" / "screenshots"
DESK = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
SIZES = (("desk", DESK), ("phone", PHONE))  # every screen at both widths (name, viewport)
PASSWORD = "een-lang-wachtwoord-42"

# Playwright's sync API runs an event loop in this thread; the ORM calls of the fixtures are still plain
# synchronous calls, made between browser steps.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} is missing (scripts/test.sh installs the Debian package chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def demo_site(transactional_db, live_server, settings):
    """The demo installed in the live server's database; returns (base url, username, password)."""
    settings.ZORGZAAM_JOB_RUNNER = "thread"
    from zorgzaam.web.demo import demo_password, install_demo

    install_demo()
    return live_server.url, "demo", demo_password()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="nl-BE")
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture
def open_page(browser):
    """``open_page(viewport=DESK, phone=False, timeout=20_000, **options)``: a page in a browser context of
    its own (Dutch, Belgium; ``phone``: mobile with touch; ``options`` go to ``new_context``, e.g.
    ``storage_state``), with ``timeout`` ms as its default wait (None: Playwright's own). Every context is
    closed when the test ends; ``page.context.close()`` closes one earlier."""
    contexts = []

    def open_(viewport: dict = DESK, *, phone: bool = False, timeout: int | None = 20_000, **options):
        options.setdefault("locale", "nl-BE")
        if phone:
            options.update(is_mobile=True, has_touch=True)
        context = browser.new_context(viewport=viewport, **options)
        contexts.append(context)
        page = context.new_page()
        if timeout is not None:
            page.set_default_timeout(timeout)
        return page

    yield open_
    for context in contexts:
        context.close()


def fictional_workspace(username: str, role: str):
    """The workspace the browser tests build on, "Overbos (fictief)" (a demo), with one member of ``role``
    who signs in as ``username`` with ``PASSWORD``. Call it inside a test's database (a fixture that uses
    ``live_server``)."""
    from django.contrib.auth import get_user_model

    from zorgzaam.workspaces.models import Membership, Workspace

    workspace = Workspace.objects.create(name="Overbos (fictief)", slug="overbos-fictief", is_demo=True)
    person = get_user_model().objects.create_user(username, f"{username[0]}@example.org", PASSWORD)
    Membership.objects.create(user=person, workspace=workspace, role=role)
    return workspace


def _axe_js() -> Path:
    import axe_playwright_python  # ships axe-core's axe.min.js (a [dev] dependency from PyPI)

    return Path(axe_playwright_python.__file__).parent / "axe.min.js"


def serious_problems(page, where: str) -> list[str]:
    """axe-core's serious and critical violations on the page as it is now (all of axe's rules run), one
    line each: where, rule id, impact, help, the first targets."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(_axe_js().read_text() + "\n;true")  # evaluated, not an inline <script>: the CSP holds
    result = page.evaluate("async () => await axe.run(document)")
    assert len(result["passes"]) > 10, f"{where}: axe-core did not run its checks"
    return [f"{where}: {v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:5]}"
            for v in result["violations"] if v["impact"] in ("serious", "critical")]


@pytest.fixture(scope="session")
def axe_problems():
    """``axe_problems(page, where)``: the one way browser tests run axe-core (see serious_problems)."""
    return serious_problems


def _sign_in(page, base: str, username: str, password: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord").fill(password)
    page.get_by_role("button", name="Aanmelden").click()
    page.wait_for_url(f"{base}/")


@pytest.fixture
def sign_in():
    """``sign_in(page, base, username, password)``: through the login form, as a person does."""
    return _sign_in


@pytest.fixture
def shoot():
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def save(page, name: str, full_page: bool = True) -> Path:
        path = SCREENSHOTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=full_page)
        return path

    return save

