"""The page in a real browser: Debian's headless chromium driven by Playwright (no browser
download). Skips with a reason where chromium or Playwright is missing.

The screenshots land in the test's tmp_path; the top of the page is also copied to
docs/screenshot.png for the README when that file is missing or UPDATE_SCREENSHOT=1.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

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


def test_missing_model_banner_and_error_box(browser: object, tmp_path: Path) -> None:
    settings = Settings(mt_model=str(tmp_path / "no-such-model"))
    for served in serve(settings):
        page = open_page(browser, served)
        banner = page.locator("#model-banner")
        assert banner.is_visible()
        assert "summarizer models download" in banner.inner_text()
        page.locator("#article-text textarea").fill("Sebanyak 27 pekerja migran dipulangkan.")
        page.locator("#run").click()
        box = page.locator("#run-error-box")
        box.wait_for()
        assert "is not on this machine (there is no model folder there)" in box.inner_text()
        assert "`" not in box.inner_text()  # commands are shown as code, not in backquotes
        assert "Traceback" not in page.content()
        page.screenshot(path=str(tmp_path / "banner.png"), full_page=True)
        page.close()


TWO_SENTENCES = "Sebanyak 27 pekerja migran dipulangkan ke Kupang. Mereka tiba pada hari Senin."


def results_shown(page: Any) -> dict[str, Any]:
    """What the results area shows now."""
    return {
        "bullets": page.locator("#bullets li").count(),
        "translation": page.locator("#translation textarea").input_value(),
        "rows": page.locator("#sentence-table tbody tr").count(),
        "downloads": page.locator("#download-md").is_visible()
        or page.locator("#download-json").is_visible(),
        "error": page.locator("#run-error-box").is_visible(),
    }


def test_a_failure_after_a_success_shows_only_the_failure(
    browser: object, copy_model: str, tmp_path: Path
) -> None:
    settings = Settings(mt_model=copy_model, sum_model=str(tmp_path / "no-summary-model"))
    for served in serve(settings, RunOptions(mode="extractive", beams=1)):
        page = open_page(browser, served)
        box = page.locator("#article-text textarea")
        box.fill(TWO_SENTENCES)
        page.locator("#run").click()
        page.locator("#download-md").wait_for(state="visible")
        shown = results_shown(page)
        assert shown["bullets"] == 2 and shown["translation"] and shown["rows"] == 2
        assert not shown["error"]

        # A failure: an empty article. The old result goes; the message stays in its place.
        box.fill("   ")
        page.locator("#run").click()
        error = page.locator("#run-error-box")
        error.wait_for()
        assert "pasted text: the text is empty; paste or upload an article." in error.inner_text()
        assert results_shown(page) == {
            "bullets": 0, "translation": "", "rows": 0, "downloads": False, "error": True
        }  # fmt: skip
        # Persistent: still there after Gradio's toasts (10 s) would have gone; no toast,
        # and no bare "Error" badges on the emptied outputs.
        page.wait_for_timeout(11_000)
        assert error.is_visible()
        assert page.locator(".toast-body").count() == 0
        outputs = page.locator("#bullets, #translation, #sentences, #notes")
        assert outputs.get_by_text("Error", exact=True).count() == 0
        page.screenshot(path=str(tmp_path / "error.png"), full_page=True)

        # A message with a command shows it as code, in plain words (no backquotes).
        box.fill(TWO_SENTENCES)
        page.locator("#mode label").filter(has_text="Abstractive").click()
        page.locator("#run").click()
        page.wait_for_function(
            "() => (document.querySelector('#run-error-box') || {}).innerText?.includes("
            "'summary model')"
        )
        text = error.inner_text()
        assert "summarizer models download" in text and "`" not in text
        assert error.locator("code").count() >= 1

        # The next success removes the error box.
        page.locator("#mode label").filter(has_text="Extractive").click()
        page.locator("#run").click()
        page.locator("#download-md").wait_for(state="visible")
        assert not error.is_visible()
        assert page.locator("#bullets li").count() == 2
        page.close()


def test_without_the_summary_model_extractive_is_preselected_and_fewer_bullets_are_explained(
    browser: object, copy_model: str, tmp_path: Path
) -> None:
    settings = Settings(mt_model=copy_model, sum_model=str(tmp_path / "no-summary-model"))
    # The page's own default is abstractive; without its model, extractive is pre-selected.
    for served in serve(settings, RunOptions(beams=1)):
        page = open_page(browser, served)
        mode = page.locator("#mode")
        assert mode.locator("input:checked").get_attribute("value") == "extractive"
        abstractive = mode.locator("label").filter(has_text="Abstractive")
        assert "not available" in abstractive.inner_text()
        assert "Abstractive needs the summary model" in mode.inner_text()
        info = mode.inner_text()
        assert "no-summary-model" in info and "summarizer models download" in info
        assert "--sum-model DIR" in info and "`" not in info
        page.screenshot(path=str(tmp_path / "mode.png"), full_page=True)

        # 4 bullets asked (the default), 2 sentences: the page says how many and why.
        page.locator("#article-text textarea").fill(TWO_SENTENCES)
        page.locator("#run").click()
        page.locator("#download-md").wait_for(state="visible")
        assert page.locator("#bullets li").count() == 2
        note = page.locator("#bullets .bullets-note").inner_text()
        assert "Only 2 of the 4 bullets asked for" in note
        assert "the article has only 2 sentences to choose from" in note
        page.close()


def overlap(a: dict[str, float], b: dict[str, float]) -> bool:
    """Whether two bounding boxes (Playwright's x, y, width, height) overlap."""
    return not (
        a["x"] + a["width"] <= b["x"]
        or b["x"] + b["width"] <= a["x"]
        or a["y"] + a["height"] <= b["y"]
        or b["y"] + b["height"] <= a["y"]
    )


@pytest.mark.parametrize("width", [1280, 900])
def test_upload_labels_leave_their_drop_zones_readable(
    browser: object, copy_model: str, width: int
) -> None:
    for served in serve(Settings(mt_model=copy_model)):
        page = open_page(browser, served)
        page.set_viewport_size({"width": width, "height": 900})
        for box, words in (("#article-file", "upload a file"), ("#glossary-file", "Glossary")):
            labels = [page.locator(f"{box}-label")]
            labels += page.locator(f"{box} [data-testid='block-label']").all()  # Gradio's own
            assert words in labels[0].inner_text()
            for label in labels:
                if not label.is_visible():
                    continue
                for part in ("[data-testid='upload-icon']", "button.upload-container"):
                    zone = page.locator(f"{box} {part}").bounding_box()
                    where = label.bounding_box()
                    assert where and zone and not overlap(where, zone), (box, part, where, zone)
        page.close()
