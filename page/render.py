"""The page's HTML: bullets, the sentence table, notes, the error box, and the styles and
escaping they share. Pure functions of a ``Result`` or a message."""

from __future__ import annotations

import html
import re

from summarizer import LOW_CONFIDENCE, Result

LOW_STYLE = "background:#fff3cd;color:#111"
FLAG_STYLE = "background:#f8d7da;color:#111"


def esc(text: str) -> str:
    return html.escape(text, quote=False)


def plain(message: str) -> str:
    """A message without its Markdown backquotes (for places that show plain text)."""
    return re.sub(r"`([^`]+)`", r"\1", message)


def code_spans(message: str) -> str:
    """Escape a one-line message and show its `backquoted` commands as code."""
    return re.sub(r"`([^`]+)`", r"<code>\1</code>", esc(message))


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
                    f"⚠ check: {esc('; '.join(bullet.flags))}</span>"
                )
            items.append(f"<li>{esc(bullet.text)}{flag}</li>")
        body = f'<ul class="bullets">{"".join(items)}</ul>'
    if result.fewer_bullets is not None:
        body += f'<p class="bullets-note">ⓘ {esc(result.fewer_bullets.message)}</p>'
    return f'<div id="bullets-list">{body}{_about(result)}</div>'


def _about(result: Result) -> str:
    model = result.signature.get("translation", {}).get("model", "?")
    summary = result.signature.get("summary", {})
    seconds = sum(v for k, v in result.timings.items() if k.endswith("_s"))
    return (
        f'<p style="opacity:.7;font-size:.85em">Machine translation by {esc(str(model))}, '
        f"beams {esc(str(result.signature.get('beams', '?')))}; "
        f"{len(result.sentences)} sentences; bullets: {esc(str(summary.get('mode', '-')))}; "
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
                note += "<br>⚠ " + esc("; ".join(sentence.flags))
            rows.append(
                f'<tr class="{classes}" style="{style}">'
                f'<td style="opacity:.7">{p_index}.{number}</td>'
                f"<td>{esc(sentence.source)}</td><td>{esc(sentence.translation)}</td>"
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
        items = "".join(f"<li>⚠ {esc(w)}</li>" for w in warnings)
        parts.append(f'<p><strong>Warnings</strong></p><ul class="warnings">{items}</ul>')
    if result.dropped:
        items = "".join(f"<li>{esc(d)}</li>" for d in result.dropped)
        parts.append(
            f"<p><strong>Removed as news-site boilerplate ({len(result.dropped)} "
            f"line{'s' if len(result.dropped) != 1 else ''})</strong></p>"
            f'<ul class="dropped">{items}</ul>'
        )
    if not parts:
        parts.append("<p>No warnings; no lines were removed.</p>")
    return f'<div id="notes-list">{"".join(parts)}</div>'


def error_html(message: str) -> str:
    """The results area's error box: the message in plain words (commands as code)."""
    return (
        '<div id="run-error-box" role="alert" style="background:#f8d7da;color:#111;'
        'border:1px solid #d9534f;border-radius:6px;padding:10px 14px">'
        f"<strong>This article could not be translated.</strong> {code_spans(message)}</div>"
    )
