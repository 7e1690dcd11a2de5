"""`add`, `import` and `train` as library functions: plan new corpus rows, write them, retrain with the guard.

Every new row is checked against the corpus before anything is written: exact duplicates (same id or same
normalised text), near-duplicates (retrieval similarity at or above corpus NEAR_DUPLICATE, with the same
polarity) and, for verified statements, repeats of a known hoax (the verdict `score` would give:
`known_hoax`). Files are appended atomically (corpus/ingest.py: append_rows).
"""

import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from hoaxcheck.corpus import ingest as corpus_ingest
from hoaxcheck.corpus import load as corpus_lib
from hoaxcheck.corpus.ingest import KINDS, load_corpus
from hoaxcheck.errors import CorpusError, ExitCode
from hoaxcheck.io.lock import folder_lock
from hoaxcheck.report import messages
from hoaxcheck.text.normalise import normalize
from hoaxcheck.text.polarity import same_polarity


@dataclass
class Entry:
    """One candidate row and what happens to it: new, duplicate, near_duplicate, refused or forced."""

    row: dict
    status: str = "new"
    match_id: str | None = None  # the existing row or known hoax that caused the status
    match_verdict: str = ""  # the fact-checker's label of that hoax, for refused rows


@dataclass
class Plan:
    """What adding rows to one corpus file would do."""

    kind: str
    path: Path
    entries: list[Entry] = field(default_factory=list)

    def rows_to_write(self) -> list[dict]:
        """The rows that will be appended: the new ones and the forced ones."""
        return [e.row for e in self.entries if e.status in ("new", "forced")]

    def count(self, status: str) -> int:
        """How many entries have a status."""
        return sum(e.status == status for e in self.entries)


def _key(text: str) -> str:
    return normalize(text).casefold()


def _index(corpus):
    """A retrieval-only scorer over the corpus: the index (and denial links) that training builds, no classifier."""
    from hoaxcheck.engine.rules import DEFAULT_THRESHOLDS
    from hoaxcheck.engine.scorer import Model, Scorer
    from hoaxcheck.model.train import build_index

    if not (corpus.verified or corpus.hoaxes):
        return None
    return Scorer(Model(None, build_index(corpus, DEFAULT_THRESHOLDS["refute"]), dict(DEFAULT_THRESHOLDS), {}))


def plan(data_dir: str | Path, kind: str, rows: list[dict], force: bool = False, corpus=None) -> Plan:
    """Decide, row by row, what adding `rows` to one corpus file does; nothing is written here."""
    corpus = corpus if corpus is not None else load_corpus(data_dir)
    name, _ = KINDS[kind]
    target = getattr(corpus, kind)  # labeled rows are compared with every labeled/*.csv file
    by_id = {r["id"]: r for r in target}
    by_text = {_key(r["text"]): r for r in target}
    result = Plan(kind=kind, path=Path(data_dir) / name)
    fresh: list[Entry] = []
    for row in rows:
        known = by_id.get(row["id"]) or by_text.get(_key(row["text"]))
        if known is not None:
            if known["id"] == row["id"] and _key(known["text"]) != _key(row["text"]):
                raise CorpusError(
                    f"id '{row['id']}' is already in {name} with a different text; give the new row "
                    "another id; nothing was written"
                )
            result.entries.append(Entry(row, "duplicate", known["id"]))
            continue
        by_id[row["id"]] = by_text[_key(row["text"])] = row
        entry = Entry(row)
        result.entries.append(entry)
        fresh.append(entry)
    scorer = _index(corpus) if fresh and kind != "labeled" else None
    if scorer is None:
        return result
    evidence_kind = "verified" if kind == "verified" else "hoax"
    for entry, claim in zip(fresh, scorer.score_texts([e.row["text"] for e in fresh])):
        if kind == "verified" and claim.verdict == "known_hoax":
            # A published release must never repeat a hoax; a denial of one scores refutes_hoax and passes.
            hoax = claim.evidence_of("hoax")
            entry.match_id, entry.match_verdict = hoax.id, hoax.statement.verdict
            entry.status = "forced" if force else "refused"
            if force:
                entry.row["note"] = (
                    entry.row.get("note", "") + f"; added with --force although it repeats known hoax {entry.match_id}"
                ).lstrip("; ")
            continue
        near = next(
            (
                e
                for e in claim.evidence
                if e.kind == evidence_kind
                and e.similarity >= corpus_lib.NEAR_DUPLICATE
                and same_polarity(entry.row["text"], e.text)
            ),
            None,
        )
        if near is not None:
            entry.status, entry.match_id = "near_duplicate", near.id
    return result


def describe(plan: Plan, lang: str = "en", verbose: bool = False) -> str:
    """A short report of a plan: the summary line, then one line per skipped, refused or forced row."""
    msg = messages.INGEST[lang]
    name = KINDS[plan.kind][0]
    lines = [
        msg["summary"].format(
            file=name,
            new=plan.count("new") + plan.count("forced"),
            dup=plan.count("duplicate"),
            near=plan.count("near_duplicate"),
            refused=plan.count("refused"),
        )
    ]
    for e in plan.entries:
        if e.status == "near_duplicate":
            lines.append(f"  - {msg['near'].format(id=e.match_id)}: {e.row['text']}")
        elif e.status in ("refused", "forced"):
            key = "refused" if e.status == "refused" else "forced_one"
            lines.append(f"  ! {msg[key].format(id=e.match_id, verdict=e.match_verdict)}: {e.row['text']}")
        elif e.status == "new" and verbose:
            lines.append(f"  + {e.row['id']}: {e.row['text']}")
    return "\n".join(lines)


def describe_skipped(skipped: Counter, lang: str = "en") -> str:
    """The line reporting ClaimReview items skipped because of their rating."""
    detail = ", ".join(f"{rating} {n}" for rating, n in sorted(skipped.items()))
    return messages.INGEST[lang]["skipped"].format(n=sum(skipped.values()), detail=detail)


def _writing(data: str, dry_run: bool, warn):
    """The corpus folder's writer lock, or nothing for a dry run (which must not even create the folder)."""
    from contextlib import nullcontext

    return nullcontext() if dry_run else folder_lock(data, notify=warn)


@dataclass
class Result:
    """What a command prints: `lines` to stdout, `notes` to stderr, and the exit status."""

    lines: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    status: int = ExitCode.CLEAN


def apply(plans: list[Plan], dry_run: bool, lang: str, warn=lambda _: None) -> Result:
    """Report ingest plans and, unless a dry run, write them; refused rows make the status FLAGGED."""
    msg = messages.INGEST[lang]
    result = Result(lines=[describe(p, lang, verbose=dry_run) for p in plans])
    refused = any(p.count("refused") for p in plans)
    result.status = ExitCode.FLAGGED if refused else ExitCode.CLEAN
    if dry_run:
        result.lines.append(msg["dry"])
        return result
    # Every file of the import is written together: all of them, or (after a crash, once recovered) none.
    for w in corpus_ingest.append_many([(p.path, KINDS[p.kind][1], p.rows_to_write()) for p in plans if p.rows_to_write()]):
        warn(w)
    for p in plans:
        if p.count("forced"):
            result.lines.append(msg["forced"].format(file=KINDS[p.kind][0], n=p.count("forced")))
    return result


def add(
    files: list[str],
    meta: dict,
    data: str,
    ctx,
    force: bool = False,
    dry_run: bool = False,
    retrain: bool = False,
    warn=lambda _: None,
    progress=lambda _: None,
) -> Result:
    """`hoaxcheck add`: split releases into statements, append the new ones, and optionally retrain (guarded)."""
    rows = [r for f in files for r in corpus_ingest.release_rows(f, meta)]
    with _writing(data, dry_run, warn):  # plan and write under one lock: a second `add` waits, then sees ours
        p = plan(data, "verified", rows, force)
        result = apply([p], dry_run, ctx.lang, warn)
    if retrain and not dry_run:
        if p.rows_to_write():
            trained = retrain_model(data, ctx, guard=True, progress=progress)
            result.lines += trained.lines
            result.notes += trained.notes
            result.status = max(result.status, trained.status)
        else:
            result.lines.append(messages.INGEST[ctx.lang]["not_retrained"])
    return result


def import_file(file: str, kind: str | None, data: str, ctx, dry_run: bool = False, warn=lambda _: None) -> Result:
    """`hoaxcheck import`: corpus CSV or ClaimReview JSON rows, planned and written like `add`."""
    by_kind, skipped = corpus_ingest.import_rows(file, kind)
    with _writing(data, dry_run, warn):
        corpus = load_corpus(data)
        plans = [plan(data, k, rows, corpus=corpus) for k, rows in sorted(by_kind.items())]
        result = apply(plans, dry_run, ctx.lang, warn)
    if skipped:
        result.lines.insert(0, describe_skipped(skipped, ctx.lang))
    return result


def retrain_model(data: str, ctx, guard: bool = False, max_drop: float | None = None, progress=lambda _: None) -> Result:
    """`hoaxcheck train` (and `add --retrain`): train, compare with the current model, replace it unless refused."""
    from hoaxcheck.model import retrain as retrain_lib
    from hoaxcheck.model.train import timed

    msg = messages.TRAIN[ctx.lang]
    target = ctx.model_target
    start = time.monotonic()
    with folder_lock(target.parent, notify=progress):
        outcome = retrain_lib.retrain(
            data, target, guard, retrain_lib.MAX_DROP if max_drop is None else max_drop, timed(progress)
        )
    result = Result(notes=list(outcome.notes), lines=[retrain_lib.diff(outcome.previous, outcome.card, ctx.lang)])
    if not outcome.replaced:
        result.lines += [msg["refused"].format(reason=r) for r in outcome.reasons]
        result.lines.append(msg["kept"].format(model=target))
        result.status = ExitCode.FLAGGED
        return result
    kept = msg["archived"].format(entry=outcome.archived) if outcome.archived else ""
    result.lines.append(msg["written"].format(model=target, seconds=time.monotonic() - start) + kept)
    return result
