"""Benchmark 2: known-hoax recognition on tbh_retrieval_2015_2020 (message -> fact-checked hoax headline).

Our model: hoaxes.csv = the retrieval corpus (retrieval-only, trained with the default `train`).
Peer: default TfidfVectorizer cosine over the same corpus; its "known hoax" is a top match at cosine >= 0.5.
Reports recall@1, recall@5 and MRR of expected_id among the returned evidence (top 5 hoaxes), the share of
queries whose verdict is known_hoax, and the share of those that cite the expected hoax.

    python bench/known_hoax.py
"""

import time

from common import Peer, read_csv, require_bench_data, save_results, scorer_for, table, tempdir, train_model, write_csv


def ranking_metrics(ranked: list[list[str]], expected: list[str]) -> dict:
    """recall@1, recall@5 and MRR (0 when the expected id is not among the returned ids)."""
    r1 = r5 = rr = 0.0
    for ids, want in zip(ranked, expected):
        if ids[:1] == [want]:
            r1 += 1
        if want in ids[:5]:
            r5 += 1
            rr += 1 / (ids.index(want) + 1)
    n = len(expected)
    return {"recall_at_1": r1 / n, "recall_at_5": r5 / n, "mrr": rr / n}


def main() -> dict:
    from hoaxcheck.app import batch
    from hoaxcheck.engine.rules import DEFAULT_THRESHOLDS

    data = require_bench_data() / "tbh_retrieval_2015_2020"
    hoaxes, queries = read_csv(data / "hoaxes.csv"), read_csv(data / "queries.csv")
    texts, expected = [q["text"] for q in queries], [q["expected_id"] for q in queries]
    with tempdir() as tmp:
        from pathlib import Path

        corpus = Path(tmp) / "corpus"
        write_csv(corpus / "hoaxes.csv", hoaxes, ["id", "text", "verdict", "date", "url"])
        model, train_s = train_model(corpus, Path(tmp) / "m.model")
    scorer = scorer_for(model)
    start = time.perf_counter()
    claims = scorer.score_texts(texts)
    ours_s = time.perf_counter() - start
    ours_ranked = [[e.id for e in c.evidence if e.kind == "hoax"] for c in claims]
    known = [getattr(batch.deciding_evidence(c), "id", None) for c in claims if c.verdict == "known_hoax"]
    known_right = sum(
        1
        for c, want in zip(claims, expected)
        if c.verdict == "known_hoax" and getattr(batch.deciding_evidence(c), "id", None) == want
    )
    ours = {
        **ranking_metrics(ours_ranked, expected),
        "known_hoax_share": len(known) / len(texts),
        "cited_right_share": known_right / len(known) if known else None,
        "refutes_hoax_share": sum(c.verdict == "refutes_hoax" for c in claims) / len(texts),
        "seconds": round(ours_s, 2),
        "train_seconds": round(train_s, 2),
    }

    start = time.perf_counter()
    peer = Peer().fit_retrieval(hoaxes)
    peer_ranked = peer.rank(texts)
    peer_s = time.perf_counter() - start
    peer_known = [(r[0][0], want) for r, want in zip(peer_ranked, expected) if r and r[0][1] >= Peer.THRESHOLD]
    peer_res = {
        **ranking_metrics([[i for i, _ in r] for r in peer_ranked], expected),
        "known_hoax_share": len(peer_known) / len(texts),
        "cited_right_share": sum(a == b for a, b in peer_known) / len(peer_known) if peer_known else None,
        "refutes_hoax_share": None,
        "seconds": round(peer_s, 2),
    }
    rows = [
        [k, ours[k], peer_res[k], None if peer_res[k] is None or ours[k] is None else ours[k] - peer_res[k]]
        for k in ("recall_at_1", "recall_at_5", "mrr", "known_hoax_share", "cited_right_share", "refutes_hoax_share")
    ]
    print(f"Known-hoax recognition: {len(queries)} queries, {len(hoaxes)} corpus hoaxes")
    print(table(["metric", "hoaxcheck", "peer", "difference"], rows))
    targets = {
        "recall_at_1_gain >= 0.08": ours["recall_at_1"] - peer_res["recall_at_1"] >= 0.08,
        "cited_right_share >= 0.9": (ours["cited_right_share"] or 0) >= 0.9,
    }
    print("targets:", ", ".join(f"{k}: {'met' if v else 'MISSED'}" for k, v in targets.items()))
    result = {
        "queries": len(queries),
        "corpus": len(hoaxes),
        "thresholds": {**DEFAULT_THRESHOLDS, **model.thresholds},
        "hoaxcheck": ours,
        "peer": peer_res,
        "targets": targets,
    }
    print(f"results: {save_results('known_hoax', result)}")
    return result


if __name__ == "__main__":
    main()
