"""One lock per folder for every writer (add, import, train, rollback, upgrade, the web page).

Two writers of one corpus folder would each plan against the same old file and the second rename would
drop the first one's rows; two trainings would race to install. A writer takes the folder's lock file
(`.hoaxcheck.lock`, via the filelock library) for the whole read-plan-write step. A second writer says
that it waits, and gives up after LOCK_TIMEOUT seconds with one line.
"""

import os
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator

from hoaxcheck.errors import HoaxcheckError

LOCK_NAME = ".hoaxcheck.lock"
LOCK_TIMEOUT = float(os.environ.get("HOAXCHECK_LOCK_TIMEOUT", "600"))


class LockTimeout(HoaxcheckError):
    """Another hoaxcheck kept writing to the folder for longer than the timeout."""


@contextmanager
def folder_lock(
    folder: str | Path, notify: Callable[[str], None] = lambda _: None, timeout: float | None = None
) -> Iterator[None]:
    """Hold the folder's writer lock (creating the folder if needed) for the duration of the block."""
    from filelock import FileLock, Timeout

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    lock = FileLock(str(folder / LOCK_NAME))
    limit = LOCK_TIMEOUT if timeout is None else timeout
    try:
        lock.acquire(timeout=0)
    except Timeout:
        notify(f"{folder}: another hoaxcheck is writing here; waiting up to {limit:.0f} s")
        try:
            lock.acquire(timeout=limit)
        except Timeout as exc:
            raise LockTimeout(
                f"{folder}: another hoaxcheck is still writing here after {limit:.0f} s; try again when it has finished"
            ) from exc
    try:
        yield
    finally:
        lock.release()
