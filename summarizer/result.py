"""The one result type that the CLI, the page, batch output and eval reports share.

``Result.to_dict()`` is the single serialisation; text and Markdown renderings live here too so
every client shows the same thing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .translate import LOW_CONFIDENCE, SentenceTranslation


@dataclass(frozen=True)
class ParagraphResult:
    source: str
    sentences: tuple[SentenceTranslation, ...]

    @property
    def translation(self) -> str:
        return " ".join(s.translation for s in self.sentences if s.translation)


@dataclass(frozen=True)
class Bullet:
    """One summary bullet; ``flags`` name facts it states that the source does not support."""

    text: str
    mode: str
    flags: tuple[str, ...] = ()


@dataclass(frozen=True)
class SummaryStages:
    """What the abstractive summariser saw and said, kept so long-article handling is visible.

    ``chunks`` are the model inputs of the first (map) round, ``partials`` one summary per
    chunk, ``summary`` the final text (the reduce round's, or the only partial), ``rounds``
    the number of generate rounds (1: the article fitted in one input).
    """

    chunks: tuple[str, ...] = ()
    partials: tuple[str, ...] = ()
    summary: str = ""
    rounds: int = 0


# Warnings about bullets start with this; Markdown shows them beside the bullet instead.
BULLET_WARNING = "Summary bullet "


@dataclass(frozen=True)
class FewerBullets:
    """A run gave fewer bullets than asked: how many, and why (plain words)."""

    asked: int
    given: int
    why: str

    @property
    def message(self) -> str:
        return f"Only {self.given} of the {self.asked} bullets asked for: {self.why}."

    def to_dict(self) -> dict[str, Any]:
        return {"asked": self.asked, "given": self.given, "why": self.why}


def score_value(score: float, digits: int) -> float:
    """``score`` rounded for display, never negative zero (a certain sentence shows 0.00)."""
    return round(score, digits) + 0.0


@dataclass
class Result:
    paragraphs: list[ParagraphResult]
    dropped: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    signature: dict[str, Any] = field(default_factory=dict)
    timings: dict[str, float] = field(default_factory=dict)
    bullets: list[Bullet] = field(default_factory=list)
    summary: SummaryStages | None = None
    title: str | None = None
    name: str = "<text>"
    # Set when the bullets are fewer than asked (its message is one of ``warnings``).
    fewer_bullets: FewerBullets | None = None

    @property
    def translation(self) -> str:
        return "\n\n".join(p.translation for p in self.paragraphs)

    @property
    def body(self) -> list[ParagraphResult]:
        """The paragraphs bullets are chosen from: all but a detected headline."""
        return self.paragraphs[1:] if self.title is not None else self.paragraphs

    @property
    def sentences(self) -> list[SentenceTranslation]:
        return [s for p in self.paragraphs for s in p.sentences]

    @property
    def title_translation(self) -> str | None:
        if self.title is None or not self.paragraphs:
            return None
        return self.paragraphs[0].translation

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "title": self.title_translation,
            "translation": self.translation,
            "bullets": [
                {"text": b.text, "mode": b.mode, "flags": list(b.flags)} for b in self.bullets
            ],
            "bullets_note": None if self.fewer_bullets is None else self.fewer_bullets.to_dict(),
            "summary": None
            if self.summary is None
            else {
                "text": self.summary.summary,
                "chunks": len(self.summary.chunks),
                "partials": list(self.summary.partials),
                "rounds": self.summary.rounds,
            },
            "paragraphs": [
                {
                    "source": p.source,
                    "translation": p.translation,
                    "sentences": [
                        {
                            "source": s.source,
                            "translation": s.translation,
                            "score": score_value(s.score, 4),
                            "flags": list(s.flags),
                        }
                        for s in p.sentences
                    ],
                }
                for p in self.paragraphs
            ],
            "dropped": list(self.dropped),
            "warnings": list(self.warnings),
            "signature": self.signature,
            "timings": {k: round(v, 4) for k, v in self.timings.items()},
        }

    def bullet_lines(self, check: str = "[check: {}]") -> list[str]:
        """One ``- text`` line per bullet, with its flags in ``check`` when it has any."""
        return [
            f"- {b.text}" + (" " + check.format("; ".join(b.flags)) if b.flags else "")
            for b in self.bullets
        ]

    def to_text(self) -> str:
        parts = []
        if self.bullets:
            parts.append("\n".join(self.bullet_lines()))
        parts.append(self.translation)
        return "\n\n".join(parts) + "\n"

    def to_markdown(self) -> str:
        """What a user pastes into a report: title, bullets, translation, then notes."""
        lines: list[str] = []
        body = self.paragraphs
        if self.title_translation:
            lines += [f"# {self.title_translation}", ""]
            body = self.paragraphs[1:]
        if self.bullets:
            lines += ["## Summary", ""]
            lines += self.bullet_lines("⚠ *check: {}*")
            lines.append("")
        lines += ["## Translation", ""] if self.bullets or self.title_translation else []
        for p in body:
            lines += [p.translation, ""]
        low = [s for s in self.sentences if s.score < LOW_CONFIDENCE or s.flags]
        warnings = [w for w in self.warnings if not w.startswith(BULLET_WARNING)]
        if warnings or self.dropped or low:
            lines += ["## Notes", ""]
            lines += [f"- {w}" for w in warnings]
            lines += [f"- Removed as boilerplate: “{d}”" for d in self.dropped]
            lines += [
                f"- Check this sentence (confidence {score_value(s.score, 2):.2f}"
                + (f"; {'; '.join(s.flags)}" if s.flags else "")
                + f"): “{s.source}”"
                for s in low
            ]
            lines.append("")
        model = self.signature.get("translation", {}).get("model")
        if model:
            lines.append(f"*Machine translation by {model}; verify before quoting.*")
        return "\n".join(lines).rstrip() + "\n"
