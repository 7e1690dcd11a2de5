"""The command line: a thin Typer layer over the library. Errors become one-line messages here only."""

import sys
import time
from datetime import datetime, timezone
from typing import Optional

import typer
from typer.core import TyperGroup

from hoaxcheck import __version__
from hoaxcheck.errors import ConfigError, ExitCode, HoaxcheckError


class Group(TyperGroup):
    """Turns library exceptions and Ctrl-C into one line on stderr and the right exit status."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except HoaxcheckError as exc:
            typer.echo(f"hoaxcheck: {exc}", err=True)
            raise typer.Exit(ExitCode.USAGE)
        except KeyboardInterrupt:
            typer.echo("hoaxcheck: interrupted", err=True)
            raise typer.Exit(ExitCode.INTERRUPTED)
        except BrokenPipeError:
            # The reader went away (`| head`): stop quietly; point stdout at devnull so the final flush cannot fail.
            import os

            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            raise typer.Exit(ExitCode.INTERRUPTED)


app = typer.Typer(cls=Group, add_completion=False, pretty_exceptions_enable=False, no_args_is_help=True,
                  help="Check draft releases and forwarded messages against verified statements and known hoaxes.")

DEFAULT_MODEL = "models/hoaxcheck.joblib"


def _err(message: str) -> None:
    typer.echo(message, err=True)


def _version(value: bool) -> None:
    if not value:
        return
    from hoaxcheck.model import train as model_lib

    line = f"hoaxcheck {__version__}"
    try:
        path = model_lib.find()
        card = model_lib.read_card(path)
        line += f"; model {path} trained {card.get('trained_at', '?')}, corpus hash {str(card.get('data_hash') or '?')[:12]}"
    except HoaxcheckError:
        line += "; no model found"
    typer.echo(line)
    raise typer.Exit()


@app.callback()
def root(version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                      help="Show the version and the model's date and corpus hash.")) -> None:
    """hoaxcheck: an offline hoax checker for Humas officers."""


def _lang(lang: str) -> str:
    if lang not in ("id", "en"):
        raise ConfigError(f"--lang must be 'id' or 'en', not '{lang}'")
    return lang


def load_scorer(model_path: Optional[str], cfg=None):
    """Find and load the model (--model, then the config's, ...) with the config's thresholds; warnings to stderr."""
    from hoaxcheck import config
    from hoaxcheck.model import train as model_lib
    from hoaxcheck.engine.scorer import Scorer

    cfg = cfg or config.load()
    path = model_lib.find(model_path, cfg.model)
    loaded, warnings = model_lib.load(path)
    for w in warnings:
        _err(f"hoaxcheck: warning: {w}")
    return Scorer(loaded, cfg.thresholds), loaded


@app.command()
def score(
    paths: list[str] = typer.Argument(None, help="Draft files or folders (.txt, .md, .docx, .html); '-' reads stdin."),
    text: Optional[str] = typer.Option(None, "--text", help="Check pasted text instead of (or as well as) files."),
    output_format: str = typer.Option("text", "--format", help="Output format: text, json, jsonl, sarif, github or html."),
    output: Optional[str] = typer.Option(None, "--output", "-o", help="Write the report to this file; the summary goes to stderr."),
    fail_on: Optional[str] = typer.Option(None, "--fail-on", help="Verdicts that fail the run, comma-separated (default: known_hoax,likely_hoax,contradicted)."),
    no_fail: bool = typer.Option(False, "--no-fail", help="Exit 0 even when claims are flagged (input errors still exit 2)."),
    model: Optional[str] = typer.Option(None, "--model", help="Model file (default: config, models/hoaxcheck.joblib, else the shipped one)."),
    lang: Optional[str] = typer.Option(None, "--lang", help="Language of the readable report: id or en."),
) -> None:
    """Split drafts into claims and mark each one: known hoax, contradicted, supported, unverified, ..."""
    from pathlib import Path

    from hoaxcheck.app import check
    from hoaxcheck.report import formats as report
    from hoaxcheck import config
    from hoaxcheck.engine.scorer import FLAGGED

    cfg = config.load()
    lang = _lang(lang or cfg.lang or "id")
    fail_set = config.parse_fail_on(fail_on) if fail_on is not None else cfg.fail_on or FLAGGED
    if output_format not in report.SERIALIZERS:
        raise ConfigError(f"--format must be one of {', '.join(report.SERIALIZERS)}, not '{output_format}'")
    if not paths and text is None:
        raise ConfigError("give a draft file, a folder, '-' for stdin, or --text \"...\"")
    if output and not Path(output).resolve().parent.is_dir():
        raise ConfigError(f"--output {output}: the folder does not exist; create it first")
    started = datetime.now(timezone.utc).isoformat(timespec="seconds")
    scorer, loaded = load_scorer(model, cfg)
    files = check.run(check.collect(paths or [], cfg.exclude), scorer, text,
                      warn=lambda w: _err(f"hoaxcheck: warning: {w}"))
    result = report.Report(files=files, fail_on=fail_set, lang=lang,
                           newest_entry=loaded["card"].get("newest_entry", ""), started=started,
                           finished=datetime.now(timezone.utc).isoformat(timespec="seconds"))
    rendered = report.SERIALIZERS[output_format](result)
    if output:
        try:
            Path(output).write_text(rendered, encoding="utf-8")
        except OSError as exc:
            raise ConfigError(f"--output {output}: cannot write ({exc.strerror}); check the path") from exc
    else:
        typer.echo(rendered, nl=False)
    for f in files:
        if f.error:
            _err(f"hoaxcheck: {f.error}")
    if output or output_format != "text":
        _err(report.summary_line(result))
    if result.has_errors():
        raise typer.Exit(ExitCode.USAGE)
    raise typer.Exit(ExitCode.FLAGGED if result.failing() and not no_fail else ExitCode.CLEAN)


@app.command()
def train(
    data: str = typer.Option("data", "--data", help="Corpus folder: verified.csv, hoaxes.csv, labeled/*.csv."),
    model: str = typer.Option(DEFAULT_MODEL, "--model", help="Where to write the model (its card goes beside it)."),
    guard: bool = typer.Option(False, "--guard", help="Refuse (exit 1) to replace the model if macro-F1 drops or the regression suite fails."),
    max_drop: float = typer.Option(0.02, "--max-drop", help="Largest macro-F1 drop --guard accepts."),
) -> None:
    """Train the classifier and the evidence index from a corpus, and write the model atomically."""
    raise typer.Exit(_retrain(data, model, guard, max_drop))


def _retrain(data: str, model: str, guard: bool, max_drop: float) -> int:
    """Run a (guarded) training and print the comparison; return the exit status."""
    from hoaxcheck.model import retrain as guard_lib
    from hoaxcheck.model import train as model_lib

    start = time.monotonic()
    outcome = guard_lib.retrain(data, model, guard, max_drop, model_lib.timed(lambda m: _err(m)))
    for note in outcome.notes:
        _err(f"hoaxcheck: {note}")
    typer.echo(guard_lib.diff(outcome.previous, outcome.card))
    if not outcome.replaced:
        for reason in outcome.reasons:
            typer.echo(f"refused: {reason}")
        typer.echo(f"the current model {model} was kept")
        return ExitCode.FLAGGED
    kept = f"; the previous one is in history as {outcome.archived}" if outcome.archived else ""
    typer.echo(f"model written to {model} in {time.monotonic() - start:.1f}s{kept}")
    return ExitCode.CLEAN


@app.command()
def add(
    files: list[str] = typer.Argument(..., help="Published releases (.txt, .md, .docx, .html); '-' reads stdin."),
    data: str = typer.Option("data", "--data", help="Corpus folder; statements go to its verified.csv."),
    source: Optional[str] = typer.Option(None, "--source", help="Issuing institution (overrides front matter)."),
    date: Optional[str] = typer.Option(None, "--date", help="Release date YYYY-MM-DD (overrides front matter)."),
    url: Optional[str] = typer.Option(None, "--url", help="Release URL (overrides front matter)."),
    title: Optional[str] = typer.Option(None, "--title", help="Release title (overrides front matter)."),
    retrain: bool = typer.Option(False, "--retrain", help="Run the guarded train after adding."),
    model: str = typer.Option(DEFAULT_MODEL, "--model", help="Model that --retrain replaces."),
    dry_run: bool = typer.Option(False, "--dry-run", help="Show what would be added; write nothing."),
    force: bool = typer.Option(False, "--force", help="Add statements that repeat a known hoax (noted in the row)."),
    lang: str = typer.Option("id", "--lang", help="Language of the report: id or en."),
) -> None:
    """Add the statements of published releases to verified.csv (exit 1 when one repeats a known hoax)."""
    from hoaxcheck.corpus import ingest

    lang = _lang(lang)
    rows = [r for f in files for r in ingest.release_rows(f, {"source": source, "date": date, "url": url, "title": title})]
    plan = ingest.plan(data, "verified", rows, force)
    raise typer.Exit(_apply([plan], dry_run, lang, retrain, data, model))


@app.command("import")
def import_(
    file: str = typer.Argument(..., help="A corpus-format CSV, or ClaimReview JSON (object, list, or Fact Check Tools response)."),
    data: str = typer.Option("data", "--data", help="Corpus folder."),
    kind: Optional[str] = typer.Option(None, "--kind", help="hoaxes, verified or labeled (needed for CSV; for JSON the rating decides unless given)."),
    dry_run: bool = typer.Option(False, "--dry-run", help="Show what would be imported; write nothing."),
    lang: str = typer.Option("id", "--lang", help="Language of the report: id or en."),
) -> None:
    """Bulk-import rows, with the same validation, deduplication and atomic write as add."""
    from hoaxcheck.corpus import ingest

    lang = _lang(lang)
    by_kind, skipped = ingest.import_rows(file, kind)
    corpus = ingest.load_corpus(data)
    plans = [ingest.plan(data, k, rows, corpus=corpus) for k, rows in sorted(by_kind.items())]
    if skipped:
        typer.echo(ingest.describe_skipped(skipped, lang))
    raise typer.Exit(_apply(plans, dry_run, lang))


def _apply(plans: list, dry_run: bool, lang: str, retrain: bool = False, data: str = "", model: str = "") -> int:
    """Report and write ingest plans, then optionally retrain; return the exit status."""
    from hoaxcheck.corpus import ingest

    for plan in plans:
        typer.echo(ingest.describe(plan, lang, verbose=dry_run))
    refused = any(p.count("refused") for p in plans)
    if dry_run:
        typer.echo(ingest.MESSAGES[lang]["dry"])
        return ExitCode.FLAGGED if refused else ExitCode.CLEAN
    for plan in plans:
        for w in ingest.write(plan):
            _err(f"hoaxcheck: warning: {w}")
        forced = plan.count("forced")
        if forced:
            typer.echo(ingest.MESSAGES[lang]["forced"].format(file=ingest.KINDS[plan.kind][0], n=forced))
    status = ExitCode.FLAGGED if refused else ExitCode.CLEAN
    if retrain:
        if any(p.rows_to_write() for p in plans):
            status = max(status, _retrain(data, model, True, 0.02))
        else:
            typer.echo("nothing new: the model was not retrained")
    return status


model_app = typer.Typer(cls=Group, no_args_is_help=True, help="List, inspect and roll back trained models.")
app.add_typer(model_app, name="model")


@model_app.command("list")
def model_list(model: str = typer.Option(DEFAULT_MODEL, "--model", help="Model file.")) -> None:
    """Show the current model and the history: date, data hash, counts, macro-F1."""
    from hoaxcheck.model import history

    typer.echo(history.describe(model))


@model_app.command("rollback")
def model_rollback(
    entry_id: Optional[str] = typer.Argument(None, metavar="[ID]", help="History id (default: the newest older model)."),
    model: str = typer.Option(DEFAULT_MODEL, "--model", help="Model file."),
) -> None:
    """Restore a model from the history atomically (the current one is archived first)."""
    from hoaxcheck.model import history

    chosen = history.rollback(model, entry_id)
    typer.echo(f"restored {chosen['id']} (trained {chosen['card'].get('trained_at', '?')}) to {model}")


@model_app.command("info")
def model_info(model: str = typer.Option(DEFAULT_MODEL, "--model", help="Model file.")) -> None:
    """Print the current model's card."""
    import json

    from hoaxcheck.model import train as model_lib

    typer.echo(json.dumps(model_lib.read_card(model), indent=2, ensure_ascii=False))


@app.command()
def batch(
    input_csv: str = typer.Argument(..., metavar="INPUT.csv", help="CSV with one text per row; '-' reads stdin."),
    text_column: str = typer.Option("text", "--text-column", help="Column holding the text."),
    id_column: str = typer.Option("id", "--id-column", help="Column holding the row id (default: the row number)."),
    output: Optional[str] = typer.Option(None, "--output", "-o", help="OUT.csv or OUT.jsonl (default: CSV to stdout)."),
    split: bool = typer.Option(False, "--split", help="Split each row into claims; the row takes the most severe."),
    jobs: int = typer.Option(1, "--jobs", "-j", help="Worker processes (joblib)."),
    model: Optional[str] = typer.Option(None, "--model", help="Model file (default: models/hoaxcheck.joblib, else the shipped one)."),
) -> None:
    """Score many texts from a CSV: one output row per input row (id, verdict, hoax_probability, top_*, error)."""
    from hoaxcheck.app import batch as batch_lib
    from hoaxcheck.model import train as model_lib

    from hoaxcheck import config

    cfg = config.load()
    scorer, _ = load_scorer(model, cfg)
    bar = None
    if sys.stderr.isatty() and input_csv != "-":
        import os

        bar = typer.progressbar(length=os.path.getsize(input_csv) if os.path.isfile(input_csv) else 0,
                                label="batch", file=sys.stderr)
    done = [0]

    def progress(read: int, total: int) -> None:
        if bar is not None:
            bar.update(read - done[0])
            done[0] = read

    def error(row: int, message: str) -> None:
        _err(f"hoaxcheck: {input_csv}, row {row}: {message}")

    try:
        summary = batch_lib.run(input_csv, scorer, output, text_column, id_column, split, jobs,
                                str(model_lib.find(model, cfg.model)), on_error=error, on_progress=progress)
    finally:
        if bar is not None:
            bar.render_finish()
    if output:
        _err(f"hoaxcheck: {summary.rows} rows written to {output}; "
             + ", ".join(f"{k} {v}" for k, v in sorted(summary.by_verdict.items())))
    if summary.errors:
        raise typer.Exit(ExitCode.USAGE)
    from hoaxcheck.engine.scorer import FLAGGED

    flagged = sum(v for k, v in summary.by_verdict.items() if k in FLAGGED)
    raise typer.Exit(ExitCode.FLAGGED if flagged else ExitCode.CLEAN)


@app.command()
def evaluate(
    input_csv: str = typer.Argument(..., metavar="FILE.csv", help="CSV with text,label (hoax|valid) and optional source."),
    model: Optional[str] = typer.Option(None, "--model", help="Model file (default: models/hoaxcheck.joblib, else the shipped one)."),
    output_format: str = typer.Option("text", "--format", help="Output format: text or json."),
    split: bool = typer.Option(False, "--split", help="Split each row into claims; a row is hoax when any claim is flagged."),
    lang: str = typer.Option("id", "--lang", help="Language of the text output: id or en."),
) -> None:
    """Measure a model on labelled texts: accuracy, precision, recall, F1, macro-F1, ROC-AUC, FPR, confusion."""
    from hoaxcheck.app import evaluate as evaluation

    lang = _lang(lang)
    if output_format not in ("text", "json"):
        raise ConfigError(f"--format must be text or json, not '{output_format}'")
    scorer, _ = load_scorer(model)
    result = evaluation.evaluate(input_csv, scorer, split,
                                 on_error=lambda row, msg: _err(f"hoaxcheck: {input_csv}, row {row}: {msg}"))
    typer.echo(evaluation.to_json(result) if output_format == "json" else evaluation.to_text(result, lang), nl=False)
    if result["errors"]:
        raise typer.Exit(ExitCode.USAGE)


corpus_app = typer.Typer(cls=Group, no_args_is_help=True, help="Inspect and validate the corpus.")
app.add_typer(corpus_app, name="corpus")


@corpus_app.command("check")
def corpus_check(data: str = typer.Option("data", "--data", help="Corpus folder.")) -> None:
    """Validate a corpus and summarise it: counts per file, source and topic, and the dates it covers."""
    from hoaxcheck.corpus import load as corpus_lib

    loaded = corpus_lib.load(data)
    problems = corpus_lib.validate(loaded, deep=True)
    summary = corpus_lib.summarize(loaded)
    typer.echo(f"corpus {data}")
    for title, key in (("files", "files"), ("sources", "sources"), ("topics", "topics")):
        typer.echo(f"  {title}: " + ", ".join(f"{k} {v}" for k, v in summary[key].items()))
    d = summary["dates"]
    typer.echo(f"  dates: {d['first'] or '-'} .. {d['last'] or '-'} ({d['dated_rows']} of {d['rows']} rows dated)")
    for p in problems:
        typer.echo(f"{p.severity}: {p}")
    typer.echo(f"{len(problems)} problem(s)" if problems else "no problems")
    raise typer.Exit(ExitCode.FLAGGED if problems else ExitCode.CLEAN)


def main() -> None:
    """Console entry point."""
    try:
        app()
    except KeyboardInterrupt:  # Ctrl-C while the commands are still being imported
        typer.echo("hoaxcheck: interrupted", err=True)
        raise SystemExit(ExitCode.INTERRUPTED)


if __name__ == "__main__":
    main()
