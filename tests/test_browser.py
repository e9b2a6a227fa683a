"""The pages in a real browser: Debian's chromium, driven by Playwright, against waitress.

Skipped, with a message, where chromium is not installed (`make browser` installs it; CI does).
"""

import re
import shutil
import threading
from urllib.parse import parse_qs, urlsplit

import pytest
from waitress.server import create_server

from app import create_app

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
# Headless in a closed network: no background connections, no sandbox as root.
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync",
]  # fmt: skip

pytestmark = pytest.mark.skipif(not CHROMIUM, reason="chromium is not installed: `make browser` installs it")


@pytest.fixture(scope="module")
def base_url(pages_index):
    server = create_server(create_app({"INDEX_DIR": pages_index}), host="127.0.0.1", port=0, threads=4)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.effective_port}"
    server.close()


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, base_url):
    context = browser.new_context(base_url=base_url, permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(error))
    yield page
    context.close()
    assert errors == []  # no script error on any page visited


def params(page) -> dict:
    return parse_qs(urlsplit(page.url).query)


def test_search_shows_marked_results(page):
    page.goto("/")
    page.fill("#q", "siege")
    page.press("#q", "Enter")
    page.wait_for_url(re.compile(r"q=siege"))
    assert page.locator(".hit").count() == 1
    assert page.locator(".hit mark").first.inner_text().lower() == "siege"


def test_click_a_facet_then_exclude_it(page):
    page.goto("/")
    everything = page.locator(".hit").count()
    page.locator('[data-facet="language"] a[aria-pressed]', has_text="English").click()
    page.wait_for_url(re.compile(r"lang=en"))
    english = page.locator(".hit").count()
    assert 0 < english < everything
    page.goto("/")
    page.locator('[data-facet="language"] li', has_text="English").locator("a.exclude").click()
    page.wait_for_url(re.compile(r"-lang=en"))
    assert page.locator(".hit").count() == everything - english
    assert "English" in page.locator(".excluded").inner_text()


def test_pages_follow_one_another(page):
    page.goto("/?per_page=2")
    first = page.locator(".hit h2").all_inner_texts()
    page.click("a[rel=next]")
    page.wait_for_url(re.compile(r"page=2"))
    second = page.locator(".hit h2").all_inner_texts()
    assert len(second) == 2 and not set(first) & set(second)
    page.go_back()
    assert page.locator(".hit h2").all_inner_texts() == first


def test_open_an_article_and_copy_its_citation(page):
    page.goto("/?q=Khartoum")
    page.click(".hit h2 a")
    page.wait_for_url(re.compile(r"/doc/"))
    assert page.locator(".text mark").count() > 0
    page.click("button[data-copy=citation-text]")
    page.locator(".copied", has_text="Copied").wait_for()
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == page.locator("#citation-text").inner_text() and "Test Wire" in copied


def test_pick_a_range_on_the_timeline(page):
    page.goto("/")
    bars = page.locator("svg.timeline a[data-from]:not([data-from=''])")
    first, last = bars.nth(0), bars.nth(bars.count() - 1)
    start, end = first.get_attribute("data-from"), last.get_attribute("data-to")
    first.hover()
    page.mouse.down()
    last.hover()
    page.mouse.up()
    page.wait_for_url(re.compile(r"from="))
    assert params(page)["from"] == [start] and params(page)["to"] == [end]
    assert page.locator(".hit").count() > 0
    assert page.locator("svg.timeline a.selected").count() == bars.count()  # the whole range, each bar in it
