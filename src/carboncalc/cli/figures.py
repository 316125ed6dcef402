"""Commands that give a project's figures: list, show, stock, emissions, equivalents, credits,
uncertainty."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Annotated

import typer

from carboncalc.cli import (
    EXIT_INVALID,
    BaselineOpt,
    CaseOpt,
    FactorsOpt,
    Fmt,
    FormatOpt,
    PlotOpt,
    ProjectArg,
    ProjectsDirOpt,
    RulesOpt,
    SamplesOpt,
    ScenarioOpt,
    SeedOpt,
    SetOpt,
    VintagesOpt,
    _factors,
    _load,
    _progress,
    _reported,
    _write_problems,
    app,
    examples,
)
from carboncalc.core.sampling import DEFAULT_SAMPLES
from carboncalc.errors import CarboncalcError

if TYPE_CHECKING:
    from carboncalc.files.loading import LoadedProject


@app.command(
    "list",
    rich_help_panel="Figures",
    epilog=examples("carboncalc list", "carboncalc list --format csv"),
)
def list_(
    fmt: FormatOpt = Fmt.table,
    projects_dir: ProjectsDirOpt = None,
) -> None:
    """Every project with its area and carbon stock."""
    from carboncalc import render
    from carboncalc.files.loading import load_project
    from carboncalc.files.projects import list_project_files
    from carboncalc.printable import printable
    from carboncalc.reports.projects import draft_warning, project_list

    found: list[tuple[str, str, LoadedProject | CarboncalcError]] = []
    invalid = False
    with _reported():
        for name, path in list_project_files(projects_dir):
            try:
                loaded = load_project(str(path), cache=True)
                found.append((name, str(path), loaded))
                if (draft := draft_warning(loaded)) is not None:  # its stock is made up
                    sys.stderr.write(printable(draft, one_line=True) + "\n")
            except CarboncalcError as exc:
                invalid = True
                _write_problems(exc)
                found.append((name, str(path), exc))
        render.emit(project_list(found), fmt.value)
    if invalid:
        raise typer.Exit(EXIT_INVALID)


@app.command(
    rich_help_panel="Figures",
    epilog=examples("carboncalc show los-amigos", "carboncalc show alto-mayo --format json"),
)
def show(
    project: ProjectArg,
    fmt: FormatOpt = Fmt.table,
    sets: SetOpt = None,
    scenario: ScenarioOpt = None,
    projects_dir: ProjectsDirOpt = None,
) -> None:
    """Every input with its unit and source; assumptions marked."""
    from carboncalc import render
    from carboncalc.reports.projects import ShowReport

    with _reported():
        render.emit(ShowReport(_load(project, projects_dir, sets, scenario)), fmt.value)


@app.command(
    rich_help_panel="Figures",
    help="Carbon stock by pool and in total, with published figures.\n\n"
    "The stock with its 90 % interval (a Monte Carlo of the file's uncertain inputs) first, "
    "then by pool in t C and t CO2, per hectare and for the whole area; fossil reserves kept "
    "in the ground; published stock and area claims beside carboncalc's figures, each with "
    "its verdict.",
    epilog=examples(
        "carboncalc stock alto-mayo",
        "carboncalc stock sacred-headwaters --set area=50000000acre",
        "carboncalc stock alto-mayo --format json",
    ),
)
def stock(
    project: ProjectArg,
    fmt: FormatOpt = Fmt.table,
    sets: SetOpt = None,
    scenario: ScenarioOpt = None,
    factors: FactorsOpt = None,
    samples: SamplesOpt = DEFAULT_SAMPLES,
    seed: SeedOpt = 0,
    projects_dir: ProjectsDirOpt = None,
) -> None:
    """Carbon stock by pool and in total, beside the published figures."""
    from carboncalc import render
    from carboncalc.reports.kept import kept_ranges
    from carboncalc.reports.projects import stock_report

    with _reported():
        loaded = _load(project, projects_dir, sets, scenario)
        table, chosen = (None, None)
        if factors is not None or loaded.inputs.fossil:  # refuses an unknown version or file
            table, chosen = _factors(factors, loaded)
        if not loaded.inputs.fossil:  # only fossil reserves use the factors here
            table, chosen = None, None
        report = stock_report(loaded, table=table, factors_version=chosen, samples=samples,
                              seed=seed, runner=kept_ranges)  # fmt: skip
        render.emit(report, fmt.value)


@app.command(
    rich_help_panel="Figures",
    help="Avoided emissions year by year, baseline against project.\n\n"
    "The avoided emissions with their 90 % interval (a Monte Carlo of the file's uncertain "
    "inputs) first; then forest cleared, emissions and avoided emissions for each projection "
    "year, with totals over the chosen years, the totals at every case where inputs are "
    "ranges, and published claims with their verdicts.",
    epilog=examples(
        "carboncalc emissions alto-mayo",
        "carboncalc emissions alto-mayo --from 2008 --to 2016",
        "carboncalc emissions alto-mayo --chart",
    ),
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
    samples: SamplesOpt = DEFAULT_SAMPLES,
    seed: SeedOpt = 0,
    fmt: FormatOpt = Fmt.table,
    sets: SetOpt = None,
    scenario: ScenarioOpt = None,
    projects_dir: ProjectsDirOpt = None,
) -> None:
    """Avoided emissions year by year, baseline against project."""
    from carboncalc import render
    from carboncalc.reports.kept import kept_ranges
    from carboncalc.reports.projects import emissions_report

    with _reported():
        loaded = _load(project, projects_dir, sets, scenario)
        report = emissions_report(
            loaded, first=from_year, last=to_year, case=case.value, chart=chart,
            samples=samples, seed=seed, runner=kept_ranges,
        )  # fmt: skip
        if plot is not None:
            from carboncalc.render.plot import emissions_plot

            emissions_plot(report, plot, f"{loaded.title}: forest and avoided emissions")
        render.emit(report, fmt.value)


@app.command(
    rich_help_panel="Figures",
    help="Everyday equivalents: cars off the road, homes, oil.\n\n"
    "Of a project's avoided emissions, its published emission claims and fossil "
    "reserves, or of --tco2e N; the output names the factor version used.",
    epilog=examples(
        "carboncalc equivalents alto-mayo",
        "carboncalc equivalents --tco2e 6.2e6 --years 9 --factors 2015",
        "carboncalc equivalents alto-mayo --factors my-fleet.yaml",
    ),
)
def equivalents(
    project: Annotated[
        str | None,
        typer.Argument(metavar="PROJECT", help="Project name or path (or use --tco2e)."),
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
    from carboncalc.files.quantities import MAX_MAGNITUDE
    from carboncalc.reports.projects import equivalents_report

    with _reported():
        if project is None and tco2e is None:
            raise CarboncalcError("name a PROJECT or give --tco2e N")
        if tco2e is not None and not 0 <= tco2e <= MAX_MAGNITUDE:
            raise CarboncalcError(f"--tco2e is a number of tonnes from 0 to 1e15, got {tco2e:g}")
        loaded = _load(project, projects_dir, sets, scenario) if project is not None else None
        table, chosen = _factors(factors, loaded)
        report = equivalents_report(
            loaded,
            table=table,
            factors_version=factors,
            edition=chosen,
            tco2e=tco2e,
            years=years,
            first=from_year,
            last=to_year,
        )
        render.emit(report, fmt.value)


@app.command(
    rich_help_panel="Figures",
    help="Credits by vintage, after leakage, uncertainty and buffer.\n\n"
    "Each step names its rule and source: leakage from the file or the methodology's pooled "
    "default (Haya et al. 2023); the uncertainty deduction fixed in the file or from the "
    "project's Monte Carlo uncertainty by the rule set's rule (--rules: fcpf, vcs, art-trees; "
    "default: the methodology's standard); the buffer from the file. With a "
    "counterfactual rate in the file, shows the credits it supports and the over-crediting "
    "ratio; --baseline counterfactual shows its waterfall. With a price, the revenue.",
    epilog=examples(
        "carboncalc credits alto-mayo",
        "carboncalc credits alto-mayo --rules art-trees --format json",
        "carboncalc credits alto-mayo --explain",
        "carboncalc credits my-forest.yaml --ledger",
    ),
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
    vintages: Annotated[
        VintagesOpt,
        typer.Option(
            "--vintages",
            help="projection: projection years; calendar: calendar years; monitoring: the "
            "file's credits.monitoring_periods (split by days).",
        ),
    ] = VintagesOpt.projection,
    ledger: Annotated[
        bool,
        typer.Option(
            "--ledger",
            help="Check the file's credits.ledger against the computed credits by calendar "
            "year; exit 1 when more were issued than they support.",
        ),
    ] = False,
    explain: Annotated[
        bool,
        typer.Option(
            "--explain",
            help="Each rule's source and carboncalc's reading of it in full, the buffer's base "
            "by vintage and the counterfactual's source (by default: a line per rule).",
        ),
    ] = False,
    samples: SamplesOpt = DEFAULT_SAMPLES,
    rules: RulesOpt = None,
    seed: SeedOpt = 0,
    fmt: FormatOpt = Fmt.table,
    sets: SetOpt = None,
    scenario: ScenarioOpt = None,
    projects_dir: ProjectsDirOpt = None,
) -> None:
    """Credits by vintage, after leakage, uncertainty and buffer."""
    from carboncalc import render
    from carboncalc.reports.credits import credits_report
    from carboncalc.reports.kept import kept_run

    with _reported():
        loaded = _load(project, projects_dir, sets, scenario, rules)
        base = loaded.base_case(rules)
        with _progress("Monte Carlo", samples, show=fmt == Fmt.table) as progress:
            report = credits_report(
                loaded,
                baseline=baseline.value,
                samples=samples,
                seed=seed,
                progress=progress,
                base=base.inputs if base is not None else None,
                vintages=vintages.value,
                ledger=ledger,
                runner=kept_run,
            )
        if explain:
            from dataclasses import replace

            report = replace(report, explain=True)
        render.emit(report, fmt.value)
    if report.ledger is not None and not report.ledger.holds:
        raise typer.Exit(1)


@app.command(
    rich_help_panel="Figures",
    help="Monte Carlo spread of stock, avoided emissions, credits.\n\n"
    "Inputs given as a range (uniform or triangular) or a mean with sd (normal or lognormal) "
    "are drawn independently; the output gives mean, median, 5th and 95th percentiles and the "
    "half-width of the 90 % interval as a share of the mean. The same seed gives the same output. "
    "--baseline counterfactual: avoided emissions against the counterfactual rate, drawn too.",
    epilog=examples(
        "carboncalc uncertainty alto-mayo",
        "carboncalc uncertainty alto-mayo --baseline counterfactual",
        "carboncalc uncertainty alto-mayo --samples 100000 --seed 1",
    ),
)
def uncertainty(
    project: ProjectArg,
    baseline: Annotated[
        BaselineOpt,
        typer.Option(
            "--baseline",
            help="Avoided emissions against the file's baseline (project) or its "
            "counterfactual (the one `credits --baseline counterfactual` credits against).",
        ),
    ] = BaselineOpt.project,
    samples: SamplesOpt = DEFAULT_SAMPLES,
    rules: RulesOpt = None,
    seed: SeedOpt = 0,
    fmt: FormatOpt = Fmt.table,
    sets: SetOpt = None,
    scenario: ScenarioOpt = None,
    projects_dir: ProjectsDirOpt = None,
) -> None:
    """Monte Carlo uncertainty of stock, avoided emissions and credits."""
    from carboncalc import render
    from carboncalc.reports.credits import uncertainty_report
    from carboncalc.reports.kept import kept_run

    with _reported():
        loaded = _load(project, projects_dir, sets, scenario, rules)
        with _progress("Monte Carlo", samples, show=fmt == Fmt.table) as progress:
            report = uncertainty_report(loaded, samples=samples, seed=seed, progress=progress,
                                        baseline=baseline.value, runner=kept_run)  # fmt: skip
        render.emit(report, fmt.value)
