"""What every command module shares: the error-turning Group, the stderr helpers and the option help texts."""

import sys

import typer
from typer.core import TyperGroup

from hoaxcheck.errors import ExitCode, HoaxcheckError


class Group(TyperGroup):
    """Turns library exceptions and Ctrl-C into one line on stderr and the right exit status."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except HoaxcheckError as exc:
            _err(f"hoaxcheck: {exc}")
            raise typer.Exit(ExitCode.USAGE) from None
        except KeyboardInterrupt:
            _err("hoaxcheck: interrupted")
            raise typer.Exit(ExitCode.INTERRUPTED) from None
        except BrokenPipeError:
            # The reader went away (`| head`): stop quietly; point stdout at devnull so the final flush cannot fail.
            import os

            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            raise typer.Exit(ExitCode.INTERRUPTED) from None
        except OSError as exc:  # stdout on a full disk, a device that refuses writes
            _err(f"hoaxcheck: cannot write ({exc.strerror or exc}); check the disk, the folder and its permissions")
            raise typer.Exit(ExitCode.USAGE) from None


MODEL_HELP = "Model file (default: config, models/hoaxcheck.model, else the shipped one)."
LANG_HELP = "Language of the readable output: id or en (default: config, else id)."


def _err(message: str) -> None:
    typer.echo(message, err=True)


def _warn(message: str) -> None:
    _err(f"hoaxcheck: warning: {message}")
