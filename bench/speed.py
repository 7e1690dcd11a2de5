"""Benchmark 5: speed and memory at corpora of 1k, 10k and 100k synthetic statements recombined from data/.

For each size: the full default `hoaxcheck train` (wall time, peak RSS, model file size), one
`hoaxcheck score` on the seed article (wall time), and `hoaxcheck batch` throughput in claims per second with
1 and 2 jobs (peak RSS of the whole process tree). The peer pipeline (default TF-IDF + LogisticRegression +
plain cosine retrieval) is timed on the same rows: its fit time and size, and its naive per-row scoring loop,
which is the denominator of the batch speed-up.

    python bench/speed.py [--sizes 1000,10000,100000] [--batch-rows 20000]

Superseded for throughput: its speed-up divides whole `hoaxcheck batch` processes by the peer's inner loop,
which is not the same basis. BENCHMARKS.md uses bench/batch_speed.py (same basis, interleaved),
bench/startup.py and bench/model_size.py; bench/report.py no longer renders this script's results.
"""

import argparse
import random
import subprocess
import sys
import threading
import time
from pathlib import Path

from common import ROOT, Peer, read_csv, save_results, table, tempdir, tree_rss, write_csv

HOAXCHECK = [sys.executable, "-m", "hoaxcheck"]
SEED = ROOT / "seeds" / "bakohumas-jambi-2019-11-28.txt"


def pool() -> dict[str, list[str]]:
    """Statement texts of data/, by kind."""
    verified = [r["text"] for r in read_csv(ROOT / "data" / "verified.csv")]
    hoaxes = [r["text"] for r in read_csv(ROOT / "data" / "hoaxes.csv")]
    for path in sorted((ROOT / "data" / "labeled").glob("*.csv")):
        for r in read_csv(path):
            (hoaxes if r["label"] == "hoax" else verified).append(r["text"])
    return {"verified": verified, "hoax": hoaxes}


def recombine(texts: list[str], n: int, rng: random.Random) -> list[str]:
    """n new statements, each the first half of one text joined to the second half of another."""
    out = []
    for _ in range(n):
        a, b = rng.choice(texts).split(), rng.choice(texts).split()
        out.append(" ".join(a[: max(1, len(a) // 2)] + b[len(b) // 2 :]))
    return out


def run_measured(cmd: list[str], cwd: Path) -> tuple[float, int, int]:
    """Run a command; return (wall seconds, peak RSS of its process tree in bytes, exit code)."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = [0]

    def poll() -> None:
        while proc.poll() is None:
            peak[0] = max(peak[0], tree_rss(proc.pid))
            time.sleep(0.05)

    t = threading.Thread(target=poll, daemon=True)
    t.start()
    _, err = proc.communicate()
    wall = time.perf_counter() - start
    t.join()
    if proc.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(cmd)} failed ({proc.returncode}): {err.decode()[-500:]}")
    return wall, peak[0], proc.returncode


def peer_numbers(verified: list[str], hoaxes: list[str], rows: list[str], tmp: Path) -> dict:
    """Peer fit time and size, and its naive per-row loop (one text at a time) in claims per second."""
    import joblib

    start = time.perf_counter()
    peer = Peer().fit_classifier(verified + hoaxes, [0] * len(verified) + [1] * len(hoaxes))
    peer.fit_retrieval([{"id": str(i), "text": t} for i, t in enumerate(verified + hoaxes)])
    fit_s = time.perf_counter() - start
    joblib.dump({"clf": peer.clf, "retr": peer.retr, "index": peer.index}, tmp / "peer.joblib", compress=3)
    sample = rows[:2000]
    start = time.perf_counter()
    for text in sample:  # what the public projects' notebooks do: one message at a time
        peer.proba([text])
        peer.rank([text])
    loop_s = time.perf_counter() - start
    return {
        "train_seconds": round(fit_s, 2),
        "model_bytes": (tmp / "peer.joblib").stat().st_size,
        "naive_loop_claims_per_s": round(len(sample) / loop_s, 1),
    }


def measure(size: int, batch_rows: int, texts: dict[str, list[str]], tmp: Path) -> dict:
    """Every number for one corpus size."""
    rng = random.Random(size)
    verified, hoaxes = recombine(texts["verified"], size // 2, rng), recombine(texts["hoax"], size - size // 2, rng)
    corpus = tmp / f"corpus{size}"
    write_csv(corpus / "verified.csv", [{"id": f"v{i}", "text": t} for i, t in enumerate(verified)], ["id", "text"])
    write_csv(corpus / "hoaxes.csv", [{"id": f"h{i}", "text": t} for i, t in enumerate(hoaxes)], ["id", "text"])
    model = tmp / f"m{size}.model"
    train_s, train_rss, _ = run_measured(HOAXCHECK + ["train", "--data", str(corpus), "--model", str(model)], ROOT)
    score_s, score_rss, _ = run_measured(HOAXCHECK + ["score", str(SEED), "--model", str(model)], ROOT)
    rows = recombine(texts["verified"] + texts["hoax"], batch_rows, rng)
    batch_in = tmp / f"batch{size}.csv"
    write_csv(batch_in, [{"id": i, "text": t} for i, t in enumerate(rows)], ["id", "text"])
    out = {
        "statements": size,
        "train_seconds": round(train_s, 2),
        "train_peak_rss_mb": round(train_rss / 2**20),
        "model_bytes": model.stat().st_size,
        "score_seed_seconds": round(score_s, 2),
        "score_seed_peak_rss_mb": round(score_rss / 2**20),
        "batch_rows": batch_rows,
    }
    for jobs in (1, 2):
        wall, rss, _ = run_measured(
            HOAXCHECK + ["batch", str(batch_in), "-o", str(tmp / "out.csv"), "--jobs", str(jobs), "--model", str(model)], ROOT
        )
        out[f"batch_jobs{jobs}_claims_per_s"] = round(batch_rows / wall, 1)
        out[f"batch_jobs{jobs}_peak_rss_mb"] = round(rss / 2**20)
    out["peer"] = peer_numbers(verified, hoaxes, rows, tmp)
    best = max(out["batch_jobs1_claims_per_s"], out["batch_jobs2_claims_per_s"])
    out["batch_speedup_vs_peer_loop"] = round(best / out["peer"]["naive_loop_claims_per_s"], 2)
    print(f"  {size}: {out}", flush=True)
    return out


def main() -> dict:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="1000,10000,100000")
    ap.add_argument("--batch-rows", type=int, default=20000)
    args = ap.parse_args()
    texts = pool()
    results = []
    with tempdir() as tmp:
        for size in (int(s) for s in args.sizes.split(",")):
            results.append(measure(size, args.batch_rows, texts, Path(tmp)))
    rows = [
        [
            r["statements"],
            r["train_seconds"],
            r["peer"]["train_seconds"],
            round(r["model_bytes"] / 2**20, 1),
            round(r["peer"]["model_bytes"] / 2**20, 1),
            r["score_seed_seconds"],
            r["batch_jobs1_claims_per_s"],
            r["batch_jobs2_claims_per_s"],
            r["peer"]["naive_loop_claims_per_s"],
            r["batch_speedup_vs_peer_loop"],
            r["batch_jobs1_peak_rss_mb"],
            r["batch_jobs2_peak_rss_mb"],
            r["train_peak_rss_mb"],
        ]
        for r in results
    ]
    print(f"Speed and memory (synthetic statements recombined from data/; batch of {args.batch_rows} rows)")
    print(
        table(
            [
                "statements",
                "train s",
                "peer fit s",
                "model MB",
                "peer MB",
                "score seed s",
                "batch claims/s (1 job)",
                "batch claims/s (2 jobs)",
                "peer loop claims/s",
                "speed-up",
                "batch RSS MB (1)",
                "batch RSS MB (2)",
                "train RSS MB",
            ],
            rows,
        )
    )
    targets = {}
    for r in results:
        targets[f"{r['statements']}: batch >= 5x peer loop"] = r["batch_speedup_vs_peer_loop"] >= 5
        if r["statements"] >= 100_000:
            targets[f"{r['statements']}: training < 120 s"] = r["train_seconds"] < 120
    print("targets:", ", ".join(f"{k}: {'met' if v else 'MISSED'}" for k, v in targets.items()))
    result = {"sizes": results, "targets": targets, "source": "recombined from data/"}
    print(f"results: {save_results('speed', result)}")
    return result


if __name__ == "__main__":
    main()
