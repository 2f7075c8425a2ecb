"""Errors users can cause. Each carries one actionable sentence; entry points map them.

Library code raises these and never prints or exits: the CLI turns them into a message
and an exit code, the page into ``gr.Error``.
"""

from __future__ import annotations


class SummarizerError(Exception):
    """Base class: ``str(err)`` is the one-line message shown to the user."""

    exit_code: int = 1


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

    def for_option(self, option: str) -> str:
        """The message for users who pass the model with ``option`` (e.g. ``--mt-model``)."""
        return self.template.replace(self.OPTION, f"with {option} DIR")


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
