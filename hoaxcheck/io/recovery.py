"""Crash recovery for writers: an all-or-nothing rename of several files, and leftovers of killed runs.

Journal. `commit(folder, pairs)` replaces several files together (an `import` of ClaimReview JSON feeds
both hoaxes.csv and verified.csv). The caller has already written and fsynced every temporary file
beside its target. Then:

1. `.hoaxcheck-journal.json` is written atomically in `folder`: `{"pid": <writer>, "renames": [[temp,
   target], ...]}`, both names relative to `folder`;
2. each temporary file is renamed over its target, and the folders are fsynced;
3. the journal is removed.

A process killed before step 1 leaves only temporary files (removed later as leftovers: the targets are
untouched). Killed after step 1, it leaves a journal: `recover(folder)`, run by the next writer or
reader of the folder (`add`, `import`, `train`, `corpus check`, before anything else), completes it by
doing every rename whose temporary file still exists (they are complete and fsynced), then removes
the journal. A journal whose writer is still running is left alone; one that cannot be read is
dropped (its temporary files are then ordinary leftovers).

Leftovers. A run killed mid-write leaves `.candidate-<pid>.tmp`, `.rollback-<pid>.tmp` or
`.<name>.<pid>.tmp` beside a model or corpus file, or a `history/.<id>.<pid>.tmp` folder.
`clean_leftovers(folder)` removes those whose process is no longer running; callers hold the folder lock.
"""

import json
import os
import re
import shutil
from pathlib import Path

from hoaxcheck.io.atomic import fsync_dir, write_bytes

JOURNAL = ".hoaxcheck-journal.json"
_LEFTOVER = re.compile(r"^\.(?:candidate|rollback)-(\d+)\.tmp$|^\..+\.(\d+)\.tmp$")


def alive(pid: int) -> bool:
    """Whether a process with this id is running (ours included; a process of another user counts)."""
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (OSError, OverflowError, ValueError):  # PermissionError: another user's process
        return True
    return True


def _leftover_pid(name: str) -> int | None:
    m = _LEFTOVER.match(name)
    return int(m.group(1) or m.group(2)) if m else None


def clean_leftovers(folder: str | Path) -> list[Path]:
    """Remove temporary files (and history staging folders) of dead processes in folder; return them."""
    folder = Path(folder)
    removed = []
    for where in (folder, folder / "history"):
        try:
            names = sorted(os.listdir(where))
        except OSError:
            continue
        for name in names:
            pid = _leftover_pid(name)
            if pid is None or alive(pid):
                continue
            path = where / name
            try:
                if path.is_dir() and not path.is_symlink():
                    shutil.rmtree(path)
                else:
                    path.unlink()
                removed.append(path)
            except FileNotFoundError:
                pass
            except OSError:
                continue  # not ours to fight over (permissions): the next run tries again
    return removed


def _inside(folder: Path, name) -> Path | None:
    """folder/name when name is a plain relative path inside folder, else None (a planted journal)."""
    if not isinstance(name, str) or not name or os.path.isabs(name) or ".." in Path(name).parts:
        return None
    return folder / name


def _rename_all(folder: Path, pairs: list[tuple[Path, Path]]) -> None:
    touched = {folder}
    for tmp, target in pairs:
        try:
            os.replace(tmp, target)
        except FileNotFoundError:
            continue  # done already (a recovery got there first)
        touched.add(target.parent)
    for d in touched:
        fsync_dir(d)


def commit(folder: str | Path, pairs: list[tuple[Path, Path]]) -> None:
    """Rename every (temp, target) pair, all or nothing across a crash (see the module docstring).

    Until the journal is written an error removes the temporary files (the targets are untouched); after
    that they are left for `recover`, which the next writer runs.
    """
    folder = Path(folder)
    try:
        if len(pairs) == 1:
            os.replace(*pairs[0])
        else:
            entries = [[os.path.relpath(t, folder), os.path.relpath(p, folder)] for t, p in pairs]
            write_bytes(folder / JOURNAL, json.dumps({"pid": os.getpid(), "renames": entries}).encode())
    except BaseException:
        for tmp, _ in pairs:
            tmp.unlink(missing_ok=True)
        raise
    if len(pairs) == 1:
        fsync_dir(pairs[0][1].parent)
        return
    _rename_all(folder, pairs)
    (folder / JOURNAL).unlink(missing_ok=True)
    fsync_dir(folder)


def recover(folder: str | Path) -> bool:
    """Complete the journal a killed writer left in folder; return whether there was one to complete."""
    folder = Path(folder)
    journal = folder / JOURNAL
    try:
        data = json.loads(journal.read_bytes())
    except FileNotFoundError:
        return False
    except (OSError, ValueError, RecursionError):
        data = None
    if isinstance(data, dict) and isinstance(data.get("pid"), int) and alive(data["pid"]):
        return False  # its writer is still at work
    pairs = []
    renames = data.get("renames") if isinstance(data, dict) else None
    for item in renames if isinstance(renames, list) else []:
        if isinstance(item, list) and len(item) == 2:
            tmp, target = _inside(folder, item[0]), _inside(folder, item[1])
            if tmp is not None and target is not None:
                pairs.append((tmp, target))
    _rename_all(folder, pairs)
    journal.unlink(missing_ok=True)
    fsync_dir(folder)
    return True
