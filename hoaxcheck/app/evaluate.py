"""Evaluating a model on labelled texts (text,label[,source]): the same decision as `batch`, flagged = hoax."""

import json
from pathlib import Path
from typing import Callable

from hoaxcheck.app import batch
from hoaxcheck.engine.records import FLAGGED
from hoaxcheck.engine.scorer import Scorer
from hoaxcheck.errors import InputError
from hoaxcheck.report import messages

LABELS = ("hoax", "valid")


def metrics(y: list[int], flagged: list[bool], proba: list[float | None]) -> dict:
    """Hoax-detection metrics: flagged rows are predicted hoax (1); ROC-AUC on the hoax probability.

    The definitions are model.metrics' (the training report's); a metric that is undefined here (no flagged
    row for precision, no hoax row for recall, no valid row for fpr, one class for macro_f1) is None.
    """
    from hoaxcheck.model.train import metrics as model_metrics

    tp = sum(1 for t, p in zip(y, flagged) if t == 1 and p)
    fp = sum(1 for t, p in zip(y, flagged) if t == 0 and p)
    fn = sum(1 for t, p in zip(y, flagged) if t == 1 and not p)
    tn = sum(1 for t, p in zip(y, flagged) if t == 0 and not p)
    n = len(y)
    both = 0 < tp + fn < n
    base = model_metrics(y, [1.0 if p else 0.0 for p in flagged], 0.5) if n else {}
    defined = {
        "precision": tp + fp > 0,
        "recall": tp + fn > 0,
        "f1": tp + fp + fn > 0,
        "macro_f1": both,
        "fpr": fp + tn > 0,
    }
    out = {"n": n, "accuracy": round((tp + tn) / n, 4) if n else None}
    out.update({k: base[k] if ok else None for k, ok in defined.items()})
    out["roc_auc"] = model_metrics(y, proba, 0.5)["roc_auc"] if both and None not in proba else None
    out["confusion"] = {"tp": tp, "fp": fp, "fn": fn, "tn": tn}
    return {k: out[k] for k in ("n", "accuracy", "precision", "recall", "f1", "macro_f1", "roc_auc", "fpr", "confusion")}


def _by_source(rows: list[tuple[int, bool, float | None, str]]) -> dict:
    groups: dict[str, list] = {}
    for item in rows:
        groups.setdefault(item[3] or "(none)", []).append(item)
    out = {}
    for source in sorted(groups):
        items = groups[source]
        m = metrics([i[0] for i in items], [i[1] for i in items], [i[2] for i in items])
        out[source] = {
            "n": m["n"],
            "flagged_rate": round(sum(i[1] for i in items) / len(items), 4),
            "hoax": sum(i[0] for i in items),
            "valid": len(items) - sum(i[0] for i in items),
            "accuracy": m["accuracy"],
            "recall": m["recall"],
            "fpr": m["fpr"],
        }
    return out


def evaluate(
    input_path: str, scorer: Scorer, split: bool = False, on_error: Callable[[int, str], None] = lambda n, m: None
) -> dict:
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
                results.append(
                    (
                        1 if row.extra["label"] == "hoax" else 0,
                        record["verdict"] in FLAGGED,
                        record["hoax_probability"],
                        row.extra.get("source", ""),
                    )
                )
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


def to_text(result: dict, lang: str = "id") -> str:
    """The metrics as a short readable block."""
    words = messages.EVALUATE[lang]

    def show(v) -> str:
        return "-" if v is None else str(v)

    lines = [
        f"{words[k]:<30} {show(result[k])}"
        for k in ("n", "accuracy", "precision", "recall", "f1", "macro_f1", "roc_auc", "fpr", "errors")
    ]
    c = result["confusion"]
    lines.append(f"{words['confusion']:<30} tp {c['tp']}  fp {c['fp']}  fn {c['fn']}  tn {c['tn']}")
    if result["by_source"]:
        lines.append(f"{words['by_source']}:")
        for source, m in result["by_source"].items():
            lines.append(
                f"  {source:<28} n {m['n']}  {words['flagged_rate']} {m['flagged_rate']}  "
                f"recall {show(m['recall'])}  fpr {show(m['fpr'])}"
            )
    return "\n".join(lines) + "\n"


def to_json(result: dict) -> str:
    """The metrics as JSON."""
    return json.dumps(result, indent=2, ensure_ascii=False) + "\n"
