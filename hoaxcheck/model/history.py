"""Model history: earlier models kept under `<model dir>/history/<id>/`, listing and atomic rollback.

Replacing a model (train, rollback) first copies the current model and its card into the history, so a
working model is never lost. The id is the archived model's training time (UTC, `YYYYMMDDTHHMMSSZ`).
The model is swapped in with the same rename protocol as model.save: model -> `.pending`, card into place,
`.pending` -> model; load() finishes a swap interrupted between the renames.
"""

import os
import shutil
from datetime import datetime, timezone
from pathlib import Path

from hoaxcheck.model import train as model_lib
from hoaxcheck.errors import ModelError

KEEP = 5


def folder(model_path: Path) -> Path:
    """The history folder of a model."""
    return Path(model_path).parent / "history"


def entries(model_path: Path) -> list[dict]:
    """History entries, oldest first: {id, path, card}."""
    model_path = Path(model_path)
    out = []
    root = folder(model_path)
    for d in sorted(root.iterdir()) if root.is_dir() else []:
        path = d / model_path.name
        if d.name.startswith(".") or not path.is_file():
            continue
        try:
            card = model_lib.read_card(path)
        except ModelError:
            card = {}
        out.append({"id": d.name, "path": path, "card": card})
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


def archive(model_path: Path) -> str | None:
    """Copy the current model and card into the history (unless already there); return the entry id."""
    model_path = Path(model_path)
    if not model_path.is_file() or not model_lib.card_path(model_path).is_file():
        return None
    card = model_lib.read_card(model_path)
    for e in entries(model_path):
        if e["card"].get("sha256") and e["card"].get("sha256") == card.get("sha256"):
            return e["id"]
    root = folder(model_path)
    root.mkdir(parents=True, exist_ok=True)
    entry_id, n = _stamp(card), 2
    while (root / entry_id).exists():
        entry_id, n = f"{_stamp(card)}-{n}", n + 1
    staging = root / f".{entry_id}.{os.getpid()}.tmp"
    staging.mkdir()
    try:
        _copy(model_path, staging / model_path.name)
        _copy(model_lib.card_path(model_path), model_lib.card_path(staging / model_path.name))
        os.replace(staging, root / entry_id)  # the entry appears whole or not at all
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    prune(model_path)
    return entry_id


def prune(model_path: Path, keep: int = KEEP) -> None:
    """Delete all but the newest `keep` history entries."""
    for e in entries(model_path)[:-keep]:
        shutil.rmtree(e["path"].parent, ignore_errors=True)


def install(candidate: Path, model_path: Path) -> str | None:
    """Archive the current model, then move a saved candidate (model + card) into its place atomically."""
    candidate, model_path = Path(candidate), Path(model_path)
    archived = archive(model_path)
    model_path.parent.mkdir(parents=True, exist_ok=True)
    model_lib.swap_in(candidate, model_lib.card_path(candidate), model_path)
    return archived


def _current_card(model_path: Path) -> dict | None:
    """The current model's card, None when there is no model file; a missing or bad card raises ModelError."""
    return model_lib.read_card(model_path) if Path(model_path).is_file() else None


def rollback(model_path: Path, entry_id: str | None = None) -> dict:
    """Restore a history entry (default: the newest one trained before the current model); return it."""
    model_path = Path(model_path)
    history = entries(model_path)
    if entry_id is not None:
        chosen = next((e for e in history if e["id"] == entry_id), None)
        if chosen is None:
            ids = ", ".join(e["id"] for e in history) or "none"
            raise ModelError(f"no history entry '{entry_id}' beside {model_path}; known: {ids}")
    else:
        current = _current_card(model_path)
        older = [e for e in history if current is None
                 or (e["card"].get("trained_at", "") < current.get("trained_at", "")
                     and e["card"].get("sha256") != current.get("sha256"))]
        if not older:
            raise ModelError(f"no older model in {folder(model_path)}; see 'hoaxcheck model list'")
        chosen = older[-1]
    if model_lib.sha256_file(chosen["path"]) != chosen["card"].get("sha256"):
        raise ModelError(f"{chosen['path']}: does not match its card (corrupt); pick another with 'hoaxcheck model list'")
    staging = model_path.parent / f".rollback-{os.getpid()}"
    staging.mkdir(parents=True, exist_ok=True)
    try:
        candidate = staging / model_path.name
        shutil.copy2(chosen["path"], candidate)
        shutil.copy2(model_lib.card_path(chosen["path"]), model_lib.card_path(candidate))
        install(candidate, model_path)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return chosen


def describe(model_path: Path) -> str:
    """The current model and the history, one line each: id, date, data hash, counts, macro-F1."""
    model_path = Path(model_path)
    current = _current_card(model_path)

    def line(marker: str, entry_id: str, card: dict) -> str:
        c = card.get("counts", {})
        m = card.get("metrics") or {}
        return (f"{marker} {entry_id:<18} {card.get('trained_at', '?'):<25} data {str(card.get('data_hash') or '?')[:12]}  "
                f"verified {c.get('verified', '?')} hoaxes {c.get('hoaxes', '?')} labeled {c.get('labeled', '?')}  "
                f"macro_f1 {m.get('macro_f1', '-')}")

    lines = [line("*", "current", current) if current else f"* current: no model at {model_path}"]
    for e in reversed(entries(model_path)):
        same = current is not None and e["card"].get("sha256") == current.get("sha256")
        lines.append(line("=" if same else " ", e["id"], e["card"]))
    if len(lines) == 1:
        lines.append(f"  (no history in {folder(model_path)})")
    return "\n".join(lines)
