"""``carboncalc rates`` and ``did``: forest change between observed areas, and the difference in
differences of deforestation rates; each as a record (JSON, CSV) and a table."""

from __future__ import annotations

from typing import TYPE_CHECKING

from carboncalc.render.numbers import dec, sig, tonnes
from carboncalc.render.recordkit import Record
from carboncalc.units import PERCENT

if TYPE_CHECKING:
    from carboncalc.reports.rates import DidReport, RatesReport


RATE_KEYS = ["from", "to", "years", "area_from_ha", "area_to_ha", "fao_q", "puyravaud_r",
             "linear", "ha_per_yr"]  # fmt: skip


def rates_record(result: RatesReport) -> Record:
    """Rates as fractions per year (FAO q, Puyravaud r, linear) and ha/yr; negative: loss."""
    rows = [
        [i.start.text, i.end.text, i.change.years, i.change.area_from_ha, i.change.area_to_ha,
         i.change.fao_q, i.change.puyravaud_r, i.change.linear, i.change.ha_per_yr]
        for i in result.intervals
    ]  # fmt: skip
    body = {
        "unit": "fraction per year (negative: forest lost); ha_per_yr in ha/yr",
        "intervals": [dict(zip(RATE_KEYS, row, strict=True)) for row in rows],
    }
    return Record("rates", None, body, RATE_KEYS, rows)


def rates_table(result: RatesReport) -> None:
    """Each interval's rates, with the formulas, and the rate a project file takes."""
    from carboncalc.render import tablekit as tk

    console = tk.make_console()
    table = tk.make_table(
        "Forest change between observed areas, %/yr (negative: forest lost)",
        [("from", "k"), ("to", "k"), ("years", "r"), ("FAO q", "r"), ("Puyravaud r", "r"),
         ("linear", "r"), ("ha/yr", "r")],
        caption="q = (A2/A1)^(1/t) - 1 (FAO 1995); r = ln(A2/A1)/t; linear = (A2 - A1)/(A1 t) "
        "(Puyravaud 2003, Forest Ecology and Management 177: 593-596).",
    )  # fmt: skip
    for i in result.intervals:
        c = i.change
        pcts = (dec(x * PERCENT, 4) for x in (c.fao_q, c.puyravaud_r, c.linear))
        table.add_row(i.start.text, i.end.text, dec(c.years, 2), *pcts, tonnes(c.ha_per_yr))
    tk.print_table(console, table)
    whole = result.intervals[-1].change
    tk.plain(console, tk.indented(
        f"In a project file ({result.intervals[-1].start.text} to "
        f"{result.intervals[-1].end.text}): rate {-whole.fao_q * PERCENT:.4f} %/yr with basis: "
        f"remaining, or {-whole.linear * PERCENT:.4f} %/yr with basis: initial, or "
        f"{-whole.ha_per_yr:,.1f} ha/yr.", 0, console))  # fmt: skip


def did_record(result: DidReport) -> Record:
    d = result.did
    body = {
        "unit": result.unit,
        "project_before": d.project_before, "project_after": d.project_after,
        "control_before": d.control_before, "control_after": d.control_after,
        "project_change": d.project_change, "control_change": d.control_change,
        "did": d.did, "area_ha": result.area_ha, "years": result.years,
        "effect_ha": result.effect_ha,
    }  # fmt: skip
    header = list(body)
    return Record("did", None, body, header, [list(body.values())])


def did_table(result: DidReport) -> None:
    """The difference in differences, step by step."""
    from carboncalc.render import tablekit as tk

    d, u = result.did, result.unit
    console = tk.make_console()
    table = tk.make_table(
        f"Difference in differences of deforestation rates, {u}",
        [("", "k"), ("before", "r"), ("after", "r"), ("change", "r")],
    )
    table.add_row("project", sig(d.project_before), sig(d.project_after), sig(d.project_change))
    table.add_row("control", sig(d.control_before), sig(d.control_after), sig(d.control_change))
    table.add_section()
    table.add_row("DiD", "", "", sig(d.did), style="bold")
    tk.print_table(console, table)
    effect = result.effect_ha
    if effect is not None:
        tk.plain(console, tk.indented(
            f"DiD x area x years = {sig(d.did)} {u} x {result.area_ha:,.2f} ha x "
            f"{result.years:g} yr = {effect:,.4f} ha ("
            + ("the project lost less forest than its controls suggest)" if effect < 0 else
               "the project lost no less forest than its controls suggest: no avoided "
               "deforestation)"), 0, console))  # fmt: skip
