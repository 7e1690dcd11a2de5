"""Shared pieces of the benchmark scripts: data access, temporary corpora and models, the peer baseline, output.

Nothing here writes under models/ or data/: every model trained on ../shared/bench goes to a temporary folder
and is deleted with it. The bench data's licence is internal evaluation only.
"""

import csv
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH_DATA = Path(os.environ.get("HOAXCHECK_BENCH_DATA", ROOT.parent / "shared" / "bench"))
RESULTS = ROOT / "bench" / "results"
SHIPPED = ROOT / "models" / "hoaxcheck.model"
sys.path.insert(0, str(ROOT))

# The columns of the generalisation table, printed by bench/generalisation.py and written by bench/report.py.
GENERALISATION_COLUMNS = [
    "training set",
    "pipeline",
    "macro-F1",
    "hoax recall",
    "valid FPR",
    "precision",
    "ROC-AUC",
    "peer recall at our FPR",
]


def require_bench_data() -> Path:
    """The shared bench folder, or exit with a message when it is absent."""
    if not BENCH_DATA.is_dir():
        sys.exit(f"bench data not found at {BENCH_DATA}; set HOAXCHECK_BENCH_DATA")
    return BENCH_DATA


def read_csv(path: Path) -> list[dict]:
    """All rows of a UTF-8 CSV as dicts."""
    with open(path, encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def write_csv(path: Path, rows: list[dict], columns: list[str]) -> None:
    """Write rows (only `columns`) as a UTF-8 CSV."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=columns, extrasaction="ignore")
        w.writeheader()
        w.writerows(rows)


def train_model(corpus_dir: Path, model_path: Path):
    """Train our model with the library's default `train` on a corpus folder; return (model, seconds)."""
    from hoaxcheck.corpus import load as corpus
    from hoaxcheck.model import store
    from hoaxcheck.model import train as model

    start = time.perf_counter()
    c = corpus.load(corpus_dir)
    errors = [p for p in c.problems if p.severity == "error"]
    if errors:
        raise SystemExit(f"corpus problems: {errors[:3]}")
    trained, _ = model.train(c)
    store.save(trained, model_path)
    return trained, time.perf_counter() - start


def scorer_for(path_or_model):
    """A Scorer over a model file or an already trained model."""
    from hoaxcheck.engine.scorer import Scorer
    from hoaxcheck.model import store

    loaded = store.load(path_or_model) if isinstance(path_or_model, (str, Path)) else path_or_model
    return Scorer(loaded)


def shipped_or_data_model(tmp: Path) -> tuple[Path, str]:
    """The shipped model, or (until it exists) one trained from data/ into `tmp`."""
    if SHIPPED.is_file():
        return SHIPPED, "models/hoaxcheck.model"
    path = tmp / "data-model.model"
    train_model(ROOT / "data", path)
    return path, "trained from data/ (models/hoaxcheck.model absent)"


class Peer:
    """The pipeline public Indonesian hoax projects use: default TF-IDF + default LogisticRegression at 0.5,
    and plain TF-IDF cosine retrieval over the known hoaxes (a match at cosine >= 0.5)."""

    THRESHOLD = 0.5

    def __init__(self):
        self.clf = self.retr = self.index = None
        self.rows: list[dict] = []

    def fit_classifier(self, texts: list[str], labels: list[int]) -> "Peer":
        """Fit the default classifier (hoax = 1)."""
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.linear_model import LogisticRegression
        from sklearn.pipeline import make_pipeline

        self.clf = make_pipeline(TfidfVectorizer(), LogisticRegression()).fit(texts, labels)
        return self

    def fit_retrieval(self, rows: list[dict]) -> "Peer":
        """Index known-hoax rows (id, text) with a default TfidfVectorizer."""
        from sklearn.feature_extraction.text import TfidfVectorizer

        self.rows = rows
        self.retr = TfidfVectorizer().fit([r["text"] for r in rows])
        self.index = self.retr.transform([r["text"] for r in rows])
        return self

    def proba(self, texts: list[str]):
        """p(hoax) per text."""
        return self.clf.predict_proba(texts)[:, 1]

    def rank(self, texts: list[str], k: int = 5) -> list[list[tuple[str, float]]]:
        """Top-k (id, cosine) per text."""
        import numpy as np

        out = []
        sims = (self.retr.transform(texts) @ self.index.T).toarray()
        for row in sims:
            top = np.argsort(-row, kind="stable")[:k]
            out.append([(self.rows[j]["id"], float(row[j])) for j in top])
        return out


def git_commit() -> str:
    """The current commit (with '+dirty' when the tree has uncommitted changes to tracked files)."""
    try:
        sha = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True).stdout.strip()
        dirty = subprocess.run(["git", "diff", "--quiet", "HEAD", "--", "hoaxcheck", "bench"], cwd=ROOT).returncode
        return sha + ("+dirty" if dirty else "")
    except OSError:
        return "unknown"


def machine() -> str:
    """A one-line description of this machine."""
    cpu = "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{os.cpu_count()} cores, {cpu}, Python {platform.python_version()}, {platform.system()}"


def save_results(name: str, results: dict) -> Path:
    """Write a benchmark's results as JSON under bench/results/ with the run's context."""
    import sklearn

    RESULTS.mkdir(parents=True, exist_ok=True)
    payload = {
        "benchmark": name,
        "date": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "commit": git_commit(),
        "machine": machine(),
        "sklearn": sklearn.__version__,
        **results,
    }
    path = RESULTS / f"{name}.json"
    tmp = path.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(payload, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    os.replace(tmp, path)
    return path


def descendants(pid: int) -> list[int]:
    """The process ids below `pid` (Linux /proc)."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                ppid = int(Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(entry))
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        kids = children.get(p, [])
        out.extend(kids)
        todo.extend(kids)
    return out


def rss(pid: int) -> int:
    """Resident memory of one process in bytes (0 when it is gone)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def tree_rss(pid: int) -> int:
    """Resident memory of a process and all its descendants, in bytes (Linux /proc)."""
    return sum(rss(p) for p in [pid, *descendants(pid)])


def table(headers: list[str], rows: list[list]) -> str:
    """A Markdown table (numbers rounded to 3 decimals)."""

    def fmt(v) -> str:
        if v is None:
            return "-"
        if isinstance(v, float):
            return f"{v:.3f}"
        return str(v)

    lines = ["| " + " | ".join(headers) + " |", "|" + "|".join("---" for _ in headers) + "|"]
    lines += ["| " + " | ".join(fmt(v) for v in r) + " |" for r in rows]
    return "\n".join(lines)


def tempdir() -> tempfile.TemporaryDirectory:
    """A temporary folder for corpora and models (removed at exit)."""
    return tempfile.TemporaryDirectory(prefix="hoaxcheck-bench-")
