"""Commands on observed rates and independent evidence: rates, did, evidence."""

from __future__ import annotations

from typing import Annotated

import typer

from carboncalc.cli import Fmt, FormatOpt, ProjectsDirOpt, _reported, app, examples
from carboncalc.errors import CarboncalcError


@app.command(
    rich_help_panel="Analysis",
    help="Deforestation rates from observed areas (Puyravaud 2003).\n\n"
    "Each POINT is an area at a year or a day: 500000ha@2010, 1500km2@2010-06-30. Gives, between "
    "consecutive points (and over the whole series): the FAO annual rate q = (A2/A1)^(1/t) - 1, "
    "Puyravaud's r = ln(A2/A1)/t, the linear rate (A2 - A1)/(A1 t) and the area per year, and the "
    "rate to write in a project file.",
    epilog=examples(
        "carboncalc rates 500000ha@2010 420000ha@2020",
        "carboncalc rates 1100ha@2010-06-30 1000ha@2020-06-30 --format json",
    ),
)
def rates(
    points: Annotated[
        list[str],
        typer.Argument(metavar="AREA@YEAR", help="Observed areas, AREA@YEAR or AREA@DATE."),
    ],
    fmt: FormatOpt = Fmt.table,
) -> None:
    """Rates of forest change between observed areas."""
    from carboncalc import render
    from carboncalc.reports.rates import rates_report

    with _reported():
        render.emit(rates_report(points), fmt.value)


@app.command(
    rich_help_panel="Analysis",
    help="Difference in differences of before/after rates.\n\n"
    "Of deforestation rates before and after a project's start, in the project and its "
    "controls. "
    "DiD = (project after - project before) - (control after - control before). With --area and "
    "--years, the forest it implies: DiD x area x years (negative: the project lost less than its "
    "controls suggest).",
    epilog=examples(
        "carboncalc did --project 0.2017 0.1024 --control 0.2314 0.1548",
        "carboncalc did --project 0.2017 0.1024 --control 0.2314 0.1548 \\",
        "    --area 178703.95ha --years 5",
    ),
)
def did(
    project: Annotated[
        tuple[float, float],
        typer.Option("--project", metavar="BEFORE AFTER", help="The project's rates."),
    ],
    control: Annotated[
        tuple[float, float],
        typer.Option("--control", metavar="BEFORE AFTER", help="The controls' rates."),
    ],
    unit: Annotated[
        str,
        typer.Option(
            "--unit", metavar="UNIT", help="%/yr or fraction (per year), for all four rates."
        ),
    ] = "%/yr",
    area: Annotated[
        str | None,
        typer.Option("--area", metavar="AREA", help="Project area, e.g. 178703.95ha."),
    ] = None,
    years: Annotated[
        float | None, typer.Option("--years", min=0, max=1000, help="Years after the start.")
    ] = None,
    fmt: FormatOpt = Fmt.table,
) -> None:
    """Difference in differences of before/after deforestation rates."""
    from carboncalc import render
    from carboncalc.core.rates import DifferenceInDifferences
    from carboncalc.reports.rates import DidReport
    from carboncalc.units import AREA_HA, parse_number_unit

    with _reported():
        if unit not in ("%/yr", "fraction"):
            raise CarboncalcError(f"--unit is %/yr or fraction, not {unit!r}")
        area_ha = None
        if area is not None:
            value, area_unit = parse_number_unit(area)
            if (area_unit or "ha") not in AREA_HA or not 0 < value < 1e15:
                raise CarboncalcError(f"--area is an area above 0 in ha, acre or km2, not {area!r}")
            area_ha = value * AREA_HA[area_unit or "ha"]
        if (area_ha is None) != (years is None):
            raise CarboncalcError("give --area and --years together, for the forest implied")
        rates = (*project, *control)
        if not all(0 <= r < 1e6 for r in rates):
            raise CarboncalcError("rates are finite and not negative")
        report = DidReport(DifferenceInDifferences(*rates), unit, area_ha, years)
        render.emit(report, fmt.value)


@app.command(
    rich_help_panel="Analysis",
    short_help="Independent evaluations of REDD+ projects, ranked.",
    help="What independent evaluations found for REDD+ projects, ranked.\n\n"
    "One row per project of the bundled evidence set (registry id, area, the deforestation "
    "rates of the project and of its matched controls, and beside them the controls' rate over "
    "matching specifications, 5th-95th percentile), with the deforestation those rates "
    "imply it avoided (area x difference) and the avoided emissions at a stated carbon "
    "density: the project's own where a file in the project set names its registry id, else "
    "an IPCC Tier 1 default, marked as an assumption. A project that lost forest as fast as "
    "its controls, or faster, avoided nothing.",
    epilog=examples(
        "carboncalc evidence",
        "carboncalc evidence 944 1067 985",
        "carboncalc evidence --country PE --format csv",
        "carboncalc evidence --evaluation guizar-2024",
    ),
)
def evidence(
    ids: Annotated[
        list[str] | None,
        typer.Argument(metavar="ID", help="Registry ids, such as 944 (default: all)."),
    ] = None,
    country: Annotated[
        str | None,
        typer.Option(
            "--country", metavar="COUNTRY", help="Only projects in a country: PE, PER or Peru."
        ),
    ] = None,
    evaluation: Annotated[
        str | None,
        typer.Option(
            "--evaluation", metavar="ID", help="Which evaluation (default: the first listed)."
        ),
    ] = None,
    fmt: FormatOpt = Fmt.table,
    projects_dir: ProjectsDirOpt = None,
) -> None:
    """What independent evaluations found for REDD+ projects, ranked."""
    from carboncalc import render
    from carboncalc.api.portfolio import own_densities
    from carboncalc.files.factors import load_evidence
    from carboncalc.reports.evidence import evidence_report

    with _reported():
        found = load_evidence()
        report = evidence_report(
            found,
            ids or [],
            country=country,
            evaluation=evaluation,
            own_densities=own_densities(found.projects, projects_dir),
        )
        render.emit(report, fmt.value)
