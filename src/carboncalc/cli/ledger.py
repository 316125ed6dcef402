"""The command that reads a registry's export into the project's ledger: ledger."""

from __future__ import annotations

import os
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from carboncalc.cli import (
    ProjectArg,
    ProjectsDirOpt,
    QuietOpt,
    _load,
    _note,
    _reported,
    app,
    examples,
)
from carboncalc.errors import CarboncalcError, Problem

MAX_EXPORT_BYTES = 200_000_000  # a whole registry's export is far smaller than this
MARK = "# carboncalc ledger:"  # the first line of every ledger file carboncalc writes


class LedgerFmt(StrEnum):
    yaml = "yaml"
    table = "table"
    json = "json"
    csv = "csv"


@app.command(
    rich_help_panel="Files",
    short_help="A registry's export of the project's credits, as its credits.ledger.",
    help="Read a Verra Registry VCU export (CSV) or CarbonPlan OffsetsDB's credits table and "
    "write the project's ledger by vintage: credits issued, retired and cancelled, and who they "
    "were retired for.\n\n"
    "Columns read, by their headers (others are ignored): Verra VCU export: `ID`, `Vintage "
    "Start`, `Vintage End`, `Quantity Issued`, `Retirement/Cancellation Date`, `Retirement "
    "Beneficiary`. OffsetsDB credits table: `project_id`, `quantity`, `vintage`, "
    "`transaction_type` (issuance, retirement or cancellation), `retirement_beneficiary`.\n\n"
    "Only the rows of the project file's registry.project_id are read (944 and VCS944 are one "
    "project): OffsetsDB's table holds every project, and the other projects' rows are skipped "
    "and counted; in a Verra export, which is one project's, another project's row is a "
    "problem. A vintage spanning several years is "
    "split between them by days. The Verra export does not tell retirements from "
    "cancellations: its retired-or-cancelled blocks are counted as retired. The ledger is "
    "printed as YAML to paste under `credits:`, or written with --write to a new file named "
    "NAME.ledger.yaml (a folder of projects leaves such files out; --force replaces only a "
    "ledger file carboncalc wrote, never the project file or the export); then `carboncalc "
    "credits --ledger` checks it against the computed credits.",
    epilog=examples(
        "carboncalc ledger alto-mayo vcus-944.csv",
        "carboncalc ledger alto-mayo vcus-944.csv --write vcs-944.ledger.yaml",
        "carboncalc ledger alto-mayo credits.csv --format table",
    ),
)
def ledger(
    project: ProjectArg,
    file: Annotated[
        Path,
        typer.Argument(
            metavar="FILE",
            help="The registry's CSV export (Verra VCU export or OffsetsDB credits table).",
            show_default=False,
        ),
    ],
    write: Annotated[
        Path | None,
        typer.Option(
            "--write",
            metavar="FILE",
            help="Write the YAML to FILE, in the project's folder, instead of printing it.",
        ),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="With --write: replace a ledger FILE carboncalc wrote.")
    ] = False,
    source: Annotated[
        str,
        typer.Option(
            "--source",
            metavar="ID",
            help="The source id the ledger cites (add it to the file's `sources`).",
        ),
    ] = "registry",
    fmt: Annotated[
        LedgerFmt, typer.Option("--format", "-f", help="yaml (to paste), table, json or csv.")
    ] = LedgerFmt.yaml,
    projects_dir: ProjectsDirOpt = None,
    quiet: QuietOpt = False,
) -> None:
    """A registry's export of the project's credits, as its credits.ledger."""
    from carboncalc import render
    from carboncalc.files.reading import read_bytes
    from carboncalc.files.registry import read_registry_export
    from carboncalc.files.writing import write_text
    from carboncalc.render.ledger import ledger_yaml
    from carboncalc.reports.ledger import ledger_import

    with _reported():
        loaded = _load(project, projects_dir, None)
        check_source(source)
        if force and write is None:
            raise CarboncalcError([Problem("needs --write (it lets --write replace "
                                           "a ledger file carboncalc wrote)", None,
                                           field="--force")])  # fmt: skip
        if write is not None:  # said before the work, and again when writing
            if fmt != LedgerFmt.yaml:
                raise CarboncalcError([Problem("--write writes the YAML: leave out --format",
                                               None, field="--write")])  # fmt: skip
            check_target(write, project=loaded.path, export=file, force=force)
        registry = loaded.project.registry
        project_id = registry.project_id if registry is not None else None
        if project_id is None:
            message = "the project file gives no registry.project_id to pick the export's rows by"
            raise CarboncalcError([Problem(message, str(loaded.path), field="registry.project_id")])
        name = str(file)
        data = read_bytes(file, name, limit=MAX_EXPORT_BYTES, what="registry exports")
        export = read_registry_export(data, name, project_id=project_id)
        result = ledger_import(loaded, export, file=name, source=source, project_id=project_id)
        if write is not None:
            replaced = write_text(write, ledger_yaml(result), replace=force,
                                  if_exists="--force replaces it")  # fmt: skip
        elif fmt == LedgerFmt.yaml:
            typer.echo(ledger_yaml(result), nl=False)
        else:
            render.emit(result, fmt.value)  # type: ignore[arg-type]
    if write is not None:
        _note(f"wrote {write}" + (" (replaced the file that was there)" if replaced else ""),
              quiet=quiet)  # fmt: skip


def _inside(path: Path, folder: Path) -> bool:
    try:
        return path.parent.resolve().is_relative_to(folder.resolve())
    except (OSError, RuntimeError):
        return False


def _same(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return a.resolve() == b.resolve()


def check_target(write: Path, *, project: Path, export: Path, force: bool) -> None:
    """Refuse, before any work, a --write target that is not a ledger file of carboncalc's.

    Only a file named ``.yaml`` (or ``.yml``) is written, and an existing one is replaced (with
    --force) only when its first line is the header carboncalc writes, ``# carboncalc
    ledger:``: a project file, a registry's export or any file of the user's never starts so,
    so no --force can replace one of them with a YAML fragment (the project file and the export
    being read are refused by name, whatever they hold)."""
    from carboncalc.files.projects import LEDGER_SUFFIX, package_projects_dir

    where = str(write)
    if _same(write, project):
        raise CarboncalcError([Problem("is the project file: --write writes a ledger file of "
                                       "its own; give a new name, e.g. vcs-944.ledger.yaml", where,
                                       field="--write")])  # fmt: skip
    if _same(write, export):
        raise CarboncalcError([Problem("is the export being read: give --write a new name, "
                                       "e.g. vcs-944.ledger.yaml", where,
                                       field="--write")])  # fmt: skip
    if not write.name.endswith(LEDGER_SUFFIX) or write.name == LEDGER_SUFFIX:
        raise CarboncalcError([Problem(f"expected a file name ending {LEDGER_SUFFIX}, e.g. "
                                       f"vcs-944{LEDGER_SUFFIX}: a folder of projects then "
                                       "leaves it out", where, field="--write")])  # fmt: skip
    if _inside(write, package_projects_dir()):
        raise CarboncalcError([Problem("is in the folder of the projects shipped with "
                                       "carboncalc, which carboncalc never writes in: give "
                                       "--write a path in a folder of yours", where,
                                       field="--write")])  # fmt: skip
    if not os.path.lexists(write) or os.path.islink(write) or not os.path.isfile(write):
        return  # a link or what is not a file is refused when writing
    try:
        with open(write, "rb") as f:
            first = f.read(len(MARK.encode()))
    except OSError as exc:
        raise CarboncalcError([Problem(f"cannot read it: {exc.strerror}", where)]) from None
    if first != MARK.encode():
        raise CarboncalcError([Problem(f"not a ledger carboncalc wrote (its first line is not "
                                       f"{MARK!r}): carboncalc replaces only its own ledger "
                                       "files; give --write a new name", where,
                                       field="--write")])  # fmt: skip
    if not force:
        raise CarboncalcError([Problem("the file exists; --force replaces it", where)])


def check_source(source: str) -> None:
    """--source is cited as a key of the project file's `sources`: it must be a source id."""
    import re

    from carboncalc.errors import quote
    from carboncalc.files.quantities import SOURCE_ID_MAX, SOURCE_ID_PATTERN

    if len(source) > SOURCE_ID_MAX or not re.fullmatch(SOURCE_ID_PATTERN, source):
        got = quote(source) if source else "empty"
        message = (f"{got}: expected a source id, lower-case letters, digits, '_', '.' and '-', "
                   f"starting with a letter or digit, at most {SOURCE_ID_MAX} characters "
                   "(e.g. verra-2024)")  # fmt: skip
        raise CarboncalcError([Problem(message, None, field="--source")])
