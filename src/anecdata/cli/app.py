"""The root of the ``anecdata`` command: sub-commands are attached here, errors become one line."""

from __future__ import annotations

import signal
import sys

import typer

from anecdata import __version__
from anecdata.cli.analyze import analyze_command
from anecdata.cli.evaluate import evaluate_command
from anecdata.cli.evidence import evidence_app
from anecdata.cli.export import export_command
from anecdata.cli.ingest import ingest_command
from anecdata.cli.read import read_command
from anecdata.cli.report import report_command
from anecdata.cli.search import search_command
from anecdata.cli.serve import serve_command
from anecdata.cli.train import train_command
from anecdata.errors import AnecdataError
from anecdata.view.terminal import terminal_safe

app = typer.Typer(
    name="anecdata",
    help="Turn health-forum threads into traceable evidence.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
app.command("analyze")(analyze_command)
app.command("evaluate")(evaluate_command)
app.command("export")(export_command)
app.command("ingest")(ingest_command)
app.command("read")(read_command)
app.command("report")(report_command)
app.command("search")(search_command)
app.command("serve")(serve_command)
app.command("train")(train_command)
app.add_typer(evidence_app, name="evidence")


def _version(value: bool) -> None:
    if value:
        typer.echo(f"anecdata {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="Print the version."),
) -> None:
    """Turn health-forum threads into traceable evidence."""


class Interrupted(BaseException):
    """Ctrl-C, raised past Click, which would turn a KeyboardInterrupt into "Aborted!" and exit status 1."""


def _interrupt(signum: int, frame: object) -> None:
    raise Interrupted


def main() -> None:
    """Console entry point: an AnecdataError is one line on stderr and exit status 1, never a traceback;
    Ctrl-C is "interrupted" and exit status 130, as shells expect."""
    signal.signal(signal.SIGINT, _interrupt)
    try:
        app()
    except (KeyboardInterrupt, Interrupted):
        print("anecdata: interrupted", file=sys.stderr)
        sys.exit(130)
    except AnecdataError as e:
        print(f"anecdata: error: {terminal_safe(str(e))}", file=sys.stderr)
        sys.exit(1)
