"""`hoaxcheck model ...` and `hoaxcheck corpus ...`: listing, inspecting, upgrading and rolling back models,
and checking a corpus."""

from typing import Optional

import typer

from hoaxcheck.cli.common import LANG_HELP, MODEL_HELP, Group, _warn
from hoaxcheck.errors import ExitCode

model_app = typer.Typer(
    cls=Group, rich_markup_mode=None, no_args_is_help=True, help="List, inspect, upgrade and roll back trained models."
)


@model_app.command("list")
def model_list(model: Optional[str] = typer.Option(None, "--model", help=MODEL_HELP)) -> None:
    """Show the current model and the history: date, data hash, counts, macro-F1."""
    from hoaxcheck.app import context
    from hoaxcheck.model import history

    typer.echo(history.describe(context.resolve(model).model_for_reading()))


@model_app.command("rollback")
def model_rollback(
    entry_id: Optional[str] = typer.Argument(None, metavar="[ID]", help="History id (default: the newest older model)."),
    model: Optional[str] = typer.Option(None, "--model", help="Model file (default: config, else models/hoaxcheck.model)."),
    lang: Optional[str] = typer.Option(None, "--lang", help=LANG_HELP),
) -> None:
    """Restore a model from the history atomically (the current one is archived first)."""
    from hoaxcheck.app import context
    from hoaxcheck.io.lock import folder_lock
    from hoaxcheck.model import history
    from hoaxcheck.report import messages

    ctx = context.resolve(model, lang)
    with folder_lock(ctx.model_target.parent, notify=_warn):
        chosen = history.rollback(ctx.model_target, entry_id)
    typer.echo(
        messages.TRAIN[ctx.lang]["restored"].format(
            entry=chosen.id, trained=chosen.card.get("trained_at", "?"), model=ctx.model_target
        )
    )


@model_app.command("info")
def model_info(model: Optional[str] = typer.Option(None, "--model", help=MODEL_HELP)) -> None:
    """Print the current model's card."""
    import json

    from hoaxcheck.app import context
    from hoaxcheck.model import store

    typer.echo(json.dumps(store.read_card(context.resolve(model).model_path), indent=2, ensure_ascii=False))


@model_app.command("upgrade")
def model_upgrade(
    old: str = typer.Argument(..., metavar="OLD.joblib", help="A model of the old pickle format that you trust."),
    output: Optional[str] = typer.Option(
        None, "--output", "-o", help="Where to write the new model (default: beside it, .model)."
    ),
    lang: Optional[str] = typer.Option(None, "--lang", help=LANG_HELP),
) -> None:
    """Convert a trusted model of the old pickle format (unpickling runs code: only models you trust)."""
    from hoaxcheck.app import context
    from hoaxcheck.model import upgrade
    from hoaxcheck.report import messages

    ctx = context.resolve(None, lang)
    target, card = upgrade.upgrade(old, output, warn=_warn)
    typer.echo(messages.TRAIN[ctx.lang]["upgraded"].format(model=target, format=card["format"]))


corpus_app = typer.Typer(cls=Group, rich_markup_mode=None, no_args_is_help=True, help="Inspect and validate the corpus.")


@corpus_app.command("check")
def corpus_check(data: str = typer.Option("data", "--data", help="Corpus folder.")) -> None:
    """Validate a corpus and summarise it: counts, sources, topics, dates and provenance (url and date)."""
    from hoaxcheck.corpus import check as corpus_check_lib

    lines, problems = corpus_check_lib.report(data)
    for line in lines:
        typer.echo(line)
    raise typer.Exit(ExitCode.FLAGGED if problems else ExitCode.CLEAN)
