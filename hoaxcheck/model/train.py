"""Training: scikit-learn fits the classifier and the retrieval vectorisers, then the result is exported.

`train` fits stock estimators in named `Pipeline`/`FeatureUnion` stages (`build_classifier`,
`build_retriever`), chooses the classifier threshold on cross-validated folds, links verified denials to the
hoaxes they deny, and exports everything to the data-only model (engine/features.py, model/store.py). The
export is checked: the exported transform must give exactly the same features, and probabilities within
1e-9, on every training text and on the probes; a model that fails is not written (`ParityError`).

Limits: the classifier learned the wording of its training texts, not truth; it is a supporting signal.
"""

import time
from datetime import datetime, timezone
from typing import Callable

from hoaxcheck import __version__
from hoaxcheck.corpus.load import Corpus
from hoaxcheck.engine.rules import DEFAULT_THRESHOLDS
from hoaxcheck.errors import ModelError
from hoaxcheck.text.normalise import clean, clean_for_retrieval

RANDOM_STATE = 0
MAX_VALID_FPR = 0.005  # the classifier's threshold keeps false alarms on verified text at or under 0.5%
# The classifier is only a supporting signal: below this it never calls a claim likely_hoax, whatever the
# folds say. Measured: examples/official scores up to about 0.6; with the sourced corpus of 2026-12 (three
# times the hoaxes), 21-25 sentences of 430 real official clarification articles (../shared/bench) scored
# between 0.80 and 0.90 and flagged 5% of the documents; at 0.9, none did (bench/official_text.py).
MIN_HOAX_THRESHOLD = 0.9
# Cross-validation (which only picks the threshold and reports metrics) runs on at most this many texts, a
# stratified sample; the final classifier is fitted on everything. Keeps training at 100k rows in minutes.
CV_MAX_TEXTS = 20_000
PROBES = [
    "Vaksin COVID-19 mengandung microchip untuk melacak warga, sebarkan!",
    "Pemerintah Kabupaten menggelar rapat koordinasi penanganan stunting di aula kantor bupati.",
    "Pendaftaran CPNS dipungut biaya Rp5 juta, transfer ke rekening panitia sekarang juga",
    "BMKG tidak pernah mengeluarkan prakiraan waktu terjadinya gempa bumi secara pasti.",
    "Sekda M. Dianto membuka pertemuan Bakohumas tingkat Provinsi Jambi di ruang pola kantor Gubernur Jambi.",
]


Progress = Callable[[str], None]
PROBABILITY_TOLERANCE = 1e-9


class ParityError(ModelError):
    """The exported model does not reproduce the fitted scikit-learn pipeline."""


def build_classifier(calibration_folds: int):
    """The classifier pipeline: word and character TF-IDF, logistic regression, sigmoid calibration."""
    from sklearn.calibration import CalibratedClassifierCV
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import FeatureUnion, Pipeline

    features = FeatureUnion(
        [
            (
                "words",
                TfidfVectorizer(
                    preprocessor=clean,
                    token_pattern=r"\S+",
                    ngram_range=(1, 2),
                    sublinear_tf=True,
                    min_df=1,
                    max_features=200_000,
                ),
            ),
            (
                "chars",
                TfidfVectorizer(
                    preprocessor=clean,
                    analyzer="char_wb",
                    ngram_range=(3, 5),
                    sublinear_tf=True,
                    min_df=2,
                    max_features=300_000,
                ),
            ),
        ]
    )
    lr = LogisticRegression(C=4.0, class_weight="balanced", max_iter=2000, random_state=RANDOM_STATE)
    head = CalibratedClassifierCV(lr, method="sigmoid", cv=calibration_folds) if calibration_folds >= 2 else lr
    return Pipeline([("features", features), ("classifier", head)])


def build_retriever():
    """The retrieval vectoriser: words and character n-grams of the topic words only."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.pipeline import FeatureUnion

    return FeatureUnion(
        [
            (
                "words",
                TfidfVectorizer(preprocessor=clean_for_retrieval, token_pattern=r"\S+", ngram_range=(1, 2), sublinear_tf=True),
            ),
            (
                "chars",
                TfidfVectorizer(preprocessor=clean_for_retrieval, analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True),
            ),
        ]
    )


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


def export_features(union):
    """The data form of a fitted FeatureUnion of TfidfVectorizers (settings checked, vocabulary in column order)."""
    import numpy as np

    from hoaxcheck.engine.features import PREPROCESSORS, Features, Vectorizer

    names = {fn: name for name, fn in PREPROCESSORS.items()}
    parts = []
    for label, vec in union.transformer_list:
        settings_ok = (
            vec.analyzer in ("word", "char_wb")
            and vec.preprocessor in names
            and vec.sublinear_tf
            and vec.norm == "l2"
            and vec.use_idf
            and not vec.binary
            and vec.stop_words is None
            and (vec.analyzer != "word" or vec.token_pattern == r"\S+")
        )
        if not settings_ok:
            raise ParityError(f"vectoriser '{label}' uses settings the exported transform does not support")
        terms = [str(t) for t in vec.get_feature_names_out()]
        parts.append(
            Vectorizer(
                vec.analyzer,
                tuple(vec.ngram_range),
                names[vec.preprocessor],
                terms,
                np.asarray(vec.idf_, dtype=np.float64),
            )
        )
    return Features(parts)


def export_classifier(pipeline):
    """The data form of the fitted classifier pipeline: features, weights per member, sigmoid calibration."""
    import numpy as np

    from hoaxcheck.engine.classifier import Classifier

    features = export_features(pipeline.named_steps["features"])
    head = pipeline.named_steps["classifier"]
    if hasattr(head, "calibrated_classifiers_"):
        if head.method != "sigmoid":
            raise ParityError(f"calibration '{head.method}' is not supported by the exported classifier")
        members = head.calibrated_classifiers_
        return Classifier(
            features,
            np.vstack([m.estimator.coef_[0] for m in members]),
            np.array([m.estimator.intercept_[0] for m in members]),
            np.array([m.calibrators[0].a_ for m in members], dtype=np.float64),
            np.array([m.calibrators[0].b_ for m in members], dtype=np.float64),
        )
    return Classifier(features, np.asarray(head.coef_, dtype=np.float64), np.asarray(head.intercept_, dtype=np.float64))


def check_parity(fitted, exported, texts: list[str], probabilities: bool = False) -> None:
    """Raise ParityError unless the exported transform equals the fitted one on texts.

    Features must be exactly equal; with `probabilities`, the classifier's probabilities must agree within
    PROBABILITY_TOLERANCE.
    """
    import numpy as np

    if not texts:
        return
    union = fitted.named_steps["features"] if probabilities else fitted
    features = exported.features if probabilities else exported
    for start in range(0, len(texts), 5000):
        chunk = texts[start : start + 5000]
        want, got = union.transform(chunk).tocsr(), features.transform(chunk)
        if want.shape != got.shape or (want != got).nnz:
            raise ParityError("the exported features differ from scikit-learn's; the model was not written")
        if probabilities:
            gap = np.abs(fitted.predict_proba(chunk)[:, 1] - exported.probabilities(chunk)).max()
            if gap > PROBABILITY_TOLERANCE:
                raise ParityError(
                    f"the exported probabilities differ from scikit-learn's by {gap:.2e}; the model was not written"
                )


def fit_classifier(corpus: Corpus, progress: Progress, warnings: list[str]):
    """Cross-validate (threshold and metrics), then fit on everything; (pipeline, threshold, metrics, counts)."""
    import numpy as np
    from sklearn.model_selection import StratifiedKFold, cross_val_predict

    texts = [r["text"] for r in corpus.hoaxes] + [r["text"] for r in corpus.verified]
    labels = [1] * len(corpus.hoaxes) + [0] * len(corpus.verified)
    for r in corpus.labeled:
        texts.append(r["text"])
        labels.append(1 if r["label"] == "hoax" else 0)
    y = np.array(labels, dtype=int)
    n_hoax, n_valid = int(y.sum()), int(len(y) - y.sum())
    counts = {"hoax_texts": n_hoax, "valid_texts": n_valid}
    if min(n_hoax, n_valid) < 2:
        warnings.append("no classifier data of both classes: the model is retrieval-only and likely_hoax is disabled")
        return None, texts, DEFAULT_THRESHOLDS["hoax_probability"], None, counts
    folds = min(5, n_hoax, n_valid)
    idx = np.arange(len(y))
    if len(y) > CV_MAX_TEXTS:
        from sklearn.model_selection import train_test_split

        idx = np.sort(train_test_split(idx, train_size=CV_MAX_TEXTS, stratify=y, random_state=RANDOM_STATE)[0])
    progress(f"cross-validating the classifier ({folds} folds, {len(idx)} of {len(y)} texts)")
    cv = StratifiedKFold(n_splits=folds, shuffle=True, random_state=RANDOM_STATE)
    inner = min(3, folds - 1) if folds > 2 else 0
    proba = cross_val_predict(
        build_classifier(inner),
        [texts[i] for i in idx],
        y[idx],
        cv=cv,
        method="predict_proba",
        n_jobs=2 if len(idx) > 5000 else None,
    )[:, 1]
    threshold = choose_threshold(y[idx], proba)
    cv_metrics = metrics(y[idx], proba, threshold)
    progress("fitting the classifier on all texts")
    pipeline = build_classifier(min(3, n_hoax, n_valid) if min(n_hoax, n_valid) >= 3 else 0)
    pipeline.fit(texts, y)
    if min(n_hoax, n_valid) < 20:
        warnings.append(f"only {n_hoax} hoax and {n_valid} valid texts: the metrics are unreliable; add more rows")
    return pipeline, texts, threshold, cv_metrics, counts


def build_index(corpus: Corpus, refute: float = DEFAULT_THRESHOLDS["refute"], check: bool = True):
    """The evidence index of a corpus (retriever exported, unit matrices, statements, denial links), or None."""
    from hoaxcheck.engine.records import Statement
    from hoaxcheck.engine.retrieval import Index, unit_offsets

    verified, hoaxes = corpus.verified, corpus.hoaxes
    if not (verified or hoaxes):
        return None
    v_units, v_starts = unit_offsets([r["text"] for r in verified])
    h_units, h_starts = unit_offsets([r["text"] for r in hoaxes])
    retriever = build_retriever()
    texts = v_units + h_units
    matrix = retriever.fit_transform(texts).tocsr()
    features = export_features(retriever)
    if check:
        check_parity(retriever, features, texts)
    # One side may be empty (a verified-only or hoaxes-only corpus).
    verified_matrix = matrix[: len(v_units)] if verified else None
    hoax_matrix = matrix[len(v_units) :] if hoaxes else None
    # Denials are linked on whole statements: the first unit of each row.
    links = denial_links(
        corpus,
        verified_matrix[v_starts[:-1]] if verified else None,
        hoax_matrix[h_starts[:-1]] if hoaxes else None,
        refute,
        words=features.parts[0].size,
    )
    return Index(
        features,
        [Statement.from_row(r, "verified") for r in verified],
        [Statement.from_row(r, "hoax") for r in hoaxes],
        verified_matrix,
        hoax_matrix,
        links,
        v_starts,
        h_starts,
    )


def train(corpus: Corpus, progress: Progress = lambda _: None):
    """Train a model from a validated corpus; return the (exported, parity-checked) model and warnings."""
    import sklearn

    from hoaxcheck.engine.scorer import Model

    warnings: list[str] = []
    pipeline, texts, threshold, cv_metrics, counts = fit_classifier(corpus, progress, warnings)
    thresholds = dict(DEFAULT_THRESHOLDS, hoax_probability=threshold)
    classifier = None
    if pipeline is not None:
        progress("exporting the classifier and checking it against scikit-learn")
        classifier = export_classifier(pipeline)
        check_parity(pipeline, classifier, texts + PROBES, probabilities=True)
    if corpus.verified or corpus.hoaxes:
        progress(f"indexing {len(corpus.verified)} verified statements and {len(corpus.hoaxes)} known hoaxes")
    else:
        warnings.append("no verified.csv or hoaxes.csv: the model is classifier-only and cites no evidence")
    index = build_index(corpus, thresholds["refute"])
    card = {
        "hoaxcheck_version": __version__,
        "sklearn_version": sklearn.__version__,
        "trained_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "data_hash": corpus.data_hash(),
        "newest_entry": corpus.newest_date(),
        "counts": {
            "verified": len(corpus.verified),
            "hoaxes": len(corpus.hoaxes),
            "labeled": len(corpus.labeled),
            **counts,
        },
        "metrics": cv_metrics,
        "thresholds": thresholds,
        "warnings": warnings,
    }
    model = Model(classifier=classifier, index=index, thresholds=thresholds, card=card)
    card["probes"] = probe_answers(model)
    return model, warnings


def probe_answers(model) -> list[dict]:
    """What the model answers on the fixed probe texts (recorded in the card, compared by `model upgrade`)."""
    from hoaxcheck.engine.scorer import Scorer

    claims = Scorer(model).score_texts(PROBES)
    return [{"text": c.text, "verdict": c.verdict, "hoax_probability": c.hoax_probability} for c in claims]


def denial_links(corpus: Corpus, verified_matrix, hoax_matrix, match: float, words: int | None = None) -> dict[str, str]:
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
        chunk = rows[start : start + 2000]
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


def timed(progress: Progress) -> Progress:
    """Wrap a progress printer so each stage shows the seconds elapsed since training began."""
    start = time.monotonic()
    return lambda msg: progress(f"[{time.monotonic() - start:5.1f}s] {msg}")
