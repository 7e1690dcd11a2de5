"""Benchmark 1: generalisation over time on tbh_claims_2015_2021 (train <= 2018-12-31, test 2019 onwards).

Our model: the training hoax rows form hoaxes.csv (as an office importing a fact-check feed would have them)
and the training valid rows go to labeled/; the default `train` builds it. Test rows are scored with
`hoaxcheck evaluate`'s code path (flagged = hoax). Peer: default TF-IDF + default LogisticRegression at 0.5.
A second pair of rows adds the starter corpus data/ to both training sets (an office's own corpus).

    python bench/generalisation.py
"""

import time
from pathlib import Path

from common import (
    GENERALISATION_COLUMNS,
    ROOT,
    Peer,
    read_csv,
    require_bench_data,
    save_results,
    scorer_for,
    table,
    tempdir,
    train_model,
    write_csv,
)

CUTOFF = "2018-12-31"
LABELED = ["id", "text", "label", "date", "source", "title"]
HOAXES = ["id", "text", "verdict", "source", "date", "url", "clarification", "topic", "note"]


def split_rows() -> tuple[list[dict], list[dict]]:
    """Dated claims rows up to the cut-off (train) and after it (test); undated rows are left out."""
    rows = read_csv(require_bench_data() / "tbh_claims_2015_2021.csv")
    train = [r for r in rows if r["date"] and r["date"] <= CUTOFF]
    test = [r for r in rows if r["date"] and r["date"] > CUTOFF]
    return train, test


def build_corpus(folder: Path, train: list[dict], with_data: bool = False) -> None:
    """Write a corpus folder: training hoaxes as hoaxes.csv, training valid rows as labeled/bench.csv."""
    import shutil

    hoaxes = [{**r, "verdict": "HOAKS", "source": "TurnBackHoax", "title": ""} for r in train if r["label"] == "hoax"]
    valid = [{**r, "title": ""} for r in train if r["label"] == "valid"]  # classify on text only
    folder.mkdir(parents=True, exist_ok=True)
    if with_data:
        for name in ("verified.csv",):
            if (ROOT / "data" / name).is_file():
                shutil.copy(ROOT / "data" / name, folder / name)
        hoaxes += read_csv(ROOT / "data" / "hoaxes.csv") if (ROOT / "data" / "hoaxes.csv").is_file() else []
        if (ROOT / "data" / "labeled").is_dir():
            shutil.copytree(ROOT / "data" / "labeled", folder / "labeled", dirs_exist_ok=True)
    write_csv(folder / "hoaxes.csv", hoaxes, HOAXES)
    write_csv(folder / "labeled" / "bench.csv", valid, LABELED)


def peer_texts(train: list[dict], with_data: bool) -> tuple[list[str], list[int]]:
    """The peer's training texts: the same rows our model learns from."""
    texts = [r["text"] for r in train]
    labels = [1 if r["label"] == "hoax" else 0 for r in train]
    if with_data:
        for name, label in (("verified.csv", 0), ("hoaxes.csv", 1)):
            if (ROOT / "data" / name).is_file():
                rows = read_csv(ROOT / "data" / name)
                texts += [r["text"] for r in rows]
                labels += [label] * len(rows)
        for path in sorted((ROOT / "data" / "labeled").glob("*.csv")):
            rows = read_csv(path)
            texts += [r["text"] for r in rows]
            labels += [1 if r["label"] == "hoax" else 0 for r in rows]
    return texts, labels


def recall_at_fpr(y: list[int], proba, fpr: float) -> float:
    """The best hoax recall a probability ranking reaches with a false-positive rate at most `fpr`."""
    from sklearn.metrics import roc_curve

    fprs, tprs, _ = roc_curve(y, proba)
    return float(max(t for f, t in zip(fprs, tprs) if f <= fpr + 1e-12))


def run_variant(tmp: Path, train: list[dict], test_csv: Path, test: list[dict], with_data: bool) -> dict:
    """Train ours and the peer on one training set, score the test rows, return both results."""
    from hoaxcheck.app import evaluate as evaluation

    folder = tmp / ("corpus+data" if with_data else "corpus")
    build_corpus(folder, train, with_data)
    model, train_s = train_model(folder, tmp / f"{folder.name}.model")
    start = time.perf_counter()
    ours = evaluation.evaluate(str(test_csv), scorer_for(model))
    ours.update(score_seconds=round(time.perf_counter() - start, 2), train_seconds=round(train_s, 2), thresholds=model.thresholds)
    y = [1 if r["label"] == "hoax" else 0 for r in test]
    start = time.perf_counter()
    peer = Peer().fit_classifier(*peer_texts(train, with_data))
    proba = peer.proba([r["text"] for r in test])
    peer_res = evaluation.metrics(y, [bool(p >= Peer.THRESHOLD) for p in proba], [float(p) for p in proba])
    peer_res["seconds"] = round(time.perf_counter() - start, 2)
    peer_res["recall_at_our_fpr"] = round(recall_at_fpr(y, proba, ours["fpr"]), 4)
    return {"hoaxcheck": ours, "peer": peer_res, "model_path": str(tmp / f"{folder.name}.model")}


def main() -> dict:
    train, test = split_rows()
    with tempdir() as tmp:
        tmp = Path(tmp)
        test_csv = tmp / "test.csv"
        write_csv(test_csv, [{**r, "title": ""} for r in test], LABELED)
        variants = {
            "bench": run_variant(tmp, train, test_csv, test, False),
            "bench+data": run_variant(tmp, train, test_csv, test, True),
        }
    counts = {
        "train_hoax": sum(r["label"] == "hoax" for r in train),
        "train_valid": sum(r["label"] == "valid" for r in train),
        "test_hoax": sum(r["label"] == "hoax" for r in test),
        "test_valid": sum(r["label"] == "valid" for r in test),
    }
    rows = []
    for name, v in variants.items():
        o, p = v["hoaxcheck"], v["peer"]
        rows.append([name, "hoaxcheck", o["macro_f1"], o["recall"], o["fpr"], o["precision"], o["roc_auc"], None])
        rows.append([name, "peer", p["macro_f1"], p["recall"], p["fpr"], p["precision"], p["roc_auc"], p["recall_at_our_fpr"]])
    print(f"Generalisation over time: train <= {CUTOFF}, test after; {counts}")
    print(
        table(
            GENERALISATION_COLUMNS,
            rows,
        )
    )
    main_v = variants["bench"]
    targets = {
        "valid FPR far below peer (<= half)": main_v["hoaxcheck"]["fpr"] <= main_v["peer"]["fpr"] / 2,
        "hoax recall above peer at the same FPR": main_v["hoaxcheck"]["recall"] > main_v["peer"]["recall_at_our_fpr"],
    }
    print("targets:", ", ".join(f"{k}: {'met' if v else 'MISSED'}" for k, v in targets.items()))
    for v in variants.values():
        v.pop("model_path")
    result = {"cutoff": CUTOFF, "counts": counts, "variants": variants, "targets": targets}
    print(f"results: {save_results('generalisation', result)}")
    return result


if __name__ == "__main__":
    main()
