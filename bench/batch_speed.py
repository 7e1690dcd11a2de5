"""Batch throughput on the same basis for both sides, interleaved, medians of several runs.

(a) In-process loops, model already loaded: ours is `hoaxcheck.app.batch.score_rows` over chunks of 500
    `Row`s with a `Scorer` loaded from the trained .model file; the peer's is its naive loop (bench/speed.py):
    `Peer.proba([text])` and `Peer.rank([text])` for one row at a time (default TF-IDF + LogisticRegression,
    cosine retrieval over the same statements).
(b) Whole processes on the same CSV: `hoaxcheck batch in.csv -o out.csv --model M` with --jobs 1 and
    --jobs 2, against `python bench/peer_batch.py peer.joblib in.csv -o out.csv` (the peer's loop as a
    process: load its pickled pipeline, read the CSV, one row at a time, write a CSV). Peak RSS is that of
    the whole process tree (workers included).

Corpora: N synthetic statements recombined from data/ (bench/speed.py `recombine`, same seeds); the batch is
`--rows` further recombined statements. Each round runs every measurement once, in a shuffled order.

    python bench/batch_speed.py [--sizes 1000,10000] [--rows 5000] [--runs 3]
"""

import argparse
import os
import random
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from common import ROOT, Peer, descendants, rss, save_results, table, tempdir, write_csv
from speed import pool, recombine

HOAXCHECK = [sys.executable, "-m", "hoaxcheck"]
PEER_BATCH = [sys.executable, str(ROOT / "bench" / "peer_batch.py")]
CHUNK = 500


def run_process(cmd: list[str], cwd: Path) -> tuple[float, int, int]:
    """Run a command; return (seconds until the command's own process exits, peak RSS of its process tree, exit code).

    The clock stops when the process exits, not when its output pipes close: `hoaxcheck batch --jobs 2` leaves
    its joblib workers idle (they hold stderr open until loky's 300 s idle timeout), which would otherwise be
    timed. Workers still alive after the process exited are terminated (by their pid) so they do not linger.
    """
    seen: set[int] = set()
    peak = [0]
    with tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=err)

        def poll() -> None:
            while proc.poll() is None:
                kids = descendants(proc.pid)
                seen.update(kids)
                peak[0] = max(peak[0], rss(proc.pid) + sum(rss(k) for k in kids))
                time.sleep(0.05)

        t = threading.Thread(target=poll, daemon=True)
        t.start()
        code = proc.wait()
        wall = time.perf_counter() - start
        t.join()
        for pid in seen:
            try:
                if "loky" in Path(f"/proc/{pid}/cmdline").read_bytes().decode(errors="replace"):
                    os.kill(pid, signal.SIGTERM)
            except OSError:
                pass
        if code not in (0, 1):
            err.seek(0)
            raise SystemExit(f"{' '.join(cmd)} failed ({code}): {err.read().decode(errors='replace')[-500:]}")
    return wall, peak[0], code


def ours_in_process(scorer, texts: list[str]) -> float:
    """Seconds for score_rows over chunks of CHUNK rows."""
    from hoaxcheck.app.batch import Row, score_rows

    start = time.perf_counter()
    for at in range(0, len(texts), CHUNK):
        score_rows(scorer, [Row(at + i + 2, str(at + i), t) for i, t in enumerate(texts[at : at + CHUNK])])
    return time.perf_counter() - start


def peer_in_process(peer: Peer, texts: list[str]) -> float:
    """Seconds for the peer's naive loop, one row at a time."""
    start = time.perf_counter()
    for text in texts:
        peer.proba([text])
        peer.rank([text])
    return time.perf_counter() - start


def measure(size: int, n_rows: int, runs: int, texts: dict[str, list[str]], tmp: Path) -> dict:
    """Every number for one corpus size."""
    import joblib

    from hoaxcheck.engine.scorer import Scorer
    from hoaxcheck.model import store

    rng = random.Random(size)
    verified, hoaxes = recombine(texts["verified"], size // 2, rng), recombine(texts["hoax"], size - size // 2, rng)
    corpus = tmp / f"corpus{size}"
    write_csv(corpus / "verified.csv", [{"id": f"v{i}", "text": t} for i, t in enumerate(verified)], ["id", "text"])
    write_csv(corpus / "hoaxes.csv", [{"id": f"h{i}", "text": t} for i, t in enumerate(hoaxes)], ["id", "text"])
    model = tmp / f"m{size}.model"
    run_process(HOAXCHECK + ["train", "--data", str(corpus), "--model", str(model)], ROOT)
    peer = Peer().fit_classifier(verified + hoaxes, [0] * len(verified) + [1] * len(hoaxes))
    peer.fit_retrieval(
        [{"id": f"v{i}", "text": t} for i, t in enumerate(verified)] + [{"id": f"h{i}", "text": t} for i, t in enumerate(hoaxes)]
    )
    peer_model = tmp / f"peer{size}.joblib"
    joblib.dump({"clf": peer.clf, "retr": peer.retr, "index": peer.index, "rows": peer.rows}, peer_model)
    rows = recombine(texts["verified"] + texts["hoax"], n_rows, rng)
    batch_in = tmp / f"batch{size}.csv"
    write_csv(batch_in, [{"id": i, "text": t} for i, t in enumerate(rows)], ["id", "text"])
    scorer = Scorer(store.load(model))
    ours_in_process(scorer, rows[:CHUNK])  # warm-up: first-call costs (lazy imports, page faults)
    peer_in_process(peer, rows[:50])

    def ours_process(jobs: int):
        return lambda: run_process(
            HOAXCHECK + ["batch", str(batch_in), "-o", str(tmp / "out.csv"), "--jobs", str(jobs), "--model", str(model)], ROOT
        )

    measurements = {
        "in-process: hoaxcheck score_rows": lambda: (ours_in_process(scorer, rows), 0, 0),
        "in-process: peer loop": lambda: (peer_in_process(peer, rows), 0, 0),
        "process: hoaxcheck batch --jobs 1": ours_process(1),
        "process: hoaxcheck batch --jobs 2": ours_process(2),
        "process: peer batch script": lambda: run_process(
            PEER_BATCH + [str(peer_model), str(batch_in), "-o", str(tmp / "peer-out.csv")], ROOT
        ),
    }
    walls: dict[str, list[float]] = {k: [] for k in measurements}
    rss: dict[str, list[int]] = {k: [] for k in measurements}
    order = random.Random(size)
    for _ in range(runs):
        names = list(measurements)
        order.shuffle(names)
        for name in names:
            wall, peak, _ = measurements[name]()
            walls[name].append(wall)
            rss[name].append(peak)
    out = {"statements": size, "rows": n_rows, "runs": runs, "results": {}}
    for name in measurements:
        med = statistics.median(walls[name])
        out["results"][name] = {
            "median_seconds": round(med, 3),
            "rows_per_s": round(n_rows / med, 1),
            "min_seconds": round(min(walls[name]), 3),
            "max_seconds": round(max(walls[name]), 3),
            "peak_rss_mb": round(max(rss[name]) / 2**20) if max(rss[name]) else None,
        }
    r = {k: v["rows_per_s"] for k, v in out["results"].items()}
    out["ratios"] = {
        "in-process: ours / peer loop": round(r["in-process: hoaxcheck score_rows"] / r["in-process: peer loop"], 2),
        "process: ours --jobs 1 / peer script": round(
            r["process: hoaxcheck batch --jobs 1"] / r["process: peer batch script"], 2
        ),
        "process: ours --jobs 2 / peer script": round(
            r["process: hoaxcheck batch --jobs 2"] / r["process: peer batch script"], 2
        ),
        "process: --jobs 2 / --jobs 1": round(r["process: hoaxcheck batch --jobs 2"] / r["process: hoaxcheck batch --jobs 1"], 2),
    }
    print(f"  {size}: {out}", flush=True)
    return out


def main() -> dict:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="1000,10000")
    ap.add_argument("--rows", type=int, default=5000)
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    texts = pool()
    results = []
    with tempdir() as tmp:
        for size in (int(s) for s in args.sizes.split(",")):
            results.append(measure(size, args.rows, args.runs, texts, Path(tmp)))
    rows = [
        [s["statements"], name, v["rows_per_s"], v["median_seconds"], v["min_seconds"], v["max_seconds"], v["peak_rss_mb"]]
        for s in results
        for name, v in s["results"].items()
    ]
    print(f"Batch throughput ({args.rows} rows, median of {args.runs} interleaved runs)")
    print(table(["statements", "measurement", "rows/s", "median s", "min s", "max s", "peak RSS MB"], rows))
    print(table(["statements", "ratio", "value"], [[s["statements"], k, v] for s in results for k, v in s["ratios"].items()]))
    targets = {}
    for s in results:
        n, q = s["statements"], s["ratios"]
        targets[f"{n}: in-process ours >= 1.5x peer loop"] = q["in-process: ours / peer loop"] >= 1.5
        targets[f"{n}: process (--jobs 1) >= 1.5x peer script"] = q["process: ours --jobs 1 / peer script"] >= 1.5
        targets[f"{n}: --jobs 2 no slower than --jobs 1"] = q["process: --jobs 2 / --jobs 1"] >= 1.0
    print("targets:", ", ".join(f"{k}: {'met' if v else 'MISSED'}" for k, v in targets.items()))
    result = {"sizes": results, "targets": targets, "source": "recombined from data/"}
    print(f"results: {save_results('batch_speed', result)}")
    return result


if __name__ == "__main__":
    main()
