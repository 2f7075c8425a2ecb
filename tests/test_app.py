"""The Gradio page, launched in-process and driven through ``gradio_client`` (the `/run` API).

Text behaviour uses the trained copy model, so the translation must give back the cleaned
source exactly: nothing dropped, nothing reordered.
"""

from __future__ import annotations

import json
import socket
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

gr = pytest.importorskip("gradio")
gradio_client = pytest.importorskip("gradio_client")

import app  # noqa: E402
from page.errors import GENERIC_ERROR, RunErrors  # noqa: E402
from page.handler import make_handler  # noqa: E402
from page.models import MODE_CHOICES, Models  # noqa: E402
from page.render import error_html  # noqa: E402
from summarizer import (  # noqa: E402
    ModelLoadError,
    OptionError,
    RunOptions,
    Settings,
    load_pipeline,
    parse_glossary,
    read_document,
    read_path,
    use_threads,
)
from tests.conftest import SEED  # noqa: E402

TIMEOUT_S = 180


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Served:
    demo: Any
    url: str
    client: Any

    def run(
        self,
        text: str | None,
        upload: Any = None,
        bullets: int = 3,
        mode: str = "extractive",
        beams: int = 2,
    ) -> tuple[Any, ...]:
        # Keyword arguments, as in the README's example.
        job = self.client.submit(
            text=text, upload=upload, bullets=bullets, mode=mode, beams=beams, api_name="/run"
        )
        return tuple(job.result(timeout=TIMEOUT_S))


def serve(settings: Settings, defaults: RunOptions | None = None) -> Iterator[Served]:
    demo = app.build_app(settings, defaults=defaults)
    port = free_port()
    demo.launch(prevent_thread_lock=True, server_name="127.0.0.1", server_port=port, quiet=True)
    url = f"http://127.0.0.1:{port}/"
    try:
        client = gradio_client.Client(url, verbose=False, analytics_enabled=False)
        yield Served(demo, url, client)
    finally:
        demo.close()


@pytest.fixture(scope="module")
def served(copy_model: str, lead_model: str) -> Iterator[Served]:
    # The default engine (auto: CTranslate2 when installed), as `make run` uses it.
    settings = Settings(mt_model=copy_model, sum_model=lead_model)
    yield from serve(settings)


def test_run_returns_bullets_and_the_complete_translation(served: Served) -> None:
    seed = SEED.read_text(encoding="utf-8")
    bullets, translation, table, notes, md_path, json_path, result = served.run(seed, bullets=3)
    # The copy model gives back every sentence of the cleaned source, in order.
    assert translation == read_path(SEED).text
    assert len(result["bullets"]) == 3
    assert bullets.count("<li>") == 3
    for bullet in result["bullets"]:
        assert bullet["text"] in translation
        assert bullet["mode"] == "extractive"
        # Flags are shown beside their bullet (the copy model's 64-token limit splits long
        # sentences, and the bullet carries that sentence's flag).
        if bullet["flags"]:
            assert f"⚠ check: {'; '.join(bullet['flags'])}" in bullets
    assert table.count("<tr class=") == sum(len(p["sentences"]) for p in result["paragraphs"])
    assert (
        "Baca Juga: Organisasi Pelaut" in notes and "Removed as news-site boilerplate (2" in notes
    )
    assert result["translation"] == translation
    assert json.loads(Path(json_path).read_text(encoding="utf-8")) == result
    markdown = Path(md_path).read_text(encoding="utf-8")
    assert markdown.startswith("## Summary\n") and Path(md_path).name == "article.en.md"
    assert result["signature"]["summary"] == {"mode": "extractive", "bullets": 3}


def test_empty_input_returns_the_error_message(served: Served) -> None:
    with pytest.raises(gradio_client.exceptions.AppError) as err:
        served.run("   \n ")
    assert err.value.message == "pasted text: the text is empty; paste or upload an article."


def test_abstractive_bullets_with_the_summary_model(served: Served) -> None:
    # The tiny lead BART "summarises" by copying the first sentence of its input.
    seed = SEED.read_text(encoding="utf-8")
    bullets, translation, *_, result = served.run(seed, bullets=2, mode="abstractive")
    assert translation == read_path(SEED).text
    assert 1 <= len(result["bullets"]) <= 2
    assert all(b["mode"] == "abstractive" for b in result["bullets"])
    assert result["signature"]["summary"]["mode"] == "abstractive"
    assert bullets.count("<li>") == len(result["bullets"])


def test_abstractive_without_the_summary_model_fails_before_translating(
    copy_model: str, tmp_path: Path
) -> None:
    missing = str(tmp_path / "no-summary-model")
    settings = Settings(mt_model=copy_model, sum_model=missing)
    models = Models(settings)
    assert models.error is None
    assert "The summary model" in models.banner() and "--sum-model DIR" in models.banner()
    with pytest.raises(ModelLoadError, match=r"^The summary model '.*' is not on this machine"):
        models.pipeline(RunOptions(mode="abstractive"))
    assert models.pipeline(RunOptions(mode="lead")) is load_pipeline(settings)


def test_bad_option_is_a_one_line_error(served: Served, copy_model: str, tmp_path: Path) -> None:
    # Through the API, the slider's range (the library's BULLETS_RANGE) refuses 11 in one line.
    with pytest.raises(gradio_client.exceptions.AppError) as err:
        served.run("Sebanyak 27 pekerja migran dipulangkan.", bullets=11)
    assert "11" in err.value.message and "\n" not in err.value.message
    # A value that gets past the component (another client) meets the library's own check.
    handler = make_handler(Models(Settings(mt_model=copy_model)), Settings(), tmp_path, 1)
    for bullets, beams, message in (
        (11, 2, "--bullets must be between 1 and 10, got 11."),
        (2, 17, "--beams must be between 1 and 16, got 17."),
        ("many", 2, "Bullets must be a whole number, got 'many'."),
    ):
        with pytest.raises(gr.Error) as page_err:
            handler("Satu kalimat.", None, bullets, "lead", beams, None, progress=no_progress)
        assert page_err.value.message == message


def no_progress(*args: Any, **kwargs: Any) -> None:
    pass


GLOSSARY = "# Indonesian\tEnglish\nBP2MI\tIndonesian Migrant Workers Protection Agency\n"


def test_glossary_upload_is_part_of_the_run(copy_model: str, tmp_path: Path) -> None:
    settings = Settings(mt_model=copy_model)
    handler = make_handler(Models(settings), settings, tmp_path, 1)
    glossary = tmp_path / "istilah.tsv"
    glossary.write_text(GLOSSARY, encoding="utf-8")
    text = "BP2MI memulangkan 27 pekerja migran ke Kupang."
    *_, result = handler(text, None, 1, "lead", 1, str(glossary), progress=no_progress)
    expected = parse_glossary(GLOSSARY.encode(), "istilah.tsv").signature()
    assert result["signature"]["glossary"] == expected
    *_, plain = handler(text, None, 1, "lead", 1, None, progress=no_progress)
    assert "glossary" not in plain["signature"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"BP2MI Indonesian agency\n", "istilah.tsv, line 1, has no tab between the two terms"),
        (b"a\tb\tc\n", "istilah.tsv, line 1, has 3 columns"),
        (b"# only a comment\n\n", "istilah.tsv has no pairs"),
        (b"BP2MI\x00\tx\n", "istilah.tsv is a binary file"),
        (b"x" * 1_000_001, "istilah.tsv is 1,000,001 bytes, over the 1,000,000-byte limit"),
    ],
)
def test_bad_glossary_upload_is_one_line(
    copy_model: str, tmp_path: Path, content: bytes, message: str
) -> None:
    settings = Settings(mt_model=copy_model)
    handler = make_handler(Models(settings, preload=False), settings, tmp_path, 1)
    glossary = tmp_path / "istilah.tsv"
    glossary.write_bytes(content)
    with pytest.raises(gr.Error) as err:
        handler("Satu kalimat.", None, 1, "lead", 1, str(glossary), progress=no_progress)
    assert message in err.value.message and "\n" not in err.value.message


def test_two_concurrent_calls_both_succeed(served: Served) -> None:
    seed = SEED.read_text(encoding="utf-8")
    other = "Pekerja Migran Dipulangkan\nSebanyak 27 pekerja migran dipulangkan ke Kupang."
    with ThreadPoolExecutor(2) as pool:
        first = pool.submit(served.run, seed, None, 2)
        second = pool.submit(served.run, other, None, 1, "lead", 1)
        a, b = first.result(timeout=TIMEOUT_S), second.result(timeout=TIMEOUT_S)
    assert a[1] == read_path(SEED).text and len(a[6]["bullets"]) == 2
    assert b[1] == read_document(other).text
    assert b[6]["bullets"] == [
        {"text": "Sebanyak 27 pekerja migran dipulangkan ke Kupang.", "mode": "lead", "flags": []}
    ]


def test_html_upload_through_the_api(served: Served, tmp_path: Path) -> None:
    page = tmp_path / "berita.html"
    page.write_text(
        "<html><body><nav><p>Beranda</p></nav><article><h1>Pekerja Migran Dipulangkan</h1>"
        "<p>Sebanyak 27 pekerja migran dipulangkan ke Kupang.</p>"
        "<p>Mereka tiba pada Senin.</p></article></body></html>",
        encoding="utf-8",
    )
    out = served.run("ignored paste", gradio_client.handle_file(str(page)), bullets=1)
    assert out[1] == (
        "Pekerja Migran Dipulangkan\n\nSebanyak 27 pekerja migran dipulangkan ke Kupang.\n\n"
        "Mereka tiba pada Senin."
    )
    assert out[6]["name"] == "berita.html"
    assert any("the paste box was ignored" in w for w in out[6]["warnings"])
    assert Path(out[4]).name == "berita.en.md"


def test_oversized_upload_is_refused_with_the_cap(
    copy_model: str, tmp_path: Path, served: Served
) -> None:
    big = tmp_path / "besar.txt"
    big.write_bytes(b"Sebanyak 27 pekerja migran dipulangkan. " * 30_000)  # 1.2 MB
    with pytest.raises(gradio_client.exceptions.AppError) as err:
        served.run(None, gradio_client.handle_file(str(big)))
    assert err.value.message.startswith("besar.txt: the file is 1.2 MB, over the 1.0 MB limit")


def test_unexpected_errors_show_one_generic_line(
    served: Served, monkeypatch: pytest.MonkeyPatch
) -> None:
    from summarizer.pipeline import Pipeline

    def boom(self: Any, *args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("secret internal detail")

    monkeypatch.setattr(Pipeline, "run", boom)
    with pytest.raises(gradio_client.exceptions.AppError) as err:
        served.run("Sebanyak 27 pekerja migran dipulangkan.")
    assert err.value.message == GENERIC_ERROR
    assert "secret" not in err.value.message


def test_per_request_options_build_no_pipeline(
    served: Served, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Bullets, mode and beams change on every request; the page's one pipeline serves them."""
    from summarizer.pipeline import Pipeline

    built: list[Pipeline] = []
    init = Pipeline.__init__

    def counting(self: Pipeline, *args: Any, **kwargs: Any) -> None:
        built.append(self)
        init(self, *args, **kwargs)

    monkeypatch.setattr(Pipeline, "__init__", counting)
    text = "Sebanyak 27 pekerja migran dipulangkan ke Kupang. Mereka tiba pada Senin."
    signatures = [
        served.run(text, bullets=bullets, mode=mode, beams=beams)[6]["signature"]
        for bullets, mode, beams in ((1, "lead", 1), (2, "extractive", 3), (2, "abstractive", 2))
    ]
    assert built == []
    assert [(s["beams"], s["summary"]["mode"]) for s in signatures] == [
        (1, "lead"), (3, "extractive"), (2, "abstractive")
    ]  # fmt: skip


def test_run_options_share_one_pipeline_and_its_models(copy_model: str, lead_model: str) -> None:
    settings = Settings(mt_model=copy_model, sum_model=lead_model, engine="transformers")
    pipeline = load_pipeline(settings)
    summarizer = pipeline.summary_engine
    doc = read_document("Sebanyak 27 pekerja migran dipulangkan. Mereka tiba pada Senin.")
    for options in (
        RunOptions(bullets=2, beams=1),
        RunOptions(mode="lead", beams=1),
        RunOptions(mode="extractive", beams=3, bullets=1),
    ):
        result = pipeline.run(doc, options)
        assert result.signature["beams"] == options.beams
        assert result.signature["summary"]["mode"] == options.mode
        assert load_pipeline(settings) is pipeline
    assert pipeline.summary_engine is summarizer
    with pytest.raises(OptionError, match="^beams must be between 1 and 16, got 0"):  # the CLI: --beams
        pipeline.run(doc, RunOptions(beams=0))


def test_use_threads_sets_the_calling_worker_thread() -> None:
    import torch

    before = torch.get_num_threads()
    with ThreadPoolExecutor(1) as pool:
        assert pool.submit(use_threads, 1).result() == 1
        assert pool.submit(torch.get_num_threads).result() == 1
        assert pool.submit(use_threads, 2).result() == 2
    assert torch.get_num_threads() == before


def test_missing_model_page_opens_with_a_banner(tmp_path: Path) -> None:
    settings = Settings(mt_model=str(tmp_path / "no-such-model"))
    for served in serve(settings):
        import httpx

        assert httpx.get(served.url, timeout=30).status_code == 200
        banner = next(
            c
            for c in served.demo.config["components"]
            if c["props"].get("elem_id") == "model-banner"
        )
        assert banner["props"]["visible"] is True
        assert "summarizer models download" in banner["props"]["value"]
        assert "--mt-model DIR" in banner["props"]["value"]
        with pytest.raises(gradio_client.exceptions.AppError) as err:
            served.run("Sebanyak 27 pekerja migran dipulangkan.")
        assert "is not on this machine" in err.value.message
        assert "summarizer models download" in err.value.message


def test_command_line_defaults_are_local_only() -> None:
    args = app.parse_args([])
    assert (args.host, args.port, args.share) == ("127.0.0.1", 7860, False)


def test_command_line_options_reach_the_settings_and_the_server(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """`python app.py` options become the same Settings as the CLI's, and the upload cap."""
    built: dict[str, Any] = {}

    class Demo:
        def launch(self, **kwargs: Any) -> None:
            built["launch"] = kwargs

    def fake_build(
        settings: Settings, threads: int | None = None, allow_private_urls: bool = False
    ) -> Demo:
        built["settings"], built["threads"] = settings, threads
        built["allow_private_urls"] = allow_private_urls
        return Demo()

    monkeypatch.setattr(app, "build_app", fake_build)
    monkeypatch.setenv("SUMMARIZER_SUM_MODEL", "env-summary")
    argv = ["--mt-model", "m", "--engine", "transformers", "--max-bytes", "5000", "--port", "8000"]
    assert app.main([*argv, "--threads", "1"]) == 0
    assert built["settings"] == Settings(
        mt_model="m", sum_model="env-summary", engine="transformers", max_input_bytes=5000
    )
    assert built["threads"] == 1
    assert built["allow_private_urls"] is False  # links into the local network: refused
    assert built["launch"]["server_port"] == 8000
    assert built["launch"]["server_name"] == "127.0.0.1"
    assert built["launch"]["max_file_size"] == 5000
    assert app.main(["--max-bytes", "0"]) == 2  # the library's check, as the CLI's
    assert app.main(["--allow-private-urls"]) == 0 and built["allow_private_urls"] is True


TWO_SENTENCES = "Sebanyak 27 pekerja migran dipulangkan ke Kupang. Mereka tiba pada hari Senin."


def test_run_can_be_called_with_just_the_text(served: Served) -> None:
    # Every input but the text has a default in the API (gradio_client no longer demands
    # upload=None); the defaults are the page's (its controls' first values).
    info = served.client.view_api(return_format="dict", print_info=False)
    parameters = info["named_endpoints"]["/run"]["parameters"]
    optional = {p["parameter_name"] for p in parameters if p["parameter_has_default"]}
    assert optional == {"upload", "bullets", "mode", "beams", "glossary", "url"}
    result = served.client.predict(text=TWO_SENTENCES, api_name="/run")[-1]
    assert result["translation"] == TWO_SENTENCES
    assert result["signature"]["summary"]["bullets"] == 4


def test_without_the_summary_model_the_page_and_api_default_to_extractive(
    copy_model: str, tmp_path: Path
) -> None:
    settings = Settings(mt_model=copy_model, sum_model=str(tmp_path / "no-summary-model"))
    models = Models(settings)
    control = models.mode_control("abstractive")
    assert control["value"] == "extractive"
    assert control["choices"][0] == ("Abstractive: not available (see above)", "abstractive")
    assert "no-summary-model" in control["info"] and "summarizer models download" in control["info"]
    assert "`" not in control["info"]
    assert models.mode_control("lead")["value"] == "lead"
    for served in serve(settings):
        result = served.client.predict(text=TWO_SENTENCES, api_name="/run")[-1]
        assert result["signature"]["summary"]["mode"] == "extractive"
    # With the model, nothing is marked and the preferred mode stays.
    with_model = Models(Settings(mt_model=copy_model, sum_model=copy_model), preload=False)
    assert with_model.mode_control("abstractive") == {
        "choices": MODE_CHOICES, "value": "abstractive", "info": None
    }  # fmt: skip


def test_fewer_bullets_are_explained_under_the_bullets(served: Served) -> None:
    bullets, _, table, notes, *_, result = served.run(TWO_SENTENCES, bullets=4)
    message = "Only 2 of the 4 bullets asked for: the article has only 2 sentences to choose from."
    assert result["bullets_note"] == {
        "asked": 4, "given": 2, "why": "the article has only 2 sentences to choose from"
    }  # fmt: skip
    assert f'<p class="bullets-note">ⓘ {message}</p>' in bullets
    assert message not in notes  # shown once, beside the bullets
    # The copy model is certain of every sentence: 0.00, never -0.00.
    assert "-0.00" not in table and ">0.00</td>" in table


def test_run_errors_are_kept_per_session_and_bounded() -> None:
    errors = RunErrors()
    errors.put("a", "first")
    errors.put("b", "second")
    assert errors.pop("a") == "first" and errors.pop("a") is None
    for n in range(RunErrors.LIMIT + 5):
        errors.put(str(n), "x")
    assert errors.pop("b") is None and errors.pop(str(RunErrors.LIMIT + 4)) == "x"
    box = error_html("Run `summarizer models download` <now>.")
    assert "<code>summarizer models download</code>" in box and "&lt;now&gt;" in box
    assert "`" not in box
