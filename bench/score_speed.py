"""Wall time of `hoaxcheck score` on 1 draft and on 50 drafts in one run (the model loads once).

    python bench/score_speed.py [--repeat 3] [--model PATH]

Uses the shipped model (models/hoaxcheck.joblib) when present, else trains one from the test fixture corpus
into a temporary folder. The drafts are copies of examples/draf-rilis.md with a numbered first line, so each
is a short release of about eight claims. Reports the median of --repeat runs for each size and the ratio.
"""

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def wall(args: list[str], cwd: Path) -> float:
    """Seconds one `hoaxcheck score` process takes, start to exit."""
    start = time.perf_counter()
    r = subprocess.run(
        [sys.executable, "-m", "hoaxcheck", "score", "--no-fail", "--format", "json", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
    )
    elapsed = time.perf_counter() - start
    if r.returncode != 0:
        raise SystemExit(f"hoaxcheck score failed ({r.returncode}): {r.stderr.strip()}")
    return elapsed


def main() -> None:
    """Time 1 draft and 50 drafts and print both, with the ratio."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--model", default=None)
    opts = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        model = Path(opts.model) if opts.model else ROOT / "models" / "hoaxcheck.model"
        if not model.is_file():
            from hoaxcheck.corpus import load as corpus
            from hoaxcheck.model import train as model_lib

            model = tmp / "fixture.model"
            trained, _ = model_lib.train(corpus.load(ROOT / "tests" / "fixtures" / "corpus"))
            from hoaxcheck.model import store

            store.save(trained, model)
            print("no shipped model; using one trained on tests/fixtures/corpus", file=sys.stderr)
        body = (ROOT / "examples" / "draf-rilis.md").read_text(encoding="utf-8")
        drafts = tmp / "drafts"
        drafts.mkdir()
        for i in range(50):
            (drafts / f"draf-{i:02d}.md").write_text(f"Rilis nomor {i + 1}.\n\n{body}", encoding="utf-8")
        base = ["--model", str(model)]
        wall([*base, "drafts/draf-00.md"], tmp)  # warm the file cache
        one = statistics.median(wall([*base, "drafts/draf-00.md"], tmp) for _ in range(opts.repeat))
        fifty = statistics.median(wall([*base, "drafts"], tmp) for _ in range(opts.repeat))
    print(f"model: {model.name if opts.model or model.parent.name == 'models' else 'fixture model'}")
    print(f"1 draft:   {one:.2f} s wall (median of {opts.repeat})")
    print(f"50 drafts: {fifty:.2f} s wall (median of {opts.repeat}), {fifty / 50 * 1000:.0f} ms per draft")
    print(f"ratio 50/1: {fifty / one:.2f}")


if __name__ == "__main__":
    main()
