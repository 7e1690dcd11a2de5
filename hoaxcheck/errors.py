"""Exit statuses and the exceptions the library raises; the CLI turns them into one-line messages."""

from enum import IntEnum


class ExitCode(IntEnum):
    """Process exit statuses, the same for every command."""

    CLEAN = 0
    FLAGGED = 1
    USAGE = 2
    INTERRUPTED = 130


class HoaxcheckError(Exception):
    """Base class: a problem the user can fix; its message says how."""


class InputError(HoaxcheckError):
    """A draft or input file cannot be read (missing, empty, binary, too large)."""


class CorpusError(HoaxcheckError):
    """The corpus is malformed; the message names the file and spreadsheet row."""


class ModelError(HoaxcheckError):
    """The model is missing, corrupt, tampered with, or from an incompatible version."""


class ConfigError(HoaxcheckError):
    """The configuration file or a command-line option is invalid."""
