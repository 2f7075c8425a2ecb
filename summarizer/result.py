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


@dataclass
class Result:
    paragraphs: list[ParagraphResult]
    dropped: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    signature: dict[str, Any] = field(default_factory=dict)
    timings: dict[str, float] = field(default_factory=dict)
    bullets: list[Bullet] = field(default_factory=list)
    title: str | None = None
    name: str = "<text>"

    @property
    def translation(self) -> str:
        return "\n\n".join(p.translation for p in self.paragraphs)

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
            "paragraphs": [
                {
                    "source": p.source,
                    "translation": p.translation,
                    "sentences": [
                        {
                            "source": s.source,
                            "translation": s.translation,
                            "score": round(s.score, 4),
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

    def to_text(self) -> str:
        parts = []
        if self.bullets:
            parts.append("\n".join(f"- {b.text}" for b in self.bullets))
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
            for b in self.bullets:
                note = f" ⚠ *check: {'; '.join(b.flags)}*" if b.flags else ""
                lines.append(f"- {b.text}{note}")
            lines.append("")
        lines += ["## Translation", ""] if self.bullets or self.title_translation else []
        for p in body:
            lines += [p.translation, ""]
        low = [s for s in self.sentences if s.score < LOW_CONFIDENCE or s.flags]
        if self.warnings or self.dropped or low:
            lines += ["## Notes", ""]
            lines += [f"- {w}" for w in self.warnings]
            lines += [f"- Removed as boilerplate: “{d}”" for d in self.dropped]
            lines += [
                f"- Check this sentence (confidence {s.score:.2f}"
                + (f"; {'; '.join(s.flags)}" if s.flags else "")
                + f"): “{s.source}”"
                for s in low
            ]
            lines.append("")
        model = self.signature.get("translation", {}).get("model")
        if model:
            lines.append(f"*Machine translation by {model}; verify before quoting.*")
        return "\n".join(lines).rstrip() + "\n"
