"""Scale: retrieval over 100k-1M synthetic statements (exact vs word-indexed top-k), and Dask batch throughput.

(a) Retrieval. For each size N, a child process builds the evidence index of N synthetic statements (40%
    verified, 60% hoaxes; first half of one data/ text joined to the second half of another, bench/speed.py
    `recombine`) with `hoaxcheck.model.train.build_index(check=False)` (sparse matrices only), then retrieves
    evidence for `--claims` claims (recombined texts, and corpus statements with a quarter of their words
    dropped) with HOAXCHECK_RETRIEVAL=indexed and =exact. Reported: build time, index size, time per 1,000
    claims, peak RSS of each phase (sampled), the share of identical top-5 lists (ids, kinds, similarities).
    The parent kills a child over `--max-rss-gb` or `--max-minutes` and reports the size as not fitting.
    Exact retrieval goes in chunks of 100 claims (500 x 1M units would be 4 GB of float64 per kind).
(b) Batch throughput on the shipped model: `--rows` recombined texts scored by local batch (in-process loop,
    model loaded), by a warm LocalCluster of 1 and of 2 worker processes (app/cluster.py `score_chunks`), and
    end to end by `hoaxcheck batch --scheduler local` (cluster start included). Outputs are compared.

    python bench/scale.py [--sizes 100000,1000000] [--claims 1000] [--rows 20000]
    python bench/scale.py --sizes 1000000 --fit-sample 100000 --skip-batch   # when build_index does not fit
"""

import argparse
import csv
import json
import os
import random
import subprocess
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from batch_speed import peer_in_process  # noqa: E402
from common import ROOT, Peer, read_csv, save_results, table, tempdir, write_csv  # noqa: E402
from speed import pool, recombine  # noqa: E402

GB = 1 << 30


class Peak:
    """Samples this process's RSS every 20 ms; `phase()` restarts the maximum."""

    def __init__(self):
        import psutil

        self.proc, self.max, self._stop = psutil.Process(), 0, False
        threading.Thread(target=self._run, daemon=True).start()

    def _run(self):
        while not self._stop:
            self.max = max(self.max, self.proc.memory_info().rss)
            time.sleep(0.02)

    def phase(self) -> int:
        """The peak since the last call, then start a new phase at the current RSS."""
        peak = max(self.max, self.proc.memory_info().rss)
        self.max = 0
        return peak


def synthetic_corpus(n: int, seed: int = 16):
    from hoaxcheck.corpus.load import Corpus

    rng = random.Random(seed)
    texts = pool()
    nv = int(n * 0.4)
    verified = [{"id": f"v{i}", "text": t} for i, t in enumerate(recombine(texts["verified"], nv, rng))]
    hoaxes = [{"id": f"h{i}", "text": t} for i, t in enumerate(recombine(texts["hoax"], n - nv, rng))]
    return Corpus(verified=verified, hoaxes=hoaxes)


def claims_for(corpus, n: int, seed: int = 17) -> list[str]:
    rng = random.Random(seed)
    texts = pool()
    out = recombine(texts["verified"] + texts["hoax"], n // 2, rng)
    rows = corpus.verified + corpus.hoaxes
    for _ in range(n - len(out)):
        words = rng.choice(rows)["text"].split()
        out.append(" ".join(w for w in words if rng.random() > 0.25) or words[0])
    return out


def retrieve(index, texts: list[str], how: str, chunk: int):
    os.environ["HOAXCHECK_RETRIEVAL"] = how
    out = []
    for lo in range(0, len(texts), chunk):
        out.extend([(e.id, e.kind, e.similarity) for e in items] for items in index.retrieve(texts[lo : lo + chunk]))
    return out


def sampled_index(corpus, sample: int):
    """The index of a corpus whose retriever is fitted by build_index on its first `sample` statements, the
    rest transformed in chunks (the exported Features, numpy/scipy only): a fraction of build_index's memory,
    the same kind of matrices, idf from the sample."""
    from scipy import sparse

    from hoaxcheck.corpus.load import Corpus
    from hoaxcheck.engine.records import Statement
    from hoaxcheck.engine.retrieval import Index, unit_offsets
    from hoaxcheck.model import train

    nv = int(sample * 0.4)
    fitted = train.build_index(Corpus(verified=corpus.verified[:nv], hoaxes=corpus.hoaxes[: sample - nv]), check=False)
    parts = {}
    for kind, rows in (("verified", corpus.verified), ("hoax", corpus.hoaxes)):
        units, starts = unit_offsets([r["text"] for r in rows])
        blocks = [fitted.features.transform(units[lo : lo + 20000]) for lo in range(0, len(units), 20000)]
        parts[kind] = (sparse.vstack(blocks, format="csr"), starts, [Statement.from_row(r, kind) for r in rows])
        del blocks, units
    (vm, vs, v), (hm, hs, h) = parts["verified"], parts["hoax"]
    return Index(fitted.features, v, h, vm, hm, fitted.answers, vs, hs)


def child(size: int, claims: int, sample: int = 0) -> dict:
    """One size, measured in this process; prints one JSON line."""
    from hoaxcheck.engine import topk
    from hoaxcheck.model import train

    peak = Peak()
    corpus = synthetic_corpus(size)
    texts = claims_for(corpus, claims)
    result = {"statements": size, "claims": claims, "corpus_rss_gb": peak.phase() / GB, "fit_sample": sample or size}
    t = time.perf_counter()
    index = sampled_index(corpus, sample) if sample else train.build_index(corpus, check=False)
    del corpus
    result.update(
        build_s=time.perf_counter() - t,
        build_peak_rss_gb=peak.phase() / GB,
        units=int(index.verified_matrix.shape[0] + index.hoax_matrix.shape[0]),
        matrix_nnz=int(index.verified_matrix.nnz + index.hoax_matrix.nnz),
        features=int(index.verified_matrix.shape[1]),
    )
    words = index.features.parts[0].size
    t = time.perf_counter()
    post = [topk.postings(m, words) for m in (index.verified_matrix, index.hoax_matrix)]
    result.update(postings_build_s=time.perf_counter() - t, postings_gb=sum(p.nbytes for p in post) / GB)
    t = time.perf_counter()
    for lo in range(0, len(texts), 500):
        index.features.transform(texts[lo : lo + 500])
    result["transform_s_per_1000"] = (time.perf_counter() - t) * 1000 / claims  # included in both timings below
    peak.phase()
    t = time.perf_counter()
    indexed = retrieve(index, texts, "indexed", 500)
    result.update(indexed_s_per_1000=(time.perf_counter() - t) * 1000 / claims, indexed_peak_rss_gb=peak.phase() / GB)
    t = time.perf_counter()
    exact = retrieve(index, texts, "exact", 100)
    result.update(exact_s_per_1000=(time.perf_counter() - t) * 1000 / claims, exact_peak_rss_gb=peak.phase() / GB)
    result["identical_top5_share"] = sum(a == b for a, b in zip(exact, indexed)) / claims
    result["identical_top1_share"] = sum(a[:1] == b[:1] for a, b in zip(exact, indexed)) / claims
    result["empty_exact_share"] = sum(not a for a in exact) / claims
    return result


def run_child(size: int, claims: int, max_rss: float, max_s: float, sample: int = 0) -> dict:
    import psutil

    cmd = [sys.executable, __file__, "--child", str(size), "--claims", str(claims), "--fit-sample", str(sample)]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    ps, start, peak, why = psutil.Process(proc.pid), time.monotonic(), 0, None
    while proc.poll() is None:
        try:
            peak = max(peak, ps.memory_info().rss)
        except psutil.Error:
            break
        if peak > max_rss * GB:
            why = f"over {max_rss:g} GB RSS"
        elif time.monotonic() - start > max_s:
            why = f"over {max_s / 60:g} minutes"
        if why:
            proc.kill()
            break
        time.sleep(0.1)
    out, err = proc.communicate()
    if why or proc.returncode:
        return {
            "statements": size,
            "failed": why or f"exit {proc.returncode}: {err.strip()[-300:]}",
            "peak_rss_gb": peak / GB,
            "elapsed_s": time.monotonic() - start,
        }
    return json.loads(out.strip().splitlines()[-1])


def batch_throughput(rows: int) -> dict:
    """Rows per second: local loop vs warm LocalClusters of 1 and 2 workers vs the CLI with --scheduler local."""
    import distributed

    from hoaxcheck.app import batch, cluster
    from hoaxcheck.engine.scorer import Scorer
    from hoaxcheck.model import store

    model = ROOT / "models" / "hoaxcheck.model"
    rng = random.Random(18)
    texts = pool()
    out: dict = {"rows": rows}
    with tempdir() as tmp:
        src = Path(tmp) / "in.csv"
        write_csv(
            src,
            [{"id": f"r{i}", "text": t} for i, t in enumerate(recombine(texts["verified"] + texts["hoax"], rows, rng))],
            ["id", "text"],
        )

        def records(score):
            with open(src, "rb") as fh:
                return [r for _, recs in score(batch.read_chunks(fh, str(src))) for r in recs]

        scorer = Scorer(store.load(model))
        t = time.perf_counter()
        want = records(lambda chunks: ((c, batch.score_rows(scorer, c)) for c in chunks))
        out["local_rows_per_s"] = rows / (time.perf_counter() - t)
        # The peer's naive loop (bench/batch_speed.py) on the same rows, over the same corpus (data/), as the denominator.
        peer = Peer()
        corpus = {name: read_csv(ROOT / "data" / f"{name}.csv") for name in ("verified", "hoaxes")}
        peer.fit_classifier(
            [r["text"] for r in corpus["verified"] + corpus["hoaxes"]],
            [0] * len(corpus["verified"]) + [1] * len(corpus["hoaxes"]),
        )
        peer.fit_retrieval(corpus["verified"] + corpus["hoaxes"])
        with open(src, encoding="utf-8", newline="") as fh:
            peer_rows = [r["text"] for r in csv.DictReader(fh)]
        out["peer_rows_per_s"] = rows / peer_in_process(peer, peer_rows)
        for n in (1, 2):
            with (
                distributed.LocalCluster(n_workers=n, threads_per_worker=1, processes=True, dashboard_address=None) as lc,
                distributed.Client(lc) as client,
            ):
                client.wait_for_workers(n)
                client.run(cluster.worker_scorer, str(model), None)  # warm: the model is loaded on every worker
                t = time.perf_counter()
                got = records(lambda chunks: cluster.score_chunks(chunks, client, str(model), score=batch.score_rows))
                out[f"dask_{n}_rows_per_s"] = rows / (time.perf_counter() - t)
                out[f"dask_{n}_identical"] = got == want
        for name, extra in (("cli_local", []), ("cli_scheduler_local", ["--scheduler", "local"])):
            dst = Path(tmp) / f"{name}.csv"
            t = time.perf_counter()
            subprocess.run(
                [sys.executable, "-m", "hoaxcheck", "batch", str(src), "-o", str(dst), "--model", str(model), *extra],
                capture_output=True,
                timeout=1800,
            )
            out[f"{name}_wall_s"] = time.perf_counter() - t
            out[f"{name}_sha"] = hash(dst.read_bytes())
        out["cli_identical"] = out.pop("cli_local_sha") == out.pop("cli_scheduler_local_sha")
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="100000,1000000")
    ap.add_argument("--claims", type=int, default=1000)
    ap.add_argument("--rows", type=int, default=20000)
    ap.add_argument("--max-rss-gb", type=float, default=15.0)
    ap.add_argument("--max-minutes", type=float, default=15.0)
    ap.add_argument("--child", type=int, help=argparse.SUPPRESS)
    ap.add_argument("--skip-batch", action="store_true")
    ap.add_argument(
        "--fit-sample",
        type=int,
        default=0,
        help="fit the retriever on this many statements and transform the rest in chunks (when "
        "build_index itself does not fit in memory)",
    )
    args = ap.parse_args()
    if args.child:
        print(json.dumps(child(args.child, args.claims, args.fit_sample)))
        return
    results = {"retrieval": [], "batch": None}
    for size in (int(s) for s in args.sizes.split(",") if s.strip()):  # --sizes '': batch throughput only
        r = run_child(size, args.claims, args.max_rss_gb, args.max_minutes * 60, args.fit_sample)
        results["retrieval"].append(r)
        print(json.dumps(r), flush=True)
    if not args.skip_batch:
        results["batch"] = batch_throughput(args.rows)
        print(json.dumps(results["batch"]), flush=True)
    ok = [r for r in results["retrieval"] if "failed" not in r]
    print(
        table(
            [
                "statements",
                "units",
                "build s",
                "build GB",
                "exact s/1000",
                "exact GB",
                "indexed s/1000",
                "indexed GB",
                "same top-5",
            ],
            [
                [
                    r["statements"],
                    r["units"],
                    f"{r['build_s']:.0f}",
                    f"{r['build_peak_rss_gb']:.1f}",
                    f"{r['exact_s_per_1000']:.1f}",
                    f"{r['exact_peak_rss_gb']:.1f}",
                    f"{r['indexed_s_per_1000']:.1f}",
                    f"{r['indexed_peak_rss_gb']:.1f}",
                    f"{r['identical_top5_share']:.1%}",
                ]
                for r in ok
            ],
        )
    )
    # A batch-only run (--sizes '') keeps the retrieval figures of bench/results/scale.json.
    name = "scale_batch" if not results["retrieval"] else "scale" + ("_sampled" if args.fit_sample else "")
    save_results(name, results)


if __name__ == "__main__":
    main()
