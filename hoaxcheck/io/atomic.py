"""Atomic file replacement: write beside the target, fsync the file, rename it over, fsync the folder.

Every writer of hoaxcheck (corpus appends, models, history, batch output) goes through `write_atomic`, so a
crash, a kill or Ctrl-C leaves either the old file or the complete new one, never a torn file.
"""

import os
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO, Callable, Iterator


def fsync_dir(folder: Path) -> None:
    """Flush a folder's entries (a rename) to disk; a no-op where folders cannot be opened (Windows)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def temp_name(path: Path) -> Path:
    """A hidden temporary name beside `path`, unique to this process."""
    return path.with_name(f".{path.name}.{os.getpid()}.tmp")


@contextmanager
def atomic_file(path: str | Path) -> Iterator[BinaryIO]:
    """Open a temporary file for writing bytes; on success it replaces `path` atomically, else it is removed."""
    path = Path(path)
    tmp = temp_name(path)
    fh = open(tmp, "wb")
    try:
        yield fh
        fh.flush()
        os.fsync(fh.fileno())
        fh.close()
        os.replace(tmp, path)
    except BaseException:
        try:
            fh.close()  # flushes what is buffered: on a full disk that fails again
        except OSError:
            pass
        tmp.unlink(missing_ok=True)
        raise
    fsync_dir(path.parent)


def write_atomic(path: str | Path, write: Callable[[BinaryIO], None]) -> None:
    """Write a file atomically: `write` gets a binary file handle."""
    with atomic_file(path) as fh:
        write(fh)


def write_bytes(path: str | Path, data: bytes) -> None:
    """Replace a file's content atomically."""
    write_atomic(path, lambda fh: fh.write(data))
