"""Read evaluation JSONL strictly, so that a bad file fails before any model is loaded.

Every mistake in a data, predictions or references file becomes one ``DataError`` whose message
names the file and the line; the command line prints it as a single ``error:`` line (exit 1).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from summarizer import InputError

SUMMARY_FIELDS = ("id", "text", "summary")
TRANSLATION_FIELDS = ("id", "source", "reference")


class DataError(InputError):
    """A data file cannot be used as it is (exit status 1, no traceback)."""


@dataclass(frozen=True)
class SummaryExample:
    """An article and its gold summary; ``summary`` has one sentence per line (for ROUGE-Lsum)."""

    id: str
    text: str
    summary: str
    line: int
    lang_text: str = "id"
    lang_summary: str | None = None
    source: str | None = None


@dataclass(frozen=True)
class TranslationExample:
    id: str
    source: str
    reference: str
    line: int


def sha256(path: str | Path) -> str:
    """Hash of the whole file, so a score can be traced to the exact data it came from."""
    digest = hashlib.sha256()
    with Path(path).open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def read_jsonl(path: str | Path, limit: int | None = None) -> Iterator[tuple[int, dict[str, Any]]]:
    """Yield ``(line number, object)`` for each non-blank line; stop after ``limit`` objects."""
    p = Path(path)
    if not p.exists():
        raise DataError(f"{path}: no such file.")
    if p.is_dir():
        raise DataError(f"{path}: is a folder, not a JSONL file.")
    seen = 0
    with p.open("rb") as fh:
        for number, raw in enumerate(fh, start=1):
            try:
                line = raw.decode("utf-8-sig" if number == 1 else "utf-8")
            except UnicodeDecodeError as exc:
                raise DataError(f"{path} line {number}: not valid UTF-8 ({exc.reason}).") from exc
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as exc:
                raise DataError(
                    f"{path} line {number}: invalid JSON ({exc.msg} at column {exc.colno})."
                ) from exc
            if not isinstance(obj, dict):
                raise DataError(
                    f"{path} line {number}: expected a JSON object, got {type(obj).__name__}."
                )
            seen += 1
            yield number, obj
            if limit is not None and seen >= limit:
                return
    if seen == 0:
        raise DataError(f"{path}: the file is empty (no JSON lines).")


def text_field(
    obj: dict[str, Any], key: str, path: str | Path, number: int, *, lines: bool = False
) -> str:
    """A required non-empty string; with ``lines``, a list of strings is joined one per line."""
    if key not in obj:
        raise DataError(f"{path} line {number}: missing field {key!r}.")
    value = obj[key]
    if key == "id" and isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if lines and isinstance(value, list) and all(isinstance(v, str) for v in value):
        value = "\n".join(v.strip() for v in value if v.strip())
    if not isinstance(value, str):
        kind = "a string or a list of strings" if lines else "a string"
        raise DataError(
            f"{path} line {number}: field {key!r} must be {kind}, got {type(value).__name__}."
        )
    return value


def _required(obj: dict[str, Any], fields: tuple[str, ...], path: str | Path, number: int) -> None:
    missing = [f for f in fields if f not in obj]
    if missing:
        names = ", ".join(repr(f) for f in missing)
        raise DataError(
            f"{path} line {number}: missing field{'s' if len(missing) > 1 else ''} {names} "
            f"(each line needs {', '.join(fields)})."
        )


def _check_id(seen: dict[str, int], id_: str, path: str | Path, number: int) -> None:
    if not id_.strip():
        raise DataError(f"{path} line {number}: field 'id' is empty.")
    if id_ in seen:
        raise DataError(f"{path} line {number}: duplicate id {id_!r} (first on line {seen[id_]}).")
    seen[id_] = number


def _non_empty(value: str, key: str, path: str | Path, number: int) -> str:
    if not value.strip():
        raise DataError(f"{path} line {number}: field {key!r} is empty.")
    return value


def load_summaries(path: str | Path, limit: int | None = None) -> list[SummaryExample]:
    """``{id, text, summary}`` lines (XL-Sum/CrossSum/IndoSum); ``lang_*`` fields are optional."""
    examples: list[SummaryExample] = []
    seen: dict[str, int] = {}
    for number, obj in read_jsonl(path, limit):
        _required(obj, SUMMARY_FIELDS, path, number)
        id_ = text_field(obj, "id", path, number)
        _check_id(seen, id_, path, number)
        text = _non_empty(text_field(obj, "text", path, number), "text", path, number)
        summary = text_field(obj, "summary", path, number, lines=True)
        summary = "\n".join(s.strip() for s in summary.splitlines() if s.strip())
        _non_empty(summary, "summary", path, number)
        lang_summary = obj.get("lang_summary")
        corpus = obj.get("source")
        examples.append(
            SummaryExample(
                id_,
                text,
                summary,
                number,
                str(obj.get("lang_text") or "id"),
                str(lang_summary) if lang_summary else None,
                str(corpus) if corpus else None,
            )
        )
    return examples


def load_translations(path: str | Path, limit: int | None = None) -> list[TranslationExample]:
    """``{id, source, reference}`` lines: one Indonesian source and its English reference."""
    examples: list[TranslationExample] = []
    seen: dict[str, int] = {}
    for number, obj in read_jsonl(path, limit):
        _required(obj, TRANSLATION_FIELDS, path, number)
        id_ = text_field(obj, "id", path, number)
        _check_id(seen, id_, path, number)
        source = _non_empty(text_field(obj, "source", path, number), "source", path, number)
        reference = _non_empty(
            text_field(obj, "reference", path, number), "reference", path, number
        )
        examples.append(TranslationExample(id_, source, reference, number))
    return examples


@dataclass(frozen=True)
class Outputs:
    """Texts keyed by example id, read from a predictions or references file."""

    path: str
    sha256: str
    texts: dict[str, str]
    system: str | None = None
    signature: dict[str, Any] | None = None


# Field names accepted for the text of a line, in order of preference.
PREDICTION_KEYS = ("prediction", "bullets", "translation")


def load_outputs(
    path: str | Path, ids: list[str], keys: tuple[str, ...] = PREDICTION_KEYS
) -> Outputs:
    """Read ``{id, prediction}`` lines (or ``bullets``/``translation``) for exactly ``ids``.

    ``prediction`` may be a string or a list of strings (joined one per line, as bullets are);
    ``bullets`` may also be ``Result.to_dict()`` bullets (``{"text": ...}``). Lines for ids not in
    the data are ignored (the data may have been cut with ``--limit``); a missing id is an error.
    """
    texts: dict[str, str] = {}
    seen: dict[str, int] = {}
    system: str | None = None
    signature: dict[str, Any] | None = None
    for number, obj in read_jsonl(path):
        _required(obj, ("id",), path, number)
        id_ = text_field(obj, "id", path, number)
        _check_id(seen, id_, path, number)
        key = next((k for k in keys if k in obj), None)
        if key is None:
            raise DataError(
                f"{path} line {number}: missing field {keys[0]!r} "
                f"(each line needs id and one of {', '.join(keys)})."
            )
        value = obj[key]
        if isinstance(value, list):
            value = [v.get("text") if isinstance(v, dict) else v for v in value]
        texts[id_] = text_field({key: value}, key, path, number, lines=True)
        if system is None and isinstance(obj.get("system"), str):
            system = obj["system"]
        if signature is None and isinstance(obj.get("signature"), dict):
            signature = obj["signature"]
    wanted = set(ids)
    missing = [i for i in ids if i not in texts]
    if missing:
        more = f" and {len(missing) - 1} more" if len(missing) > 1 else ""
        raise DataError(f"{path}: no line for id {missing[0]!r}{more} of the data file.")
    return Outputs(
        str(path),
        sha256(path),
        {i: t for i, t in texts.items() if i in wanted},
        system,
        signature,
    )
