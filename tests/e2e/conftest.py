"""Browser harness: the app on a live loopback server, driven by Playwright in Debian's Chromium.

Skips with a clear message where no Chromium exists, and fails instead when
PTPLAN_REQUIRE_BROWSER=1 (CI sets it).
"""

from __future__ import annotations

import os
import shutil
import threading
from pathlib import Path

import pytest
from werkzeug.serving import make_server

CHROMIUM = os.environ.get("PTPLAN_CHROMIUM", "/usr/bin/chromium")
AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
]


def _browser_missing_reason() -> str | None:
    if not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)):
        return f"no Chromium at {CHROMIUM}: apt-get install chromium (CI installs it)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "playwright is not installed: pip install -r requirements.txt"
    return None


@pytest.fixture(scope="session")
def browser():
    reason = _browser_missing_reason()
    if reason:
        if os.environ.get("PTPLAN_REQUIRE_BROWSER") == "1":
            pytest.fail(f"browser tests are required (PTPLAN_REQUIRE_BROWSER=1) but {reason}")
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def live_server(app):
    """Serve the test app on an ephemeral loopback port for the whole session."""
    server = make_server("127.0.0.1", 0, app, threaded=False)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)


@pytest.fixture()
def page(browser, live_server):
    # bypass_csp only lets the test inject axe-core; the app still sends its strict CSP.
    context = browser.new_context(
        base_url=live_server, viewport={"width": 1280, "height": 900}, bypass_csp=True
    )
    page = context.new_page()
    # Generous waits: CI shares 2 cores between the test workers, their browsers and servers,
    # and a page may take seconds there. A wait ends as soon as its condition holds.
    page.set_default_timeout(30_000)
    from playwright.sync_api import expect

    expect.set_options(timeout=15_000)
    yield page
    context.close()


@pytest.fixture()
def browser_login(page):
    """Log in through the real form."""
    from tests.conftest import PASSWORD

    def do_login(user, password: str = PASSWORD):
        page.goto("/login")
        page.get_by_label("Email").fill(user.email)
        page.get_by_label("Password").fill(password)
        page.get_by_role("button", name="Log in").click()
        page.wait_for_load_state()
        return page

    return do_login


@pytest.fixture()
def axe_scan(page):
    """Run axe-core (served from node_modules, never a CDN); return serious/critical violations."""

    def scan(context: str = "document") -> list[dict]:
        if not AXE.exists():
            pytest.fail(f"axe-core missing at {AXE}: run npm ci (make test does)")
        page.add_script_tag(path=str(AXE))
        result = page.evaluate(
            """async (ctx) => { const r = await axe.run(ctx === 'document' ? document : ctx,
                 {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21aa', 'best-practice']}});
                 return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                   nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))})); }""",
            context,
        )
        return [v for v in result if v["impact"] in ("serious", "critical")]

    return scan
