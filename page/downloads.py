"""The files behind the page's download buttons: Markdown and JSON of a result, one fresh
folder per request, folders older than ``KEEP_DOWNLOADS_S`` deleted."""

from __future__ import annotations

import json
import re
import shutil
import tempfile
import time
from pathlib import Path

from summarizer import Result

# Downloads older than this are deleted when a new request comes in.
KEEP_DOWNLOADS_S = 3600


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
