"""Sharded batch on a Dask cluster: `hoaxcheck batch INPUT --scheduler ... --shards N`.

The corpus is written once as N shard files beside the model (model/shards.py). Shard K is placed on worker
K mod W (workers sorted by address) and loaded there once, memory-mapped, so a worker holds only its shards'
matrices. The client loads only the head (classifier, features, denial links) and scores the chunks itself:
for each chunk it transforms the claims once and sends the feature rows to every shard, merges the shards'
top-k and asks the shards for the answered hoaxes (engine/shards.py), then applies the rules. The records are
therefore those of local batch, row for row.

Shard tasks are pure. They are pinned to their worker with loose restrictions: if that worker dies, Dask runs
them on another, which then loads the shard from the same path (so it must be on a shared disk or copied).
"""

import os
import threading
from typing import Iterable, Iterator

from hoaxcheck.engine.records import Evidence

_SHARDS: dict = {}  # worker-side: (path, mtime, size) -> Shard
_LOCK = threading.Lock()


def worker_shard(path: str):
    """This worker process's Shard for a shard file, loaded once (memory-mapped) and then reused."""
    st = os.stat(path)
    key = (path, st.st_mtime_ns, st.st_size)
    with _LOCK:
        shard = _SHARDS.get(key)
        if shard is None:
            from hoaxcheck.model import shards

            for old in [k for k in _SHARDS if k[0] == path]:  # a rewritten shard replaces the old one
                del _SHARDS[old]
            shard = _SHARDS[key] = shards.load_shard(path)
    return shard


def load_task(path: str) -> int:
    """A task: load a shard on this worker; returns its number of units."""
    index = worker_shard(path).index
    return sum(m.shape[0] for m in (index.verified_matrix, index.hoax_matrix) if m is not None)


def top_task(path: str, q):
    """A task: one shard's top-k hits for the feature rows q."""
    return worker_shard(path).top(q)


def answered_task(path: str, q, wanted: dict[int, str]) -> dict[int, Evidence]:
    """A task: the answered hoaxes this shard holds, with their similarities to q."""
    return worker_shard(path).hoax_similarities(q, wanted)


class DaskShards:
    """Shard files placed on the workers of a Dask client (engine/shards.py `Search`)."""

    def __init__(self, client, paths: list[str], timeout: float | None = None):
        workers = sorted(client.scheduler_info()["workers"])
        self.client, self.timeout = client, timeout
        self.placed = [(str(p), workers[k % len(workers)]) for k, p in enumerate(paths)]
        # Loaded now, so a missing or damaged shard fails before any output, and loading is not timed per chunk.
        self.units = self._run(load_task)

    def _run(self, fn, *args) -> list:
        futures = [
            self.client.submit(fn, path, *args, workers=[worker], allow_other_workers=True, pure=False)
            for path, worker in self.placed
        ]
        return self.client.gather(futures) if self.timeout is None else [f.result(timeout=self.timeout) for f in futures]

    def top(self, q) -> list:
        """Each shard's hits for q, in shard order (all shards run at once)."""
        return self._run(top_task, q)

    def hoax_similarities(self, q, wanted: dict[int, str]) -> dict[int, Evidence]:
        """The answered hoaxes' evidence: every shard is asked, the one holding each hoax answers."""
        found: dict[int, Evidence] = {}
        for part in self._run(answered_task, q, wanted):
            found.update(part)
        return found


def sharded_scorer(client, folder, thresholds: dict | None = None, timeout: float | None = None):
    """A Scorer whose retrieval runs on the cluster's workers over a shard folder (model/shards.py `prepare`)."""
    from hoaxcheck.engine.scorer import Model, Scorer
    from hoaxcheck.engine.shards import ShardedIndex
    from hoaxcheck.model import shards as shard_files

    head = shard_files.load_head(folder)
    search = DaskShards(client, [str(p) for p in shard_files.read(folder)], timeout)
    index = ShardedIndex(head.index.features, head.index.answers, search)
    return Scorer(Model(head.classifier, index, head.thresholds, head.card), thresholds)


def score_chunks(chunks: Iterable[list], scorer, split: bool, *, score) -> Iterator[tuple[list, list[dict]]]:
    """(rows, records) per chunk in input order, scored here with the sharded scorer (`score`: batch.score_rows)."""
    for rows in chunks:
        yield rows, score(scorer, rows, split)
