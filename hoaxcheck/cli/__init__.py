"""The command line: a thin Typer layer over the app functions."""

from hoaxcheck.cli.main import app, main

__all__ = ["app", "main"]
