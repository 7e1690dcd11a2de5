"""`hoaxcheck model upgrade`: convert a trusted model of the old pickle format (format 1) once.

Unpickling runs whatever code the file holds, so this is the only place that unpickles, it says so before
it starts, and it is never run implicitly. The fitted pipeline inside is exported exactly as `train` does,
with the same parity check, and its answers on the card's probes must not change.
"""

from pathlib import Path

from hoaxcheck.errors import ModelError
from hoaxcheck.model import store

OLD_FORMAT = 1


def _old_card(path: Path) -> dict:
    import json

    card = path.with_name(path.name.removesuffix(".joblib") + ".card.json")
    try:
        data = json.loads(card.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ModelError(f"{card}: the old model's card is missing or unreadable; retrain with 'hoaxcheck train'") from exc
    if not isinstance(data, dict):
        raise ModelError(f"{card}: the old model's card is not a JSON object")
    return data


def upgrade(old: str | Path, output: str | Path | None = None, warn=lambda _: None) -> tuple[Path, dict]:
    """Convert OLD.joblib into a data-only model beside it (or at `output`); return its path and card.

    `warn` is called just before the file is unpickled (after its card has been checked).
    """
    import joblib

    from hoaxcheck.engine.records import Statement
    from hoaxcheck.engine.retrieval import Index
    from hoaxcheck.engine.scorer import Model
    from hoaxcheck.model.train import PROBES, check_parity, export_classifier, export_features, probe_answers

    old = Path(old)
    if not old.is_file():
        raise ModelError(f"{old}: file not found; give the path of an old hoaxcheck.joblib model")
    card = _old_card(old)
    if store.sha256_file(old) != card.get("sha256"):
        raise ModelError(f"{old}: does not match its card (corrupt or altered); it was not unpickled")
    warn(f"{old}: unpickling a model runs whatever code it holds; continue only with a model you trust")
    try:
        legacy = joblib.load(old)
    except Exception as exc:  # an unpickling failure can raise almost anything
        raise ModelError(f"{old}: cannot be unpickled ({type(exc).__name__}); retrain with 'hoaxcheck train'") from exc
    if not isinstance(legacy, dict) or legacy.get("format") != OLD_FORMAT:
        raise ModelError(f"{old}: not a hoaxcheck model of format {OLD_FORMAT}; retrain with 'hoaxcheck train'")
    texts = [r["text"] for r in (legacy.get("verified") or []) + (legacy.get("hoaxes") or [])]
    classifier = None
    if legacy.get("classifier") is not None:
        classifier = export_classifier(legacy["classifier"])
        check_parity(legacy["classifier"], classifier, texts + PROBES, probabilities=True)
    index = None
    if legacy.get("retriever") is not None:
        features = export_features(legacy["retriever"])
        check_parity(legacy["retriever"], features, texts)
        index = Index(
            features,
            [Statement.from_row(r, "verified") for r in legacy["verified"]],
            [Statement.from_row(r, "hoax") for r in legacy["hoaxes"]],
            legacy["verified_matrix"],
            legacy["hoax_matrix"],
            dict(legacy.get("answers") or {}),
        )
    new_card = {k: v for k, v in card.items() if k not in ("sha256", "model_file")}
    model = Model(classifier, index, dict(legacy["thresholds"]), new_card)
    got = probe_answers(model)
    for want, have in zip(card.get("probes") or [], got):
        p, q = want.get("hoax_probability"), have["hoax_probability"]
        if want.get("verdict") != have["verdict"] or (p is not None and q is not None and abs(p - q) > 1e-6):
            raise ModelError(
                f"{old}: the converted model answers its probe differently ({have['text'][:40]}...); "
                "retrain with 'hoaxcheck train'"
            )
    model.card["probes"] = got
    target = Path(output) if output else old.with_name(old.name.removesuffix(".joblib") + ".model")
    return target, store.save(model, target)
