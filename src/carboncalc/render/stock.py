"""``carboncalc stock``: the carbon stock by pool, and the fossil reserves kept in the ground; as a
record (JSON, CSV), a table and a section of the report."""

from __future__ import annotations

from dataclasses import asdict
from typing import TYPE_CHECKING

from carboncalc.render.numbers import (
    SIGNIFICANT,
    dec,
    mass,
    mass_range,
    rounded,
    scale,
    sig,
    tonnes,
)
from carboncalc.render.recordkit import Record, claims
from carboncalc.units import AREA_HA

if TYPE_CHECKING:
    from carboncalc.render.documentkit import Block
    from carboncalc.reports.projects import StockReport


STOCK_KEYS = ["pool", "density_tc_per_ha", "density_tco2_per_ha", "stock_tc", "stock_tco2"]


def stock_record(result: StockReport) -> Record:
    s = result.stock
    pools = [
        {
            "pool": ps.pool,
            "density_tc_per_ha": ps.density_tc_per_ha,
            "density_tco2_per_ha": ps.density_tco2_per_ha,
            "stock_tc": ps.stock_tc,
            "stock_tco2": ps.stock_tco2,
            "how": ps.how,
        }
        for ps in s.pools
    ]
    total = {
        "density_tc_per_ha": s.density_tc_per_ha,
        "density_tco2_per_ha": s.density_tco2_per_ha,
        "stock_tc": s.stock_tc,
        "stock_tco2": s.stock_tco2,
    }
    body = {
        "area_ha": result.area_ha,
        "forest_ha": s.area_ha,
        "pools": pools,
        "total": total,
        # the stock's spread over a Monte Carlo of the uncertain inputs (null: none moves it)
        "monte_carlo_tco2": asdict(result.interval_tco2) if result.interval_tco2 else None,
        "fossil_reserves": [
            {
                "description": f.description,
                "kind": f.kind,
                "quantity": f.quantity,
                "unit": f.unit,
                "factor_tco2_per_unit": f.factor_tco2_per_unit,
                "factor_from": f.factor_from,
                "tco2": f.tco2,
                "barrel_tco2_per_bbl": f.barrel_tco2_per_bbl,
                "barrels_oil": f.barrels_oil,
                "note": f.note,
            }
            for f in result.fossil
        ],
        "factors_version": result.factors_version,
        "claims": claims(result.claims),
    }
    rows = [[p[k] for k in STOCK_KEYS] for p in pools]
    rows.append(["total", *(total[k] for k in STOCK_KEYS[1:])])
    return Record("stock", result.loaded, body, STOCK_KEYS, rows)


def stock_answer(report: StockReport) -> list[str]:
    """The stock with its 90 % interval, then the verdict on each published claim."""
    from carboncalc.render import tablekit as tk

    s = report.stock
    where = "forest" if report.loaded.inputs.forest_area is not None else "project area"
    # (the stock in t C and per hectare are in the table below: the answer fits a line)
    spread = report.interval_tco2
    interval = (f" (90 % interval {mass_range(spread.p5, spread.p95)})" if spread is not None
                else " (no interval: no input is uncertain)")  # fmt: skip
    of = " of forest" if where == "forest" else ""
    line = f"Carbon stock {mass(s.stock_tco2, 'CO2')}{interval} over {rounded(s.area_ha)} ha{of}"
    claims = tk.claims_answer(report.claims) if report.claims else [
        "No published claim of stock or area to check."]  # fmt: skip
    return [line, *claims]


def stock_table(report: StockReport) -> None:
    from carboncalc.render import tablekit as tk

    loaded, s = report.loaded, report.stock
    console = tk.make_console()
    inputs, cited = loaded.inputs, loaded.provenance
    tk.print_header(console, loaded)
    tk.print_answer(console, stock_answer(report))
    areas = (
        ("Area", "area", inputs.area, inputs.area_unit),
        ("Forest at the start", "forest_area", inputs.forest_area, inputs.forest_area_unit),
    )
    for label, path, area, unit in areas:  # fmt: skip
        if area is not None and unit is not None:
            ha = area.central * AREA_HA[unit]
            as_given = "" if unit == "ha" else f" = {sig(area.central)} {unit}"
            tk.plain(console, f"{label}: {dec(ha, 1)} ha{as_given} [{cited.citation(path)}]")
    if inputs.forest_area is not None:
        tk.plain(console, "Stock and clearing are over the forest.")
    size, prefix = scale(s.stock_tco2)
    table = tk.make_table(
        "Carbon stock by pool",
        [("pool", "k"), ("t C/ha", "r"), ("t CO2/ha", "r"), (f"{prefix} C", "r"),
         (f"{prefix} CO2", "r")],
        caption=tk.overrides_caption(loaded),
    )  # fmt: skip
    notes = []
    pools = {p.name: p for p in inputs.pools}
    origins = []  # where each pool's figure comes from: its ratio, or the pool itself
    for ps in s.pools:
        ratio = pools[ps.pool].root_to_shoot is not None
        origin = f"carbon.pools.{ps.pool}" + (".root_to_shoot" if ratio else "")
        origins.append(origin)
        table.add_row(
            ps.pool, rounded(ps.density_tc_per_ha), rounded(ps.density_tco2_per_ha),
            rounded(ps.stock_tc / size), rounded(ps.stock_tco2 / size),
        )  # fmt: skip
        notes.append(f"  {ps.pool}: {ps.how} [{cited.citation(origin)}]")
    table.add_section()
    table.add_row(
        "total", rounded(s.density_tc_per_ha), rounded(s.density_tco2_per_ha),
        rounded(s.stock_tc / size), rounded(s.stock_tco2 / size), style="bold",
    )  # fmt: skip
    tk.print_table(console, table)
    notes.append(f"  Figures to {SIGNIFICANT} significant figures; exact values: --format json")
    tk.plain(console, "\n".join(notes))
    paths = ["area", *origins, *(f"fossil_reserves.{i}" for i in range(len(inputs.fossil)))]
    tk.print_sources(console, cited, {cited.source_of(path) for path in paths})
    if report.fossil:
        fossil = tk.make_table(
            f"Fossil reserves kept in the ground (factors {report.factors_version})",
            [("reserve", "l"), ("as given", "r"), ("t CO2", "r"), ("= barrels of oil", "r")],
        )
        for f in report.fossil:
            fossil.add_row(
                f.description, f"{sig(f.quantity)} {f.unit}", _or_dash(f.tco2),
                _or_dash(f.barrels_oil),
            )  # fmt: skip
        tk.print_table(console, fossil)
        barrel = report.fossil[0].barrel_tco2_per_bbl
        lines = [
            f"  {f.description}: "
            + (
                "given in CO2"
                if f.kind == "co2"
                else f"{f.factor_tco2_per_unit:g} t CO2/{f.unit} ({f.factor_from})"
                if f.factor_tco2_per_unit is not None
                else ""
            )
            + ("; " if f.note and f.factor_tco2_per_unit is not None else "")
            + (f.note or "")
            for f in report.fossil
        ]
        if barrel is not None:
            lines.append(
                f"  barrels of oil at {barrel:g} t CO2/barrel (factors {report.factors_version})"
            )
        tk.plain(console, "\n".join(lines))
    if report.claims:
        tk.print_table(
            console,
            tk.claims_table(loaded.provenance, report.claims, "Published claims"),
        )
        tk.print_claim_notes(console, report.claims)


def stock_section(report: StockReport, *, charts: bool) -> list[Block]:
    from carboncalc.render.documentkit import Block, placed, record_columns

    header, rows = record_columns(
        stock_record(report),
        [("pool", "pool", str), ("density_tc_per_ha", "t C/ha", dec),
         ("density_tco2_per_ha", "t CO2/ha", dec), ("stock_tc", "t C", tonnes),
         ("stock_tco2", "t CO2", tonnes)],
    )  # fmt: skip
    return placed(
        [Block("h3", "Carbon stock by pool"), Block("table", header=header, rows=rows)], "appendix"
    )


def _or_dash(x: float | None) -> str:
    """A figure to 3 significant figures (a reserve is an estimate: 4,418,604,651 barrels is
    "4,420,000,000"), or "-" where the edition lacks its factor (a note says which)."""
    return "-" if x is None else rounded(x)
