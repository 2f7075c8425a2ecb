"""The page's one handler (the button and the `/run` API): check the request, read the
article, run the shared pipeline, render the result; a refused or failed run becomes one
``gr.Error`` line."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

import gradio as gr

from page.downloads import write_downloads
from page.errors import GENERIC_ERROR, RunErrors
from page.inputs import check_received, int_option, read_glossary_upload, read_input, text_option
from page.models import Models
from page.render import bullets_html, esc, notes_html, sentences_html
from summarizer import RunOptions, Settings, SummarizerError, error_message, use_threads

log = logging.getLogger("summarizer.app")  # the page's one logger (app.main sets its level)


def make_handler(
    models: Models,
    settings: Settings,
    workdir: Path,
    threads: int,
    *,
    allow_private_urls: bool = False,
    uploads_in: Path | None = None,
    errors: RunErrors | None = None,
) -> Callable[..., tuple[Any, ...]]:
    """The page's handler. ``uploads_in`` is the folder Gradio receives uploads in: a file
    path outside it (an API client naming a server file) is refused. A refused or failed run
    raises ``gr.Error`` with its one line, also kept in ``errors`` for the page's error box."""
    defaults = RunOptions()

    def fail(message: str, request: gr.Request | None) -> gr.Error:
        if errors is not None:
            errors.put(getattr(request, "session_hash", None), message)
        # No toast: the page shows the message in its error box (see build_app).
        return gr.Error(esc(message), print_exception=False, visible=False)

    def run(
        text: str | None,
        upload: Any = None,
        bullets: Any = defaults.bullets,
        mode: Any = defaults.mode,
        beams: Any = defaults.beams,
        glossary: Any = None,
        url: str | None = None,
        request: gr.Request | None = None,
        progress: gr.Progress = gr.Progress(),  # noqa: B008 - Gradio's documented idiom
    ) -> tuple[Any, ...]:
        """Translate and summarise one article (the page's button and the `/run` API)."""
        try:
            # Torch keeps its thread count per thread; Gradio runs this in a worker thread.
            use_threads(threads)
            progress(0.0, desc="Reading the article")
            # The event skips Gradio's preprocessing: every value, the API's included, is
            # checked here and refused in one line (no traceback in the server log).
            text = text_option(text, "The article text")
            url = text_option(url, "The link")
            check_received(upload, uploads_in, "The uploaded file")
            check_received(glossary, uploads_in, "The glossary")
            options = RunOptions(
                bullets=int_option(bullets, "Bullets"),
                mode=text_option(mode, "Mode") or "",
                beams=int_option(beams, "Beams"),
                glossary=read_glossary_upload(glossary),
            )
            document = read_input(
                text, upload, settings, url, allow_private_urls=allow_private_urls
            )
            progress(0.0, desc="Loading the models")
            pipeline = models.pipeline(options)

            def on_progress(done: int, total: int) -> None:
                if done < total:
                    progress((done, total), desc="Translating sentences", unit="sentences")
                else:
                    progress(1.0, desc="Summarising")

            result = pipeline.run(document, options, progress=on_progress)
            md_path, json_path = write_downloads(result, workdir)
        except SummarizerError as exc:
            message = error_message(exc)
            log.info("request refused: %s", message)
            raise fail(message, request) from None
        except gr.Error:
            raise
        except Exception:
            log.exception("unexpected error while processing a request")
            raise fail(GENERIC_ERROR, request) from None
        return (
            bullets_html(result),
            result.translation,
            sentences_html(result),
            notes_html(result),
            md_path,
            json_path,
            result.to_dict(),
        )

    return run
