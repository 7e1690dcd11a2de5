"""Render BENCHMARKS.md from bench/results/*.json (keeps the hand-written notes after the NOTES marker).

    python bench/known_hoax.py && python bench/generalisation.py && python bench/official_text.py \
        && python bench/speed.py && python bench/report.py
"""

import json

from common import RESULTS, ROOT, table

NOTES = "<!-- notes: everything below this line is kept when the tables are regenerated -->"
COMMAND = ("python bench/known_hoax.py && python bench/generalisation.py && python bench/official_text.py "
           "&& python bench/speed.py && python bench/report.py")


def load(name: str) -> dict | None:
    """One benchmark's results, or None when it has not been run."""
    path = RESULTS / f"{name}.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else None


def targets(result: dict) -> str:
    """The targets of one benchmark as a list."""
    return "\n".join(f"- {k}: **{'met' if v else 'MISSED'}**" for k, v in result["targets"].items())


def section_known(r: dict) -> str:
    o, p = r["hoaxcheck"], r["peer"]
    rows = [[k, o[k], p[k], None if o[k] is None or p[k] is None else o[k] - p[k]]
            for k in ("recall_at_1", "recall_at_5", "mrr", "known_hoax_share", "cited_right_share")]
    return (f"## 2. Known-hoax recognition ({r['queries']} queries, {r['corpus']} corpus hoaxes)\n\n"
            f"`bench/known_hoax.py` · {r['date']} · commit {r['commit']}\n\n"
            + table(["metric", "hoaxcheck", "peer", "difference"], rows) + "\n\n" + targets(r))


def section_general(r: dict) -> str:
    rows = []
    for name, v in r["variants"].items():
        o, p = v["hoaxcheck"], v["peer"]
        rows.append([name, "hoaxcheck", o["macro_f1"], o["recall"], o["fpr"], o["precision"], o["roc_auc"], None])
        rows.append([name, "peer", p["macro_f1"], p["recall"], p["fpr"], p["precision"], p["roc_auc"], p["recall_at_our_fpr"]])
    c = r["counts"]
    return (f"## 1. Generalisation over time (train <= {r['cutoff']}: {c['train_hoax']} hoax / {c['train_valid']} valid; "
            f"test after: {c['test_hoax']} hoax / {c['test_valid']} valid)\n\n"
            f"`bench/generalisation.py` · {r['date']} · commit {r['commit']}\n\n"
            + table(["training set", "pipeline", "macro-F1", "hoax recall", "valid FPR", "precision", "ROC-AUC",
                     "peer recall at our FPR"], rows) + "\n\n" + targets(r))


def section_official(r: dict) -> str:
    rows = []
    for name, v in r["results"].items():
        for who in ("hoaxcheck", "peer"):
            x = v[who]
            rows.append([f"{name} ({v['model']})", who, x["documents"], x["claims"], x["document_flag_rate"],
                         x["claim_flag_rate"]])
    verdicts = "\n".join(f"- {name}: {v['hoaxcheck']['by_verdict']}" for name, v in r["results"].items())
    return ("## 3. False alarms on official clarifications (all valid; `--split`)\n\n"
            f"`bench/official_text.py` · {r['date']} · commit {r['commit']}\n\n"
            + table(["model", "pipeline", "documents", "claims", "documents flagged", "claims flagged"], rows)
            + "\n\nVerdicts of our claims:\n" + verdicts + "\n\n" + targets(r))


def section_speed(r: dict) -> str:
    rows = [[s["statements"], s["train_seconds"], s["peer"]["train_seconds"], round(s["model_bytes"] / 2**20, 1),
             round(s["peer"]["model_bytes"] / 2**20, 1), s["score_seed_seconds"], s["batch_jobs1_claims_per_s"],
             s["batch_jobs2_claims_per_s"], s["peer"]["naive_loop_claims_per_s"], s["batch_speedup_vs_peer_loop"],
             s["batch_jobs1_peak_rss_mb"], s["batch_jobs2_peak_rss_mb"], s["train_peak_rss_mb"]] for s in r["sizes"]]
    n = r["sizes"][0]["batch_rows"] if r["sizes"] else 0
    return (f"## 5. Speed and memory (synthetic statements {r['source']}; batch of {n} rows)\n\n"
            f"`bench/speed.py` · {r['date']} · commit {r['commit']}\n\n"
            + table(["statements", "train s", "peer fit s", "model MB", "peer MB", "score seed s",
                     "batch claims/s (1 job)", "batch claims/s (2 jobs)", "peer loop claims/s", "speed-up",
                     "batch RSS MB (1 job)", "batch RSS MB (2 jobs)", "train RSS MB"], rows) + "\n\n" + targets(r))


def main() -> None:
    parts = {"generalisation": section_general, "known_hoax": section_known, "official_text": section_official,
             "speed": section_speed}
    results = {k: load(k) for k in parts}
    any_result = next((v for v in results.values() if v), None)
    head = ["# Benchmarks", "",
            "Real Indonesian hoax data from `../shared/bench/` (internal evaluation only: nothing from it, and no model "
            "trained on it, is in this repository). The peer baseline (section 4) is the pipeline public Indonesian "
            "hoax projects use: a default `TfidfVectorizer`, a default `LogisticRegression`, plain cosine retrieval and "
            "a 0.5 threshold; it runs in the same scripts, on the same splits, and sits beside our figures in every "
            "table.", "",
            f"- Command: `{COMMAND}`",
            f"- Machine: {any_result['machine'] if any_result else '?'}",
            f"- scikit-learn {any_result['sklearn'] if any_result else '?'}; date and commit per section "
            "(`+dirty`: uncommitted changes under hoaxcheck/ or bench/ at run time)", ""]
    body = [parts[k](v) for k, v in results.items() if v]
    path = ROOT / "BENCHMARKS.md"
    notes = ""
    if path.is_file() and NOTES in path.read_text(encoding="utf-8"):
        notes = path.read_text(encoding="utf-8").split(NOTES, 1)[1]
    path.write_text("\n".join(head) + "\n" + "\n\n".join(body) + "\n\n" + NOTES + notes.rstrip() + "\n", encoding="utf-8")
    print(f"written {path}")


if __name__ == "__main__":
    main()
