"""Errors users can cause. Each carries one actionable sentence; entry points map them.

Library code raises these and never prints or exits: the CLI turns them into a message
and an exit code, the page into ``gr.Error``.
"""

from __future__ import annotations

import re
from collections.abc import Callable

# Marks a setting the user can change inside a message (see ``option``).
_OPTION = re.compile("\x00([a-z_]+)\x00")


def spell_options(text: str, spell: Callable[[str], str]) -> str:
    """``text`` with each setting marked by ``option`` written by ``spell``."""
    return _OPTION.sub(lambda m: spell(m.group(1)), text)


def option(name: str) -> str:
    """A setting named in a message (``option("max_input_bytes")``). The library says the
    setting's name (``max_input_bytes``); each entry point shows its own spelling (``--max-bytes``) with
    ``SummarizerError.spelled``, so no library message holds a command-line word."""
    return f"\x00{name}\x00"


class SummarizerError(Exception):
    """Base class: ``str(err)`` is the one-line message in the library's words; an entry point
    shows ``err.spelled(...)``, which names the settings as its users pass them."""

    exit_code: int = 1

    def __str__(self) -> str:
        return self.spelled(str)

    @property
    def marked(self) -> str:
        """The message with its settings still marked, to be spelled later (batch records)."""
        return super().__str__()

    def spelled(self, spell: Callable[[str], str]) -> str:
        """The message with each marked setting written by ``spell`` (``"--" + name``)."""
        return spell_options(self.marked, spell)


class InputError(SummarizerError):
    """The document cannot be read: empty, binary, too large, undecodable."""


class ModelLoadError(SummarizerError):
    """A model cannot be loaded (not cached offline, bad path, wrong architecture).

    ``role`` says which model ("translation" or "summary"). The library names no option:
    where the message says how to pass another model, ``str(err)`` says "as the translation
    model", and an entry point shows ``err.for_option("--mt-model")`` ("with --mt-model DIR").
    """

    OPTION = "{option}"  # where the message says how to pass a model folder

    def __init__(self, template: str, role: str = "translation") -> None:
        self.template = template
        self.role = role
        super().__init__(template.replace(self.OPTION, f"as the {role} model"))

    def for_option(self, flag: str, spell: Callable[[str], str] = str) -> str:
        """The message for users who pass the model with ``flag`` (e.g. ``--mt-model``), the
        other settings it names written by ``spell``."""
        return spell_options(self.template.replace(self.OPTION, f"with {flag} DIR"), spell)


class OptionError(SummarizerError):
    """An option value is out of range or unknown (a usage error)."""

    exit_code = 2


class TranslationError(SummarizerError):
    """The engine failed while generating (e.g. out of memory)."""


class OutputError(SummarizerError):
    """An output file cannot be written: a folder in its path is a file, permission denied, the
    disk is full. The message names the path."""


class BatchError(SummarizerError):
    """A batch run cannot start safely: duplicate ids, an unsupported input, an output folder
    holding other work, or a resume that would mix different outputs (a usage error)."""

    exit_code = 2
