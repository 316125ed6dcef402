"""Commands that analyse: check, compare, sweep, sensitivity."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Annotated

import typer

from carboncalc.cli import (
    _LOADED,
    EXIT_INVALID,
    FOLDER_PROGRESS,
    CheckFmt,
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
    _factor_table,
    _factors,
    _load,
    _located,
    _progress,
    _reported,
    _warn,
    _write_problems,
    app,
    examples,
)
from carboncalc.cli.completing import complete_field
from carboncalc.core.sampling import DEFAULT_SAMPLES
from carboncalc.errors import CarboncalcError

if TYPE_CHECKING:
    from carboncalc.core.inputs import FactorTable, ProjectInputs
    from carboncalc.files.loading import LoadedProject
    from carboncalc.reports.compare import CompareRow
    from carboncalc.reports.credits import Rule


@app.command(
    rich_help_panel="Analysis",
    help="Validate project files and recompute their published claims.\n\n"
    "For each claim: carboncalc's figure, the published one, the difference, the tolerance, "
    "the verdict and whether the published figure lies within carboncalc's 90 % interval (a "
    "Monte Carlo of the file's uncertain inputs), with what the claim implies (the factor a "
    "count used, the density behind a stock). Exit 0 when every claim holds, 1 when any fails "
    "or cannot be checked, 2 when any input is invalid. A claim whose file expects it to fail "
    "(`expect: {verdict: fails, reason: ...}`) is reported as an expected failure and does not "
    "fail the check; if it holds, the check fails until `expect` is removed. With no PROJECT, "
    "checks every project in the project set.",
    epilog=examples(
        "carboncalc check",
        "carboncalc check alto-mayo my-forest.yaml --format json",
        "carboncalc check projects/ --output-format github",
        "carboncalc check projects/ --output-format junit > carboncalc-check.xml",
    ),
)
def check(
    projects: Annotated[
        list[str] | None,
        typer.Argument(metavar="PROJECT", help="Project names or paths (default: all)."),
    ] = None,
    fmt: Annotated[
        CheckFmt,
        typer.Option(
            "--output-format",
            "--format",
            "-f",
            help="text (the same as table) for people; json or csv for scripts (csv-full: "
            "floats unrounded); github: GitHub Actions annotations, one per line; junit: "
            "JUnit XML for a CI's test report.",
        ),
    ] = CheckFmt.text,
    sets: SetOpt = None,
    scenario: ScenarioOpt = None,
    samples: SamplesOpt = DEFAULT_SAMPLES,
    seed: SeedOpt = 0,
    projects_dir: ProjectsDirOpt = None,
) -> None:
    """Validate project files and recompute every published claim, with the 90 % interval of
    carboncalc's figure from a Monte Carlo of the project's uncertain inputs."""
    from carboncalc.files.loading import load_project
    from carboncalc.files.projects import expand
    from carboncalc.render.ci import check_writer
    from carboncalc.reports.check import CheckTally, check_result, invalid_result
    from carboncalc.reports.kept import kept_ranges

    tally = CheckTally()
    with _reported():
        refs = expand(projects or [], projects_dir)
        if not refs:  # a CI that checks nothing must not pass (a folder emptied, a wrong path)
            where = " ".join(projects or []) or str(projects_dir or "the project set")
            raise CarboncalcError(f"no project files (*.yaml) in {where}: nothing to check")
        table = _factor_table()
        out = check_writer(fmt.value)  # each file's result is written as it comes
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
                        cache=True,
                    )
                    _warn(loaded, drafts=False)  # its placeholders are in its result
                    if loaded.inputs.equivalents_factors is not None:
                        _factors(None, loaded)  # the edition it chooses: a version, or its file
                    result = check_result(loaded, table=table, samples=samples, seed=seed,
                                          runner=kept_ranges)  # fmt: skip
                except CarboncalcError as exc:
                    exc = _located(exc, loaded.path if loaded else None)
                    _write_problems(exc)
                    result = invalid_result(ref, exc, str(loaded.path) if loaded else None)
                tally.add(result)
                out.add(result)
                if progress:
                    progress(done)
        out.close(tally.summary(), tally.exit_code)
    raise typer.Exit(tally.exit_code)


def _row(loaded: LoadedProject, label: str, *, table: FactorTable, samples: int, seed: int,
         known: Rule | None = None) -> CompareRow:  # fmt: skip
    """``compare_row``, with the project's deduction from the result cache where a run with the
    same inputs, samples and seed kept it: a repeated `compare` or `sweep` draws no samples."""
    from carboncalc.reports.compare import compare_row

    if known is None:
        known = _kept_deduction(loaded.inputs, samples=samples, seed=seed)
    return compare_row(loaded, label, table=table, samples=samples, seed=seed, known=known)


def _kept_deduction(inputs: ProjectInputs, *, samples: int, seed: int) -> Rule | None:
    """The deduction of a project whose deduction needs a Monte Carlo (against its baseline,
    by projection year, as a row shows it), from the result cache or computed and kept; None
    where the cache is off or the project needs none (the row then computes what it needs)."""
    rules = inputs.credits
    if rules is None or rules.uncertainty is not None or not inputs.has_emissions:
        return None
    from carboncalc.files import cache
    from carboncalc.reports.credits import Rule, deduction_rules

    options = {"result": "deduction", "samples": samples, "seed": seed}
    key = cache.result_key(inputs, options)
    if key is None:
        return None
    kept = cache.lookup_result(key)
    if kept is not None:
        try:
            each = kept["by_vintage_pct"]
            return Rule(float(kept["pct"]), str(kept["how"]),
                        None if each is None else tuple(float(x) for x in each))  # fmt: skip
        except (KeyError, TypeError, ValueError):
            pass  # not as this code keeps it: computed again
    rule = deduction_rules(inputs, samples=samples, seed=seed)[1]
    each = None if rule.by_vintage_pct is None else list(rule.by_vintage_pct)
    cache.store_result(key, {"pct": rule.pct, "how": rule.how, "by_vintage_pct": each})
    return rule


@app.command(
    rich_help_panel="Analysis",
    help="Projects, or one project's scenarios, side by side.\n\n"
    "With no PROJECT, every project in the project set; a folder is a portfolio of its files. "
    "Several projects get a total row. With --scenarios, one project's base case beside each "
    "of its named scenarios.",
    epilog=examples(
        "carboncalc compare",
        "carboncalc compare alto-mayo los-amigos --rules fcpf",
        "carboncalc compare alto-mayo --scenarios",
    ),
)
def compare(
    targets: Annotated[
        list[str] | None,
        typer.Argument(metavar="PROJECT", help="Projects, paths or folders (default: all)."),
    ] = None,
    scenarios: Annotated[
        bool, typer.Option("--scenarios", help="Compare one project's scenarios.")
    ] = False,
    samples: SamplesOpt = DEFAULT_SAMPLES,
    rules: RulesOpt = None,
    seed: SeedOpt = 0,
    fmt: FormatOpt = Fmt.table,
    sets: SetOpt = None,
    projects_dir: ProjectsDirOpt = None,
) -> None:
    """Projects or scenarios side by side; a portfolio with a total row."""
    from carboncalc import render
    from carboncalc.files.loading import load_project, read_source
    from carboncalc.files.projects import expand
    from carboncalc.files.validation import check_rules_option
    from carboncalc.render.compare import CompareWriter
    from carboncalc.reports.compare import (
        compare_report,
        gwp_uses,
        mixed_gwp_warning,
    )

    rows: list[CompareRow] = []
    invalid = False
    with _reported():
        if rules is not None:  # once, not once per project of the portfolio
            check_rules_option(rules)
        table = _factor_table()
        if scenarios:
            if not targets or len(targets) != 1:
                raise CarboncalcError("--scenarios compares the scenarios of one PROJECT")
            source = read_source(targets[0], projects_dir)  # the file is read once
            base = _load(targets[0], projects_dir, sets, None, rules, source=source)
            rows.append(_row(base, "base", table=table, samples=samples, seed=seed))
            for name in base.project.scenarios:
                loaded = _load(targets[0], projects_dir, sets, name, rules, source=source)
                rows.append(_row(loaded, name, table=table, samples=samples, seed=seed))
            report = compare_report(f"{base.name}: scenarios", rows, portfolio=False,
                                    base_uncertainty_pct=rows[0].uncertainty_pct)  # fmt: skip
            render.emit(report, fmt.value)
            _warn_gwp(mixed_gwp_warning(gwp_uses(rows)))
            return
        refs = expand(targets or [], projects_dir)
        out = CompareWriter(fmt.value)  # each project's row is written as it comes
        with _progress("Comparing", len(refs), show=len(refs) >= FOLDER_PROGRESS) as progress:
            for done, ref in enumerate(refs, 1):
                try:
                    loaded = load_project(
                        ref, projects_dir=projects_dir, sets=sets, rules=rules, cache=True
                    )
                    _LOADED.append(loaded.path)
                    _warn(loaded)
                    out.add(_row(loaded, loaded.name, table=table, samples=samples, seed=seed))
                except CarboncalcError as exc:
                    invalid = True
                    _write_problems(_located(exc, _LOADED[-1] if _LOADED else None))
                if progress:
                    progress(done)
        out.close()
        _warn_gwp(mixed_gwp_warning(out.total.gwp))
    if invalid:
        raise typer.Exit(EXIT_INVALID)


def _warn_gwp(warning: str | None) -> None:
    """The portfolio's mixed GWP editions, on stderr after its rows (a warning only)."""
    if warning is not None:
        from carboncalc.printable import printable

        sys.stderr.write(printable(warning, one_line=True) + "\n")


@app.command(
    rich_help_panel="Analysis",
    help="The main results as one input moves across a range.\n\n"
    "FIELD is a path as for --set; FROM and TO are values with an optional unit (the unit of "
    "FROM applies to both). Each step is the same run as --set FIELD=VALUE.",
    epilog=examples(
        "carboncalc sweep alto-mayo deforestation.baseline.rate 0.2%/yr 1.0%/yr",
        "carboncalc sweep alto-mayo credits.buffer 10% 40% --steps 4 -f csv",
    ),
)
def sweep(
    project: ProjectArg,
    field: Annotated[
        str,
        typer.Argument(
            metavar="FIELD",
            help="Input to vary, e.g. deforestation.baseline.rate.",
            autocompletion=complete_field,
        ),
    ],
    start: Annotated[str, typer.Argument(metavar="FROM", help="First value, e.g. 0.2%/yr.")],
    stop: Annotated[str, typer.Argument(metavar="TO", help="Last value, e.g. 1.0%/yr.")],
    steps: Annotated[
        int, typer.Option("--steps", min=2, max=1000, help="Values, ends included.")
    ] = 5,
    samples: SamplesOpt = DEFAULT_SAMPLES,
    rules: RulesOpt = None,
    seed: SeedOpt = 0,
    jobs: Annotated[
        int | None,
        typer.Option(
            "--jobs",
            "-j",
            min=1,
            max=256,
            help="Processes for the steps' Monte Carlo (default: one per processor).",
        ),
    ] = None,
    fmt: FormatOpt = Fmt.table,
    sets: SetOpt = None,
    scenario: ScenarioOpt = None,
    projects_dir: ProjectsDirOpt = None,
) -> None:
    """The main results as one input moves across a range."""
    from carboncalc import render
    from carboncalc.cli.workers import in_parallel
    from carboncalc.files.loading import load_project, read_source
    from carboncalc.printable import printable
    from carboncalc.reports.compare import compare_report, sweep_values
    from carboncalc.reports.credits import deduction_rules
    from carboncalc.reports.projects import warnings
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
        source = read_source(project, projects_dir)  # the file is read once
        base = _load(project, projects_dir, sets, scenario, rules, source=source)
        known = None
        if field.startswith("credits.") and base.inputs.credits is not None:
            # a credit input leaves avoided emissions, and so the deduction, as they are: the
            # base case's Monte Carlo is run once, not once per step
            known = deduction_rules(base.inputs, samples=samples, seed=seed)[1]
        texts = [f"{v:g}{unit}" if float(f"{v:g}") == v else f"{v!r}{unit}"
                 for v in sweep_values(lo, hi, steps=steps)]  # fmt: skip

        def step(text: str) -> tuple[CompareRow, tuple[str, ...]]:
            with_step = [*(sets or []), f"{field}={text}"]
            loaded = load_project(project, projects_dir=projects_dir, sets=with_step,
                                  scenario=scenario, rules=rules, source=source)  # fmt: skip
            row = _row(loaded, text, table=table, samples=samples, seed=seed, known=known)
            return row, warnings(loaded, placeholders=False)  # the base case said so

        # each step runs its own Monte Carlo unless the deduction is known: spread them over
        # the processors (the rows, warnings and output are the same as one after another)
        done = in_parallel(step, texts, jobs=1 if known is not None or not samples else jobs)
        for _, said in done:
            for line in said:
                sys.stderr.write(printable(line, one_line=True) + "\n")
        rows = [row for row, _ in done]
        title = f"{base.name}: {field} from {start} to {stop}"
        base_row = _row(base, "base", table=table, samples=samples, seed=seed, known=known)
        report = compare_report(title, rows, portfolio=False,
                                base_uncertainty_pct=base_row.uncertainty_pct)  # fmt: skip
        render.emit(report, fmt.value)


@app.command(
    rich_help_panel="Analysis",
    help="Each input at its low and high value, ranked: a tornado.\n\n"
    "With --pct P, every input at its central value -/+ P %. Credits keep the base case's "
    "uncertainty deduction, so the ranking shows each input's own effect.",
    epilog=examples(
        "carboncalc sensitivity alto-mayo",
        "carboncalc sensitivity los-amigos --pct 10",
        "carboncalc sensitivity alto-mayo --format json",
    ),
)
def sensitivity(
    project: ProjectArg,
    pct: Annotated[
        float | None, typer.Option("--pct", min=0, max=100, help="Move every input by -/+ P %.")
    ] = None,
    samples: SamplesOpt = DEFAULT_SAMPLES,
    rules: RulesOpt = None,
    seed: SeedOpt = 0,
    plot: PlotOpt = None,
    fmt: FormatOpt = Fmt.table,
    sets: SetOpt = None,
    scenario: ScenarioOpt = None,
    projects_dir: ProjectsDirOpt = None,
) -> None:
    """Inputs ranked by their effect on avoided emissions and credits."""
    from carboncalc import render
    from carboncalc.reports.credits import sensitivity_report

    with _reported():
        loaded = _load(project, projects_dir, sets, scenario, rules)
        report = sensitivity_report(loaded, pct=pct, samples=samples, seed=seed)
        if plot is not None:
            from carboncalc.render.inputs import input_rows
            from carboncalc.render.plot import tornado_plot

            name = loaded.title
            units = {r.field: r.unit for r in input_rows(loaded.project)}
            tornado_plot(report.tornado, plot, f"{name}: sensitivity of avoided emissions", units)
        render.emit(report, fmt.value)
