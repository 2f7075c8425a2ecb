"""The page in a real browser: Debian's headless chromium driven by Playwright (no browser
download). Skips with a reason where chromium or Playwright is missing.

The screenshots land in the test's tmp_path; the top of the page is also copied to
docs/screenshot.png for the README when that file is missing or UPDATE_SCREENSHOT=1.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from summarizer import RunOptions, Settings, read_path
from summarizer.segment import split_sentences
from tests.conftest import ROOT, SEED
from tests.test_app import Served, serve

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
TIMEOUT_MS = 180_000
SCREENSHOT = ROOT / "docs" / "screenshot.png"

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def browser() -> object:
    if not CHROMIUM.exists():
        pytest.skip(
            "Debian chromium is not installed at /usr/bin/chromium; `make test` installs it "
            "with apt-get when run as root (apt-get install -y chromium)"
        )
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def open_page(browser: object, served: Served) -> object:
    page = browser.new_page(viewport={"width": 1280, "height": 900})  # type: ignore[attr-defined]
    page.set_default_timeout(TIMEOUT_MS)
    page.goto(served.url)
    page.locator("#article-text textarea").wait_for()
    return page


def test_paste_click_read_bullets_and_translation(
    browser: object, copy_model: str, tmp_path: Path
) -> None:
    seed = SEED.read_text(encoding="utf-8")
    expected = read_path(SEED).text
    for served in serve(Settings(mt_model=copy_model), RunOptions(mode="extractive", beams=2)):
        page = open_page(browser, served)
        # The translation model is there; at most the summary model's note may show.
        banner = page.locator("#model-banner")
        assert not banner.is_visible() or "cannot translate" not in banner.inner_text()
        box = page.locator("#article-text textarea")

        # The seed article is a clickable example.
        page.get_by_text("BP2MI staff briefing in Kupang").click()
        page.wait_for_function(
            "n => document.querySelector('#article-text textarea').value.length === n",
            arg=len(seed),
        )
        assert box.input_value() == seed

        # Paste it (fill replaces the text, as a paste does) and run.
        box.fill("")
        box.fill(seed)
        page.locator("#run").click()
        page.locator("#bullets li").nth(3).wait_for()
        page.wait_for_function(
            "n => document.querySelector('#translation textarea').value.length === n",
            arg=len(expected),
        )
        assert page.locator("#bullets li").count() == 4
        assert page.locator("#translation textarea").input_value() == expected
        sentences = sum(len(split_sentences(p)) for p in read_path(SEED).paragraphs)
        assert page.locator("#sentence-table tbody tr").count() == sentences
        assert "Baca Juga: Organisasi Pelaut" in page.locator("#notes").inner_text()
        page.locator("#download-md").wait_for(state="visible")  # shown by a chained event
        assert page.locator("#download-json").is_visible()

        shot = tmp_path / "page.png"
        page.screenshot(path=str(shot), full_page=True)
        assert shot.stat().st_size > 10_000
        # The README shows the top of the page: input, bullets, the start of the translation.
        top = tmp_path / "page-top.png"
        page.screenshot(
            path=str(top), full_page=True, clip={"x": 0, "y": 0, "width": 1280, "height": 1900}
        )
        if not SCREENSHOT.exists() or os.environ.get("UPDATE_SCREENSHOT") == "1":
            SCREENSHOT.parent.mkdir(exist_ok=True)
            shutil.copyfile(top, SCREENSHOT)
        page.close()


def test_missing_model_banner_and_error_toast(browser: object, tmp_path: Path) -> None:
    settings = Settings(mt_model=str(tmp_path / "no-such-model"))
    for served in serve(settings):
        page = open_page(browser, served)
        banner = page.locator("#model-banner")
        assert banner.is_visible()
        assert "summarizer models download" in banner.inner_text()
        page.locator("#article-text textarea").fill("Sebanyak 27 pekerja migran dipulangkan.")
        page.locator("#run").click()
        toast = page.get_by_text("is not on this machine (there is no model folder there)").last
        toast.wait_for()
        assert "Traceback" not in page.content()
        page.screenshot(path=str(tmp_path / "banner.png"), full_page=True)
        page.close()
