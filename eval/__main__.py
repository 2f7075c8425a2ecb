"""``python -m eval``: see ``eval/cli.py`` (and ``eval/faithfulness.py`` for ``faithfulness``)."""

from .cli import main
from .faithfulness import faithfulness

main.add_command(faithfulness)
main(prog_name="python -m eval")
