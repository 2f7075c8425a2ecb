"""The command-line options every entry point shares, declared once.

The ``summarizer`` CLI and ``python -m eval`` build their commands from these decorators and
turn the values into ``Settings`` (what loads) and ``RunOptions`` (what one run asks for) with
``settings_from``/``run_options_from``; the page reads the same defaults and ranges from
``summarizer.settings``. ``ErrorGroup`` maps every ``SummarizerError`` and bad option to one
``error: …`` line and an exit code, so no traceback reaches the user.
"""

from __future__ import annotations

import logging
import os
import sys
import warnings
from typing import Any

import click

from .errors import ModelLoadError, SummarizerError
from .glossary import read_glossary
from .settings import (
    BEAMS_RANGE,
    BULLETS_RANGE,
    DEFAULT_BATCH_SIZE,
    DEFAULT_BEAMS,
    DEFAULT_BULLETS,
    DEFAULT_MAX_INPUT_BYTES,
    DEFAULT_MODE,
    DEFAULT_MT_MODEL,
    DEFAULT_SUM_MODEL,
    DEVICES,
    ENGINES,
    ENV_VARS,
    MODES,
    RunOptions,
    Settings,
)

__all__ = [
    "ENGINE_HELP",
    "MODEL_OPTIONS",
    "MT_MODEL_HELP",
    "SUM_MODEL_HELP",
    "ErrorGroup",
    "bullets_option",
    "cli_option",
    "error_message",
    "input_options",
    "quiet_libraries",
    "run_options_from",
    "runtime_options",
    "settings_from",
    "sum_model_option",
    "summary_options",
]


def quiet_libraries(verbose: bool = False) -> None:
    """Logging for a command: warnings and errors only (INFO with ``verbose``), and none of
    the libraries' notes that are not the user's concern (the CLI's and eval's alike)."""
    logging.basicConfig(
        level=logging.INFO if verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
    )
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    # MarianTokenizer recommends sacremoses, which opus-mt does not need: not the user's concern.
    warnings.filterwarnings("ignore", message="Recommended: pip install sacremoses")
    # Importing transformers (and torch) costs ~2 s that the CTranslate2 path does not need: set
    # what it reads when imported ("Token indices sequence length" is one of its warnings; long
    # inputs are split to fit by the library), and configure it directly only if it already is.
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    if "transformers" in sys.modules:
        from transformers.utils import logging as tlog

        tlog.set_verbosity_error()  # type: ignore[no-untyped-call]
        tlog.disable_progress_bar()  # type: ignore[no-untyped-call]
    elif "huggingface_hub" in sys.modules:
        from huggingface_hub.utils.tqdm import disable_progress_bars

        disable_progress_bars()


# How a user of the CLI, eval or the page passes each model: errors name these options.
MODEL_OPTIONS = {"translation": "--mt-model", "summary": "--sum-model"}


# Settings whose option is not their name with dashes.
_CLI_NAMES = {"max_input_bytes": "--max-bytes"}


def cli_option(name: str) -> str:
    """How the CLI, eval and the page's API spell a setting a message names (``--max-bytes``)."""
    return _CLI_NAMES.get(name) or "--" + name.replace("_", "-")


def error_message(exc: SummarizerError) -> str:
    """The one line an entry point shows: the library's message with each setting it names
    spelled as an option, and a model error naming the option of its model."""
    if isinstance(exc, ModelLoadError):
        return exc.for_option(MODEL_OPTIONS.get(exc.role, "--mt-model"), cli_option)
    return exc.spelled(cli_option)


class ErrorGroup(click.Group):
    """Maps library errors and bad options to a one-line message and an exit code."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except SummarizerError as exc:
            click.echo(f"error: {error_message(exc)}", err=True)
            ctx.exit(exc.exit_code)
        except click.UsageError as exc:  # unknown option, bad value: one line, exit 2
            click.echo(f"error: {exc.format_message()}", err=True)
            ctx.exit(exc.exit_code)
        except KeyboardInterrupt:
            click.echo("interrupted", err=True)
            ctx.exit(130)


def _apply(f: Any, options: list[Any]) -> Any:
    for option in reversed(options):
        f = option(f)
    return f


MT_MODEL_HELP = (
    f"Translation model: hub id or local folder [env {ENV_VARS['mt_model']}; "
    f"default {DEFAULT_MT_MODEL}]."
)
SUM_MODEL_HELP = (
    f"Summary model for --mode abstractive: hub id or local folder "
    f"[env {ENV_VARS['sum_model']}; default {DEFAULT_SUM_MODEL}]."
)


ENGINE_HELP = (
    f"Model runtime [env {ENV_VARS['engine']}; default auto: CTranslate2 when installed and the "
    "model type is supported, else transformers]."
)


def runtime_options(f: Any) -> Any:
    """The translation model and how it runs (the CLI's commands and ``python -m eval``)."""
    low, high = BEAMS_RANGE
    return _apply(
        f,
        [
            click.option("--mt-model", help=MT_MODEL_HELP),
            click.option(
                "--beams",
                type=int,
                default=None,
                help=f"Beam size ({low}-{high}) [default {DEFAULT_BEAMS}].",
            ),
            click.option(
                "--engine",
                type=click.Choice(list(ENGINES)),
                default=None,
                help=ENGINE_HELP,
            ),
            click.option(
                "--device",
                type=click.Choice(list(DEVICES)),
                default=None,
                help="Where to run the model [default auto: CUDA if available].",
            ),
            click.option(
                "--batch-size",
                type=int,
                default=None,
                help=f"Sentences per model call [default {DEFAULT_BATCH_SIZE}].",
            ),
        ],
    )


def input_options(f: Any) -> Any:
    """The runtime options plus what the commands that read articles accept."""
    f = click.option(
        "--glossary",
        default=None,
        metavar="FILE.tsv",
        help="Your glossary: one 'Indonesian<TAB>English' pair a line; its terms count as "
        "equivalent in the faithfulness checks, and other renderings are noted.",
    )(f)
    f = click.option(
        "--max-bytes",
        type=int,
        default=None,
        help=f"Input size cap in bytes [default {DEFAULT_MAX_INPUT_BYTES:,}].",
    )(f)
    return runtime_options(f)


def sum_model_option(help: str = SUM_MODEL_HELP) -> Any:
    return click.option("--sum-model", help=help)


def bullets_option(default: int | None = None) -> Any:
    """``--bullets``; the CLI leaves the default to ``RunOptions``, eval passes its own."""
    low, high = BULLETS_RANGE
    if default is None:
        return click.option(
            "--bullets",
            type=int,
            default=None,
            help=f"Number of bullets, {low}-{high} [default {DEFAULT_BULLETS}].",
        )
    return click.option(
        "--bullets",
        type=int,
        default=default,
        show_default=True,
        help=f"Bullets (or selected sentences) per article, {low}-{high}.",
    )


def summary_options(f: Any) -> Any:
    """Options of the commands that write bullets."""
    return _apply(
        f,
        [
            click.option(
                "--mode",
                default=None,
                metavar="[" + "|".join(MODES) + "]",
                help="Bullets: abstractive (a summary model rewrites), extractive (TextRank "
                "picks sentences) or lead (the first sentences) "
                f"[default {DEFAULT_MODE}].",
            ),
            bullets_option(),
            sum_model_option(),
        ],
    )


def settings_from(**options: Any) -> Settings:
    """What loads, from the options given (None = unset), the environment and the defaults."""
    return Settings.from_env(
        mt_model=options.get("mt_model"),
        sum_model=options.get("sum_model"),
        device=options.get("device"),
        engine=options.get("engine"),
        batch_size=options.get("batch_size"),
        max_input_bytes=options.get("max_bytes"),
    )


def run_options_from(**options: Any) -> RunOptions:
    """What one run asks for, from the options given (None = unset); reads ``--glossary``."""
    run = RunOptions.given(
        beams=options.get("beams"), bullets=options.get("bullets"), mode=options.get("mode")
    )
    path = options.get("glossary")
    return run if not path else run.replace(glossary=read_glossary(path))
