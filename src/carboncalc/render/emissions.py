"""``carboncalc emissions``: deforestation and emissions year by year, baseline against project;
as a record (JSON, CSV), a table with its text charts and a section of the report."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict
from typing import TYPE_CHECKING, Any

from carboncalc.render.charts import line_chart
from carboncalc.render.numbers import dec, mass, mass_range, rounded, tonnes
from carboncalc.render.recordkit import Record, claims

if TYPE_CHECKING:
    from carboncalc.render.documentkit import Block
    from carboncalc.reports.projects import EmissionsReport


YEAR_FIELDS = [
    "baseline_cleared_ha", "project_cleared_ha", "baseline_forest_ha", "project_forest_ha",
    "baseline_emissions_tco2e", "project_emissions_tco2e", "avoided_emissions_tco2e",
    "baseline_delayed_tco2e", "project_delayed_tco2e", "baseline_non_co2_tco2e",
    "project_non_co2_tco2e",
]  # fmt: skip


def year_rows(result: EmissionsReport) -> list[dict[str, Any]]:
    """Each projection year's figures, with the running total of avoided emissions."""
    res = result.result
    return [
        {"year": r.year, **{f: getattr(r, f) for f in YEAR_FIELDS}, "cumulative_avoided_tco2e": c,
         "baseline_data": "observed" if r.baseline_observed else "projected",
         "project_data": "observed" if r.project_observed else "projected"}
        for r, c in zip(res.rows, res.cumulative_avoided_tco2e(), strict=True)
    ]  # fmt: skip


def burning_how(result: EmissionsReport) -> str | None:
    """The sources of the burning's factors and GWPs, where the file burns biomass."""
    d = result.loaded.inputs.deforestation
    return d.burning.how if d is not None and d.burning is not None else None


def emission_totals(result: EmissionsReport) -> dict[str, float]:
    return {f: result.result.total(f) for f in YEAR_FIELDS if "forest" not in f}


def emissions_record(result: EmissionsReport) -> Record:
    res = result.result
    rows = year_rows(result)
    body = {
        "case": result.case,
        "first_year": res.first_year,
        "last_year": res.last_year,
        "emission_factor_tco2e_per_ha": res.ef_tco2e_per_ha,
        "emitted_at_once_tco2e_per_ha": res.ef_at_once_tco2e_per_ha,
        "non_co2_tco2e_per_ha": res.non_co2_tco2e_per_ha,
        "burning": burning_how(result),
        "emitted_over_years": [
            {"tco2e_per_ha": d.tco2e_per_ha, "years": d.years} for d in res.decays
        ],
        "years": rows,
        "totals": emission_totals(result),
        "cases": {
            case: {
                "avoided_emissions_tco2e": e.avoided_emissions_tco2e,
                "mean_avoided_emissions_tco2e_per_yr": e.mean_avoided_emissions_tco2e_per_yr,
                "emission_factor_tco2e_per_ha": e.ef_tco2e_per_ha,
            }
            for case, e in result.totals_by_case.items()
        },
        "claims": claims(result.claims),
        # the avoided emissions' spread over the years shown (null: no uncertain input)
        "monte_carlo_avoided_tco2e": (
            asdict(result.interval_tco2e) if result.interval_tco2e else None
        ),
    }
    header = ["year", *YEAR_FIELDS, "cumulative_avoided_tco2e", "baseline_data", "project_data"]
    return Record("emissions", result.loaded, body, header, [list(y.values()) for y in rows])


def emissions_answer(report: EmissionsReport) -> list[str]:
    """The avoided emissions with their 90 % interval, then the verdict on each claim."""
    from carboncalc.render import tablekit as tk

    res, spread = report.result, report.interval_tco2e
    case = "" if report.case == "central" else f" (every input at its {report.case} value)"
    line = (f"Avoided emissions {res.first_year}-{res.last_year}{case}: "
            f"{mass(res.avoided_emissions_tco2e, 'CO2e')}")  # fmt: skip
    if spread is not None:
        line += f" (90 % interval {mass_range(spread.p5, spread.p95)})"
    claims = tk.claims_answer(report.claims) if report.claims else [
        "No published claim of avoided emissions to check."]  # fmt: skip
    detail = (f"That is {mass(res.mean_avoided_emissions_tco2e_per_yr, 'CO2e')}/yr: "
              f"{rounded(res.total('baseline_cleared_ha'))} ha cleared in the baseline, "
              f"{rounded(res.total('project_cleared_ha'))} with the project.")  # fmt: skip
    return [line, *claims, detail]


def emissions_table(report: EmissionsReport) -> None:
    from carboncalc.render import tablekit as tk

    loaded, res = report.loaded, report.result
    years = year_rows(report)
    totals = emission_totals(report)
    console = tk.make_console()
    tk.print_header(console, loaded)
    tk.print_answer(console, emissions_answer(report))
    over_years = "".join(f"; {dec(d.tco2e_per_ha)} over {d.years} years" for d in res.decays)
    fire = (f"; {dec(res.non_co2_tco2e_per_ha)} of CH4 and N2O from burning"
            if res.non_co2_tco2e_per_ha else "")  # fmt: skip
    how = (f" ({dec(res.ef_at_once_tco2e_per_ha)} CO2 at once{over_years}{fire}: emissions in "
           "a year include the decay of earlier clearing)" if res.decays else
           f" ({dec(res.ef_at_once_tco2e_per_ha)} CO2{fire})" if fire else "")  # fmt: skip
    d = loaded.inputs.deforestation
    if d is not None and d.burning is not None:
        tk.plain(console, tk.indented(f"Burning: {d.burning.how}", 0, console))
    tk.plain(
        console,
        f"Emission factor: {dec(res.ef_tco2e_per_ha)} t CO2e per ha cleared{how}; "
        f"case: {report.case} (every input at its {report.case} value)\n"
        "ha = forest cleared, t = t CO2e emitted; base = baseline, proj. = with the project",
    )
    observed = any("observed" in (y["baseline_data"], y["project_data"]) for y in years)
    table = tk.make_table(
        f"Deforestation and emissions, {res.first_year}-{res.last_year} "
        "(year = projection year starting in it)",
        [("year", "r"), ("base ha", "r"), ("proj. ha", "r"), ("base t", "r"),
         ("proj. t", "r"), ("avoided t", "r"), ("cumul. t", "r"),
         *([("observed", "k")] if observed else [])],
        caption=tk.overrides_caption(loaded),
    )  # fmt: skip
    for y in years:
        seen = [who for who, key in (("base", "baseline_data"), ("proj.", "project_data"))
                if y[key] == "observed"]  # fmt: skip
        table.add_row(
            str(y["year"]), dec(y["baseline_cleared_ha"], 1), dec(y["project_cleared_ha"], 1),
            tonnes(y["baseline_emissions_tco2e"]), tonnes(y["project_emissions_tco2e"]),
            tonnes(y["avoided_emissions_tco2e"]), tonnes(y["cumulative_avoided_tco2e"]),
            *(["+".join(seen) or "-"] if observed else []),
        )  # fmt: skip
    table.add_section()
    table.add_row(
        "total", dec(totals["baseline_cleared_ha"], 1),
        dec(totals["project_cleared_ha"], 1), tonnes(totals["baseline_emissions_tco2e"]),
        tonnes(totals["project_emissions_tco2e"]), tonnes(totals["avoided_emissions_tco2e"]), "",
        *([""] if observed else []), style="bold",
    )  # fmt: skip
    tk.print_table(console, table)
    if len(report.totals_by_case) > 1:
        cases = tk.make_table(
            "Avoided emissions by case (inputs at their low, central and high values)",
            [("case", "k"), ("avoided t CO2e", "r"), ("mean t CO2e/yr", "r"), ("t CO2e/ha", "r")],
        )
        for case, e in report.totals_by_case.items():
            cases.add_row(
                case, tonnes(e.avoided_emissions_tco2e),
                tonnes(e.mean_avoided_emissions_tco2e_per_yr), dec(e.ef_tco2e_per_ha),
            )  # fmt: skip
        tk.print_table(console, cases)
    if report.claims:
        tk.print_table(
            console,
            tk.claims_table(loaded.provenance, report.claims, "Published claims"),
        )
        tk.print_claim_notes(console, report.claims)

    if report.chart:
        emissions_chart(report)


def emissions_chart(report: EmissionsReport) -> None:
    """Forest area and cumulative avoided emissions, baseline against project, as text."""
    from carboncalc.render import tablekit as tk

    console = tk.make_console()
    res = report.result
    years = [r.year for r in res.rows]
    width = min(console.width, 100) - 16
    tk.plain(console, line_chart(
        "Forest area, ha", years,
        [("baseline", "b", [r.baseline_forest_ha for r in res.rows]),
         ("project", "p", [r.project_forest_ha for r in res.rows])], width=width))  # fmt: skip
    tk.plain(console, line_chart(
        "Cumulative avoided emissions, t CO2e", years,
        [("avoided", "*", res.cumulative_avoided_tco2e())], width=width))  # fmt: skip


def emissions_section(report: EmissionsReport, *, charts: bool) -> list[Block]:
    """The emissions year by year, in the appendix (the forest lost is the body's picture:
    :mod:`.forest`)."""
    from carboncalc.render.documentkit import Block, placed, record_columns

    res = report.result
    one_place: Callable[[Any], str] = lambda x: dec(x, 1)  # noqa: E731
    observed = any(r.baseline_observed or r.project_observed for r in res.rows)
    header, rows = record_columns(
        emissions_record(report),
        [("year", "year", str), ("baseline_cleared_ha", "baseline ha", one_place),
         ("project_cleared_ha", "project ha", one_place),
         ("baseline_emissions_tco2e", "baseline t CO2e", tonnes),
         ("project_emissions_tco2e", "project t CO2e", tonnes),
         ("avoided_emissions_tco2e", "avoided t CO2e", tonnes),
         *([("baseline_data", "baseline data", str), ("project_data", "project data", str)]
           if observed else [])],
    )  # fmt: skip
    total = ("total", one_place(res.total("baseline_cleared_ha")),
             one_place(res.total("project_cleared_ha")),
             tonnes(res.total("baseline_emissions_tco2e")),
             tonnes(res.total("project_emissions_tco2e")), tonnes(res.avoided_emissions_tco2e),
             *(("", "") if observed else ()))  # fmt: skip
    return placed([
        Block("h3", f"Emissions by year, {res.first_year}-{res.last_year}"),
        Block("p", f"Forest cleared and emissions year by year; emission factor "
                   f"{dec(res.ef_tco2e_per_ha)} t CO2e per ha cleared."),
        Block("table", header=header, rows=(*rows, total), marks=("",) * len(rows) + ("total",)),
    ], "appendix")  # fmt: skip
