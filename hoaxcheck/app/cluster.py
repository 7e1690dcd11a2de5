"""Batch scoring on a Dask cluster: `hoaxcheck batch INPUT --scheduler local|tcp://HOST:8786`.

The client (this process) reads the CSV with the same `read_chunks` as local batch, so row numbers, ids and
error rows are the same; each chunk becomes one task. A task carries the rows and the model's *path*, never
the model: each worker loads the model once (memory-mapped) into a cache keyed by path, file identity and
thresholds, so every host needs the model at the same path (a shared disk, or the same file copied). Results
come back in input order and are written by local batch's writer, so the output is row for row that of
`hoaxcheck batch` without a scheduler.

Tasks are pure (the same rows and model give the same records), so when a worker dies mid-run the scheduler
simply runs its tasks again elsewhere: no row is lost or written twice. At most `WINDOW` waves of chunks are in
flight, so the client's memory stays bounded on any input size.

`--shards N` keeps one shard of the corpus per worker instead of the whole model (app/shards.py).

`--scheduler local` starts a LocalCluster (2 worker processes, 1 thread each, no dashboard) and closes it at
the end. docs/cluster.md shows a two-host setup and Kubernetes/Slurm.
"""

import contextlib
import itertools
import json
import os
import sys
import threading
import uuid
from collections import deque
from typing import Iterable, Iterator

from hoaxcheck.errors import ConfigError

LOCAL_WORKERS = 2
WAVE_CHUNKS = 16  # chunks submitted together (and shown by one progress bar)
WINDOW = 2  # waves in flight: the next wave runs while the client writes the last
CONNECT_TIMEOUT = 30  # seconds to reach a scheduler or start a local cluster
INSTALL_HINT = "batch --scheduler needs Dask: pip install 'hoaxcheck[cluster]'"

_SCORERS: dict = {}
_LOCK = threading.Lock()


def _import_distributed():
    try:
        import distributed
    except ImportError as exc:
        raise ConfigError(INSTALL_HINT) from exc
    return distributed


def check_scheduler(scheduler: str) -> str:
    """`local` or a scheduler address (tcp://, tls://, ucx:// or inproc://), else a ConfigError."""
    scheduler = scheduler.strip()
    if scheduler == "local" or scheduler.split("://", 1)[0] in ("tcp", "tls", "ucx", "inproc") and "://" in scheduler:
        return scheduler
    raise ConfigError(f"--scheduler must be 'local' or an address like tcp://HOST:8786, not '{scheduler}'")


@contextlib.contextmanager
def connect(scheduler: str, workers: int = LOCAL_WORKERS, timeout: float = CONNECT_TIMEOUT):
    """A distributed Client on `scheduler`; for 'local', on a LocalCluster that is closed afterwards."""
    distributed = _import_distributed()
    scheduler = check_scheduler(scheduler)
    cluster = None
    try:
        if scheduler == "local":
            cluster = distributed.LocalCluster(
                n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None, timeout=timeout
            )
            client = distributed.Client(cluster, timeout=timeout)
        else:
            client = distributed.Client(scheduler, timeout=timeout)
    except OSError as exc:  # timeouts are OSErrors too
        if cluster is not None:
            cluster.close()
        raise ConfigError(f"--scheduler {scheduler}: cannot connect ({exc}); is `dask scheduler` running there?") from exc
    try:
        yield client
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def _model_key(model_path: str, thresholds: dict | None) -> tuple:
    st = os.stat(model_path)  # a retrained model at the same path is loaded anew
    return model_path, st.st_mtime_ns, st.st_size, json.dumps(thresholds, sort_keys=True)


def worker_scorer(model_path: str, thresholds: dict | None):
    """This worker process's Scorer for a model path, loaded once (memory-mapped) and then reused."""
    key = _model_key(model_path, thresholds)
    with _LOCK:  # a worker may run several threads
        scorer = _SCORERS.get(key)
        if scorer is None:
            from hoaxcheck.engine.scorer import Scorer
            from hoaxcheck.model import store

            _SCORERS.clear()  # one model per worker: a new one replaces the old
            scorer = _SCORERS[key] = Scorer(store.load(model_path), thresholds)
    return scorer


def score_partition(score, model_path: str, thresholds: dict | None, rows: list, split: bool) -> list[dict]:
    """A task: score one chunk of rows on a worker with `score` (batch.score_rows; pure: same rows and model,
    same records). The function travels by name, so app/batch.py and this module do not import each other."""
    return score(worker_scorer(model_path, thresholds), rows, split)


def _model_on(path: str) -> bool:
    return os.path.isfile(path)


def check_workers(client, model_path: str, timeout: float = CONNECT_TIMEOUT) -> int:
    """Fail early, naming the hosts, when no worker is up or a worker cannot see the model file."""
    try:
        client.wait_for_workers(1, timeout=timeout)
    except (OSError, TimeoutError) as exc:
        raise ConfigError(f"the Dask cluster has no worker after {timeout:.0f} s; start `dask worker SCHEDULER`") from exc
    seen = client.run(_model_on, model_path)
    missing = sorted(addr for addr, ok in seen.items() if not ok)
    if missing:
        raise ConfigError(
            f"{model_path}: the model is not at this path on worker(s) {', '.join(missing)}; "
            "put it on a shared disk or copy it to the same path on every host"
        )
    return len(seen)


def _waves(chunks: Iterable[list], size: int) -> Iterator[list[list]]:
    it = iter(chunks)
    while wave := list(itertools.islice(it, size)):
        yield wave


def score_chunks(
    chunks: Iterable[list],
    client,
    model_path: str,
    thresholds: dict | None = None,
    split: bool = False,
    *,
    score,
    show_progress: bool = False,
    wave_chunks: int = WAVE_CHUNKS,
    window: int = WINDOW,
    timeout: float | None = None,
) -> Iterator[tuple[list, list[dict]]]:
    """(rows, records) per chunk, in input order, scored by the cluster's workers (`timeout`: per chunk, s)."""
    from distributed import progress

    run = uuid.uuid4().hex[:12]
    model_path = str(os.path.abspath(model_path))
    pending: deque = deque()
    count = itertools.count()

    def submit(wave):
        futures = [
            client.submit(
                score_partition,
                score,
                model_path,
                thresholds,
                rows,
                split,
                pure=False,
                key=f"hoaxcheck-score-{run}-{next(count)}",
            )
            for rows in wave
        ]
        pending.append((wave, futures))

    waves = _waves(chunks, wave_chunks)
    for wave in itertools.islice(waves, window):
        submit(wave)
    while pending:
        wave, futures = pending.popleft()
        if show_progress:
            with contextlib.redirect_stdout(sys.stderr):  # the bar must never mix with CSV on stdout
                progress(futures, multi=False, notebook=False)
        for rows, future in zip(wave, futures):
            yield rows, future.result(timeout=timeout)
        nxt = next(waves, None)
        if nxt is not None:
            submit(nxt)


def score_file_chunks(
    chunks: Iterable[list],
    scheduler: str,
    model_path: str,
    thresholds: dict | None = None,
    split: bool = False,
    show_progress: bool = False,
    *,
    score,
    shards: int = 0,
) -> Iterator[tuple[list, list[dict]]]:
    """`score_chunks` on a scheduler ('local' or an address); the client closes when the results are consumed.

    With `shards`, the corpus is split into that many shard files beside the model, one placed per worker,
    and the client scores with retrieval on the workers (app/shards.py). Connecting, writing the shards and
    checking the workers happen now, before the caller writes any output, so a wrong address or a missing
    model leaves stdout and --output untouched.
    """
    model_path = str(os.path.abspath(model_path))
    stack = contextlib.ExitStack()
    client = stack.enter_context(connect(scheduler))
    try:
        if shards:
            from hoaxcheck.app import shards as sharded
            from hoaxcheck.model import shards as shard_files

            folder = shard_files.prepare(model_path, shards)
            check_workers(client, str(folder / shard_files.MANIFEST))
            scorer = sharded.sharded_scorer(client, folder, thresholds)
        else:
            check_workers(client, model_path)
    except BaseException:
        stack.close()
        raise

    def scored():
        with stack:
            if shards:
                yield from sharded.score_chunks(chunks, scorer, split, score=score)
            else:
                yield from score_chunks(chunks, client, model_path, thresholds, split, score=score, show_progress=show_progress)

    return scored()
