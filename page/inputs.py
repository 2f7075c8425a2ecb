"""What a request sends: the article (upload, link or pasted text), the glossary upload, and
every value an API client may send, checked and refused in the page's words."""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path
from typing import Any

from summarizer import (
    MAX_GLOSSARY_BYTES,
    Document,
    Glossary,
    InputError,
    OptionError,
    Settings,
    parse_glossary,
    read_document,
    read_upload,
    read_url,
)


def int_option(value: Any, label: str) -> int:
    """A whole number as the page's slider or an API client sends it (``3``, ``3.0``, ``"3"``)."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if not isinstance(value, bool) and isinstance(value, (int, str)):
        try:
            return int(value)
        except ValueError:
            pass
    raise OptionError(f"{label} must be a whole number, got {value!r}.")


def check_received(upload: Any, folder: Path | None, what: str) -> None:
    """Refuse a file path that is not an upload this page received (a server file)."""
    path = _upload_path(upload)
    if folder is None or path is None:
        return
    real, root = os.path.realpath(path), os.path.realpath(folder)
    if real != root and not real.startswith(root.rstrip(os.sep) + os.sep):
        raise InputError(f"{what} was not received by this page; upload it again.")


def text_option(value: Any, label: str) -> str | None:
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
