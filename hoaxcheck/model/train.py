"""Training, saving and loading the hoaxcheck model: a TF-IDF classifier plus a retrieval index.

A model file is a pickle, and a pickle is code: load only models you trust. The card beside it records
the file's sha256, which is checked before anything is unpickled.
"""

import hashlib
import json
import os
import time
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable

from hoaxcheck import __version__
from hoaxcheck.corpus.load import Corpus, public
from hoaxcheck.errors import ModelError
from hoaxcheck.text.normalise import clean, clean_for_retrieval

MODEL_NAME = "hoaxcheck.joblib"
FORMAT = 1
RANDOM_STATE = 0
MAX_VALID_FPR = 0.005  # the classifier's threshold keeps false alarms on verified text at or under 0.5%
# The classifier is only a supporting signal: below this it never calls a claim likely_hoax, whatever the
# folds say. Measured: examples/official scores up to about 0.6, and the sentences of real official
# clarification articles (../shared/bench) that still reached likely_hoax sat between 0.70 and 0.82.
MIN_HOAX_THRESHOLD = 0.8
# Cross-validation (which only picks the threshold and reports metrics) runs on at most this many texts, a
# stratified sample; the final classifier is fitted on everything. Keeps training at 100k rows in minutes.
CV_MAX_TEXTS = 20_000
# "contradiction": a verified statement at least this similar is about the same thing, so a differing
# number, date, weekday, name, title or place in the claim contradicts it (set on the behaviour table in
# tests/test_facts.py: altered seed claims score 0.55-0.9 against their source, unrelated statements under 0.4).
DEFAULT_THRESHOLDS = {"hoax_probability": 0.9, "match": 0.45, "support": 0.45, "margin": 0.05, "refute": 0.3, "contradiction": 0.5}
PROBES = [
    "Vaksin COVID-19 mengandung microchip untuk melacak warga, sebarkan!",
    "Pemerintah Kabupaten menggelar rapat koordinasi penanganan stunting di aula kantor bupati.",
    "Pendaftaran CPNS dipungut biaya Rp5 juta, transfer ke rekening panitia sekarang juga",
    "BMKG tidak pernah mengeluarkan prakiraan waktu terjadinya gempa bumi secara pasti.",
    "Sekda M. Dianto membuka pertemuan Bakohumas tingkat Provinsi Jambi di ruang pola kantor Gubernur Jambi.",
]

Progress = Callable[[str], None]


def card_path(model_path: Path) -> Path:
    """The JSON card that sits beside a model file."""
    return model_path.with_name(model_path.name.removesuffix(".joblib") + ".card.json")


def sha256_file(path: Path) -> str:
    """sha256 of a file's bytes."""
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def build_classifier(calibration_folds: int):
    """The classifier pipeline: word and character TF-IDF, logistic regression, sigmoid calibration."""
    from sklearn.calibration import CalibratedClassifierCV
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import FeatureUnion, Pipeline

    features = FeatureUnion([
        ("words", TfidfVectorizer(preprocessor=clean, token_pattern=r"\S+", ngram_range=(1, 2),
                                  sublinear_tf=True, min_df=1, max_features=200_000)),
        ("chars", TfidfVectorizer(preprocessor=clean, analyzer="char_wb", ngram_range=(3, 5),
                                  sublinear_tf=True, min_df=2, max_features=300_000)),
    ])
    lr = LogisticRegression(C=4.0, class_weight="balanced", max_iter=2000, random_state=RANDOM_STATE)
    head = CalibratedClassifierCV(lr, method="sigmoid", cv=calibration_folds) if calibration_folds >= 2 else lr
    return Pipeline([("features", features), ("classifier", head)])


def build_retriever():
    """The retrieval vectoriser: words and character n-grams of the topic words only."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.pipeline import FeatureUnion

    return FeatureUnion([
        ("words", TfidfVectorizer(preprocessor=clean_for_retrieval, token_pattern=r"\S+", ngram_range=(1, 2),
                                  sublinear_tf=True)),
        ("chars", TfidfVectorizer(preprocessor=clean_for_retrieval, analyzer="char_wb", ngram_range=(3, 5),
                                  sublinear_tf=True)),
    ])


def choose_threshold(y, proba) -> float:
    """Pick the threshold (at least MIN_HOAX_THRESHOLD) with the best hoax F1 and a valid FPR of at most 0.5%."""
    import numpy as np

    y = np.asarray(y)
    best_t, best_f1 = 0.99, -1.0
    for t in np.unique(np.round(proba, 4)):
        if t < MIN_HOAX_THRESHOLD:
            continue
        pred = proba >= t
        fp = int((pred & (y == 0)).sum())
        if fp > MAX_VALID_FPR * max(1, int((y == 0).sum())):
            continue
        tp = int((pred & (y == 1)).sum())
        fn = int((~pred & (y == 1)).sum())
        f1 = 2 * tp / max(1, 2 * tp + fp + fn)
        if f1 > best_f1:
            best_t, best_f1 = float(t), f1
    return best_t


def metrics(y, proba, threshold: float) -> dict:
    """Binary metrics for hoax detection at a threshold (hoax = 1)."""
    import numpy as np
    from sklearn.metrics import f1_score, precision_recall_fscore_support, roc_auc_score

    y = np.asarray(y)
    pred = (np.asarray(proba) >= threshold).astype(int)
    p, r, f, _ = precision_recall_fscore_support(y, pred, average="binary", zero_division=0)
    valid = y == 0
    return {
        "n": int(len(y)),
        "precision": round(float(p), 4),
        "recall": round(float(r), 4),
        "f1": round(float(f), 4),
        "macro_f1": round(float(f1_score(y, pred, average="macro", zero_division=0)), 4),
        "fpr": round(float(pred[valid].mean()) if valid.any() else 0.0, 4),
        "roc_auc": round(float(roc_auc_score(y, proba)), 4) if len(set(y.tolist())) == 2 else None,
    }


def train(corpus: Corpus, progress: Progress = lambda _: None) -> tuple[dict, list[str]]:
    """Train a model from a validated corpus; return the model and warnings (tiny or one-class data)."""
    import numpy as np
    from sklearn.model_selection import StratifiedKFold, cross_val_predict

    warnings: list[str] = []
    texts = [r["text"] for r in corpus.hoaxes] + [r["text"] for r in corpus.verified]
    labels = [1] * len(corpus.hoaxes) + [0] * len(corpus.verified)
    for r in corpus.labeled:
        texts.append(r["text"])
        labels.append(1 if r["label"] == "hoax" else 0)
    y = np.array(labels)
    n_hoax, n_valid = int(y.sum()), int(len(y) - y.sum())
    thresholds = dict(DEFAULT_THRESHOLDS)
    classifier, cv_metrics = None, None
    if min(n_hoax, n_valid) >= 2:
        folds = min(5, n_hoax, n_valid)
        idx = np.arange(len(y))
        if len(y) > CV_MAX_TEXTS:
            from sklearn.model_selection import train_test_split

            idx = np.sort(train_test_split(idx, train_size=CV_MAX_TEXTS, stratify=y, random_state=RANDOM_STATE)[0])
        progress(f"cross-validating the classifier ({folds} folds, {len(idx)} of {len(y)} texts)")
        cv = StratifiedKFold(n_splits=folds, shuffle=True, random_state=RANDOM_STATE)
        inner = min(3, folds - 1) if folds > 2 else 0
        proba = cross_val_predict(build_classifier(inner), [texts[i] for i in idx], y[idx], cv=cv,
                                  method="predict_proba", n_jobs=2 if len(idx) > 5000 else None)[:, 1]
        thresholds["hoax_probability"] = choose_threshold(y[idx], proba)
        cv_metrics = metrics(y[idx], proba, thresholds["hoax_probability"])
        progress("fitting the classifier on all texts")
        classifier = build_classifier(min(3, n_hoax, n_valid) if min(n_hoax, n_valid) >= 3 else 0)
        classifier.fit(texts, y)
        if min(n_hoax, n_valid) < 20:
            warnings.append(f"only {n_hoax} hoax and {n_valid} valid texts: the metrics are unreliable; add more rows")
    else:
        warnings.append("no classifier data of both classes: the model is retrieval-only and likely_hoax is disabled")
    if corpus.verified or corpus.hoaxes:
        progress(f"indexing {len(corpus.verified)} verified statements and {len(corpus.hoaxes)} known hoaxes")
    else:
        warnings.append("no verified.csv or hoaxes.csv: the model is classifier-only and cites no evidence")
    import sklearn

    model = {
        "format": FORMAT,
        "classifier": classifier,
        **build_index(corpus, thresholds["refute"]),
        "thresholds": thresholds,
        "card": {
            "hoaxcheck_version": __version__,
            "sklearn_version": sklearn.__version__,
            "trained_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
            "data_hash": corpus.data_hash(),
            "newest_entry": corpus.newest_date(),
            "counts": {"verified": len(corpus.verified), "hoaxes": len(corpus.hoaxes),
                       "labeled": len(corpus.labeled), "hoax_texts": n_hoax, "valid_texts": n_valid},
            "metrics": cv_metrics,
            "thresholds": thresholds,
            "warnings": warnings,
        },
    }
    from hoaxcheck.engine.scorer import Scorer  # the probes record what this very model answers

    scorer = Scorer(model)
    model["card"]["probes"] = [{"text": t, **_probe_answer(scorer, t)} for t in PROBES]
    return model, warnings


def answers(corpus: Corpus, verified_matrix, hoax_matrix, match: float, words: int | None = None) -> dict[str, str]:
    """Link each verified denial to the known hoax it denies: verified id -> hoax id.

    Candidates come from the first `words` columns (the word half of the retriever: much sparser than the
    character half, so large corpora stay fast); the best few are reranked on the full vectors.
    """
    import numpy as np

    from hoaxcheck.text.polarity import denies, is_negated

    if verified_matrix is None or hoax_matrix is None or not corpus.verified or not corpus.hoaxes:
        return {}
    rows = [i for i, r in enumerate(corpus.verified) if is_negated(r["text"])]
    cut = words or verified_matrix.shape[1]
    hoax_words = hoax_matrix[:, :cut].T.tocsc()
    links = {}
    for start in range(0, len(rows), 2000):  # chunks keep the similarity block small on large corpora
        chunk = rows[start:start + 2000]
        coarse = (verified_matrix[chunk][:, :cut] @ hoax_words).tocsr()
        pairs = []
        for k, i in enumerate(chunk):
            lo, hi = coarse.indptr[k], coarse.indptr[k + 1]
            best = coarse.indices[lo:hi][np.argsort(-coarse.data[lo:hi], kind="stable")[:5]]
            pairs.extend((i, int(j)) for j in best)
        if not pairs:
            continue
        left, right = zip(*pairs)
        full = np.asarray(verified_matrix[list(left)].multiply(hoax_matrix[list(right)]).sum(axis=1)).ravel() / 2.0
        best_of: dict[int, tuple[float, int]] = {}
        for (i, j), sim in zip(pairs, full):
            if i not in best_of or sim > best_of[i][0]:  # ties keep the earlier (word-closer) candidate
                best_of[i] = (sim, j)
        for i, (sim, j) in best_of.items():
            v, h = corpus.verified[i], corpus.hoaxes[j]
            if sim >= match and denies(v["text"], h["text"]):
                links[v["id"]] = h["id"]
    return links


def _probe_answer(scorer, text: str) -> dict:
    claim = scorer.score_texts([text])[0]
    return {"verdict": claim.verdict, "hoax_probability": claim.hoax_probability}


def _write_atomic(path: Path, write: Callable[[Path], None]) -> Path:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        write(tmp)
        with open(tmp, "rb") as fh:
            os.fsync(fh.fileno())
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return tmp


def save(model: dict, path: str | Path) -> dict:
    """Write the model and its card atomically; return the card (with the model's sha256)."""
    import joblib

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    model_tmp = _write_atomic(path, lambda p: joblib.dump(model, p, compress=3))
    card = dict(model["card"], sha256=sha256_file(model_tmp), model_file=path.name)
    card_tmp = _write_atomic(card_path(path), lambda p: p.write_text(json.dumps(card, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"))
    try:
        swap_in(model_tmp, card_tmp, path)
    except BaseException:
        model_tmp.unlink(missing_ok=True)
        card_tmp.unlink(missing_ok=True)
        raise
    return card


def swap_in(model_file: Path, card_file: Path, path: Path) -> None:
    """Move a written model and card into place; if we die between renames, load() finishes from .pending."""
    pending = path.with_name(path.name + ".pending")
    os.replace(model_file, pending)
    os.replace(card_file, card_path(path))
    os.replace(pending, path)


def read_card(path: str | Path) -> dict:
    """Read the JSON card beside a model file."""
    cpath = card_path(Path(path))
    try:
        card = json.loads(cpath.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ModelError(f"{cpath}: model card missing; retrain with 'hoaxcheck train'") from exc
    except (OSError, ValueError) as exc:
        raise ModelError(f"{cpath}: model card unreadable; retrain with 'hoaxcheck train' or roll back") from exc
    if not isinstance(card, dict):
        raise ModelError(f"{cpath}: model card is not a JSON object; retrain with 'hoaxcheck train' or roll back")
    return card


def load(path: str | Path) -> tuple[dict, list[str]]:
    """Load a model after checking its sha256 against the card; run the probes on another sklearn version."""
    path = Path(path)
    pending = path.with_name(path.name + ".pending")
    if not path.is_file() and not pending.is_file():
        raise ModelError(f"{path}: model file not found; run 'hoaxcheck train' or give --model")
    card = read_card(path)
    if pending.exists() and sha256_file(pending) == card.get("sha256"):
        os.replace(pending, path)  # finish a save that was interrupted between its two renames
    if not path.is_file():
        raise ModelError(f"{path}: model file not found; run 'hoaxcheck train' or give --model")
    if sha256_file(path) != card.get("sha256"):
        raise ModelError(f"{path}: model file does not match its card (corrupt or tampered); "
                         "retrain with 'hoaxcheck train' or roll back with 'hoaxcheck model rollback'")
    import joblib
    import sklearn

    try:
        model = joblib.load(path)
    except Exception as exc:  # an unpickling failure can raise almost anything
        raise ModelError(f"{path}: model cannot be loaded ({type(exc).__name__}); retrain with 'hoaxcheck train'") from exc
    if not isinstance(model, dict) or model.get("format") != FORMAT:
        raise ModelError(f"{path}: not a hoaxcheck model of format {FORMAT}; retrain with 'hoaxcheck train'")
    warnings = []
    if card.get("sklearn_version") != sklearn.__version__:
        from hoaxcheck.engine.scorer import Scorer

        scorer = Scorer(model)
        for probe in card.get("probes", []):
            got = _probe_answer(scorer, probe["text"])
            if got["verdict"] != probe["verdict"] or abs((got["hoax_probability"] or 0) - (probe["hoax_probability"] or 0)) > 0.05:
                raise ModelError(f"{path}: built with scikit-learn {card.get('sklearn_version')} and answers differently "
                                 f"under {sklearn.__version__}; retrain with 'hoaxcheck train'")
        warnings.append(f"model built with scikit-learn {card.get('sklearn_version')}, running {sklearn.__version__}; "
                        "its probes still pass, but retrain when you can")
    return model, warnings


def shipped_model() -> Path | None:
    """The model installed inside the package, if any."""
    from importlib.resources import files

    try:
        candidate = Path(str(files("hoaxcheck.models") / MODEL_NAME))
    except (ModuleNotFoundError, TypeError):
        # An editable install maps no hoaxcheck.models package: use the checkout's models/ folder.
        candidate = Path(__file__).resolve().parent.parent / "models" / MODEL_NAME
    return candidate if candidate.is_file() else None


def find(explicit: str | None = None, configured: str | None = None) -> Path:
    """Resolve the model: --model, then config, then ./models/hoaxcheck.joblib, then the shipped model."""
    if explicit:
        return Path(explicit)
    if configured:
        return Path(configured)
    local = Path("models") / MODEL_NAME
    if local.is_file():
        return local
    shipped = shipped_model()
    if shipped is None:
        raise ModelError("no model found; run 'hoaxcheck train' or give --model PATH")
    return shipped


def timed(progress: Progress) -> Progress:
    """Wrap a progress printer so each stage shows the seconds elapsed since training began."""
    start = time.monotonic()
    return lambda msg: progress(f"[{time.monotonic() - start:5.1f}s] {msg}")


def build_index(corpus: Corpus, refute: float = DEFAULT_THRESHOLDS["refute"]) -> dict:
    """The retrieval part of a model for a corpus: retriever, matrices, public rows and denial links (`answers`)."""
    verified, hoaxes = corpus.verified, corpus.hoaxes
    if not (verified or hoaxes):
        return {"retriever": None, "verified_matrix": None, "hoax_matrix": None, "verified": [], "hoaxes": [],
                "answers": {}}
    retriever = build_retriever()
    matrix = retriever.fit_transform([r["text"] for r in verified + hoaxes]).tocsr()
    # One side may be empty (a verified-only or hoaxes-only corpus).
    verified_matrix = matrix[: len(verified)] if verified else None
    hoax_matrix = matrix[len(verified):] if hoaxes else None
    return {"retriever": retriever, "verified_matrix": verified_matrix, "hoax_matrix": hoax_matrix,
            "verified": [public(r) for r in verified], "hoaxes": [public(r) for r in hoaxes],
            "answers": answers(corpus, verified_matrix, hoax_matrix, refute,
                               words=len(retriever.transformer_list[0][1].vocabulary_))}
