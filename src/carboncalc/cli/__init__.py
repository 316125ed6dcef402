"""The command line: parse options -> load -> compute -> render. Nothing else happens here.

This module holds the app, the options commands share, the way errors become messages and exit
codes, and :func:`main`; the commands are in :mod:`.figures`, :mod:`.analysis`, :mod:`.evidence` and
:mod:`.files`, as their help panels group them.

Exit codes: 0 success; 1 a check that ran and found a claim that fails; 2 invalid input (a
project file, an override, an option), reported on stderr as
``file:line:column: field.path: message`` without a traceback.
"""

from __future__ import annotations

import importlib
import os
import sys
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from typer._click.exceptions import UsageError

from carboncalc import __version__
from carboncalc.cli.completing import (
    complete_project,
    complete_rules,
    complete_scenario,
    complete_set,
)
from carboncalc.core.sampling import MIN_SAMPLES
from carboncalc.errors import CarboncalcError, ProjectContentError
from carboncalc.printable import printable

if TYPE_CHECKING:
    from carboncalc.files.loading import LoadedProject, Source

EXIT_INVALID = 2
FOLDER_PROGRESS = 20  # files, from which check and compare show progress in a terminal

APP_SETTINGS: dict[str, Any] = {
    "name": "carboncalc",
    "help": "Forest-carbon (REDD+) figures from version-controlled YAML project files: carbon "
    "stock, avoided emissions and everyday equivalents, each beside the figures its sources "
    "publish.",
    "invoke_without_command": True,
    "add_completion": False,  # `carboncalc completion SHELL` prints the script instead
    "pretty_exceptions_enable": False,
    "rich_markup_mode": None,  # help text is shown as written: 'carboncalc[plot]' stays
    "context_settings": {"help_option_names": ["-h", "--help"]},
}
app = typer.Typer(**APP_SETTINGS)


def examples(*commands: str) -> str:
    """A command's help epilog: its examples one a line, each as typed (click leaves the
    block after \\b as written, so no example wraps mid-command in 80 columns)."""
    return "Examples:\n\n\b\n" + "\n".join(f"  {command}" for command in commands)


def _app_for(argv: list[str]) -> typer.Typer:
    """The app with only the command asked for, where one is named: Typer builds a command
    (a validator for each option) for every command it holds, and a run needs one. Help, a
    typo and completion get the whole app."""
    name = argv[0] if argv and not argv[0].startswith("-") else None
    chosen = [c for c in app.registered_commands if (c.name or _command_name(c)) == name]
    if not chosen or COMPLETE_VAR in os.environ:
        return app
    only = typer.Typer(**APP_SETTINGS)
    only.registered_callback = app.registered_callback
    only.registered_commands = chosen
    return only


def _command_name(info: Any) -> str:
    """A command's name as Typer gives it: its function's, with _ as -."""
    return str(info.callback.__name__).replace("_", "-")


class Fmt(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"
    csv_full = "csv-full"


class CheckFmt(StrEnum):
    """``check``'s output formats: text (also called table) for people, json and csv for
    scripts, github (workflow commands) and junit (XML) for CI."""

    text = "text"
    table = "table"
    json = "json"
    csv = "csv"
    csv_full = "csv-full"
    github = "github"
    junit = "junit"


class BaselineOpt(StrEnum):
    project = "project"
    counterfactual = "counterfactual"


class VintagesOpt(StrEnum):
    projection = "projection"
    calendar = "calendar"
    monitoring = "monitoring"


class CaseOpt(StrEnum):
    low = "low"
    central = "central"
    high = "high"


ProjectArg = Annotated[
    str,
    typer.Argument(
        metavar="PROJECT",
        help="Project name (e.g. alto-mayo) or path to a project YAML file.",
        autocompletion=complete_project,
    ),
]
FormatOpt = Annotated[
    Fmt,
    typer.Option(
        "--format",
        "-f",
        help="table for people; json or csv for scripts (csv: 12 significant digits; "
        "csv-full: floats unrounded).",
    ),
]
SetOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--set",
        "-s",
        metavar="FIELD=VALUE",
        help="What-if override of any input, repeatable; the file is not changed. Units are "
        "allowed: --set area=400000acre, --set deforestation.baseline.rate=0.75%/yr.",
        autocompletion=complete_set,
    ),
]
QuietOpt = Annotated[
    bool, typer.Option("--quiet", "-q", help="No notes on stderr (problems are still shown).")
]
ProjectsDirOpt = Annotated[
    Path | None,
    typer.Option(
        "--projects-dir",
        envvar="CARBONCALC_PROJECTS_DIR",
        metavar="DIR",
        help="Folder of project files, alone (default: a NAME is looked up in ./projects, "
        "then here, then the seed projects).",
    ),
]
SamplesOpt = Annotated[
    int,
    typer.Option(
        "--samples",
        min=MIN_SAMPLES,
        max=1_000_000,
        help="Monte Carlo samples, where a deduction needs them (the default is ART TREES "
        "v2.0's n of 10,000, in every command; at least 100, so that the 90 % interval's ends "
        "have draws beyond them).",
    ),
]
SeedOpt = Annotated[
    int, typer.Option("--seed", help="Random seed: the same seed, the same output.")
]
PlotOpt = Annotated[
    Path | None,
    typer.Option("--plot", metavar="FILE", help="Also draw the chart to FILE.png or FILE.svg "
                 "(needs pip install 'carboncalc[plot]')."),
]  # fmt: skip
ScenarioOpt = Annotated[
    str | None,
    typer.Option("--scenario", metavar="NAME", help="A named what-if from the project file's "
                 "`scenarios:`, applied before any --set.", autocompletion=complete_scenario),
]  # fmt: skip
RulesOpt = Annotated[
    str | None,
    typer.Option(
        "--rules",
        metavar="NAME",
        help="Credit rule set: fcpf, vcs or art-trees (default: the file's credits.rules, else "
        "the one its methodology's standard uses, else fcpf). Each rule names its source.",
        autocompletion=complete_rules,
    ),
]
FactorsOpt = Annotated[
    str | None,
    typer.Option(
        "--factors",
        metavar="VERSION|FILE",
        help="Equivalence factor edition: a version (2024, 2018, 2015, 2011, 2009, 2008; "
        "default: current) or a YAML file of your own (label, source with title, publisher "
        "and year, factors).",
    ),
]


def _version(value: bool) -> None:
    if value:
        typer.echo(f"carboncalc {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    ctx: typer.Context,
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version."),
    ] = False,
    show_config: Annotated[
        bool,
        typer.Option(
            "--show-config",
            help="Show each shared setting (carboncalc.toml, or [tool.carboncalc] in "
            "pyproject.toml), its value and where it comes from.",
        ),
    ] = False,
) -> None:
    """Forest-carbon (REDD+) calculator. Example: carboncalc stock alto-mayo"""
    from carboncalc.cli.configuring import apply_config

    _LOADED.clear()  # a new command: no earlier command's file may be named in its messages
    _DRAFTS.clear()
    with _reported():
        config = apply_config(ctx, formats=list(CheckFmt))  # before the command's context is made
    if show_config:
        from carboncalc.cli.configuring import show_config as show

        show(config)
        raise typer.Exit()
    if ctx.invoked_subcommand is None:
        sys.stderr.write(
            "Usage: carboncalc [OPTIONS] COMMAND [ARGS]...\n"
            "carboncalc: name a command, such as: carboncalc stock alto-mayo "
            "(carboncalc --help lists them all)\n"
        )
        raise typer.Exit(EXIT_INVALID)


# The project file this command loaded last, for messages about its content (one slot: a
# portfolio of 100,000 files keeps one path, not all of them).
_LOADED: deque[Path] = deque(maxlen=1)


@contextmanager
def _reported() -> Iterator[None]:
    """Turn carboncalc's own errors into messages on stderr and exit code 2; a problem with a
    project's content names the file last loaded."""

    try:
        yield
    except CarboncalcError as exc:
        _write_problems(_located(exc, _LOADED[-1] if _LOADED else None))
        raise typer.Exit(EXIT_INVALID) from None


def _located(exc: CarboncalcError, path: Path | None) -> CarboncalcError:
    if isinstance(exc, ProjectContentError) and path is not None:
        return exc.located(str(path))
    return exc


def _write_problems(exc: CarboncalcError) -> None:
    """One line per problem on stderr; those with no file say they come from carboncalc.
    Control characters from a file or an argument are shown as escapes, never sent raw."""
    from carboncalc.printable import printable

    for problem in exc.problems:
        line = ("" if problem.path else "carboncalc: ") + str(problem)
        sys.stderr.write(printable(line, one_line=True) + "\n")


def _load(
    project: str,
    projects_dir: Path | None,
    sets: list[str] | None,
    scenario: str | None = None,
    rules: str | None = None,
    source: Source | None = None,
) -> LoadedProject:
    from carboncalc.files.loading import load_project

    loaded = load_project(project, projects_dir=projects_dir, sets=sets, scenario=scenario,
                          rules=rules, cache=True, source=source)  # fmt: skip
    _LOADED.append(loaded.path)
    _warn(loaded)
    return loaded


# The drafts (files with placeholders) this command has warned of: once each, however many
# times a command loads one (compare --scenarios).
_DRAFTS: set[Path] = set()


def _warn(loaded: LoadedProject, *, drafts: bool = True) -> None:
    """Warnings about a valid project, one line each on stderr (they do not change the exit
    code); that it is a draft once a command, and not with ``drafts=False`` (check, which
    lists its placeholders)."""
    from carboncalc.printable import printable
    from carboncalc.reports.projects import warnings

    draft = drafts and bool(loaded.placeholders) and loaded.path not in _DRAFTS
    if draft:
        _DRAFTS.add(loaded.path)
    for line in warnings(loaded, placeholders=draft):
        sys.stderr.write(printable(line, one_line=True) + "\n")


def _factor_table() -> Any:
    from carboncalc.files.factor_editions import load_factor_table

    return load_factor_table()


def _factors(option: str | None, loaded: LoadedProject | None = None) -> tuple[Any, str | None]:
    """The factor table and the edition: --factors, else the project file's choice
    (:func:`carboncalc.files.factor_editions.factors_for`)."""
    from carboncalc.files.factor_editions import factors_for

    if loaded is None:
        return factors_for(option)
    return factors_for(option, loaded.path, loaded.inputs.equivalents_factors)


@contextmanager
def _progress(label: str, total: int, *, show: bool) -> Iterator[Callable[[int], None] | None]:
    """A transient progress bar on stderr when it is an interactive terminal and ``show``;
    else nothing. Problems written to stderr meanwhile appear above the bar."""
    if not show or not sys.stderr.isatty():
        yield None
        return
    from rich.console import Console
    from rich.progress import Progress

    step = max(total // 100, 1)
    with Progress(console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task(label, total=total)

        def advance(done: int) -> None:
            if done % step == 0 or done == total:
                bar.update(task, completed=done)

        yield advance


COMPLETE_VAR = "_CARBONCALC_COMPLETE"  # set by the completion script `carboncalc completion` prints


def _note(text: str, *, quiet: bool = False) -> None:
    """A note for the person at the terminal (what was written where): on stderr, so stdout
    holds only results; none with --quiet."""
    if not quiet:
        sys.stderr.write(printable(text) + "\n")


def main() -> None:
    """The console script. Whatever happens to the terminal and the streams, carboncalc ends
    with a meaningful status and never a traceback:

    - Ctrl-C ends the process by SIGINT (so a shell loop around it stops too);
    - SIGTERM and SIGHUP end it by that signal, and the worker processes of a parallel
      ``sweep`` with it (see :mod:`.workers`);
    - a reader that goes away (``carboncalc list | head -1``) ends it quietly by SIGPIPE;
    - a full or failing stdout is one line on stderr and exit 2; a closed one likewise;
    - text the stdout encoding cannot hold is written as escapes (JSON stays valid JSON).
    """
    import signal

    from typer._click.utils import PacifyFlushWrapper

    if sys.stderr is None:
        sys.stderr = open(os.devnull, "w")  # noqa: SIM115 - for the rest of the process
    if sys.stdout is None:
        sys.stderr.write("carboncalc: standard output is closed; nothing can be written\n")
        sys.exit(EXIT_INVALID)
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")
    interrupted: list[bool] = []

    def on_interrupt(signum: int, frame: Any) -> None:
        interrupted.append(True)
        raise KeyboardInterrupt

    signal.signal(signal.SIGINT, on_interrupt)
    code: Any = 0
    if COMPLETE_VAR in os.environ:  # the shell asks for completions: only then load typer's
        from carboncalc.cli.completing import malformed

        if malformed(os.environ[COMPLETE_VAR], os.environ):
            sys.exit(EXIT_INVALID)  # no completions, and nothing written into the prompt
        import typer.completion

        typer.completion.completion_init()  # type: ignore[attr-defined]
    try:
        try:
            # prog_name: usage and errors say "carboncalc" however it was started (python -m
            # carboncalc, a test runner), rather than the name click would guess from sys.argv.
            code = _app_for(sys.argv[1:])(prog_name="carboncalc", standalone_mode=False) or 0
        except SystemExit as done:
            code = done.code
        except UsageError as exc:  # a bad option or argument: one line, as for any bad input
            sys.stderr.write(usage_line(exc) + "\n")
            code = EXIT_INVALID
        if isinstance(sys.stdout, PacifyFlushWrapper):
            raise BrokenPipeError  # Typer met a broken pipe and exited 1
        sys.stdout.flush()
    except KeyboardInterrupt:
        interrupted.append(True)
    except BrokenPipeError:
        _die_by(signal.SIGPIPE)
    except OSError as exc:
        if exc.filename is not None:
            raise  # a file carboncalc did not expect to touch: a bug, shown as such
        _quiet_stdout()
        sys.stderr.write(f"carboncalc: cannot write the output: {exc.strerror}\n")
        code = EXIT_INVALID
    if interrupted:
        _die_by(signal.SIGINT)
    sys.exit(code)


# How the command-line library words a bad value, and how carboncalc says it.
_WORDING = (
    ("Value error, ", ""),
    ("Input should be a valid integer, unable to parse string as an integer",
     "expected a whole number"),
    ("Input should be a valid number, unable to parse string as a number", "expected a number"),
    ("Input should be a valid integer", "expected a whole number"),
    ("Input should be a valid number", "expected a number"),
    ("Input should be greater than or equal to ", "expected at least "),
    ("Input should be less than or equal to ", "expected at most "),
    ("Input should be ", "expected "),
)  # fmt: skip


def usage_line(exc: UsageError) -> str:
    """``carboncalc credits: Invalid value for '--baseline': 'xx' is not one of 'project',
    'counterfactual' (carboncalc credits -h)``: one line, in carboncalc's words."""
    message = exc.format_message()
    for theirs, ours in _WORDING:
        message = message.replace(theirs, ours)
    path = exc.ctx.command_path if exc.ctx is not None else "carboncalc"
    return f"{path}: {printable(message)} (see {path} -h)"


def _quiet_stdout() -> None:
    """Point stdout at /dev/null, so that the flush at exit cannot fail a second time."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)


def _die_by(signum: int) -> None:
    """End the process by a signal, as a shell expects of an interrupted or cut-off program."""
    import signal

    _quiet_stdout()
    signal.signal(signum, signal.SIG_DFL)
    os.kill(os.getpid(), signum)
    sys.exit(128 + signum)  # where the signal cannot end the process


# The commands register themselves on `app` when imported, in the order --help lists them.
for _module in ("figures", "analysis", "evidence", "observing", "matching", "files", "ledger"):
    importlib.import_module(f"carboncalc.cli.{_module}")
