"""Corpus sharding at 100k-1M synthetic statements: memory per shard holder, time, and identity with unsharded.

For each size N, three child processes, one after the other (the parent kills one whose process tree goes over
`--max-rss-gb` or `--max-minutes`, and reports the size as not fitting):

1. **build**: the synthetic corpus of bench/scale.py (40% verified, 60% hoaxes, recombined data/ texts) and its
   index, by `train.build_index(check=False)`, or with `--fit-sample M` by scale.py's `sampled_index` (the
   retriever fitted on M statements, the rest transformed in chunks; build_index over 1M does not fit in
   memory). Writes the unsharded model file and `--shards` shard files (model/shards.py `write`), and the claims
   (bench/scale.py `claims_for`).
2. **whole**: one process loads the unsharded model file (memory-mapped) and retrieves evidence for the claims
   with HOAXCHECK_RETRIEVAL=indexed (chunks of 500) and =exact (chunks of 100).
3. **sharded**: a Dask LocalCluster of `--shards` worker processes (1 thread each) holds one shard each
   (app/shards.py `DaskShards`); the child (the client) loads only the head model and retrieves the same
   claims through `ShardedIndex` in both modes. Each worker samples its own RSS every 20 ms.

Child 2 also times each shard file searched alone in one process; child 3 times the exhaustive shard tasks
one at a time and all at once (seconds inside the tasks), and the parent first checks whether this machine
runs two processes' sparse products in parallel (one product alone, then two at once).

Reported: peak RSS of the unsharded holder and of each shard holder (and of the client), time per 1,000 claims
(claim features, shard tasks and merge included), and the share of top-5 lists (ids, kinds, similarities and
order, answered citations included) identical to the unsharded ones in the same mode.

    python bench/shards.py [--sizes 100000,1000000] [--shards 2] [--claims 1000] [--fit-sample-above 400000]
"""

import argparse
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import descendants, save_results, table, tempdir, tree_rss  # noqa: E402
from scale import GB, Peak, claims_for, sampled_index, synthetic_corpus  # noqa: E402

MODES = (("indexed", 500), ("exact", 100))  # (HOAXCHECK_RETRIEVAL, claims per retrieve call), as bench/scale.py


def build(size: int, claims: int, shards: int, sample: int, tmp: Path) -> dict:
    """Child 1: corpus, index, unsharded model file, shard files and claims."""
    from hoaxcheck.engine.rules import DEFAULT_THRESHOLDS
    from hoaxcheck.engine.scorer import Model
    from hoaxcheck.model import shards as shard_files
    from hoaxcheck.model import store, train

    peak = Peak()
    corpus = synthetic_corpus(size)
    (tmp / "claims.json").write_text(json.dumps(claims_for(corpus, claims)), encoding="utf-8")
    t = time.perf_counter()
    index = sampled_index(corpus, sample) if sample else train.build_index(corpus, check=False)
    del corpus
    out = {"build_s": time.perf_counter() - t, "build_peak_rss_gb": peak.phase() / GB, "fit_sample": sample or size}
    out["units"] = int(index.verified_matrix.shape[0] + index.hoax_matrix.shape[0])
    out["answers"] = len(index.answers)
    model = Model(None, index, dict(DEFAULT_THRESHOLDS), {})
    t = time.perf_counter()
    store.save(model, tmp / "whole.model")
    out["save_s"], out["save_peak_rss_gb"] = time.perf_counter() - t, peak.phase() / GB
    t = time.perf_counter()
    paths = shard_files.write(model, tmp / "shards", shards)
    out["shard_write_s"], out["shard_write_peak_rss_gb"] = time.perf_counter() - t, peak.phase() / GB
    out["model_gb"] = (tmp / "whole.model").stat().st_size / GB
    out["shard_gb"] = [p.stat().st_size / GB for p in paths]
    out["head_gb"] = (tmp / "shards" / shard_files.HEAD).stat().st_size / GB
    return out


def _timed(retrieve, texts: list[str], chunk: int) -> tuple[list, float]:
    t = time.perf_counter()
    lists = []
    for lo in range(0, len(texts), chunk):
        lists.extend([(e.id, e.kind, e.similarity) for e in items] for items in retrieve(texts[lo : lo + chunk]))
    return lists, (time.perf_counter() - t) * 1000 / len(texts)


def whole(tmp: Path) -> dict:
    """Child 2: the unsharded model in one process; its top-5 lists are written for child 3. Then each shard
    file, loaded here one at a time, searched alone (how the work splits, without a cluster)."""
    from hoaxcheck.model import shards as shard_files
    from hoaxcheck.model import store

    peak = Peak()
    texts = json.loads((tmp / "claims.json").read_text(encoding="utf-8"))
    index = store.load(tmp / "whole.model").index
    out: dict = {"load_rss_gb": peak.phase() / GB}
    lists = {}
    for how, chunk in MODES:
        os.environ["HOAXCHECK_RETRIEVAL"] = how
        lists[how], out[f"{how}_s_per_1000"] = _timed(index.retrieve, texts, chunk)
        out[f"{how}_peak_rss_gb"] = peak.phase() / GB
    (tmp / "whole.json").write_text(json.dumps(lists), encoding="utf-8")
    for path in shard_files.read(tmp / "shards"):
        shard = shard_files.load_shard(path)
        for how, chunk in MODES:
            os.environ["HOAXCHECK_RETRIEVAL"] = how
            t = time.perf_counter()
            for lo in range(0, len(texts), chunk):
                shard.top(index.features.transform(texts[lo : lo + chunk]))
            out.setdefault(f"{how}_one_shard_alone_s_per_1000", []).append((time.perf_counter() - t) * 1000 / len(texts))
        del shard
    return out


def product() -> float:
    """Child: 10 sparse products of 100 query rows by a 65,000 x 300,000 matrix of 100 non-zeros a row (seconds)."""
    import numpy as np
    from scipy import sparse

    rng = np.random.default_rng(0)

    def rows(n: int, per_row: int):
        nnz = n * per_row
        return sparse.csr_matrix((rng.random(nnz), (rng.integers(0, n, nnz), rng.integers(0, 300_000, nnz))), shape=(n, 300_000))

    m, q = rows(65_000, 100), rows(100, 300)
    t = time.perf_counter()
    for _ in range(10):
        (q @ m.T).toarray().max()
    return time.perf_counter() - t


def cores() -> dict:
    """Whether two processes run this machine's sparse product in parallel: one alone, then two at once."""

    def start():
        return subprocess.Popen([sys.executable, __file__, "--child", "product"], stdout=subprocess.PIPE, text=True)

    alone = json.loads(start().communicate()[0])
    pair = [start(), start()]
    return {"product_alone_s": alone, "product_pair_s": [json.loads(p.communicate()[0]) for p in pair]}


class _WorkerPeak:
    """Started in each Dask worker by client.run: samples that worker's own RSS every 20 ms."""

    def __init__(self):
        import threading

        import psutil

        self.proc, self.max = psutil.Process(), 0
        threading.Thread(target=self._run, daemon=True).start()

    def _run(self):
        while True:
            self.max = max(self.max, self.proc.memory_info().rss)
            time.sleep(0.02)


def _start_peak(dask_worker):
    dask_worker._bench_peak = _WorkerPeak()


def _set_mode(how: str) -> None:
    os.environ["HOAXCHECK_RETRIEVAL"] = how


def _read_peak(dask_worker, reset: bool = True) -> int:
    p = dask_worker._bench_peak
    value = max(p.max, p.proc.memory_info().rss)
    if reset:
        p.max = 0
    return value


def sharded(tmp: Path, shards: int) -> dict:
    """Child 3: the shards on a LocalCluster of one worker each; the client holds only the head."""
    import distributed

    from hoaxcheck.app.shards import DaskShards
    from hoaxcheck.engine.shards import ShardedIndex
    from hoaxcheck.model import shards as shard_files

    peak = Peak()
    texts = json.loads((tmp / "claims.json").read_text(encoding="utf-8"))
    want = json.loads((tmp / "whole.json").read_text(encoding="utf-8"))
    want = {how: [[tuple(e) for e in items] for items in lists] for how, lists in want.items()}
    with (
        distributed.LocalCluster(
            n_workers=shards, threads_per_worker=1, processes=True, dashboard_address=None, memory_limit=0
        ) as lc,
        distributed.Client(lc) as client,
    ):
        client.wait_for_workers(shards)
        client.run(_start_peak)
        head = shard_files.load_head(tmp / "shards")
        t = time.perf_counter()
        search = DaskShards(client, [str(p) for p in shard_files.read(tmp / "shards")])
        index = ShardedIndex(head.index.features, head.index.answers, search)
        out: dict = {"shards": shards, "shard_units": search.units, "shard_load_s": time.perf_counter() - t}
        out["holder_load_rss_gb"] = sorted(v / GB for v in client.run(_read_peak).values())
        out["client_load_rss_gb"] = peak.phase() / GB
        for how, chunk in MODES:
            client.run(_set_mode, how)  # the shards choose their path where they run
            got, out[f"{how}_s_per_1000"] = _timed(index.retrieve, texts, chunk)
            out[f"{how}_holder_peak_rss_gb"] = sorted(v / GB for v in client.run(_read_peak).values())
            out[f"{how}_client_peak_rss_gb"] = peak.phase() / GB
            out[f"{how}_identical_top5_share"] = sum(a == b for a, b in zip(got, want[how])) / len(texts)
            if how == "indexed":
                out["indexed_identical_to_unsharded_exact"] = sum(a == b for a, b in zip(got, want["exact"])) / len(texts)
        out["exact_vs_indexed_unsharded"] = sum(a == b for a, b in zip(want["exact"], want["indexed"])) / len(texts)
        out.update(_concurrency(client, search, head.index.features, texts[:300]))
    return out


def _inside(path: str, q) -> float:
    from hoaxcheck.app.shards import top_task

    t = time.perf_counter()
    top_task(path, q)
    return time.perf_counter() - t


def _concurrency(client, search, features, texts: list[str]) -> dict:
    """Seconds spent inside the exhaustive shard tasks for chunks of 100 claims: one task at a time, then all at once."""
    client.run(_set_mode, "exact")
    qs = [features.transform(texts[lo : lo + 100]) for lo in range(0, len(texts), 100)]
    pairs = [(path, worker, q) for q in qs for path, worker in search.placed]
    submit = lambda path, worker, q: client.submit(_inside, path, q, workers=[worker], pure=False)  # noqa: E731
    one = sum(submit(*p).result() for p in pairs)
    t = time.perf_counter()
    together = sum(client.gather([submit(*p) for p in pairs]))
    wall = time.perf_counter() - t
    claims = len(texts)
    return {
        "exact_task_s_per_1000_one_at_a_time": one * 1000 / claims,
        "exact_task_s_per_1000_all_at_once": together * 1000 / claims,
        "exact_wall_s_per_1000_all_at_once": wall * 1000 / claims,
    }


def run_child(args: list[str], max_rss: float, max_s: float) -> dict:
    """Run `bench/shards.py --child ...`, killing its process tree over the limits; its JSON, or why it failed."""
    proc = subprocess.Popen([sys.executable, __file__, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    start, peak, why = time.monotonic(), 0, None
    while proc.poll() is None:
        peak = max(peak, tree_rss(proc.pid))
        if peak > max_rss * GB:
            why = f"over {max_rss:g} GB RSS"
        elif time.monotonic() - start > max_s:
            why = f"over {max_s / 60:g} minutes"
        if why:
            for pid in [*descendants(proc.pid), proc.pid]:  # the cluster's workers too, each by its id
                try:
                    os.kill(pid, signal.SIGKILL)
                except OSError:
                    pass
            break
        time.sleep(0.2)
    out, err = proc.communicate()
    if why or proc.returncode:
        return {"failed": why or f"exit {proc.returncode}: {err.strip()[-400:]}", "tree_peak_rss_gb": peak / GB}
    return dict(json.loads(out.strip().splitlines()[-1]), tree_peak_rss_gb=peak / GB, wall_s=time.monotonic() - start)


def one_size(size: int, args) -> dict:
    """The three children for one corpus size, in a temporary folder removed afterwards."""
    sample = args.fit_sample if size > args.fit_sample_above else 0
    result: dict = {"statements": size, "claims": args.claims}
    limits = (args.max_rss_gb, args.max_minutes * 60)
    with tempdir() as tmp:
        steps = (
            ("build", ["build", str(size), str(args.claims), str(args.shards), str(sample)]),
            ("whole", ["whole"]),
            ("sharded", ["sharded", str(args.shards)]),
        )
        for name, child_args in steps:
            result[name] = r = run_child(["--child", *child_args, "--tmp", tmp], *limits)
            print(json.dumps({"statements": size, name: r}), flush=True)
            if "failed" in r:
                break
    return result


def report(results: list[dict]) -> str:
    """The summary table."""
    rows = []
    for r in results:
        if "failed" in r.get("sharded", {"failed": 1}):
            continue
        b, w, s = r["build"], r["whole"], r["sharded"]
        for how in ("exact", "indexed"):
            rows.append(
                [
                    r["statements"],
                    how,
                    s["shards"],
                    f"{w[f'{how}_peak_rss_gb']:.2f}",
                    " / ".join(f"{v:.2f}" for v in s[f"{how}_holder_peak_rss_gb"]),
                    f"{s[f'{how}_client_peak_rss_gb']:.2f}",
                    f"{w[f'{how}_s_per_1000']:.1f}",
                    f"{s[f'{how}_s_per_1000']:.1f}",
                    f"{s[f'{how}_identical_top5_share']:.1%}",
                    f"{b['build_peak_rss_gb']:.1f}",
                ]
            )
    headers = ["statements", "mode", "shards", "unsharded GB", "per shard GB", "client GB", "unsharded s/1000"]
    return table(headers + ["sharded s/1000", "same top-5", "build GB"], rows)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="100000,1000000")
    ap.add_argument("--shards", type=int, default=2)
    ap.add_argument("--claims", type=int, default=1000)
    ap.add_argument("--fit-sample", type=int, default=100_000, help="statements the retriever is fitted on, above...")
    ap.add_argument("--fit-sample-above", type=int, default=400_000, help="...this corpus size (build_index below)")
    ap.add_argument("--max-rss-gb", type=float, default=15.0)
    ap.add_argument("--max-minutes", type=float, default=15.0)
    ap.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    ap.add_argument("--tmp", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        kind, rest, tmp = args.child[0], [int(v) for v in args.child[1:]], Path(args.tmp or ".")
        if kind == "product":
            print(json.dumps(product()))
            return
        out = {"build": lambda: build(*rest, tmp), "whole": lambda: whole(tmp), "sharded": lambda: sharded(tmp, *rest)}[kind]()
        print(json.dumps(out))
        return
    machine = cores()
    print(json.dumps(machine), flush=True)
    results = [one_size(int(s), args) for s in args.sizes.split(",") if s.strip()]
    print(report(results))
    save_results(f"shards_{args.shards}", {"retrieval": results, "shards": args.shards, "cores": machine})


if __name__ == "__main__":
    main()
