"""Model size: the data-only .model file against a compressed joblib of the same fitted scikit-learn objects.

For each corpus size (synthetic statements recombined from data/, the corpora of bench/speed.py and
bench/batch_speed.py) and the shipped corpus data/, the library's default training runs in this process. The fitted scikit-learn objects
are captured on the way (the classifier pipeline given to `export_classifier`, the retriever made by
`build_retriever`), and `joblib.dump(..., compress=3)` writes them with the corpus matrices, rows, denial links
and card: what the old `models/hoaxcheck.joblib` held. Also reported: the same .model members deflated
(zip level 6), to show how much of the difference is compression, and the largest members.

    python bench/model_size.py [--sizes data,1000,10000,100000]
"""

import argparse
import random
import time
import zipfile
from pathlib import Path

from common import ROOT, save_results, table, tempdir, write_csv
from speed import pool, recombine


def measure(size: int | str, texts: dict[str, list[str]], tmp: Path) -> dict:
    import joblib

    from hoaxcheck.corpus import load as corpus_load
    from hoaxcheck.model import store
    from hoaxcheck.model import train as train_mod

    if size == "data":  # the shipped corpus
        corpus_dir = ROOT / "data"
    else:
        rng = random.Random(size)
        verified = recombine(texts["verified"], size // 2, rng)
        hoaxes = recombine(texts["hoax"], size - size // 2, rng)
        corpus_dir = tmp / f"corpus{size}"
        write_csv(corpus_dir / "verified.csv", [{"id": f"v{i}", "text": t} for i, t in enumerate(verified)], ["id", "text"])
        write_csv(corpus_dir / "hoaxes.csv", [{"id": f"h{i}", "text": t} for i, t in enumerate(hoaxes)], ["id", "text"])

    captured: dict = {}
    real_export, real_retriever = train_mod.export_classifier, train_mod.build_retriever

    def export_classifier(pipeline):
        captured["classifier"] = pipeline
        return real_export(pipeline)

    def build_retriever():
        captured["retriever"] = real_retriever()
        return captured["retriever"]

    train_mod.export_classifier, train_mod.build_retriever = export_classifier, build_retriever
    try:
        start = time.perf_counter()
        corpus = corpus_load.load(corpus_dir)
        model, _ = train_mod.train(corpus)
        train_s = time.perf_counter() - start
    finally:
        train_mod.export_classifier, train_mod.build_retriever = real_export, real_retriever
    path = tmp / f"m{size}.model"
    store.save(model, path)
    idx = model.index
    old = {
        "classifier": captured["classifier"],
        "retriever": captured["retriever"],
        "verified_matrix": idx.verified_matrix,
        "hoax_matrix": idx.hoax_matrix,
        "verified": [s.to_row() for s in idx.verified],
        "hoaxes": [s.to_row() for s in idx.hoaxes],
        "answers": idx.answers,
        "verified_units": idx.verified_units,
        "hoax_units": idx.hoax_units,
        "thresholds": model.thresholds,
        "card": model.card,
    }
    joblib_path = tmp / f"m{size}.joblib"
    joblib.dump(old, joblib_path, compress=3)
    deflated = tmp / f"m{size}.deflated.zip"
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(deflated, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6) as dst:
        members = sorted(src.infolist(), key=lambda i: -i.file_size)
        for info in members:
            dst.writestr(info.filename, src.read(info.filename))
    out = {
        "statements": size,
        "train_seconds": round(train_s, 1),
        "model_bytes": path.stat().st_size,
        "joblib_compress3_bytes": joblib_path.stat().st_size,
        "model_deflated_bytes": deflated.stat().st_size,
        "largest_members": [[i.filename, i.file_size] for i in members[:5]],
    }
    out["ratio_model_to_joblib"] = round(out["model_bytes"] / out["joblib_compress3_bytes"], 2)
    print(f"  {size}: {out}", flush=True)
    return out


def main() -> dict:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="data,1000,10000,100000", help="'data' is the shipped corpus, data/")
    args = ap.parse_args()
    texts = pool()
    results = []
    with tempdir() as tmp:
        for size in (s if s == "data" else int(s) for s in args.sizes.split(",")):
            results.append(measure(size, texts, Path(tmp)))
    mb = 2**20
    rows = [
        [
            "data/ (shipped corpus)" if r["statements"] == "data" else r["statements"],
            round(r["model_bytes"] / mb, 1),
            round(r["joblib_compress3_bytes"] / mb, 1),
            r["ratio_model_to_joblib"],
            round(r["model_deflated_bytes"] / mb, 1),
        ]
        for r in results
    ]
    print(table(["statements", ".model MB", "joblib compress=3 MB", "ratio", ".model members deflated MB"], rows))
    result = {"sizes": results, "source": "recombined from data/"}
    print(f"results: {save_results('model_size', result)}")
    return result


if __name__ == "__main__":
    main()
