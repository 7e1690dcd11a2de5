"""Render BENCHMARKS.md from bench/results/*.json (keeps the hand-written notes after the NOTES marker).

    python bench/known_hoax.py && python bench/retrieval_variants.py && python bench/generalisation.py && python bench/official_text.py && python bench/contradictions.py \
        && python bench/startup.py --rounds 15 --big 100000 && python bench/batch_speed.py \
        && python bench/model_size.py && python bench/report.py
"""

import json

from common import GENERALISATION_COLUMNS, RESULTS, ROOT, table

NOTES = "<!-- notes: everything below this line is kept when the tables are regenerated -->"
COMMAND = (
    "python bench/known_hoax.py && python bench/retrieval_variants.py && python bench/generalisation.py && python bench/official_text.py "
    "&& python bench/contradictions.py && python bench/startup.py --rounds 15 --big 100000 && python bench/batch_speed.py "
    "&& python bench/model_size.py && python bench/report.py"
)
# Figures of the previous landed version (measured earlier on 2026-12-01), printed beside this run's.
PREVIOUS = {
    "known_hoax": "recall@1 0.653 (peer 0.606)",
    "official_text": "shipped model: documents flagged 0.9% (peer 46.5%), at a362335",
    "contradictions": "overall recall 0.547 (number 0.570, day 0.755, month 0.551, year 0.631, place 0.051, name 0.049; "
    "1 false contradiction of 250 unaltered, 0 of 36 paraphrases), this script run on a362335 with its shipped model",
}
BASE_VARIANT = "shipped retrieval (TF-IDF words + chars)"  # bench/retrieval_variants.py's reference row
# Start-up targets, as ratios to the import floor of numpy + scipy.sparse, or in seconds.
STARTUP_SEED_MAX_RATIO = 1.6
STARTUP_BIG_MAX_S = 1.5
HELP_MAX_S = 0.3
# The old format: models/hoaxcheck.joblib (compressed joblib) as shipped before d44ee17, and at 1,000 statements.
OLD_FORMAT = (
    "1,833,428 bytes (1.7 MiB) for the shipped models/hoaxcheck.joblib before the data-only format "
    "(`git ls-tree -l d44ee17~1 models/`, an older and smaller corpus), and 1.8 MiB at 1,000 statements "
    "(bench/speed.py, 2026-11-27)"
)


def load(name: str) -> dict | None:
    """One benchmark's results, or None when it has not been run."""
    path = RESULTS / f"{name}.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else None


# One line on why, printed after a MISSED target (keys as the benchmarks write them).
WHY = {
    "recall_at_1_gain >= 0.08": "about 40% of the misses share no words with their headline; see the notes",
    "best shippable variant: recall@1 gain >= 0.05": "every lexical variant is within +0.011, and a re-ranker fitted "
    "on the dev queries themselves only +0.012: the misses need meaning, not better word weighting",
    "generalisation: document flag rate < 2%": "known_hoax on clarifications that restate a training-set rumour "
    "without a denial word",
    "10000: --jobs 2 no slower than --jobs 1": "probably 2 cores already busy, shared by two workers that each "
    "load the model and the parent (1.12x at 1k)",
    **{
        f"{n}: {what} >= 1.5x {peer}": "rows are judged as messages since issue 11: a two-sentence row scores 3 texts, "
        "a three-sentence row 6 (see the notes)"
        for n in (1000, 10000)
        for what, peer in (("in-process ours", "peer loop"), ("process (--jobs 1)", "peer script"))
    },
    "hoax recall above peer at the same FPR": "rows are judged as messages since issue 11: recall 0.138 at FPR 0.034, "
    "where the peer's ranking reaches 0.205",
    "score on the seed <= 1.6x the floor": "0.36 s against a 0.19 s floor (1.93x); about 0.17 s over the floor in "
    "every run since 9af5a6a; not profiled",
}


def mark(name: str, ok: bool) -> str:
    """One target line, with the reason when it is missed."""
    why = "" if ok or name not in WHY else f" ({WHY[name]})"
    return f"- {name}: **{'met' if ok else 'MISSED'}**{why}"


def targets(result: dict) -> str:
    """The targets of one benchmark as a list."""
    return "\n".join(mark(k, v) for k, v in result["targets"].items())


def section_known(r: dict) -> str:
    o, p = r["hoaxcheck"], r["peer"]
    rows = [
        [k, o[k], p[k], None if o[k] is None or p[k] is None else o[k] - p[k]]
        for k in ("recall_at_1", "recall_at_5", "mrr", "known_hoax_share", "cited_right_share")
    ]
    return (
        f"## 2. Known-hoax recognition ({r['queries']} queries, {r['corpus']} corpus hoaxes)\n\n"
        f"`bench/known_hoax.py` · {r['date']} · commit {r['commit']}\n\n"
        + table(["metric", "hoaxcheck", "peer", "difference"], rows)
        + f"\n\nPrevious landed version: {PREVIOUS['known_hoax']}.\n\n"
        + targets(r)
    )


def section_variants(r: dict) -> str:
    rows = [
        [
            name,
            v["recall_at_1"],
            round(v["recall_at_1"] - r["variants"][BASE_VARIANT]["recall_at_1"], 4),
            v["recall_at_5"],
            v["mrr"],
            " / ".join(map(str, v["halves"])),
        ]
        for name, v in r["variants"].items()
    ]
    return (
        f"### 2b. Retrieval variants tried for issue 11 (same queries and corpus, no evidence floor)\n\n"
        f"`bench/retrieval_variants.py` · {r['date']} · commit {r['commit']}\n\n"
        "Rankings only: the shipped similarity ranks the same way as in section 2, where the evidence floor (0.2) "
        "turns 0.659 into 0.653. The halves are recall@1 on even and odd queries: a gain smaller than their spread "
        "is noise.\n\n"
        + table(["variant", "recall@1", "gain", "recall@5", "MRR", "recall@1 even / odd"], rows)
        + "\n\n"
        + targets(r)
    )


def section_contradictions(r: dict) -> str:
    rows = [[k, *r["counts"][k], r["recall"][k]] for k in r["counts"]]
    rows.append(["all", sum(h for h, _ in r["counts"].values()), r["altered"], r["overall_recall"]])
    previous = PREVIOUS.get("contradictions", "")
    return (
        f"### 3b. Contradiction recall on altered official statements ({r['altered']} alterations of data/verified.csv)\n\n"
        f"`bench/contradictions.py` · {r['date']} · commit {r['commit']}\n\n"
        + table(["alteration", "contradicted", "altered", "recall"], rows)
        + f"\n\nMissed as: {r['missed_as']}. False contradictions: {r['unaltered_contradicted']} of {r['unaltered']} "
        f"unaltered statements, {r['paraphrases_contradicted']} of {r['paraphrases']} verified paraphrases."
        + (f"\n\nPrevious landed version: {previous}." if previous else "")
    )


def section_general(r: dict) -> str:
    rows = []
    for name, v in r["variants"].items():
        o, p = v["hoaxcheck"], v["peer"]
        rows.append([name, "hoaxcheck", o["macro_f1"], o["recall"], o["fpr"], o["precision"], o["roc_auc"], None])
        rows.append([name, "peer", p["macro_f1"], p["recall"], p["fpr"], p["precision"], p["roc_auc"], p["recall_at_our_fpr"]])
    c = r["counts"]
    return (
        f"## 1. Generalisation over time (train <= {r['cutoff']}: {c['train_hoax']} hoax / {c['train_valid']} valid; "
        f"test after: {c['test_hoax']} hoax / {c['test_valid']} valid)\n\n"
        f"`bench/generalisation.py` · {r['date']} · commit {r['commit']}\n\n"
        + table(
            GENERALISATION_COLUMNS,
            rows,
        )
        + "\n\n"
        + targets(r)
    )


def section_official(r: dict) -> str:
    rows = []
    for name, v in r["results"].items():
        for who in ("hoaxcheck", "peer"):
            x = v[who]
            rows.append(
                [f"{name} ({v['model']})", who, x["documents"], x["claims"], x["document_flag_rate"], x["claim_flag_rate"]]
            )
    verdicts = "\n".join(f"- {name}: {v['hoaxcheck']['by_verdict']}" for name, v in r["results"].items())
    return (
        "## 3. False alarms on official clarifications (all valid; `--split`)\n\n"
        f"`bench/official_text.py` · {r['date']} · commit {r['commit']}\n\n"
        + table(["model", "pipeline", "documents", "claims", "documents flagged", "claims flagged"], rows)
        + "\n\nVerdicts of our claims:\n"
        + verdicts
        + f"\n\nPrevious landed version: {PREVIOUS['official_text']}.\n\n"
        + targets(r)
    )


def section_startup(r: dict) -> str:
    res = r["results"]
    floor = next(v for k, v in res.items() if k.startswith("floor"))["median"]
    rows = [[k, f"{v['median']:.3f}", f"{v['ratio_to_floor']:.2f}"] for k, v in res.items()]
    big = [k.split(", ", 1)[1].split(" ")[0].replace(",", "") for k in res if "statements)" in k]
    checks = []
    for k, v in res.items():
        if k.startswith("hoaxcheck --help"):
            checks.append((f"--help < {HELP_MAX_S} s", v["median"] < HELP_MAX_S))
        elif "shipped model" in k:
            checks.append(
                (f"score on the seed <= {STARTUP_SEED_MAX_RATIO}x the floor", v["ratio_to_floor"] <= STARTUP_SEED_MAX_RATIO)
            )
        elif k.startswith("hoaxcheck score"):
            checks.append(
                (f"{k.split(', ', 1)[1].rstrip(')')}: score <= {STARTUP_BIG_MAX_S} s", v["median"] <= STARTUP_BIG_MAX_S)
            )
    return (
        f"## 4. Start-up against the import floor (whole processes, medians of {r['rounds']} interleaved rounds)\n\n"
        f"`python bench/startup.py --rounds {r['rounds']}{' --big ' + big[0] if big else ''}` · {r['date']} · commit {r['commit']} · "
        f'floor = `python -c "import numpy, scipy.sparse"` = {floor:.3f} s in the same run\n\n'
        + table(["command", "median s", "ratio to floor"], rows)
        + "\n\n"
        + "\n".join(mark(k, v) for k, v in checks)
    )


def section_batch(r: dict) -> str:
    s0 = r["sizes"][0]
    rows = [
        [s["statements"], name, f"{v['rows_per_s']:.0f}", f"{v['median_seconds']:.2f}", v["peak_rss_mb"]]
        for s in r["sizes"]
        for name, v in s["results"].items()
    ]
    ratios = [[s["statements"], k, f"{v:.2f}"] for s in r["sizes"] for k, v in s["ratios"].items()]
    return (
        f"## 5. Batch throughput on the same basis ({s0['rows']} rows recombined from data/, "
        f"median of {s0['runs']} interleaved runs)\n\n"
        f"`python bench/batch_speed.py --sizes {','.join(str(s['statements']) for s in r['sizes'])} "
        f"--rows {s0['rows']} --runs {s0['runs']}` · {r['date']} · commit {r['commit']}\n\n"
        "In-process: model loaded, scoring loop only (ours: `score_rows` over chunks of 500 rows; peer: "
        "`predict_proba` + cosine top-5 one row at a time). Process: the whole command on the same CSV, "
        "start to exit (ours: `hoaxcheck batch in.csv -o out.csv`; peer: `bench/peer_batch.py`, its loop "
        "with its pickled pipeline); peak RSS of the process tree.\n\n"
        + table(["statements", "measurement", "rows/s", "median s", "peak RSS MB"], rows)
        + "\n\n"
        + table(["statements", "ratio (rows/s)", "value"], ratios)
        + "\n\n"
        + targets(r)
    )


def section_size(r: dict) -> str:
    mb = 2**20
    rows = [
        [
            "data/ (shipped corpus)" if s["statements"] == "data" else s["statements"],
            f"{s['model_bytes'] / mb:.1f}",
            f"{s['joblib_compress3_bytes'] / mb:.1f}",
            f"{s['ratio_model_to_joblib']:.2f}",
            f"{s['model_deflated_bytes'] / mb:.1f}",
        ]
        for s in r["sizes"]
    ]
    return (
        "## 6. Model size (data-only .model against a compressed joblib of the same fitted objects)\n\n"
        f"`python bench/model_size.py --sizes {','.join(str(s['statements']) for s in r['sizes'])}` · "
        f"{r['date']} · commit {r['commit']}\n\n"
        + table(["statements", ".model MB", "joblib compress=3 MB", ".model / joblib", ".model members deflated MB"], rows)
        + f"\n\nMB = MiB. Old format: {OLD_FORMAT}."
    )


def section_scale(r: dict) -> str:
    rows = []
    for x in r["retrieval"]:
        if "failed" in x:
            rows.append([x["statements"], "-", "-", "-", "-", "-", f"did not fit: {x['failed']}"])
            continue
        rows.append(
            [
                x["statements"],
                x.get("fit_sample", x["statements"]),
                round(x["exact_s_per_1000"], 1),
                round(x["indexed_s_per_1000"], 1),
                f"{x['exact_peak_rss_gb']:.1f} / {x['indexed_peak_rss_gb']:.1f}",
                x["identical_top5_share"],
                x["identical_top1_share"],
            ]
        )
    batch_run = load("scale_batch") or r
    b = batch_run["batch"]
    peer = f", the peer's naive loop {b['peer_rows_per_s']:.0f} rows/s" if "peer_rows_per_s" in b else ""
    command = "`python bench/scale.py --sizes '' --rows 20000`" if batch_run is not r else "the first run"
    return (
        "## 7. Scale: retrieval at 100k-1M statements, and batch on Dask\n\n"
        f"`python bench/scale.py` · {r['date']} · commit {r['commit']}; {r.get('note', '')}\n\n"
        "Synthetic statements recombined from data/; 1,000 claims per size; the retriever is fitted on `fit sample` "
        "statements when the whole corpus does not fit in memory, then every statement is indexed.\n\n"
        + table(
            [
                "statements",
                "fit sample",
                "exact s/1,000",
                "indexed s/1,000",
                "peak RSS GB exact / indexed",
                "identical top-5",
                "identical top-1",
            ],
            rows,
        )
        + f"\n\nBatch ({command} · {batch_run['date']} · commit {batch_run['commit']}) of {b['rows']} rows on the shipped model: in-process {b['local_rows_per_s']:.0f} rows/s, Dask LocalCluster "
        f"1 worker {b['dask_1_rows_per_s']:.0f} rows/s, 2 workers {b['dask_2_rows_per_s']:.0f} rows/s (identical output: "
        f"{b['dask_1_identical'] and b['dask_2_identical'] and b['cli_identical']}){peer}."
    )


def section_shards(r: dict) -> str:
    rows = []
    for x in r["retrieval"]:
        w, sh = x["whole"], x["sharded"]
        for mode in ("exact", "indexed"):
            holders = " / ".join(f"{g:.2f}" for g in sh[f"{mode}_holder_peak_rss_gb"])
            rows.append(
                [
                    x["statements"],
                    "exhaustive" if mode == "exact" else "word index",
                    f"{w[f'{mode}_peak_rss_gb']:.2f}",
                    holders,
                    f"{sh[f'{mode}_client_peak_rss_gb']:.2f}",
                    f"{w[f'{mode}_s_per_1000']:.1f} / {sh[f'{mode}_s_per_1000']:.1f}",
                    sh[f"{mode}_identical_top5_share"],
                ]
            )
    return (
        f"### 7b. Corpus sharding ({r['retrieval'][0]['sharded']['shards']} shards, one Dask worker each)\n\n"
        f"`python bench/shards.py --sizes {','.join(str(x['statements']) for x in r['retrieval'])} --shards "
        f"{r['retrieval'][0]['sharded']['shards']}` · {r['date']} · commit {r['commit']}\n\n"
        + table(
            [
                "statements",
                "search",
                "peak RSS GB unsharded",
                "per shard holder GB",
                "client GB",
                "s/1,000 claims unsharded / sharded",
                "identical top-5",
            ],
            rows,
        )
        + "\n\nIdentical top-5: sharded against unsharded with the same search; the exhaustive search is identical by "
        "construction, the word index spends its candidate budget per shard. Times on this shared 2-core machine "
        "varied between runs (see docs/cluster.md)."
    )


def main() -> None:
    parts = {
        "generalisation": section_general,
        "known_hoax": section_known,
        "retrieval_variants": section_variants,
        "official_text": section_official,
        "contradictions": section_contradictions,
        "startup": section_startup,
        "batch_speed": section_batch,
        "model_size": section_size,
        "scale": section_scale,
        "shards_2": section_shards,
    }
    results = {k: load(k) for k in parts}
    any_result = next((v for v in results.values() if v), None)
    head = [
        "# Benchmarks",
        "",
        "Real Indonesian hoax data from `../shared/bench/` (internal evaluation only: nothing from it, and no model "
        "trained on it, is in this repository). The peer baseline is the pipeline public Indonesian "
        "hoax projects use: a default `TfidfVectorizer`, a default `LogisticRegression`, plain cosine retrieval and "
        "a 0.5 threshold; it runs in the same scripts, on the same splits, and sits beside our figures in every "
        "table.",
        "",
        f"- Command: `{COMMAND}`",
        f"- Machine: {any_result['machine'] if any_result else '?'}",
        f"- scikit-learn {any_result['sklearn'] if any_result else '?'}; date and commit per section "
        "(`+dirty`: uncommitted changes under hoaxcheck/ or bench/ at run time)",
        "",
    ]
    body = [parts[k](v) for k, v in results.items() if v]
    path = ROOT / "BENCHMARKS.md"
    notes = ""
    if path.is_file() and NOTES in path.read_text(encoding="utf-8"):
        notes = path.read_text(encoding="utf-8").split(NOTES, 1)[1]
    path.write_text("\n".join(head) + "\n" + "\n\n".join(body) + "\n\n" + NOTES + notes.rstrip() + "\n", encoding="utf-8")
    print(f"written {path}")


if __name__ == "__main__":
    main()
