"""The web page NGO staff use: paste or upload an Indonesian article, read English bullets and a
translation they can check sentence by sentence.

A thin Gradio layer over the library API (``Settings``, ``RunOptions``,
``read_document``/``read_upload``, ``load_pipeline(settings).run(document, options)``): no
tokenizer or engine code lives here. The page loads one pipeline; each request's bullets, mode,
beams and glossary are ``RunOptions`` for it.
Every ``SummarizerError`` becomes a ``gr.Error`` with its one-line message; anything unexpected
is logged and shown as one generic line, never as a traceback. The page's parts live in
``page/`` (models and banner, inputs, the handler, HTML, downloads, server options); this module
builds the page from them and starts it.

    python app.py [--host 127.0.0.1] [--port 7860] [--mt-model ID_OR_DIR] [--sum-model ID_OR_DIR]
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

import gradio as gr

from page.errors import RunErrors
from page.handler import make_handler
from page.models import Models
from page.render import error_html
from page.server import SECURITY_HEADERS, server_options
from summarizer import (
    BEAMS_RANGE,
    BULLETS_RANGE,
    DEFAULT_MAX_INPUT_BYTES,
    ENGINE_HELP,
    ENGINES,
    MT_MODEL_HELP,
    SUFFIXES_IN_WORDS,
    SUM_MODEL_HELP,
    UPLOAD_SUFFIXES,
    RunOptions,
    Settings,
    SummarizerError,
    error_message,
    usable_cores,
    use_threads,
)

# Importable from here, as the README names them (`app.SECURITY_HEADERS`, `app.server_options`).
__all__ = ["SECURITY_HEADERS", "build_app", "main", "parse_args", "server_options"]

log = logging.getLogger("summarizer.app")

ROOT = Path(__file__).resolve().parent
SEED = ROOT / "seeds" / "000_d98608ce5aebf04f.txt"
# Requests that may run at once. The engine generates one batch at a time (it holds a lock), so
# a second slot only overlaps reading, segmentation and summarising with another translation.
CONCURRENCY = 2
# Requests that may wait in the queue before new ones are told the page is busy.
QUEUE_SIZE = 16


# --------------------------------------------------------------------------- page


def build_app(
    settings: Settings | None = None,
    *,
    defaults: RunOptions | None = None,
    threads: int | None = None,
    preload: bool = True,
    allow_private_urls: bool = False,
) -> gr.Blocks:
    """The page, ready to ``launch()``: models loaded (or a banner saying how to get them).

    ``defaults`` are the run options the page's controls start at (``RunOptions()``'s).
    """
    settings = settings or Settings.from_env()
    defaults = defaults or RunOptions()
    threads = use_threads(threads or usable_cores())
    models = Models(settings, preload=preload)
    workdir = Path(tempfile.mkdtemp(prefix="summarizer-app-"))
    from gradio.utils import get_upload_folder

    errors = RunErrors()
    handler = make_handler(
        models,
        settings,
        workdir,
        threads,
        allow_private_urls=allow_private_urls,
        uploads_in=Path(get_upload_folder()),
        errors=errors,
    )
    seed_text = SEED.read_text(encoding="utf-8") if SEED.is_file() else None

    demo = gr.Blocks(
        title="Indonesian → English reader", analytics_enabled=False, delete_cache=(3600, 3600)
    )
    with demo:
        gr.Markdown(
            "# Indonesian → English reader\n"
            "Paste an Indonesian news article or upload a file. You get a few English bullet "
            "points, the full English translation (every sentence, in order), and a table to "
            "check each sentence against the source. Machine translation: verify before quoting."
        )
        first_banner = models.banner()
        banner = gr.HTML(first_banner, visible=bool(first_banner), elem_id="model-banner")
        with gr.Row():
            with gr.Column(scale=3):
                text = gr.Textbox(
                    label="Article (Indonesian)",
                    placeholder="Paste the article text here, or upload a file below.",
                    lines=12,
                    max_lines=16,
                    elem_id="article-text",
                )
                url = gr.Textbox(
                    label="…or give a link to the article (http:// or https://)",
                    placeholder="https://…",
                    lines=1,
                    max_lines=1,
                    elem_id="article-url",
                )
                # The file boxes' labels sit above them: Gradio's own label floats over the
                # drop zone and covered its icon and text.
                upload_label = f"…or upload a file ({SUFFIXES_IN_WORDS}); it wins over a link and "
                upload_label += "pasted text"
                gr.Markdown(upload_label, elem_id="article-file-label", padding=False)
                upload = gr.File(
                    label=upload_label,
                    show_label=False,
                    file_types=list(UPLOAD_SUFFIXES),
                    type="filepath",
                    height=130,
                    elem_id="article-file",
                )
                if seed_text is not None:
                    gr.Examples(
                        examples=[[seed_text]],
                        inputs=[text],
                        example_labels=["BP2MI staff briefing in Kupang (VOICEIndonesia.co)"],
                        label="Example article",
                    )
            with gr.Column(scale=1, min_width=240):
                n_bullets = gr.Slider(
                    *BULLETS_RANGE,
                    value=defaults.bullets,
                    step=1,
                    label="Bullets",
                    elem_id="bullets-n",
                )
                # Without the summary model: extractive pre-selected, abstractive marked.
                mode = gr.Radio(
                    label="Summary mode", elem_id="mode", **models.mode_control(defaults.mode)
                )
                beams = gr.Slider(
                    *BEAMS_RANGE,
                    value=defaults.beams,
                    step=1,
                    label="Beams (more is slower, sometimes better)",
                    elem_id="beams",
                )
                gr.Markdown(
                    "Glossary (optional): a .tsv or .txt file, one `Indonesian<TAB>English` "
                    "pair a line",
                    elem_id="glossary-file-label",
                    padding=False,
                )
                glossary = gr.File(
                    label="Glossary (optional): a .tsv or .txt file, one "
                    "'Indonesian<TAB>English' pair a line",
                    show_label=False,
                    file_types=[".tsv", ".txt"],
                    type="filepath",
                    height=130,
                    elem_id="glossary-file",
                )
                button = gr.Button("Translate and summarise", variant="primary", elem_id="run")
        gr.Markdown("## Summary")
        # A failed run's message stays here, in place of the results, until the next run.
        error_out = gr.HTML("", visible=False, elem_id="run-error")
        bullets_out = gr.HTML(label="bullets", elem_id="bullets")
        translation_out = gr.Textbox(
            label="English translation",
            lines=12,
            max_lines=40,
            interactive=False,
            buttons=["copy"],
            elem_id="translation",
        )
        with gr.Accordion("Check sentence by sentence", open=True):
            table_out = gr.HTML(label="sentences", elem_id="sentences")
        notes_out = gr.HTML(label="notes", elem_id="notes")
        with gr.Row():
            md_button = gr.DownloadButton(
                "Download Markdown", visible=False, size="sm", elem_id="download-md"
            )
            json_button = gr.DownloadButton(
                "Download JSON", visible=False, size="sm", elem_id="download-json"
            )
        with gr.Accordion("Full result (JSON, same as the download)", open=False):
            json_out = gr.JSON(label="result", elem_id="result-json")

        results = [bullets_out, translation_out, table_out, notes_out, md_button, json_button]
        results += [json_out]

        def cleared(message: str | None = None) -> tuple[Any, ...]:
            """Empty results and hidden downloads; the error box shows ``message``."""
            hidden = gr.DownloadButton(value=None, visible=False)
            box = gr.HTML(error_html(message) if message else "", visible=bool(message))
            return "", "", "", "", hidden, hidden, None, box

        # A new run first clears the previous result (and error), so nothing stale stays.
        start = button.click(
            cleared,
            outputs=[*results, error_out],
            api_visibility="private",
            queue=False,
            show_progress="hidden",
        )
        event = start.then(
            handler,
            inputs=[text, upload, n_bullets, mode, beams, glossary, url],
            outputs=results,
            api_name="run",
            preprocess=False,  # the handler checks every value itself, in the page's words
            api_description=(
                "Translate and summarise one Indonesian article. Inputs: text, upload (a file, "
                "or None), "
                f"bullets {BULLETS_RANGE[0]}-{BULLETS_RANGE[1]}, mode abstractive|extractive|lead, "
                f"beams {BEAMS_RANGE[0]}-{BEAMS_RANGE[1]}, glossary (a file, or None), url (an "
                "http(s) link, or empty). The last "
                "output is Result.to_dict()."
            ),
            concurrency_limit=CONCURRENCY,
            concurrency_id="pipeline",
        )

        # The buttons appear once there is something to download (the API gets the files).
        event.success(
            lambda: (gr.DownloadButton(visible=True), gr.DownloadButton(visible=True)),
            outputs=[md_button, json_button],
            api_visibility="private",
            queue=False,
        )

        def show_failure(request: gr.Request) -> tuple[Any, ...]:
            message = errors.pop(request.session_hash)
            return cleared(
                message
                or "The run did not finish (the page may be busy, or the connection to it "
                "was lost); try again in a moment."
            )

        # A failed run: its message in the results area, in place of any result.
        event.failure(
            show_failure,
            outputs=[*results, error_out],
            api_visibility="private",
            queue=False,
            show_progress="hidden",
        )

        # While a model downloads, the banner shows its progress every 2 s.
        timer = gr.Timer(2.0, active=models.downloading)

        def refresh_banner(select: bool = False) -> Any:
            models.recheck()
            message = models.banner()
            control = models.mode_control(defaults.mode)
            if not select:  # a download finishing keeps what the user chose
                control.pop("value")
            return (
                gr.HTML(message, visible=bool(message)),
                gr.Timer(active=models.downloading),
                gr.Radio(**control),
            )

        def on_load() -> Any:  # the mode control is set afresh
            return refresh_banner(select=True)

        def on_tick() -> Any:  # while a model downloads: its progress, then its state
            return refresh_banner()

        for trigger, refresh in ((demo.load, on_load), (timer.tick, on_tick)):
            trigger(
                refresh,
                outputs=[banner, timer, mode],
                api_visibility="private",
                queue=False,
                show_progress="hidden",
            )
    demo.queue(max_size=QUEUE_SIZE, default_concurrency_limit=CONCURRENCY)
    return demo


# --------------------------------------------------------------------------- entry point


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--host", default="127.0.0.1", help="Address to bind [127.0.0.1].")
    parser.add_argument("--port", type=int, default=7860, help="Port [7860].")
    parser.add_argument(
        "--share", action="store_true", help="Also open a public gradio.live link (off)."
    )
    # The model options of the CLI and eval: the same names, help and defaults.
    parser.add_argument("--mt-model", default=None, help=MT_MODEL_HELP)
    parser.add_argument("--sum-model", default=None, help=SUM_MODEL_HELP)
    parser.add_argument("--engine", choices=ENGINES, default=None, help=ENGINE_HELP)
    parser.add_argument(
        "--max-bytes",
        type=int,
        default=None,
        help=f"Input size cap in bytes [{DEFAULT_MAX_INPUT_BYTES:,}].",
    )
    parser.add_argument(
        "--threads",
        type=int,
        default=None,
        help="Torch threads per request, transformers engine [the CPU cores this process may use].",
    )
    parser.add_argument(
        "--allow-private-urls",
        action="store_true",
        help="Also read links to private, loopback and link-local addresses (refused by default).",
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="Log what the pipeline does.")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    log.setLevel(logging.INFO)
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    # A first run's downloads report size and progress in the log (summarizer.models); the
    # hub client's own terminal bars would only clutter it.
    from huggingface_hub.utils import disable_progress_bars

    disable_progress_bars()
    try:
        settings = Settings.from_env(
            mt_model=args.mt_model,
            sum_model=args.sum_model,
            engine=args.engine,
            max_input_bytes=args.max_bytes,
        )
        demo = build_app(settings, threads=args.threads, allow_private_urls=args.allow_private_urls)
    except SummarizerError as exc:
        print(f"error: {error_message(exc)}", file=sys.stderr)
        return exc.exit_code
    demo.launch(
        server_name=args.host,
        server_port=args.port,
        share=args.share,
        max_file_size=settings.max_input_bytes,
        show_error=False,
        app_kwargs=server_options(),
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
