"""Guarded retraining: train into a temporary file, compare with the current model, check, then replace.

The regression suite runs on the folders beside the corpus folder (for `--data data` that is the project
root): every draft in `seeds/` and `examples/official/` must stay unflagged, and `examples/draf-rilis.md`
must still have a `known_hoax` claim. Missing folders are skipped and reported.
"""

import os
from dataclasses import dataclass, field
from pathlib import Path

from hoaxcheck.errors import CorpusError, ModelError
from hoaxcheck.model import history, store
from hoaxcheck.model import train as model_lib

MAX_DROP = 0.02
KNOWN_HOAX_DRAFT = Path("examples") / "draf-rilis.md"
CLEAN_FOLDERS = (Path("seeds"), Path("examples") / "official")


@dataclass
class Outcome:
    """What a (guarded) training did."""

    card: dict
    previous: dict | None
    replaced: bool
    reasons: list[str] = field(default_factory=list)  # why the guard refused
    notes: list[str] = field(default_factory=list)
    archived: str | None = None


def diff(old: dict | None, new: dict, lang: str = "en") -> str:
    """Metrics and thresholds of the new card next to the current one's."""
    from hoaxcheck.report import messages

    msg = messages.TRAIN[lang]
    lines = [f"{msg['rows']}: {new['counts']}"]
    new_m, old_m = new.get("metrics") or {}, (old or {}).get("metrics") or {}

    def pair(key: str, a, b) -> str:
        if a is None or a == b or not isinstance(b, (int, float)) or not isinstance(a, (int, float)):
            return f"{key} {b}" if a is None or a == b else f"{key} {a} -> {b}"
        change = f"{b - a:+d}" if isinstance(a, int) and isinstance(b, int) else f"{b - a:+.4f}"
        return f"{key} {a} -> {b} ({change})"

    if new_m:
        lines.append(f"{msg['cv']}: " + ", ".join(pair(k, old_m.get(k), v) for k, v in new_m.items()))
    else:
        lines.append(msg["cv_none"])
    old_t = (old or {}).get("thresholds") or {}
    lines.append(f"{msg['thresholds']}: " + ", ".join(pair(k, old_t.get(k), v) for k, v in new["thresholds"].items()))
    if old is None:
        lines.append(msg["no_current"])
    return "\n".join(lines)


def macro_drop(old: dict | None, new: dict, max_drop: float) -> str | None:
    """The refusal reason when macro-F1 fell by more than max_drop, else None."""
    before = ((old or {}).get("metrics") or {}).get("macro_f1")
    after = (new.get("metrics") or {}).get("macro_f1")
    if before is None:
        return None
    if after is None:
        return f"the new model has no cross-validated macro-F1 (the current one has {before})"
    if before - after > max_drop + 1e-9:
        return f"macro-F1 dropped from {before} to {after} (more than --max-drop {max_drop})"
    return None


def regression(scorer, root: Path) -> tuple[list[str], list[str]]:
    """Run the regression suite under root; return (failures, notes)."""
    from hoaxcheck.engine.records import FLAGGED
    from hoaxcheck.errors import HoaxcheckError
    from hoaxcheck.io import documents

    failures, missing, ran = [], [], 0
    for sub in CLEAN_FOLDERS:
        if not (root / sub).is_dir():
            missing.append(f"{sub}/")
            continue
        for path in documents.collect([str(root / sub)]):
            if Path(path).is_dir():  # a folder with no drafts in it
                missing.append(f"{sub}/*")
                continue
            if Path(path).name.lower() == "readme.md":
                continue
            ran += 1
            try:
                doc = documents.read(path)
            except HoaxcheckError as exc:
                failures.append(f"{Path(path).relative_to(root)}: unreadable ({exc})")
                continue
            for c in scorer.score_document(doc):
                if c.verdict in FLAGGED:
                    failures.append(f"{Path(path).relative_to(root)} line {c.line}: now {c.verdict}: {c.text[:80]}")
    draft = root / KNOWN_HOAX_DRAFT
    if draft.is_file():
        ran += 1
        if not any(c.verdict == "known_hoax" for c in scorer.score_document(documents.read(draft))):
            failures.append(f"{KNOWN_HOAX_DRAFT}: its known hoax is no longer caught")
    else:
        missing.append(str(KNOWN_HOAX_DRAFT))
    skipped = f"; not found in {root}, skipped: {', '.join(missing)}" if missing else ""
    return failures, [f"regression: {ran} file(s) checked, {len(failures)} failure(s){skipped}"]


def retrain(
    data: str | Path, model_path: str | Path, guard: bool = False, max_drop: float = MAX_DROP, progress=lambda _: None
) -> Outcome:
    """Train from data; replace model_path (archiving the current one) unless the guard refuses."""
    from hoaxcheck.corpus import load as corpus_lib
    from hoaxcheck.engine.scorer import Scorer

    model_path = Path(model_path)
    store.clean_leftovers(model_path.parent)  # the caller holds the model folder's lock
    progress(f"reading corpus {data}")
    corpus = corpus_lib.load(data)
    errors = [p for p in corpus.problems if p.severity == "error"]
    if errors:
        more = f" (and {len(errors) - 1} more; run 'hoaxcheck corpus check --data {data}')" if len(errors) > 1 else ""
        raise CorpusError(f"{errors[0]}{more}")
    trained, warnings = model_lib.train(corpus, progress)
    try:
        previous = store.read_card(model_path) if model_path.is_file() else None
    except ModelError:
        previous = None
    model_path.parent.mkdir(parents=True, exist_ok=True)
    candidate = model_path.parent / f".candidate-{os.getpid()}.tmp"
    try:
        card = store.save(trained, candidate)
        outcome = Outcome(card=card, previous=previous, replaced=False, notes=[f"warning: {w}" for w in warnings])
        progress("running the regression suite")
        failures, notes = regression(Scorer(store.load(candidate)), Path(data).resolve().parent)
        outcome.notes += notes
        drop = macro_drop(previous, card, max_drop)
        reasons = ([drop] if drop else []) + [f"regression: {f}" for f in failures]
        if guard and reasons:
            outcome.reasons = reasons
            return outcome
        outcome.notes += [f"warning: {r}" for r in reasons]
        outcome.archived = history.install(candidate, model_path)
        outcome.replaced = True
        return outcome
    finally:
        candidate.unlink(missing_ok=True)
