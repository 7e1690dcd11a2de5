"""Benchmark 3: false alarms on official text (official_clarifications_2018_2019, all valid), scored with --split.

Each document is split into claims by the core splitter, exactly as `hoaxcheck batch --split` does. Reports the
share of documents with any flagged claim and the share of claims flagged, for the shipped model and the model
of benchmark 1, each beside the peer pipeline trained on the same data (default TF-IDF + LogisticRegression,
a claim flagged at p >= 0.5), on the same claims.

    python bench/official_text.py
"""

import time
from pathlib import Path

from common import ROOT, Peer, read_csv, require_bench_data, save_results, scorer_for, shipped_or_data_model, table, tempdir


def documents_of(rows: list[dict]) -> list:
    """Each row's text as a Document for the core splitter (as batch --split reads a row)."""
    from hoaxcheck.app import batch

    return [batch._document(batch.Row(i + 2, r["id"], r["text"])) for i, r in enumerate(rows)]


def claims_of(scored: list[list]) -> list[list[str]]:
    """The claim texts of each scored document (headings and bylines left out)."""
    return [[c.text for c in claims if c.verdict != "not_a_claim"] for claims in scored]


def rates(flags: list[list[bool]]) -> dict:
    """Share of documents with any flagged claim, and share of claims flagged."""
    n_claims = sum(len(f) for f in flags)
    return {
        "documents": len(flags),
        "claims": n_claims,
        "document_flag_rate": sum(any(f) for f in flags) / len(flags),
        "claim_flag_rate": sum(sum(f) for f in flags) / n_claims if n_claims else None,
    }


def ours(scorer, docs: list) -> dict:
    """Our flags per claim (Scorer.score_documents, as batch --split), plus the verdicts of all claims."""
    from hoaxcheck.engine.records import FLAGGED

    start = time.perf_counter()
    scored = scorer.score_documents(docs)
    claims = [[c for c in d if c.verdict != "not_a_claim"] for d in scored]
    by_verdict: dict[str, int] = {}
    for c in (c for d in claims for c in d):
        by_verdict[c.verdict] = by_verdict.get(c.verdict, 0) + 1
    return {
        **rates([[c.verdict in FLAGGED for c in d] for d in claims]),
        "by_verdict": by_verdict,
        "seconds": round(time.perf_counter() - start, 2),
    }, claims_of(scored)


def peer(texts: list[str], labels: list[int], claims: list[list[str]]) -> dict:
    """The peer's flags per claim."""
    p = Peer().fit_classifier(texts, labels)
    proba = iter(p.proba([t for ts in claims for t in ts]))
    return rates([[bool(next(proba) >= Peer.THRESHOLD) for _ in ts] for ts in claims])


def data_training_set() -> tuple[list[str], list[int]]:
    """The texts and labels the shipped model's classifier learns from (data/)."""
    from hoaxcheck.corpus import load as corpus

    c = corpus.load(ROOT / "data")
    texts = [r["text"] for r in c.hoaxes] + [r["text"] for r in c.verified] + [r["text"] for r in c.labeled]
    labels = [1] * len(c.hoaxes) + [0] * len(c.verified) + [1 if r["label"] == "hoax" else 0 for r in c.labeled]
    return texts, labels


def main() -> dict:
    import generalisation as gen

    documents = read_csv(require_bench_data() / "official_clarifications_2018_2019.csv")
    docs = documents_of(documents)
    results = {}
    with tempdir() as tmp:
        tmp = Path(tmp)
        shipped, shipped_name = shipped_or_data_model(tmp)
        mine, claims = ours(scorer_for(shipped), docs)
        results["shipped"] = {"model": shipped_name, "hoaxcheck": mine, "peer": peer(*data_training_set(), claims)}
        train, _ = gen.split_rows()
        gen.build_corpus(tmp / "corpus", train)
        from common import train_model

        model, _ = train_model(tmp / "corpus", tmp / "m1.model")
        results["generalisation"] = {
            "model": "benchmark 1 (tbh_claims <= 2018-12-31)",
            "hoaxcheck": ours(scorer_for(model), docs)[0],
            "peer": peer(*gen.peer_texts(train, False), claims),
        }
    rows = []
    for name, r in results.items():
        for who in ("hoaxcheck", "peer"):
            rows.append(
                [name, who, r[who]["documents"], r[who]["claims"], r[who]["document_flag_rate"], r[who]["claim_flag_rate"]]
            )
    print(f"False alarms on official clarifications (all valid), --split: {len(documents)} documents")
    print(table(["model", "pipeline", "documents", "claims", "documents flagged", "claims flagged"], rows))
    targets = {f"{name}: document flag rate < 2%": r["hoaxcheck"]["document_flag_rate"] < 0.02 for name, r in results.items()}
    print("targets:", ", ".join(f"{k}: {'met' if v else 'MISSED'}" for k, v in targets.items()))
    for name, r in results.items():
        print(f"{name} verdicts of claims: {r['hoaxcheck']['by_verdict']}")
    result = {"results": results, "targets": targets}
    print(f"results: {save_results('official_text', result)}")
    return result


if __name__ == "__main__":
    main()
