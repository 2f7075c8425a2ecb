"""``python -m eval``: see ``eval/cli.py``."""

from .cli import main

main(prog_name="python -m eval")
