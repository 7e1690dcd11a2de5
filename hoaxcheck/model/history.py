"""Model history: earlier models kept under `<model dir>/history/<id>/`, listing and atomic rollback.

Replacing a model (train, rollback) first copies the current model into the history, so a working model
is never lost. The id is the archived model's training time (UTC, `YYYYMMDDTHHMMSSZ`). A model is one file
with its card inside, so it is swapped in with one rename: a crash leaves the old model or the new one.
Archive, install and rollback first remove the temporary files of killed runs (store.clean_leftovers).
"""

import os
import shutil
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from hoaxcheck.errors import ModelError
from hoaxcheck.io.atomic import fsync_dir
from hoaxcheck.model import store

KEEP = 5


@dataclass
class Entry:
    """One archived model: its id (training time), its file and its card."""

    id: str
    path: Path
    card: dict


def folder(model_path: Path) -> Path:
    """The history folder of a model."""
    return Path(model_path).parent / "history"


def entries(model_path: Path) -> list[Entry]:
    """History entries, oldest first."""
    model_path = Path(model_path)
    out = []
    root = folder(model_path)
    for d in sorted(root.iterdir()) if root.is_dir() else []:
        path = d / model_path.name
        if d.name.startswith(".") or not path.is_file():
            continue
        try:
            card = store.read_card(path)
        except ModelError:
            card = {}
        out.append(Entry(d.name, path, card))
    return out


def _stamp(card: dict) -> str:
    try:
        when = datetime.fromisoformat(card["trained_at"])
    except (KeyError, TypeError, ValueError):
        when = datetime.now(timezone.utc)
    return when.astimezone(timezone.utc).strftime("%Y%m%dT%H%M%SZ")


def _copy(src: Path, dst: Path) -> None:
    try:
        os.link(src, dst)  # model files are never modified in place, so a hard link is a safe copy
    except OSError:
        shutil.copy2(src, dst)


def _same(a: dict, b: dict) -> bool:
    """Whether two cards describe the same model: the same members, trained at the same time on the same data."""
    return bool(a.get("members")) and all(a.get(k) == b.get(k) for k in ("members", "trained_at", "data_hash"))


def archive(model_path: Path) -> str | None:
    """Copy the current model into the history (unless already there); return the entry id."""
    model_path = Path(model_path)
    store.clean_leftovers(model_path.parent)
    if not model_path.is_file():
        return None
    card = store.read_card(model_path)
    for e in entries(model_path):
        if _same(e.card, card):
            return e.id
    root = folder(model_path)
    root.mkdir(parents=True, exist_ok=True)
    entry_id, n = _stamp(card), 2
    while (root / entry_id).exists():
        entry_id, n = f"{_stamp(card)}-{n}", n + 1
    staging = root / f".{entry_id}.{os.getpid()}.tmp"
    staging.mkdir()
    try:
        _copy(model_path, staging / model_path.name)
        os.replace(staging, root / entry_id)  # the entry appears whole or not at all
        fsync_dir(root)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    prune(model_path)
    return entry_id


def prune(model_path: Path, keep: int = KEEP) -> None:
    """Delete all but the newest `keep` history entries."""
    for e in entries(model_path)[:-keep]:
        shutil.rmtree(e.path.parent, ignore_errors=True)


def install(candidate: Path, model_path: Path) -> str | None:
    """Archive the current model, then move a saved candidate into its place with one rename."""
    candidate, model_path = Path(candidate), Path(model_path)
    store.clean_leftovers(model_path.parent)  # what killed runs left (our own candidate is kept: we run)
    archived = archive(model_path)
    model_path.parent.mkdir(parents=True, exist_ok=True)
    os.replace(candidate, model_path)
    fsync_dir(model_path.parent)
    return archived


def _current_card(model_path: Path) -> dict | None:
    """The current model's card, None when there is no model file; a missing or bad card raises ModelError."""
    return store.read_card(model_path) if Path(model_path).is_file() else None


def rollback(model_path: Path, entry_id: str | None = None) -> Entry:
    """Restore a history entry (default: the newest one trained before the current model); return it."""
    model_path = Path(model_path)
    store.clean_leftovers(model_path.parent)
    history = entries(model_path)
    if entry_id is not None:
        chosen = next((e for e in history if e.id == entry_id), None)
        if chosen is None:
            ids = ", ".join(e.id for e in history) or "none"
            raise ModelError(f"no history entry '{entry_id}' beside {model_path}; known: {ids}")
    else:
        current = _current_card(model_path)
        older = [
            e
            for e in history
            if current is None or (e.card.get("trained_at", "") < current.get("trained_at", "") and not _same(e.card, current))
        ]
        if not older:
            raise ModelError(f"no older model in {folder(model_path)}; see 'hoaxcheck model list'")
        chosen = older[-1]
    try:
        store.load(chosen.path)  # every member checked against the card
    except ModelError as exc:
        raise ModelError(f"{chosen.path}: damaged; pick another with 'hoaxcheck model list' ({exc})") from exc
    candidate = model_path.parent / f".rollback-{os.getpid()}.tmp"
    try:
        shutil.copy2(chosen.path, candidate)
        with open(candidate, "rb") as fh:
            os.fsync(fh.fileno())
        install(candidate, model_path)
    finally:
        candidate.unlink(missing_ok=True)
    return chosen


def describe(model_path: Path) -> str:
    """The current model and the history, one line each: id, date, data hash, counts, macro-F1."""
    model_path = Path(model_path)
    current = _current_card(model_path)

    def line(marker: str, entry_id: str, card: dict) -> str:
        c = card.get("counts", {})
        m = card.get("metrics") or {}
        return (
            f"{marker} {entry_id:<18} {card.get('trained_at', '?'):<25} data {str(card.get('data_hash') or '?')[:12]}  "
            f"verified {c.get('verified', '?')} hoaxes {c.get('hoaxes', '?')} labeled {c.get('labeled', '?')}  "
            f"macro_f1 {m.get('macro_f1', '-')}"
        )

    lines = [line("*", "current", current) if current else f"* current: no model at {model_path}"]
    for e in reversed(entries(model_path)):
        same = current is not None and _same(e.card, current)
        lines.append(line("=" if same else " ", e.id, e.card))
    if len(lines) == 1:
        lines.append(f"  (no history in {folder(model_path)})")
    return "\n".join(lines)
