"""Where reports go: a regular file (written atomically), a new path, or standard output ('-').

A device, a FIFO or a symlink is refused as --output, unless it is the standard output itself: writing a
report must never replace `/dev/full` with a regular file or a link with a copy.
"""

import os
import stat
import sys
from pathlib import Path

from hoaxcheck.errors import ConfigError
from hoaxcheck.io.atomic import write_bytes


def _is_stdout(path: Path) -> bool:
    try:
        return os.path.samestat(os.stat(path), os.fstat(sys.stdout.fileno()))
    except (OSError, ValueError, AttributeError):
        return False


def check_target(output: str) -> Path | None:
    """The file to write, or None for standard output; a path that must not be written is a ConfigError."""
    if output == "-":
        return None
    path = Path(output)
    if path.is_symlink() or (path.exists() and not path.is_file()):
        if _is_stdout(path):
            return None
        kind = "a symlink" if path.is_symlink() else "a folder" if path.is_dir() else "a device or pipe"
        raise ConfigError(f"{output}: is {kind}, not a regular file; give --output a file name, or '-' for stdout")
    parent = path.resolve().parent
    if not parent.is_dir():
        why = "is not a folder" if parent.exists() else "does not exist; create it first"
        raise ConfigError(f"{output}: cannot write the output: the folder {why}")
    if path.exists():
        try:
            mode = os.stat(path).st_mode
        except OSError as exc:
            raise ConfigError(f"{output}: cannot write the output ({exc.strerror})") from exc
        if not stat.S_ISREG(mode):
            raise ConfigError(f"{output}: not a regular file; give --output a file name, or '-' for stdout")
    return path


def write_text(path: Path, text: str) -> None:
    """Write a report atomically (UTF-8); a full disk or a read-only folder is a ConfigError, the old file kept."""
    try:
        write_bytes(path, text.encode("utf-8"))
    except OSError as exc:
        raise ConfigError(f"{path}: cannot write the output ({exc.strerror or exc}); the old file, if any, was kept") from exc
