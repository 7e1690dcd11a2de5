"""Leave-one-topic-out: how much the classifier learned beyond memorising the corpus.

    python bench/topic_holdout.py [--data data]

For each topic, the classifier is trained without that topic's known hoaxes and verified statements, then
scores them. It reports how many held-out hoaxes still rate at or above the shipped model's threshold, and how
many held-out verified statements do (false alarms on official text from a topic it never saw). Only the
classifier is measured here: retrieval would trivially find rows that are in the index.
"""

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    """Train once per held-out topic and print a table; write bench/results/topic_holdout.json."""
    from hoaxcheck.corpus import load as corpus_lib
    from hoaxcheck.model import train as model_lib

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default=str(ROOT / "data"))
    parser.add_argument("--threshold", type=float, default=None, help="default: the shipped model card's")
    opts = parser.parse_args()
    corpus = corpus_lib.load(opts.data)
    threshold = (
        opts.threshold
        or __import__("hoaxcheck.model.store", fromlist=["x"]).read_card(ROOT / "models" / "hoaxcheck.model")["thresholds"][
            "hoax_probability"
        ]
    )
    topics = sorted({r["topic"] for r in corpus.hoaxes if r["topic"]})
    rows = []
    start = time.monotonic()
    for topic in topics:
        train_texts, y = [], []
        for r in corpus.hoaxes:
            if r["topic"] != topic:
                train_texts.append(r["text"]), y.append(1)
        for r in corpus.verified:
            if r["topic"] != topic:
                train_texts.append(r["text"]), y.append(0)
        for r in corpus.labeled:
            train_texts.append(r["text"]), y.append(1 if r["label"] == "hoax" else 0)
        clf = model_lib.build_classifier(3)
        clf.fit(train_texts, y)
        held_h = [r["text"] for r in corpus.hoaxes if r["topic"] == topic]
        held_v = [r["text"] for r in corpus.verified if r["topic"] == topic]
        ph = clf.predict_proba(held_h)[:, 1] if held_h else []
        pv = clf.predict_proba(held_v)[:, 1] if held_v else []
        rows.append(
            {
                "topic": topic,
                "hoaxes": len(held_h),
                "caught": int(sum(p >= threshold for p in ph)),
                "verified": len(held_v),
                "false_alarms": int(sum(p >= threshold for p in pv)),
            }
        )
    total_h = sum(r["hoaxes"] for r in rows)
    total_c = sum(r["caught"] for r in rows)
    total_v = sum(r["verified"] for r in rows)
    total_f = sum(r["false_alarms"] for r in rows)
    print(f"threshold {threshold}")
    print(f"{'topic':<16}{'hoaxes':>7}{'caught':>8}{'rate':>7}{'verified':>10}{'flagged':>9}")
    for r in rows:
        print(
            f"{r['topic']:<16}{r['hoaxes']:>7}{r['caught']:>8}{r['caught'] / max(1, r['hoaxes']):>7.2f}"
            f"{r['verified']:>10}{r['false_alarms']:>9}"
        )
    print(f"{'all':<16}{total_h:>7}{total_c:>8}{total_c / max(1, total_h):>7.2f}{total_v:>10}{total_f:>9}")
    print(f"{time.monotonic() - start:.0f}s")
    out = ROOT / "bench" / "results" / ("topic_holdout.json" if opts.threshold is None else f"topic_holdout_{threshold}.json")
    out.parent.mkdir(exist_ok=True)
    out.write_text(
        json.dumps(
            {
                "threshold": threshold,
                "topics": rows,
                "caught_rate": round(total_c / max(1, total_h), 4),
                "verified_flag_rate": round(total_f / max(1, total_v), 4),
            },
            indent=2,
        )
        + "\n"
    )


if __name__ == "__main__":
    main()
