"""The web page NGO staff use: paste or upload an Indonesian article, read English bullets and a
translation they can check sentence by sentence.

A thin Gradio layer over the library API (``Settings``, ``RunOptions``,
``read_document``/``read_upload``, ``load_pipeline(settings).run(document, options)``): no
tokenizer or engine code lives here. The page loads one pipeline; each request's bullets, mode,
beams and glossary are ``RunOptions`` for it.
Every ``SummarizerError`` becomes a ``gr.Error`` with its one-line message; anything unexpected
is logged here and shown as one generic line, never as a traceback.

    python app.py [--host 127.0.0.1] [--port 7860] [--mt-model ID_OR_DIR] [--sum-model ID_OR_DIR]
"""

from __future__ import annotations

import argparse
import dataclasses
import html
import json
import logging
import os
import re
import shutil
import sys
import tempfile
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from pathlib import Path
from typing import Any

import gradio as gr

from summarizer import (
    BEAMS_RANGE,
    BULLETS_RANGE,
    DEFAULT_MAX_INPUT_BYTES,
    ENGINE_HELP,
    ENGINES,
    LOW_CONFIDENCE,
    MAX_GLOSSARY_BYTES,
    MT_MODEL_HELP,
    SUFFIXES_IN_WORDS,
    SUM_MODEL_HELP,
    UPLOAD_SUFFIXES,
    Document,
    Glossary,
    InputError,
    ModelLoadError,
    OptionError,
    Pipeline,
    Result,
    RunOptions,
    Settings,
    SummarizerError,
    error_message,
    is_available,
    load_pipeline,
    parse_glossary,
    read_document,
    read_upload,
    read_url,
    usable_cores,
    use_threads,
)
from summarizer.models import DownloadState, download, hub_allowed, is_hub_id

log = logging.getLogger("summarizer.app")

ROOT = Path(__file__).resolve().parent
SEED = ROOT / "seeds" / "000_d98608ce5aebf04f.txt"
# Requests that may run at once. The engine generates one batch at a time (it holds a lock), so
# a second slot only overlaps reading, segmentation and summarising with another translation.
CONCURRENCY = 2
# Requests that may wait in the queue before new ones are told the page is busy.
QUEUE_SIZE = 16
# Downloads older than this are deleted when a new request comes in.
KEEP_DOWNLOADS_S = 3600
GENERIC_ERROR = (
    "Something went wrong on the server while processing this article (the details are in the "
    "server log); try again, or send the article to the page's maintainer."
)
MODE_CHOICES = [
    ("Abstractive (rewritten by a summary model)", "abstractive"),
    ("Extractive (key sentences)", "extractive"),
    ("Lead (first sentences)", "lead"),
]
LOW_STYLE = "background:#fff3cd;color:#111"
FLAG_STYLE = "background:#f8d7da;color:#111"
BANNER_STYLE = (
    "background:#fff3cd;color:#111;border:1px solid #e0b400;border-radius:6px;"
    "padding:8px 14px;margin:4px 0"
)


# --------------------------------------------------------------------------- models


def missing_model_message(name: str) -> str:
    why = "and the hub cannot be reached" if is_hub_id(name) else "(there is no model folder there)"
    return (
        f"The translation model '{name}' is not on this machine {why}: download it once while "
        "online with `.venv/bin/summarizer models download` and reload the page, or restart "
        "the page with a local model folder: `python app.py --mt-model DIR`."
    )


def missing_summary_message(name: str) -> str:
    return (
        f"The summary model '{name}' is not on this machine, so abstractive bullets are not "
        "available: download it once while online with `.venv/bin/summarizer models download`, "
        "or start the page with `--sum-model DIR`; extractive and lead bullets work without it."
    )


ROLE_OPTION = {"translation": "--mt-model", "summary": "--sum-model"}


class Models:
    """The page's one pipeline, and why its models could not be loaded (for the banner).

    ``load_pipeline`` is keyed on what loads only, so every request's bullets, mode, beams and
    glossary run on the same pipeline and models. A default model (a hub id) that is not on
    the machine is downloaded in the background when the hub can be reached, by the same
    ``summarizer.models.download`` as ``summarizer models download``; the banner shows its
    size and progress and the page translates as soon as it is there. Offline, no request
    looks it up on the hub (that retries for about 30 s): requests fail at once with the
    banner's message until it appears. The same holds for the summary model in abstractive
    mode, checked before translating.
    """

    def __init__(
        self, settings: Settings, *, preload: bool = True, download: bool | None = None
    ) -> None:
        self.settings = settings
        # Why the page's own models cannot be loaded, for the banner.
        self.error: str | None = None
        self.summary_error: str | None = None
        # Downloads in progress or failed, by role.
        self.downloads: dict[str, DownloadState] = {}
        self.download_errors: dict[str, str] = {}
        self._thread: threading.Thread | None = None
        wanted = [
            (role, name)
            for role, name in (("translation", settings.mt_model), ("summary", settings.sum_model))
            if not is_available(name) and is_hub_id(name)
        ]
        if wanted and (download if download is not None else hub_allowed()):
            for role, name in wanted:
                self.downloads[role] = DownloadState(name, role)
            self._thread = threading.Thread(
                target=self._download, args=(wanted, preload), name="model-download", daemon=True
            )
            self._thread.start()
        elif not is_available(settings.mt_model):
            self.error = missing_model_message(settings.mt_model)
            log.warning("%s", self.error)
        elif preload:
            self._load_own()

    @property
    def downloading(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def wait(self, timeout: float | None = None) -> None:
        """Until the background downloads (if any) are done."""
        if self._thread is not None:
            self._thread.join(timeout)

    def _download(self, wanted: list[tuple[str, str]], preload: bool) -> None:
        for role, name in wanted:

            def update(state: DownloadState, role: str = role) -> None:
                self.downloads[role] = dataclasses.replace(state)

            try:
                download([name], role=role, progress=update)
            except SummarizerError as exc:
                message = (
                    exc.for_option(ROLE_OPTION[role])
                    if isinstance(exc, ModelLoadError)
                    else str(exc)
                )
                self.download_errors[role] = message
                log.warning("%s", message)
            except Exception:  # noqa: BLE001 - a bug must not leave the banner spinning
                log.exception("download of the %s model failed", role)
                self.download_errors[role] = f"Downloading the {role} model failed: {GENERIC_ERROR}"
            finally:
                self.downloads.pop(role, None)
        if "translation" in self.download_errors:
            self.error = self.download_errors["translation"]
        elif preload and is_available(self.settings.mt_model):
            self._load_own()
        log.warning(
            "model downloads finished; the page %s",
            "cannot translate yet" if self.error else "is ready",
        )

    def _load_own(self) -> None:
        """Load the translation model, and the summary model when it is on the machine."""
        try:
            pipeline = self.pipeline(RunOptions(mode="extractive"))
        except ModelLoadError as exc:
            self.error = error_message(exc)
            log.warning("translation model not loaded: %s", self.error)
            return
        self.error = None
        if not is_available(self.settings.sum_model):
            return
        try:
            _ = pipeline.summary_engine
        except ModelLoadError as exc:
            self.summary_error = error_message(exc)
            log.warning("summary model not loaded: %s", self.summary_error)
        else:
            self.summary_error = None

    def _still_downloading(self, role: str) -> None:
        state = self.downloads.get(role)
        if state is not None:
            raise ModelLoadError(
                f"The {role} model '{state.name}' is still downloading ({state.describe()}); "
                "try again when the banner at the top of the page says it is done.",
                role,
            )

    def pipeline(self, options: RunOptions) -> Pipeline:
        """The shared pipeline, if the models ``options`` need are here; else ModelLoadError."""
        self._still_downloading("translation")
        if not is_available(self.settings.mt_model):
            raise ModelLoadError(self.error or missing_model_message(self.settings.mt_model))
        if options.mode == "abstractive":
            self._still_downloading("summary")
            if not is_available(self.settings.sum_model):
                raise ModelLoadError(
                    self.download_errors.get("summary")
                    or missing_summary_message(self.settings.sum_model),
                    "summary",
                )
        return load_pipeline(self.settings)

    def recheck(self) -> None:
        """On page load: if a missing model has appeared since, load it and drop the banner."""
        if self.downloading:
            return
        if self.error is not None and is_available(self.settings.mt_model):
            self._load_own()

    def abstractive_note(self) -> str | None:
        """Why abstractive bullets cannot be made now, in plain words; None when they can."""
        name = self.settings.sum_model
        state = self.downloads.get("summary")
        if state is not None:
            return (
                f"waits for the summary model '{name}', still downloading "
                f"({state.describe()}); extractive and lead bullets work meanwhile."
            )
        if "summary" in self.download_errors:
            return "is not available: " + _plain(self.download_errors["summary"])
        if not is_available(name):
            return (
                f"needs the summary model '{name}', which is not on this machine: get it "
                "with .venv/bin/summarizer models download while online, or start the page "
                "with --sum-model DIR."
            )
        if self.summary_error is not None:
            return "is not available: " + _plain(self.summary_error)
        return None

    def mode_control(self, preferred: str) -> dict[str, Any]:
        """Choices, value and note of the page's mode control: with abstractive unavailable,
        it is marked so (why, and how to get it) and extractive is pre-selected instead."""
        note = self.abstractive_note()
        if note is None:
            return {"choices": MODE_CHOICES, "value": preferred, "info": None}
        label = "Abstractive: not available (see above)"
        if "summary" in self.downloads:
            label = "Abstractive: the summary model is downloading"
        choices = [(label, "abstractive"), *MODE_CHOICES[1:]]
        value = "extractive" if preferred == "abstractive" else preferred
        return {"choices": choices, "value": value, "info": f"Abstractive {note}"}

    def banner(self) -> str:
        """HTML for the top of the page; empty when every model is available."""
        parts = []
        for state in list(self.downloads.values()):
            parts.append(
                f"<p><strong>⏳ Downloading the {state.role} model</strong> "
                f"'{_esc(state.name)}' from the hub: {_esc(state.describe())}. "
                + (
                    "The page translates as soon as it is done; this note updates itself.</p>"
                    if state.role == "translation"
                    else "Extractive and lead bullets work meanwhile.</p>"
                )
            )
        if self.error is not None:
            parts.append(
                "<p><strong>⚠ The page cannot translate yet.</strong> "
                f"{_code_spans(self.error)}</p>"
            )
        if "summary" in self.downloads:
            pass
        elif "summary" in self.download_errors:
            parts.append(
                "<p>Abstractive bullets are not available: "
                f"{_code_spans(self.download_errors['summary'])}</p>"
            )
        elif not is_available(self.settings.sum_model):
            parts.append(f"<p>{_code_spans(missing_summary_message(self.settings.sum_model))}</p>")
        elif self.error is None and self.summary_error is not None:
            parts.append(
                f"<p>Abstractive bullets are not available: {_esc(self.summary_error)}</p>"
            )
        if not parts:
            return ""
        return f'<div style="{BANNER_STYLE}">{"".join(parts)}</div>'


def _plain(message: str) -> str:
    """A message without its Markdown backquotes (for places that show plain text)."""
    return re.sub(r"`([^`]+)`", r"\1", message)


def _code_spans(message: str) -> str:
    """Escape a one-line message and show its `backquoted` commands as code."""
    return re.sub(r"`([^`]+)`", r"<code>\1</code>", _esc(message))


# --------------------------------------------------------------------------- input


def _int_option(value: Any, label: str) -> int:
    """A whole number as the page's slider or an API client sends it (``3``, ``3.0``, ``"3"``)."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if not isinstance(value, bool) and isinstance(value, (int, str)):
        try:
            return int(value)
        except ValueError:
            pass
    raise OptionError(f"{label} must be a whole number, got {value!r}.")


def _check_received(upload: Any, folder: Path | None, what: str) -> None:
    """Refuse a file path that is not an upload this page received (a server file)."""
    path = _upload_path(upload)
    if folder is None or path is None:
        return
    real, root = os.path.realpath(path), os.path.realpath(folder)
    if real != root and not real.startswith(root.rstrip(os.sep) + os.sep):
        raise InputError(f"{what} was not received by this page; upload it again.")


def _text_option(value: Any, label: str) -> str | None:
    if value is None or isinstance(value, str):
        return value
    raise OptionError(f"{label} must be text, got {type(value).__name__} {value!r:.40}.")


def _upload_path(upload: Any) -> str | None:
    """The server-side path of an uploaded file (a str, or a FileData-like dict/object)."""
    if upload is None or upload == "":
        return None
    if isinstance(upload, dict):
        return str(upload.get("path") or upload.get("name") or "") or None
    return str(getattr(upload, "name", upload))


def read_glossary_upload(upload: Any) -> Glossary | None:
    """The uploaded glossary file, parsed as ``--glossary`` files are; None when there is none."""
    path = _upload_path(upload)
    if path is None:
        return None
    name = Path(path).name
    try:
        with open(path, "rb") as fh:
            data = fh.read(MAX_GLOSSARY_BYTES + 1)
    except OSError as exc:
        raise InputError(f"The glossary {name} cannot be read: {exc.strerror or exc}.") from exc
    return parse_glossary(data, name)


def read_input(
    text: str | None,
    upload: Any,
    settings: Settings,
    url: str | None = None,
    *,
    allow_private_urls: bool = False,
) -> Document:
    """The uploaded file if there is one, else the link, else the pasted text; all get the
    library's checks (``read_upload``, ``read_url``, ``read_document``)."""
    path = _upload_path(upload)
    url = (url or "").strip()
    pasted = "the text in the paste box" if text and text.strip() else ""
    ignored: list[str] = []
    if path is not None:
        document = read_upload(path, max_bytes=settings.max_input_bytes)
        ignored = ["the link" if url else "", pasted]
        what = "The uploaded file was translated"
    elif url:
        document = read_url(
            url, max_bytes=settings.max_input_bytes, allow_private=allow_private_urls
        )
        ignored = [pasted]
        what = "The page at the link was translated"
    else:
        if not (text or "").strip():  # the page's own wording (the library's is generic)
            raise InputError("pasted text: the text is empty; paste or upload an article.")
        return read_document(text or "", name="pasted text", max_bytes=settings.max_input_bytes)
    ignored = [i for i in ignored if i]
    if ignored:
        note = f"{what}; {' and '.join(ignored)} {'was' if len(ignored) == 1 else 'were'} ignored."
        document = dataclasses.replace(document, warnings=(*document.warnings, note))
    return document


# --------------------------------------------------------------------------- output


def _esc(text: str) -> str:
    return html.escape(text, quote=False)


def bullets_html(result: Result) -> str:
    if not result.bullets:
        body = "<p><em>No bullets.</em></p>"
    else:
        items = []
        for bullet in result.bullets:
            flag = ""
            if bullet.flags:
                flag = (
                    f' <span class="flag" style="{FLAG_STYLE};padding:0 4px;border-radius:3px">'
                    f"⚠ check: {_esc('; '.join(bullet.flags))}</span>"
                )
            items.append(f"<li>{_esc(bullet.text)}{flag}</li>")
        body = f'<ul class="bullets">{"".join(items)}</ul>'
    if result.fewer_bullets is not None:
        body += f'<p class="bullets-note">ⓘ {_esc(result.fewer_bullets.message)}</p>'
    return f'<div id="bullets-list">{body}{_about(result)}</div>'


def _about(result: Result) -> str:
    model = result.signature.get("translation", {}).get("model", "?")
    summary = result.signature.get("summary", {})
    seconds = sum(v for k, v in result.timings.items() if k.endswith("_s"))
    return (
        f'<p style="opacity:.7;font-size:.85em">Machine translation by {_esc(str(model))}, '
        f"beams {_esc(str(result.signature.get('beams', '?')))}; "
        f"{len(result.sentences)} sentences; bullets: {_esc(str(summary.get('mode', '-')))}; "
        f"{seconds:.1f} s. Verify before quoting.</p>"
    )


def sentences_html(result: Result) -> str:
    """Source | translation | confidence, low-confidence and flagged rows highlighted."""
    rows = []
    number = 0
    for p_index, paragraph in enumerate(result.paragraphs, start=1):
        for sentence in paragraph.sentences:
            number += 1
            low = sentence.score < LOW_CONFIDENCE
            style = FLAG_STYLE if sentence.flags else LOW_STYLE if low else ""
            classes = " ".join(c for c, on in (("low", low), ("flagged", sentence.flags)) if on)
            # + 0.0: a certain sentence (-0.0001) shows 0.00, never -0.00
            note = f"{round(sentence.score, 2) + 0.0:.2f}" + (" (low)" if low else "")
            if sentence.flags:
                note += "<br>⚠ " + _esc("; ".join(sentence.flags))
            rows.append(
                f'<tr class="{classes}" style="{style}">'
                f'<td style="opacity:.7">{p_index}.{number}</td>'
                f"<td>{_esc(sentence.source)}</td><td>{_esc(sentence.translation)}</td>"
                f'<td style="white-space:nowrap">{note}</td></tr>'
            )
    legend = (
        '<p style="font-size:.85em">Confidence is the mean log-probability of the translation '
        f'(0 = certain). <span style="{LOW_STYLE};padding:0 4px">Yellow</span>: below '
        f'{LOW_CONFIDENCE}; <span style="{FLAG_STYLE};padding:0 4px">red</span>: flagged '
        "(repetition, odd length, split to fit the model). Check these against the source.</p>"
    )
    cell = "border-bottom:1px solid #8884;padding:4px 6px;text-align:left;vertical-align:top"
    return (
        f"{legend}<style>#sentence-table td, #sentence-table th {{{cell}}}</style>"
        '<table id="sentence-table" style="width:100%;border-collapse:collapse">'
        '<thead><tr><th style="width:4em">¶.#</th><th style="width:42%">Indonesian</th>'
        '<th style="width:42%">English</th><th>Confidence</th></tr>'
        f"</thead><tbody>{''.join(rows)}</tbody></table>"
    )


def notes_html(result: Result) -> str:
    parts = []
    # The note on fewer bullets is shown under the bullets.
    shown = result.fewer_bullets.message if result.fewer_bullets is not None else None
    warnings = [w for w in result.warnings if w != shown]
    if warnings:
        items = "".join(f"<li>⚠ {_esc(w)}</li>" for w in warnings)
        parts.append(f'<p><strong>Warnings</strong></p><ul class="warnings">{items}</ul>')
    if result.dropped:
        items = "".join(f"<li>{_esc(d)}</li>" for d in result.dropped)
        parts.append(
            f"<p><strong>Removed as news-site boilerplate ({len(result.dropped)} "
            f"line{'s' if len(result.dropped) != 1 else ''})</strong></p>"
            f'<ul class="dropped">{items}</ul>'
        )
    if not parts:
        parts.append("<p>No warnings; no lines were removed.</p>")
    return f'<div id="notes-list">{"".join(parts)}</div>'


def _stem(name: str) -> str:
    stem = Path(name).stem if name not in ("pasted text", "<text>") else "article"
    return re.sub(r"[^\w.-]+", "_", stem).strip("._")[:60] or "article"


def write_downloads(result: Result, workdir: Path) -> tuple[str, str]:
    """Markdown and JSON files for the download buttons, in a fresh folder per request."""
    _prune(workdir)
    folder = Path(tempfile.mkdtemp(dir=workdir))
    stem = _stem(result.name)
    md = folder / f"{stem}.en.md"
    js = folder / f"{stem}.en.json"
    md.write_text(result.to_markdown(), encoding="utf-8")
    js.write_text(json.dumps(result.to_dict(), ensure_ascii=False, indent=2), encoding="utf-8")
    return str(md), str(js)


def _prune(workdir: Path) -> None:
    cutoff = time.time() - KEEP_DOWNLOADS_S
    for folder in workdir.iterdir():
        try:
            if folder.stat().st_mtime < cutoff:
                shutil.rmtree(folder, ignore_errors=True)
        except OSError:
            continue


# --------------------------------------------------------------------------- handler


class RunErrors:
    """Why the last run of each browser session failed, for the page's error box.

    The handler raises ``gr.Error`` (what an API client gets) without a toast and keeps the
    message here under the session; the event chained on failure shows it in the results
    area. Bounded, because API clients never collect theirs.
    """

    LIMIT = 1000

    def __init__(self) -> None:
        self._messages: OrderedDict[str, str] = OrderedDict()
        self._lock = threading.Lock()

    def put(self, session: str | None, message: str) -> None:
        with self._lock:
            self._messages[session or ""] = message
            self._messages.move_to_end(session or "")
            while len(self._messages) > self.LIMIT:
                self._messages.popitem(last=False)

    def pop(self, session: str | None) -> str | None:
        with self._lock:
            return self._messages.pop(session or "", None)


def error_html(message: str) -> str:
    """The results area's error box: the message in plain words (commands as code)."""
    return (
        '<div id="run-error-box" role="alert" style="background:#f8d7da;color:#111;'
        'border:1px solid #d9534f;border-radius:6px;padding:10px 14px">'
        f"<strong>This article could not be translated.</strong> {_code_spans(message)}</div>"
    )


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
        return gr.Error(_esc(message), print_exception=False, visible=False)

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
            text = _text_option(text, "The article text")
            url = _text_option(url, "The link")
            _check_received(upload, uploads_in, "The uploaded file")
            _check_received(glossary, uploads_in, "The glossary")
            options = RunOptions(
                bullets=_int_option(bullets, "Bullets"),
                mode=_text_option(mode, "Mode") or "",
                beams=_int_option(beams, "Beams"),
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

# Sent with every response: no MIME sniffing, no framing by other sites, no referrer leaks.
SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Content-Security-Policy": "frame-ancestors 'none'",
    "Referrer-Policy": "no-referrer",
}


class SecurityHeaders:
    """ASGI middleware that sets ``SECURITY_HEADERS`` on every HTTP response (streams too)."""

    def __init__(self, app: Any) -> None:
        self.app = app
        self.headers = [(k.lower().encode(), v.encode()) for k, v in SECURITY_HEADERS.items()]
        self.names = {k for k, _ in self.headers}

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Any) -> None:
            if message["type"] == "http.response.start":
                kept = [
                    (k, v) for k, v in message.get("headers", []) if k.lower() not in self.names
                ]
                message = {**message, "headers": kept + self.headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)


def server_options() -> dict[str, Any]:
    """``launch(app_kwargs=...)`` for the page's server: the security headers middleware."""
    from starlette.middleware import Middleware

    return {"middleware": [Middleware(SecurityHeaders)]}


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
