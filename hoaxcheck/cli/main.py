"""The command line: each command parses its options, calls one app function and prints what it returns.

Library exceptions become one line on stderr and exit 2 here, in `Group.invoke`, and nowhere else.
"""

import sys
from typing import Optional

import typer

from hoaxcheck.cli.common import LANG_HELP, MODEL_HELP, Group, _err, _warn
from hoaxcheck.cli.manage import corpus_app, model_app
from hoaxcheck.errors import ConfigError, ExitCode

app = typer.Typer(
    cls=Group,
    rich_markup_mode=None,
    add_completion=False,
    pretty_exceptions_enable=False,
    no_args_is_help=True,
    help="Check draft releases and forwarded messages against verified statements and known hoaxes.",
)
app.add_typer(model_app, name="model")
app.add_typer(corpus_app, name="corpus")


def _version(value: bool) -> None:
    if not value:
        return
    from hoaxcheck.app import context

    typer.echo(context.version_line())
    raise typer.Exit()


@app.callback()
def root(
    version: bool = typer.Option(
        False,
        "--version",
        callback=_version,
        is_eager=True,
        help="Show the version and the model's date and corpus hash.",
    ),
) -> None:
    """hoaxcheck: an offline hoax checker for Humas officers."""


@app.command()
def score(
    paths: list[str] = typer.Argument(None, help="Draft files or folders (.txt, .md, .docx, .html); '-' reads stdin."),
    text: Optional[str] = typer.Option(None, "--text", help="Check pasted text instead of (or as well as) files."),
    output_format: str = typer.Option("text", "--format", help="Output format: text, json, jsonl, sarif, github or html."),
    output: Optional[str] = typer.Option(
        None, "--output", "-o", help="Write the report to this file; the summary goes to stderr."
    ),
    fail_on: Optional[str] = typer.Option(
        None,
        "--fail-on",
        help="Verdicts that fail the run, comma-separated (default: known_hoax,contradicted,likely_hoax,inconsistent).",
    ),
    no_fail: bool = typer.Option(False, "--no-fail", help="Exit 0 even when claims are flagged (input errors still exit 2)."),
    flagged_only: bool = typer.Option(
        False, "--flagged-only", help="Text and html: show only the claims that fail the run, most severe files first."
    ),
    model: Optional[str] = typer.Option(None, "--model", help=MODEL_HELP),
    lang: Optional[str] = typer.Option(None, "--lang", help=LANG_HELP),
) -> None:
    """Split drafts into claims and mark each one: known hoax, contradicted, supported, unverified, ..."""
    from hoaxcheck import config
    from hoaxcheck.app import check, context
    from hoaxcheck.engine.records import DEFAULT_FAIL_ON
    from hoaxcheck.io import output as output_lib
    from hoaxcheck.report import formats
    from hoaxcheck.report.serializers import SERIALIZERS

    ctx = context.resolve(model, lang)
    fail_set = config.parse_fail_on(fail_on) if fail_on is not None else ctx.cfg.fail_on or DEFAULT_FAIL_ON
    if output_format not in SERIALIZERS:
        raise ConfigError(f"--format must be one of {', '.join(SERIALIZERS)}, not '{output_format}'")
    if not paths and text is None:
        raise ConfigError("give a draft file, a folder, '-' for stdin, or --text \"...\"")
    target = output_lib.check_target(output) if output else None
    result = check.score(paths or [], text, ctx, fail_set, warn=_warn)
    result.flagged_only = flagged_only
    rendered = SERIALIZERS[output_format](result)
    if target:
        output_lib.write_text(target, rendered)
    else:
        typer.echo(rendered, nl=False)
    for f in result.files:
        if f.error:
            _err(f"hoaxcheck: {f.error}")
    if output or output_format != "text":
        _err(formats.summary_line(result))
    if result.has_errors():
        raise typer.Exit(ExitCode.USAGE)
    raise typer.Exit(ExitCode.FLAGGED if result.failing() and not no_fail else ExitCode.CLEAN)


@app.command()
def train(
    data: str = typer.Option("data", "--data", help="Corpus folder: verified.csv, hoaxes.csv, labeled/*.csv."),
    model: Optional[str] = typer.Option(
        None, "--model", help="Where to write the model (default: config, else models/hoaxcheck.model)."
    ),
    guard: bool = typer.Option(
        False, "--guard", help="Refuse (exit 1) to replace the model if macro-F1 drops or the regression suite fails."
    ),
    max_drop: float = typer.Option(0.02, "--max-drop", help="Largest macro-F1 drop --guard accepts."),
    lang: Optional[str] = typer.Option(None, "--lang", help=LANG_HELP),
) -> None:
    """Train the classifier and the evidence index from a corpus, and write the model atomically."""
    from hoaxcheck.app import context, ingest

    ctx = context.resolve(model, lang)
    result = ingest.retrain_model(data, ctx, guard, max_drop, progress=_err)
    _show(result)


def _show(result) -> None:
    """Print an app result: notes to stderr, lines to stdout; exit with its status."""
    for note in result.notes:
        _err(f"hoaxcheck: {note}")
    for line in result.lines:
        typer.echo(line)
    raise typer.Exit(result.status)


@app.command()
def add(
    files: list[str] = typer.Argument(..., help="Published releases (.txt, .md, .docx, .html); '-' reads stdin."),
    data: str = typer.Option("data", "--data", help="Corpus folder; statements go to its verified.csv."),
    source: Optional[str] = typer.Option(None, "--source", help="Issuing institution (overrides front matter)."),
    date: Optional[str] = typer.Option(None, "--date", help="Release date YYYY-MM-DD (overrides front matter)."),
    url: Optional[str] = typer.Option(None, "--url", help="Release URL (overrides front matter)."),
    title: Optional[str] = typer.Option(None, "--title", help="Release title (overrides front matter)."),
    retrain: bool = typer.Option(False, "--retrain", help="Run the guarded train after adding."),
    model: Optional[str] = typer.Option(
        None, "--model", help="Model that --retrain replaces (default: config, else models/hoaxcheck.model)."
    ),
    dry_run: bool = typer.Option(False, "--dry-run", help="Show what would be added; write nothing."),
    force: bool = typer.Option(False, "--force", help="Add statements that repeat a known hoax (noted in the row)."),
    lang: Optional[str] = typer.Option(None, "--lang", help=LANG_HELP),
) -> None:
    """Add the statements of published releases to verified.csv (exit 1 when one repeats a known hoax)."""
    from hoaxcheck.app import context, ingest

    ctx = context.resolve(model, lang)
    meta = {"source": source, "date": date, "url": url, "title": title}
    _show(ingest.add(files, meta, data, ctx, force=force, dry_run=dry_run, retrain=retrain, warn=_warn, progress=_err))


@app.command("import")
def import_(
    file: str = typer.Argument(
        ..., help="A corpus-format CSV, or ClaimReview JSON (object, list, or Fact Check Tools response)."
    ),
    data: str = typer.Option("data", "--data", help="Corpus folder."),
    kind: Optional[str] = typer.Option(
        None, "--kind", help="hoaxes, verified or labeled (needed for CSV; for JSON the rating decides unless given)."
    ),
    dry_run: bool = typer.Option(False, "--dry-run", help="Show what would be imported; write nothing."),
    lang: Optional[str] = typer.Option(None, "--lang", help=LANG_HELP),
) -> None:
    """Bulk-import rows, with the same validation, deduplication and atomic write as add."""
    from hoaxcheck.app import context, ingest

    ctx = context.resolve(None, lang)
    _show(ingest.import_file(file, kind, data, ctx, dry_run=dry_run, warn=_warn))


@app.command()
def batch(
    input_csv: str = typer.Argument(..., metavar="INPUT.csv", help="CSV with one text per row; '-' reads stdin."),
    text_column: str = typer.Option("text", "--text-column", help="Column holding the text."),
    id_column: str = typer.Option("id", "--id-column", help="Column holding the row id (default: the row number)."),
    output: Optional[str] = typer.Option(None, "--output", "-o", help="OUT.csv or OUT.jsonl (default: CSV to stdout)."),
    split: bool = typer.Option(False, "--split", help="Rows are documents: judge their claims, never the whole row."),
    jobs: int = typer.Option(1, "--jobs", "-j", help="Worker processes (joblib)."),
    scheduler: Optional[str] = typer.Option(
        None, "--scheduler", help="Score on Dask: 'local' or tcp://HOST:8786 (docs/cluster.md)."
    ),
    shards: int = typer.Option(
        0, "--shards", help="With --scheduler: split the corpus into N shards, one per worker (docs/cluster.md)."
    ),
    model: Optional[str] = typer.Option(None, "--model", help=MODEL_HELP),
) -> None:
    """Score many texts from a CSV: one output row per input row (id, verdict, hoax_probability, top_*, error)."""
    from hoaxcheck.app import batch as batch_lib
    from hoaxcheck.app import context
    from hoaxcheck.engine.records import FLAGGED

    ctx = context.resolve(model)
    bar = None
    if sys.stderr.isatty() and input_csv != "-" and (shards or not scheduler):  # Dask draws its own bar unsharded
        import os

        bar = typer.progressbar(
            length=os.path.getsize(input_csv) if os.path.isfile(input_csv) else 0, label="batch", file=sys.stderr
        )
    done = [0]

    def progress(read: int, total: int) -> None:
        if bar is not None:
            bar.update(read - done[0])
            done[0] = read

    def error(row: int, message: str) -> None:
        _err(f"hoaxcheck: {input_csv}, row {row}: {message}")

    try:
        summary = batch_lib.run(
            input_csv,
            ctx,
            output,
            text_column,
            id_column,
            split,
            jobs,
            on_error=error,
            on_progress=progress,
            scheduler=scheduler,
            show_progress=bool(scheduler) and sys.stderr.isatty(),
            shards=shards,
        )
    finally:
        if bar is not None:
            bar.render_finish()
    if output:
        _err(
            f"hoaxcheck: {summary.rows} rows written to {output}; "
            + ", ".join(f"{k} {v}" for k, v in sorted(summary.by_verdict.items()))
        )
    if summary.errors:
        raise typer.Exit(ExitCode.USAGE)
    flagged = sum(v for k, v in summary.by_verdict.items() if k in FLAGGED)
    raise typer.Exit(ExitCode.FLAGGED if flagged else ExitCode.CLEAN)


@app.command()
def evaluate(
    input_csv: str = typer.Argument(..., metavar="FILE.csv", help="CSV with text,label (hoax|valid) and optional source."),
    model: Optional[str] = typer.Option(None, "--model", help=MODEL_HELP),
    output_format: str = typer.Option("text", "--format", help="Output format: text or json."),
    split: bool = typer.Option(False, "--split", help="Rows are documents: judge their claims, never the whole row."),
    lang: Optional[str] = typer.Option(None, "--lang", help=LANG_HELP),
) -> None:
    """Measure a model on labelled texts: accuracy, precision, recall, F1, macro-F1, ROC-AUC, FPR, confusion."""
    from hoaxcheck.app import context
    from hoaxcheck.app import evaluate as evaluation

    ctx = context.resolve(model, lang)
    if output_format not in ("text", "json"):
        raise ConfigError(f"--format must be text or json, not '{output_format}'")
    result = evaluation.evaluate(
        input_csv, ctx.scorer(), split, on_error=lambda row, msg: _err(f"hoaxcheck: {input_csv}, row {row}: {msg}")
    )
    typer.echo(evaluation.to_json(result) if output_format == "json" else evaluation.to_text(result, ctx.lang), nl=False)
    if result["errors"]:
        raise typer.Exit(ExitCode.USAGE)


@app.command()
def serve(
    host: str = typer.Option("127.0.0.1", "--host", help="Address to bind; anything but this computer needs --token."),
    port: int = typer.Option(8000, "--port", help="Port to listen on."),
    model: Optional[str] = typer.Option(None, "--model", help=MODEL_HELP),
    data: str = typer.Option("data", "--data", help="Corpus folder that the Korpus page reads and adds to."),
    token: Optional[str] = typer.Option(
        None,
        "--token",
        help="Token for changes (add, retrain, rollback); default: HOAXCHECK_TOKEN, the config's token, else a random one.",
    ),
    lang: Optional[str] = typer.Option(None, "--lang", help=LANG_HELP),
) -> None:
    """Start the local web page for officers: check drafts, browse and grow the corpus, retrain (needs hoaxcheck[web])."""
    import os

    from hoaxcheck import config

    token = token or os.environ.get("HOAXCHECK_TOKEN") or config.load().token or None
    if not 0 < port < 65536:
        raise ConfigError(f"--port must be between 1 and 65535, not {port}")
    if token is not None and len(token) < 8:
        raise ConfigError("--token must be at least 8 characters")
    if host not in ("127.0.0.1", "localhost", "::1") and not token:
        raise ConfigError(
            f"--host {host} lets other computers connect: give --token TOKEN (or HOAXCHECK_TOKEN, or token in .hoaxcheck.toml)"
        )
    try:
        from hoaxcheck.web import app as web
    except ImportError as exc:
        raise ConfigError(f"'serve' needs the web extra ({exc.name} is missing): pip install 'hoaxcheck[web]'") from exc
    web.run(host, port, data, model, token, lang, echo=_err)


def main() -> None:
    """Console entry point: run the command, flush the output, and exit without a final garbage collection.

    A model's vocabularies are a few hundred thousand Python objects; letting the interpreter tear them
    down at exit costs a third of a second that nobody waits for. Output is flushed first, and a flush
    that fails (a full disk behind stdout, a closed pipe) becomes one line and exit 2.
    """
    import gc
    import os

    try:
        app()
        code = ExitCode.CLEAN
    except SystemExit as exc:  # typer ends every command with one (usage errors included: 2)
        code = exc.code if isinstance(exc.code, int) else (ExitCode.CLEAN if exc.code is None else ExitCode.USAGE)
    except KeyboardInterrupt:  # Ctrl-C while the commands are still being imported
        typer.echo("hoaxcheck: interrupted", err=True)
        code = ExitCode.INTERRUPTED
    code = code if isinstance(code, int) else ExitCode.CLEAN
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        pass
    except OSError as exc:
        typer.echo(f"hoaxcheck: cannot write the output ({exc.strerror or exc}); check the disk or the pipe", err=True)
        code = ExitCode.USAGE
    try:
        sys.stderr.flush()
    except OSError:
        pass
    if "joblib.externals.loky" in sys.modules:
        # Worker processes (batch --jobs, train) are stopped by joblib's exit handlers: exit normally.
        sys.exit(int(code))
    gc.freeze()
    os._exit(int(code))


if __name__ == "__main__":
    main()
