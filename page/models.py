"""The page's one pipeline and its models: whether they are on the machine, their background
download, the banner that says so and the summary-mode control that follows from it."""

from __future__ import annotations

import dataclasses
import logging
import threading
from typing import Any

from page.errors import GENERIC_ERROR
from page.render import code_spans, esc, plain
from summarizer import (
    ModelLoadError,
    Pipeline,
    RunOptions,
    Settings,
    SummarizerError,
    cli_option,
    error_message,
    is_available,
    load_pipeline,
)
from summarizer.models import DownloadState, download, hub_allowed, is_hub_id

log = logging.getLogger("summarizer.app")  # the page's one logger (app.main sets its level)

MODE_CHOICES = [
    ("Abstractive (rewritten by a summary model)", "abstractive"),
    ("Extractive (key sentences)", "extractive"),
    ("Lead (first sentences)", "lead"),
]
BANNER_STYLE = (
    "background:#fff3cd;color:#111;border:1px solid #e0b400;border-radius:6px;"
    "padding:8px 14px;margin:4px 0"
)


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
                    exc.for_option(ROLE_OPTION[role], cli_option)
                    if isinstance(exc, ModelLoadError)
                    else error_message(exc)
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
            return "is not available: " + plain(self.download_errors["summary"])
        if not is_available(name):
            return (
                f"needs the summary model '{name}', which is not on this machine: get it "
                "with .venv/bin/summarizer models download while online, or start the page "
                "with --sum-model DIR."
            )
        if self.summary_error is not None:
            return "is not available: " + plain(self.summary_error)
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
                f"'{esc(state.name)}' from the hub: {esc(state.describe())}. "
                + (
                    "The page translates as soon as it is done; this note updates itself.</p>"
                    if state.role == "translation"
                    else "Extractive and lead bullets work meanwhile.</p>"
                )
            )
        if self.error is not None:
            parts.append(
                f"<p><strong>⚠ The page cannot translate yet.</strong> {code_spans(self.error)}</p>"
            )
        if "summary" in self.downloads:
            pass
        elif "summary" in self.download_errors:
            parts.append(
                "<p>Abstractive bullets are not available: "
                f"{code_spans(self.download_errors['summary'])}</p>"
            )
        elif not is_available(self.settings.sum_model):
            parts.append(f"<p>{code_spans(missing_summary_message(self.settings.sum_model))}</p>")
        elif self.error is None and self.summary_error is not None:
            parts.append(f"<p>Abstractive bullets are not available: {esc(self.summary_error)}</p>")
        if not parts:
            return ""
        return f'<div style="{BANNER_STYLE}">{"".join(parts)}</div>'
