"""Evaluating a model on labelled texts (text,label[,source]): the same decision as `batch`, flagged = hoax."""

import json
from pathlib import Path
from typing import Callable

from hoaxcheck import batch
from hoaxcheck.errors import InputError
from hoaxcheck.scoring import FLAGGED, Scorer

LABELS = ("hoax", "valid")


def metrics(y: list[int], flagged: list[bool], proba: list[float | None]) -> dict:
    """Hoax-detection metrics: flagged rows are predicted hoax (1); ROC-AUC on the hoax probability."""
    tp = sum(1 for t, p in zip(y, flagged) if t == 1 and p)
    fp = sum(1 for t, p in zip(y, flagged) if t == 0 and p)
    fn = sum(1 for t, p in zip(y, flagged) if t == 1 and not p)
    tn = sum(1 for t, p in zip(y, flagged) if t == 0 and not p)
    n = len(y)

    def ratio(a: int, b: int) -> float | None:
        return round(a / b, 4) if b else None

    precision, recall = ratio(tp, tp + fp), ratio(tp, tp + fn)
    f1 = ratio(2 * tp, 2 * tp + fp + fn)
    both = 0 < sum(y) < n
    f1_mean = (2 * tp / (2 * tp + fp + fn) + 2 * tn / (2 * tn + fn + fp)) / 2 if both else None
    out = {
        "n": n,
        "accuracy": ratio(tp + tn, n),
        "precision": precision if precision is not None else (0.0 if n else None),
        "recall": recall,
        "f1": f1,
        "macro_f1": round(f1_mean, 4) if both else None,
        "roc_auc": None,
        "fpr": ratio(fp, fp + tn),
        "confusion": {"tp": tp, "fp": fp, "fn": fn, "tn": tn},
    }
    if both and all(p is not None for p in proba):
        from sklearn.metrics import roc_auc_score

        out["roc_auc"] = round(float(roc_auc_score(y, proba)), 4)
    return out


def _by_source(rows: list[tuple[int, bool, float | None, str]]) -> dict:
    groups: dict[str, list] = {}
    for item in rows:
        groups.setdefault(item[3] or "(none)", []).append(item)
    out = {}
    for source in sorted(groups):
        items = groups[source]
        m = metrics([i[0] for i in items], [i[1] for i in items], [i[2] for i in items])
        out[source] = {"n": m["n"], "flagged_rate": round(sum(i[1] for i in items) / len(items), 4),
                       "hoax": sum(i[0] for i in items), "valid": len(items) - sum(i[0] for i in items),
                       "accuracy": m["accuracy"], "recall": m["recall"], "fpr": m["fpr"]}
    return out


def evaluate(input_path: str, scorer: Scorer, split: bool = False,
             on_error: Callable[[int, str], None] = lambda n, m: None) -> dict:
    """Score a text,label CSV and return the metrics; bad rows are reported through `on_error` and skipped."""
    if not Path(input_path).is_file():
        raise InputError(f"{input_path}: file not found; check the name and folder")
    results: list[tuple[int, bool, float | None, str]] = []
    errors = 0
    has_source = False
    with open(input_path, "rb") as fh:
        chunks = batch.read_chunks(fh, input_path, "text", "id", extra_columns=("label", "source"), required=("label",))
        for rows, records in batch.score_chunks(_checked(chunks), scorer, split):
            for row, record in zip(rows, records):
                if record["verdict"] == batch.ERROR:
                    errors += 1
                    on_error(row.number, record["error"])
                    continue
                has_source = has_source or bool(row.extra.get("source"))
                results.append((1 if row.extra["label"] == "hoax" else 0, record["verdict"] in FLAGGED,
                                record["hoax_probability"], row.extra.get("source", "")))
    if not results:
        raise InputError(f"{input_path}: no row could be evaluated; it needs text,label columns with label hoax or valid")
    out = metrics([r[0] for r in results], [r[1] for r in results], [r[2] for r in results])
    out["errors"] = errors
    out["by_source"] = _by_source(results) if has_source else {}
    return out


def _checked(chunks):
    """Mark rows whose label is not hoax or valid as errors before they are scored."""
    for rows in chunks:
        for row in rows:
            label = row.extra.get("label", "").strip().lower()
            row.extra["label"] = label
            if row.error is None and label not in LABELS:
                row.error = f"label must be 'hoax' or 'valid', not '{label}'" if label else "empty label"
        yield rows


LABELS_TEXT = {
    "id": {"n": "baris", "accuracy": "akurasi", "precision": "presisi (hoaks)", "recall": "recall (hoaks)",
           "f1": "F1 (hoaks)", "macro_f1": "macro-F1", "roc_auc": "ROC-AUC", "fpr": "tingkat alarm palsu (valid)",
           "confusion": "matriks kebingungan", "by_source": "per sumber", "errors": "baris galat",
           "flagged_rate": "ditandai"},
    "en": {"n": "rows", "accuracy": "accuracy", "precision": "precision (hoax)", "recall": "recall (hoax)",
           "f1": "F1 (hoax)", "macro_f1": "macro-F1", "roc_auc": "ROC-AUC", "fpr": "false-positive rate (valid)",
           "confusion": "confusion matrix", "by_source": "by source", "errors": "error rows",
           "flagged_rate": "flagged"},
}


def to_text(result: dict, lang: str = "id") -> str:
    """The metrics as a short readable block."""
    words = LABELS_TEXT[lang]

    def show(v) -> str:
        return "-" if v is None else str(v)

    lines = [f"{words[k]:<30} {show(result[k])}" for k in ("n", "accuracy", "precision", "recall", "f1",
                                                              "macro_f1", "roc_auc", "fpr", "errors")]
    c = result["confusion"]
    lines.append(f"{words['confusion']:<30} tp {c['tp']}  fp {c['fp']}  fn {c['fn']}  tn {c['tn']}")
    if result["by_source"]:
        lines.append(f"{words['by_source']}:")
        for source, m in result["by_source"].items():
            lines.append(f"  {source:<28} n {m['n']}  {words['flagged_rate']} {m['flagged_rate']}  "
                         f"recall {show(m['recall'])}  fpr {show(m['fpr'])}")
    return "\n".join(lines) + "\n"


def to_json(result: dict) -> str:
    """The metrics as JSON."""
    return json.dumps(result, indent=2, ensure_ascii=False) + "\n"
