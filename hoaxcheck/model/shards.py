"""Shard files: a model's corpus written as N model files of one shard each, plus a head without the corpus.

`write(model, folder, n)` writes, in `folder`:

- `head.model`: the classifier, the retrieval features and the denial links, and no corpus (what the process
  that scores needs: it transforms the claims and applies the rules);
- `shard-K.model` for each shard K: an ordinary model file (data only, memory-mapped, sha256-checked by
  model/store.py) whose index holds one contiguous range of statements (engine/shards.py), with the range's
  start in the whole corpus in its card;
- `shards.json`, written last: the number of shards and the identity of the source model, so a folder left
  half-written by a killed run, or one of an older model, is rewritten instead of used.

`prepare(model_path, n)` does this once, next to the model (`<model>.shards-N/`), and reuses the folder
while the model is unchanged.
"""

import hashlib
import json
import os
import shutil
from pathlib import Path

from hoaxcheck.engine.retrieval import Index
from hoaxcheck.engine.scorer import Model
from hoaxcheck.engine.shards import Shard, shards_of
from hoaxcheck.errors import ModelError
from hoaxcheck.model import store

MANIFEST = "shards.json"
HEAD = "head.model"


def source_id(card: dict) -> str:
    """The identity of a model: the sha256 of its members' sha256 values (changes with any member)."""
    return hashlib.sha256(json.dumps(card.get("members", {}), sort_keys=True).encode()).hexdigest()


def folder_for(model_path: str | Path, shards: int) -> Path:
    """Where `prepare` writes the shards of a model: a folder beside it."""
    path = Path(model_path).resolve()
    return path.with_name(f"{path.name}.shards-{shards}")


def write(model: Model, folder: str | Path, shards: int) -> list[Path]:
    """Write the head and the shard files of a model into `folder`; return the shard files in order."""
    index = model.index
    if index is None:
        raise ModelError("this model has no corpus to shard (classifier-only)")
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    head_index = Index(index.features, [], [], None, None, dict(index.answers))
    store.save(Model(model.classifier, head_index, model.thresholds, dict(model.card)), folder / HEAD)
    paths = []
    for k, shard in enumerate(shards_of(index, shards)):  # one shard's rows in memory at a time
        card = dict(model.card, shard={"number": k, "verified_start": shard.verified_start, "hoax_start": shard.hoax_start})
        path = folder / f"shard-{k}.model"
        store.save(Model(None, shard.index, model.thresholds, card), path)
        paths.append(path)
    manifest = {"shards": [p.name for p in paths], "requested": shards, "source": source_id(model.card)}
    (folder / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    return paths


def read(folder: str | Path) -> list[Path]:
    """The shard files listed by a folder's manifest (ModelError when there is none)."""
    folder = Path(folder)
    try:
        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
        return [folder / name for name in manifest["shards"]]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise ModelError(f"{folder}: no shard manifest ({MANIFEST}); write the shards again") from exc


def _current(folder: Path, model_path: Path) -> bool:
    try:
        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return isinstance(manifest, dict) and manifest.get("source") == source_id(store.read_card(model_path))


def prepare(model_path: str | Path, shards: int) -> Path:
    """The shard folder of a model, written beside it unless a current one is there; returns the folder."""
    if shards < 1:
        raise ModelError(f"--shards must be 1 or more, not {shards}")
    model_path = Path(model_path)
    folder = folder_for(model_path, shards)
    if _current(folder, model_path):
        return folder
    # Written under a temporary name and renamed: a killed run never leaves a folder that looks complete.
    tmp = folder.with_name(f".{folder.name}.{os.getpid()}.tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    write(store.load(model_path), tmp, shards)
    shutil.rmtree(folder, ignore_errors=True)
    os.replace(tmp, folder)
    return folder


def load_shard(path: str | Path) -> Shard:
    """One shard file as a Shard (its matrices memory-mapped)."""
    model = store.load(path)
    where = model.card.get("shard")
    if model.index is None or not isinstance(where, dict):
        raise ModelError(f"{path}: not a shard file (no shard range in its card)")
    return Shard(model.index, int(where["verified_start"]), int(where["hoax_start"]))


def load_head(folder: str | Path) -> Model:
    """The head model of a shard folder: classifier, features and denial links, no corpus."""
    return store.load(Path(folder) / HEAD)
