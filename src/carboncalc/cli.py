"""The command line: parse options -> load -> compute -> render. Nothing else happens here.

Exit codes: 0 success; 1 a check that ran and found a claim that fails; 2 invalid input (a
project file, an override, an option), reported on stderr as
``file:line:column: field.path: message`` without a traceback.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from carboncalc import __version__
from carboncalc.errors import CarboncalcError, ProjectContentError

if TYPE_CHECKING:
    from carboncalc.loading import LoadedProject

EXIT_INVALID = 2
FOLDER_PROGRESS = 20  # files, from which check and compare show progress in a terminal

app = typer.Typer(
    name="carboncalc",
    help="Forest-carbon (REDD+) figures from version-controlled YAML project files: carbon "
    "stock, avoided emissions and everyday equivalents, each beside the figures its sources "
    "publish.",
    invoke_without_command=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


class Fmt(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"


class BaselineOpt(StrEnum):
    project = "project"
    counterfactual = "counterfactual"


class CaseOpt(StrEnum):
    low = "low"
    central = "central"
    high = "high"


ProjectArg = Annotated[
    str, typer.Argument(help="Project name (e.g. alto-mayo) or path to a project YAML file.")
]
FormatOpt = Annotated[
    Fmt, typer.Option("--format", "-f", help="table for people; json or csv for scripts.")
]
SetOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--set",
        "-s",
        metavar="FIELD=VALUE",
        help="What-if override of any input, repeatable; the file is not changed. Units are "
        "allowed: --set area=400000acre, --set deforestation.baseline.rate=0.75%/yr.",
    ),
]
ProjectsDirOpt = Annotated[
    Path | None,
    typer.Option(
        "--projects-dir",
        envvar="CARBONCALC_PROJECTS_DIR",
        help="Folder of project files (default: ./projects, then the seed projects).",
    ),
]
SamplesOpt = Annotated[
    int,
    typer.Option(
        "--samples", min=1, max=1_000_000, help="Monte Carlo samples, where a deduction needs them."
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
                 "`scenarios:`, applied before any --set."),
]  # fmt: skip
FactorsOpt = Annotated[
    str | None,
    typer.Option(
        "--factors", metavar="VERSION", help="Equivalence factor version (default: current)."
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
) -> None:
    """Forest-carbon (REDD+) calculator. Example: carboncalc stock alto-mayo"""
    if ctx.invoked_subcommand is None:
        sys.stderr.write(
            "Usage: carboncalc [OPTIONS] COMMAND [ARGS]...\n"
            "carboncalc: name a command, such as: carboncalc stock alto-mayo "
            "(carboncalc --help lists them all)\n"
        )
        raise typer.Exit(EXIT_INVALID)


_LOADED: list[Path] = []  # project files this command loaded, for messages about their content


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
    project: str, projects_dir: Path | None, sets: list[str] | None, scenario: str | None = None
) -> LoadedProject:
    from carboncalc.loading import load_project

    loaded = load_project(project, projects_dir=projects_dir, sets=sets, scenario=scenario)
    _LOADED.append(loaded.path)
    return loaded


def _factor_table() -> Any:
    from carboncalc.factors import load_factor_table

    return load_factor_table()


@app.command("list", rich_help_panel="Figures", epilog="Example: carboncalc list --format csv")
def list_(
    fmt: FormatOpt = Fmt.table,
    projects_dir: ProjectsDirOpt = None,
) -> None:
    """Every project with its area and carbon stock."""
    from carboncalc import render
    from carboncalc.loading import load_project
    from carboncalc.projects import list_project_files
    from carboncalc.reports import project_list

    found: list[tuple[str, str, LoadedProject | CarboncalcError]] = []
    invalid = False
    with _reported():
        for name, path in list_project_files(projects_dir):
            try:
                found.append((name, str(path), load_project(str(path))))
            except CarboncalcError as exc:
                invalid = True
                _write_problems(exc)
                found.append((name, str(path), exc))
        render.emit(project_list(found), fmt.value)
    if invalid:
        raise typer.Exit(EXIT_INVALID)


@app.command(rich_help_panel="Figures", epilog="Example: carboncalc show los-amigos")
def show(
    project: ProjectArg,
    fmt: FormatOpt = Fmt.table,
    sets: SetOpt = None,
    scenario: ScenarioOpt = None,
    projects_dir: ProjectsDirOpt = None,
) -> None:
    """A project's inputs, each with its unit and source; assumptions marked."""
    from carboncalc import render
    from carboncalc.reports import ShowReport

    with _reported():
        render.emit(ShowReport(_load(project, projects_dir, sets, scenario)), fmt.value)


@app.command(
    rich_help_panel="Figures",
    help="Carbon stock by pool and in total, beside the published figures.\n\n"
    "Stock in t C and t CO2, per hectare and for the whole area; fossil reserves "
    "kept in the ground; published stock and area claims beside carboncalc's "
    "figures.",
    epilog="Example: carboncalc stock sacred-headwaters --set area=50000000acre",
)
def stock(
    project: ProjectArg,
    fmt: FormatOpt = Fmt.table,
    sets: SetOpt = None,
    scenario: ScenarioOpt = None,
    factors: FactorsOpt = None,
    projects_dir: ProjectsDirOpt = None,
) -> None:
    """Carbon stock by pool and in total, beside the published figures."""
    from carboncalc import render
    from carboncalc.reports import stock_report

    with _reported():
        loaded = _load(project, projects_dir, sets, scenario)
        table = _factor_table() if loaded.project.fossil_reserves else None
        render.emit(stock_report(loaded, table=table, factors_version=factors), fmt.value)


@app.command(
    rich_help_panel="Figures",
    help="Avoided emissions year by year, baseline against project.\n\n"
    "Forest cleared, emissions and avoided emissions for each projection year, with "
    "totals over the chosen years, the totals at every case where inputs are "
    "ranges, and published claims.",
    epilog="Example: carboncalc emissions alto-mayo --from 2008 --to 2016",
)
def emissions(
    project: ProjectArg,
    from_year: Annotated[
        int | None, typer.Option("--from", help="First projection year (default: period start).")
    ] = None,
    to_year: Annotated[
        int | None, typer.Option("--to", help="Last projection year (default: period end).")
    ] = None,
    case: Annotated[
        CaseOpt,
        typer.Option("--case", help="Inputs given as ranges at their low, central or high value."),
    ] = CaseOpt.central,
    chart: Annotated[
        bool,
        typer.Option(
            "--chart", help="Also draw forest area and cumulative avoided emissions as text charts."
        ),
    ] = False,
    plot: PlotOpt = None,
    fmt: FormatOpt = Fmt.table,
    sets: SetOpt = None,
    scenario: ScenarioOpt = None,
    projects_dir: ProjectsDirOpt = None,
) -> None:
    """Avoided emissions year by year, baseline against project."""
    from carboncalc import render
    from carboncalc.reports import emissions_report

    with _reported():
        loaded = _load(project, projects_dir, sets, scenario)
        report = emissions_report(
            loaded, first=from_year, last=to_year, case=case.value, chart=chart
        )
        if plot is not None:
            from carboncalc.render.plot import emissions_plot

            emissions_plot(report, plot, f"{loaded.project.name}: forest and avoided emissions")
        render.emit(report, fmt.value)


@app.command(
    rich_help_panel="Figures",
    help="Everyday equivalents: cars off the road, homes, barrels of oil.\n\n"
    "Of a project's avoided emissions, its published emission claims and fossil "
    "reserves, or of --tco2e N; the output names the factor version used.",
    epilog="Examples: carboncalc equivalents alto-mayo; "
    "carboncalc equivalents --tco2e 6.2e6 --years 9 --factors 2015",
)
def equivalents(
    project: Annotated[
        str | None, typer.Argument(help="Project name or path (or use --tco2e).")
    ] = None,
    tco2e: Annotated[
        float | None, typer.Option("--tco2e", help="A quantity of t CO2e to express.")
    ] = None,
    years: Annotated[
        int | None,
        typer.Option(
            "--years", min=1, help="Years the quantity is spread over (per-year equivalents)."
        ),
    ] = None,
    from_year: Annotated[int | None, typer.Option("--from", help="First projection year.")] = None,
    to_year: Annotated[int | None, typer.Option("--to", help="Last projection year.")] = None,
    factors: FactorsOpt = None,
    fmt: FormatOpt = Fmt.table,
    sets: SetOpt = None,
    scenario: ScenarioOpt = None,
    projects_dir: ProjectsDirOpt = None,
) -> None:
    """Everyday equivalents: cars off the road, homes, barrels of oil."""
    from carboncalc import render
    from carboncalc.quantities import MAX_MAGNITUDE
    from carboncalc.reports import equivalents_report

    with _reported():
        if project is None and tco2e is None:
            raise CarboncalcError("name a PROJECT or give --tco2e N")
        if tco2e is not None and not 0 <= tco2e <= MAX_MAGNITUDE:
            raise CarboncalcError(f"--tco2e is a number of tonnes from 0 to 1e15, got {tco2e:g}")
        loaded = _load(project, projects_dir, sets, scenario) if project is not None else None
        report = equivalents_report(
            loaded,
            table=_factor_table(),
            factors_version=factors,
            tco2e=tco2e,
            years=years,
            first=from_year,
            last=to_year,
        )
        render.emit(report, fmt.value)


@app.command(
    rich_help_panel="Analysis",
    help="Validate project files and recompute their published claims.\n\n"
    "For each claim: carboncalc's figure, the published one, the difference, the tolerance and "
    "the verdict, with what the claim implies (the factor a count used, the density behind a "
    "stock). Exit 0 when every claim holds, 1 when any fails or cannot be checked, 2 when any "
    "input is invalid. With no PROJECT, checks every project in the project set.",
    epilog="Examples: carboncalc check; carboncalc check alto-mayo my-forest.yaml --format json",
)
def check(
    projects: Annotated[
        list[str] | None, typer.Argument(help="Project names or paths (default: all).")
    ] = None,
    fmt: FormatOpt = Fmt.table,
    sets: SetOpt = None,
    scenario: ScenarioOpt = None,
    projects_dir: ProjectsDirOpt = None,
) -> None:
    """Validate project files and recompute every published claim."""
    from carboncalc import render
    from carboncalc.loading import load_project
    from carboncalc.projects import expand
    from carboncalc.reports import CheckResult, check_report, check_result, invalid_result

    results: list[CheckResult] = []
    with _reported():
        refs = expand(projects or [], projects_dir)
        table = _factor_table()
        with _progress("Checking", len(refs), show=len(refs) >= FOLDER_PROGRESS) as progress:
            for done, ref in enumerate(refs, 1):
                loaded = None
                try:
                    loaded = load_project(
                        ref,
                        projects_dir=projects_dir,
                        sets=sets,
                        scenario=scenario,
                        check_scenarios=True,
                    )
                    result = check_result(loaded, table=table)
                except CarboncalcError as exc:
                    exc = _located(exc, loaded.path if loaded else None)
                    _write_problems(exc)
                    results.append(invalid_result(ref, exc))
                else:
                    results.append(result)
                if progress:
                    progress(done)
        report = check_report(results)
        render.emit(report, fmt.value)
    raise typer.Exit(report.exit_code)


@app.command(
    rich_help_panel="Files",
    help="Print the JSON Schema of a project file.\n\n"
    "Editors that read `# yaml-language-server: $schema=...` complete fields, show units and "
    "descriptions on hover and mark mistakes as you type.",
    epilog="Example: carboncalc schema > projects/project.schema.json",
)
def schema() -> None:
    """Print the JSON Schema of a project file."""
    from carboncalc.model import json_schema
    from carboncalc.render.records import json_text

    sys.stdout.write(json_text(json_schema()) + "\n")


@app.command(
    rich_help_panel="Files",
    help="Write a commented starting file for a new project.\n\n"
    "NAME is a plain name, written as NAME.yaml in --projects-dir (or $CARBONCALC_PROJECTS_DIR), "
    "else in ./projects if it exists, else here; or a path ending in .yaml. Every value in it "
    "is a placeholder marked as an assumption. An existing file is never overwritten.",
    epilog="Example: carboncalc new my-forest && carboncalc show my-forest",
)
def new(
    name: Annotated[str, typer.Argument(help="Project name, or a path ending in .yaml.")],
    projects_dir: ProjectsDirOpt = None,
) -> None:
    """Write a commented starting file for a new project."""
    from carboncalc.projects import new_project_file

    with _reported():
        path = new_project_file(name, projects_dir)
    typer.echo(f"wrote {path}")
    schema = path.parent / "project.schema.json"
    if not schema.exists():
        sys.stderr.write(f"for completion in your editor: carboncalc schema > {schema}\n")


@app.command(
    rich_help_panel="Analysis",
    help="Projects, or one project's scenarios, side by side.\n\n"
    "With no PROJECT, every project in the project set; a folder is a portfolio of its files. "
    "Several projects get a total row. With --scenarios, one project's base case beside each "
    "of its named scenarios.",
    epilog="Examples: carboncalc compare; carboncalc compare alto-mayo --scenarios",
)
def compare(
    targets: Annotated[
        list[str] | None, typer.Argument(help="Projects, paths or folders (default: all).")
    ] = None,
    scenarios: Annotated[
        bool, typer.Option("--scenarios", help="Compare one project's scenarios.")
    ] = False,
    samples: SamplesOpt = 1000,
    seed: SeedOpt = 0,
    fmt: FormatOpt = Fmt.table,
    sets: SetOpt = None,
    projects_dir: ProjectsDirOpt = None,
) -> None:
    """Projects or scenarios side by side; a portfolio with a total row."""
    from carboncalc import render
    from carboncalc.loading import load_project
    from carboncalc.projects import expand
    from carboncalc.reports import CompareRow, compare_report, compare_row

    rows: list[CompareRow] = []
    invalid = False
    with _reported():
        table = _factor_table()
        if scenarios:
            if not targets or len(targets) != 1:
                raise CarboncalcError("--scenarios compares the scenarios of one PROJECT")
            base = _load(targets[0], projects_dir, sets)
            rows.append(compare_row(base, "base", table=table, samples=samples, seed=seed))
            for name in base.project.scenarios:
                loaded = _load(targets[0], projects_dir, sets, name)
                rows.append(compare_row(loaded, name, table=table, samples=samples, seed=seed))
            render.emit(compare_report(f"{base.name}: scenarios", rows, portfolio=False), fmt.value)
            return
        refs = expand(targets or [], projects_dir)
        with _progress("Comparing", len(refs), show=len(refs) >= FOLDER_PROGRESS) as progress:
            for done, ref in enumerate(refs, 1):
                try:
                    loaded = load_project(ref, projects_dir=projects_dir, sets=sets)
                    _LOADED.append(loaded.path)
                    rows.append(compare_row(loaded, loaded.name, table=table, samples=samples,
                                            seed=seed))  # fmt: skip
                except CarboncalcError as exc:
                    invalid = True
                    _write_problems(_located(exc, _LOADED[-1] if _LOADED else None))
                if progress:
                    progress(done)
        title = "Portfolio" if len(rows) > 1 else "Project"
        render.emit(compare_report(title, rows, portfolio=True), fmt.value)
    if invalid:
        raise typer.Exit(EXIT_INVALID)


@app.command(
    rich_help_panel="Analysis",
    help="The main results as one input moves across a range.\n\n"
    "FIELD is a path as for --set; FROM and TO are values with an optional unit (the unit of "
    "FROM applies to both). Each step is the same run as --set FIELD=VALUE.",
    epilog="Example: carboncalc sweep alto-mayo deforestation.baseline.rate 0.2%/yr 1.0%/yr",
)
def sweep(
    project: ProjectArg,
    field: Annotated[str, typer.Argument(help="Input to vary, e.g. deforestation.baseline.rate.")],
    start: Annotated[str, typer.Argument(metavar="FROM", help="First value, e.g. 0.2%/yr.")],
    stop: Annotated[str, typer.Argument(metavar="TO", help="Last value, e.g. 1.0%/yr.")],
    steps: Annotated[
        int, typer.Option("--steps", min=2, max=1000, help="Values, ends included.")
    ] = 5,
    samples: SamplesOpt = 1000,
    seed: SeedOpt = 0,
    fmt: FormatOpt = Fmt.table,
    sets: SetOpt = None,
    scenario: ScenarioOpt = None,
    projects_dir: ProjectsDirOpt = None,
) -> None:
    """The main results as one input moves across a range."""
    from carboncalc import render
    from carboncalc.reports import compare_report, compare_row, sweep_values
    from carboncalc.units import parse_number_unit

    with _reported():
        (lo, unit), (hi, unit_to) = parse_number_unit(start), parse_number_unit(stop)
        if (
            unit_to is not None
            and unit is not None
            and unit_to.replace(" ", "") != unit.replace(" ", "")
        ):
            raise CarboncalcError(f"FROM and TO have different units: {unit!r} and {unit_to!r}")
        unit = unit or unit_to or ""
        table = _factor_table()
        rows = []
        for value in sweep_values(lo, hi, steps=steps):
            text = f"{value:g}{unit}" if float(f"{value:g}") == value else f"{value!r}{unit}"
            loaded = _load(project, projects_dir, [*(sets or []), f"{field}={text}"], scenario)
            rows.append(compare_row(loaded, text, table=table, samples=samples, seed=seed))
        title = f"{loaded.name}: {field} from {start} to {stop}"
        render.emit(compare_report(title, rows, portfolio=False), fmt.value)


@app.command(
    rich_help_panel="Analysis",
    help="Each input at its low and high value, ranked: a tornado.\n\n"
    "With --pct P, every input at its central value -/+ P %. Credits keep the base case's "
    "uncertainty deduction, so the ranking shows each input's own effect.",
    epilog="Examples: carboncalc sensitivity alto-mayo; carboncalc sensitivity los-amigos --pct 10",
)
def sensitivity(
    project: ProjectArg,
    pct: Annotated[
        float | None, typer.Option("--pct", min=0, max=100, help="Move every input by -/+ P %.")
    ] = None,
    samples: SamplesOpt = 1000,
    seed: SeedOpt = 0,
    plot: PlotOpt = None,
    fmt: FormatOpt = Fmt.table,
    sets: SetOpt = None,
    scenario: ScenarioOpt = None,
    projects_dir: ProjectsDirOpt = None,
) -> None:
    """Inputs ranked by their effect on avoided emissions and credits."""
    from carboncalc import render
    from carboncalc.credit_reports import sensitivity_report

    with _reported():
        loaded = _load(project, projects_dir, sets, scenario)
        report = sensitivity_report(loaded, pct=pct, samples=samples, seed=seed)
        if plot is not None:
            from carboncalc.render.plot import tornado_plot

            name = loaded.project.name
            tornado_plot(report.tornado, plot, f"{name}: sensitivity of avoided emissions")
        render.emit(report, fmt.value)


@app.command(
    rich_help_panel="Files",
    help="Write a self-contained Markdown or HTML report of a project.\n\n"
    "Inputs with their sources and assumptions, stock, emissions, credits, equivalents, the "
    "check of every published claim, and charts (inline SVG in HTML when matplotlib is "
    "installed; text charts always). An existing FILE is replaced only with --force; the report "
    "is written to a temporary file first, so a failure leaves the old one intact.",
    epilog="Example: carboncalc report alto-mayo -o alto-mayo.html",
)
def report(
    project: ProjectArg,
    output: Annotated[Path, typer.Option("--output", "-o", help="FILE.md or FILE.html.")],
    force: Annotated[
        bool, typer.Option("--force", help="Replace FILE if it exists (never through a link).")
    ] = False,
    samples: SamplesOpt = 1000,
    seed: SeedOpt = 0,
    sets: SetOpt = None,
    scenario: ScenarioOpt = None,
    projects_dir: ProjectsDirOpt = None,
) -> None:
    """Write a Markdown or HTML report of a project."""
    from carboncalc.errors import Problem
    from carboncalc.render import document
    from carboncalc.reports import everything_report
    from carboncalc.writing import write_text

    with _reported():
        suffix = output.suffix.lower()
        if suffix not in (".md", ".html", ".htm"):
            raise CarboncalcError(f"-o writes a .md or .html file, not {output.name!r}")
        if not os.path.isdir(output.parent):
            raise CarboncalcError(f"-o: no folder {str(output.parent)!r}")
        if os.path.lexists(output) and not force:  # said before the work, and again when writing
            raise CarboncalcError([Problem("the file exists; --force replaces it", str(output))])
        loaded = _load(project, projects_dir, sets, scenario)
        parts = everything_report(loaded, table=_factor_table(), samples=samples, seed=seed)
        blocks = document.blocks(loaded, **parts)
        text = document.markdown(blocks) if suffix == ".md" else document.html_page(blocks)
        replaced = write_text(output, text, replace=force, if_exists="--force replaces it")
    typer.echo(f"wrote {output}" + (" (replaced the file that was there)" if replaced else ""))


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


@app.command(
    rich_help_panel="Figures",
    help="Credits by vintage: avoided emissions less leakage, uncertainty and buffer.\n\n"
    "Each step names its rule and source: leakage from the file or the methodology's pooled "
    "default (Haya et al. 2023); the uncertainty deduction fixed in the file or from the "
    "project's Monte Carlo uncertainty through the FCPF table; the buffer from the file. With a "
    "counterfactual rate in the file, shows the credits it supports and the over-crediting "
    "ratio; --baseline counterfactual shows its waterfall. With a price, the revenue.",
    epilog="Example: carboncalc credits alto-mayo --baseline counterfactual",
)
def credits(
    project: ProjectArg,
    baseline: Annotated[
        BaselineOpt,
        typer.Option(
            "--baseline",
            help="project: the file's baseline; counterfactual: its counterfactual rate.",
        ),
    ] = BaselineOpt.project,
    samples: SamplesOpt = 1000,
    seed: SeedOpt = 0,
    fmt: FormatOpt = Fmt.table,
    sets: SetOpt = None,
    scenario: ScenarioOpt = None,
    projects_dir: ProjectsDirOpt = None,
) -> None:
    """Credits by vintage, after leakage, uncertainty and buffer."""
    from carboncalc import render
    from carboncalc.credit_reports import credits_report

    with _reported():
        loaded = _load(project, projects_dir, sets, scenario)
        with _progress("Monte Carlo", samples, show=fmt == Fmt.table) as progress:
            report = credits_report(
                loaded, baseline=baseline.value, samples=samples, seed=seed, progress=progress
            )
        render.emit(report, fmt.value)


@app.command(
    rich_help_panel="Figures",
    help="Monte Carlo uncertainty of stock, avoided emissions and credits.\n\n"
    "Inputs given as a range (uniform or triangular) or a mean with sd (normal or lognormal) "
    "are drawn independently; the output gives mean, median, 5th and 95th percentiles and the "
    "half-width of the 90 % interval as a share of the mean. The same seed gives the same output.",
    epilog="Example: carboncalc uncertainty alto-mayo --samples 10000 --seed 1",
)
def uncertainty(
    project: ProjectArg,
    samples: SamplesOpt = 10_000,
    seed: SeedOpt = 0,
    fmt: FormatOpt = Fmt.table,
    sets: SetOpt = None,
    scenario: ScenarioOpt = None,
    projects_dir: ProjectsDirOpt = None,
) -> None:
    """Monte Carlo uncertainty of stock, avoided emissions and credits."""
    from carboncalc import render
    from carboncalc.credit_reports import uncertainty_report

    with _reported():
        loaded = _load(project, projects_dir, sets, scenario)
        with _progress("Monte Carlo", samples, show=fmt == Fmt.table) as progress:
            report = uncertainty_report(loaded, samples=samples, seed=seed, progress=progress)
        render.emit(report, fmt.value)


def main() -> None:
    """The console script. Whatever happens to the terminal and the streams, carboncalc ends
    with a meaningful status and never a traceback:

    - Ctrl-C ends the process by SIGINT (so a shell loop around it stops too);
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
    try:
        try:
            app()
        except SystemExit as done:
            code = done.code
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
