"""``python -m summarizer``: the same console script as ``summarizer``."""

from .cli import main

main(prog_name="summarizer")
