"""Start-up: whole `hoaxcheck score` processes against the import floor of numpy + scipy.sparse, interleaved.

Each round runs, one after the other: the floor (`python -c "import numpy, scipy.sparse"`), `hoaxcheck
--help`, `hoaxcheck score` on the seed article with the shipped model and, with --big, `hoaxcheck score` on
the seed with a model of N synthetic statements. Rounds are interleaved so that the noise of this 2-core
machine hits every command alike; the report gives medians and the ratio of each median to the floor's.

    python bench/startup.py [--rounds 15] [--big 100000]
"""

import argparse
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

from common import ROOT, read_csv, save_results, table, tempdir, write_csv

SEED = ROOT / "seeds" / "bakohumas-jambi-2019-11-28.txt"
PY = sys.executable


def wall(cmd: list[str]) -> float:
    """Seconds one process takes, start to exit (its exit status may be 0 or 1)."""
    start = time.perf_counter()
    r = subprocess.run(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    elapsed = time.perf_counter() - start
    if r.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(cmd)} failed ({r.returncode}): {r.stderr.strip()}")
    return elapsed


def big_model(tmp: Path, n: int) -> Path:
    """A model of n synthetic statements (halves of data/ statements recombined), trained with `train`."""
    rng = random.Random(0)
    pool = [r["text"] for r in read_csv(ROOT / "data" / "verified.csv")]
    hoaxes = [r["text"] for r in read_csv(ROOT / "data" / "hoaxes.csv")]

    def recombine(texts: list[str], k: int) -> list[str]:
        out = []
        for _ in range(k):
            a, b = rng.choice(texts).split(), rng.choice(texts).split()
            out.append(" ".join(a[: max(1, len(a) // 2)] + b[len(b) // 2 :]))
        return out

    corpus = tmp / "corpus"
    write_csv(
        corpus / "verified.csv", [{"id": f"v{i}", "text": t} for i, t in enumerate(recombine(pool, n // 2))], ["id", "text"]
    )
    write_csv(
        corpus / "hoaxes.csv", [{"id": f"h{i}", "text": t} for i, t in enumerate(recombine(hoaxes, n - n // 2))], ["id", "text"]
    )
    model = tmp / "big.model"
    subprocess.run(
        [PY, "-m", "hoaxcheck", "train", "--data", str(corpus), "--model", str(model)],
        cwd=tmp,
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    return model


def main() -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--big", type=int, default=0, help="also time score with a model of this many statements")
    opts = parser.parse_args()
    commands = {
        "floor: import numpy, scipy.sparse": [PY, "-c", "import numpy, scipy.sparse"],
        "hoaxcheck --help": [PY, "-m", "hoaxcheck", "--help"],
        "hoaxcheck score (seed, shipped model)": [PY, "-m", "hoaxcheck", "score", str(SEED)],
    }
    with tempdir() as tmp:
        if opts.big:
            model = big_model(Path(tmp), opts.big)
            commands[f"hoaxcheck score (seed, {opts.big:,} statements)"] = [
                PY,
                "-m",
                "hoaxcheck",
                "score",
                "--model",
                str(model),
                str(SEED),
            ]
        for cmd in commands.values():  # warm the file cache
            wall(cmd)
        times: dict[str, list[float]] = {k: [] for k in commands}
        order = random.Random(1)
        for _ in range(opts.rounds):  # a fresh order each round, so no command always follows the same one
            names = list(commands)
            order.shuffle(names)
            for name in names:
                times[name].append(wall(commands[name]))
    floor = statistics.median(times["floor: import numpy, scipy.sparse"])
    rows = [
        [name, f"{statistics.median(t):.3f}", f"{statistics.median(t) / floor:.2f}", f"{min(t):.3f}", f"{max(t):.3f}"]
        for name, t in times.items()
    ]
    print(table(["command", "median s", "ratio to floor", "min s", "max s"], rows))
    result = {name: {"median": statistics.median(t), "ratio_to_floor": statistics.median(t) / floor} for name, t in times.items()}
    save_results("startup", {"rounds": opts.rounds, "results": result})
    return result


if __name__ == "__main__":
    main()
