"""`hoaxcheck score` as a library function: inputs (files, folders, stdin, pasted text) checked with one model."""

from datetime import datetime, timezone

from hoaxcheck.engine import suppression
from hoaxcheck.engine.scorer import Scorer
from hoaxcheck.errors import HoaxcheckError
from hoaxcheck.io import documents as document
from hoaxcheck.report.formats import FileResult, Report


def printable(s: str) -> str:
    """A file name as it can be printed: undecodable bytes in it become U+FFFD."""
    return s.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def run(paths: list[str], scorer: Scorer, text: str | None = None, warn=lambda _: None) -> list[FileResult]:
    """Score every input; an unreadable input becomes a FileResult with an error and the rest still run."""
    results: list[FileResult] = []
    inputs: list[tuple[str, str | None]] = [(p, None) for p in paths]
    if text is not None:
        inputs.append(("<text>", text))
    docs = []
    for path, pasted in inputs:
        try:
            doc = document.from_text(pasted, "<text>") if pasted is not None else document.read_input(path)
        except HoaxcheckError as exc:
            results.append(FileResult(path=printable(path), error=printable(str(exc))))
            continue
        for w in doc.warnings:
            warn(printable(w))
        docs.append(doc)
        results.append(FileResult(path=printable(doc.path), text=doc.text))
    # One pass over every claim of every draft: the model's vectorisers run once per run, not per file.
    scored = iter(scorer.score_documents(docs))
    for result in results:
        if result.error is None:
            result.claims = suppression.apply(result.text, next(scored))
    return results


def now() -> str:
    """The current UTC time, to the second, for report timestamps."""
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def score(paths: list[str], text: str | None, ctx, fail_on: frozenset[str], warn=lambda _: None) -> Report:
    """Check every input with the context's model; unreadable inputs become file errors in the report."""
    started = now()
    scorer = ctx.scorer()
    files = run(document.collect(paths, ctx.cfg.exclude), scorer, text, warn)
    return Report(
        files=files,
        fail_on=fail_on,
        lang=ctx.lang,
        newest_entry=scorer.model.card.get("newest_entry", ""),
        started=started,
        finished=now(),
        match=scorer.thresholds["match"],
    )
