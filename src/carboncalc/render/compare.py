"""``carboncalc compare`` (and ``sweep``, ``--scenarios``): projects or scenarios side by side; as
a record (JSON, CSV), a table, and :class:`CompareWriter`, which writes a portfolio's rows as
projects come."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from carboncalc.render.numbers import dec, tonnes
from carboncalc.render.recordkit import ListStream, Record
from carboncalc.reports.compare import CompareReport, RunningTotal, gwp_uses, mixed_periods
from carboncalc.units import MASS_PREFIX_T

if TYPE_CHECKING:
    from collections.abc import Sequence

    from carboncalc.render.recordkit import Format
    from carboncalc.reports.compare import CompareRow


COMPARE_KEYS = ["label", "first_year", "last_year", "area_ha", "forest_ha", "stock_tco2",
                "avoided_tco2e", "credits", "avoided_tco2e_per_yr", "avoided_tco2e_per_ha_per_yr",
                "credits_per_yr", "vehicles_per_yr", "uncertainty_pct", "rule_set",
                "gwp"]  # fmt: skip


def compare_record(result: CompareReport) -> Record:
    total = result.total
    body = {
        "rows": [compare_fields(r) for r in result.rows],
        **compare_tail(total, result.base_uncertainty_pct, mixed_periods(result.rows)),
    }
    every = [*result.rows, *([total] if total is not None else [])]
    rows = [[getattr(r, k) for k in COMPARE_KEYS] for r in every]
    return Record("compare", None, body, COMPARE_KEYS, rows)


def compare_fields(row: CompareRow) -> dict[str, Any]:
    return {k: getattr(row, k) for k in COMPARE_KEYS}


def compare_tail(total: CompareRow | None, base_pct: float | None, mixed: bool) -> dict[str, Any]:
    """``compare``'s fields after its rows."""
    return {"total": None if total is None else compare_fields(total),
            "base_uncertainty_pct": base_pct, "mixed_periods": mixed}  # fmt: skip


def compare_deduction_note(report: CompareReport) -> str | None:
    """For scenarios and sweep steps: the rows whose uncertainty deduction is not the base's."""
    differ = report.deduction_differs
    if not differ:
        return None
    rows = ", ".join(f"{r.label} ({r.uncertainty_pct:.4g} %)" for r in differ)
    return (
        f"The uncertainty deduction differs from the base case's "
        f"{report.base_uncertainty_pct:.4g} % in: {rows}; part of the change in credits there "
        "is the deduction's, not the input's own."
    )


def rule_sets_used(rows: Sequence[CompareRow]) -> str:
    """ " Credits under rule set vcs." (the credit rule sets of the rows, named once)."""
    names = sorted({r.rule_set for r in rows if r.rule_set is not None})
    if not names:
        return ""
    return f" Credits under rule set{'s' if len(names) > 1 else ''} {', '.join(names)}."


def compare_table(report: CompareReport) -> None:
    """Projects or scenarios side by side: totals over each period, then per year and per
    hectare; a portfolio's total row, which says when the periods differ."""
    from carboncalc.render import tablekit as tk

    rows, total, title = report.rows, report.total, report.title
    every = [*rows, *([total] if total is not None else [])]
    mixed = mixed_periods(rows)
    mixed_gwp = len(gwp_uses(rows)) > 1  # then each row's GWP edition is shown
    totals = tk.make_table(
        title,
        [("", "k"), ("years", "k"), ("area ha", "r"), ("stock Mt", "r"), ("avoided t", "r"),
         ("credits", "r"), *([("GWP", "k")] if mixed_gwp else [])],
        caption=(f"Total of {len(rows)} projects" + (
            " over periods that differ: the total spans them all, not one period. "
            if mixed else ". ") if total is not None else "")
        + "Stock in Mt CO2; avoided emissions (t CO2e) and credits over each accounting "
        "period." + rule_sets_used(rows),
    )  # fmt: skip
    yearly = tk.make_table(
        "Per year and per hectare of forest",
        [("", "k"), ("avoided t/yr", "r"), ("t/ha/yr", "r"), ("credits/yr", "r"),
         ("cars/yr", "r")],
        caption="Means over each accounting period; cars off the road at the current EPA "
        "factor." + (" The total adds each project's mean year." if total is not None else ""),
    )  # fmt: skip
    for r in every:
        if r is total:
            totals.add_section()
            yearly.add_section()
        span = "-" if r.first_year is None else f"{r.first_year}-{r.last_year}"
        style = "bold" if r is total else None
        totals.add_row(
            r.label, span, tonnes(r.area_ha), dec(r.stock_tco2 / MASS_PREFIX_T["Mt"], 1),
            tonnes(r.avoided_tco2e), "-" if r.credits is None else f"{r.credits:,}",
            *([(r.gwp or "-").upper()] if mixed_gwp else []), style=style,
        )  # fmt: skip
        per_ha = r.avoided_tco2e_per_ha_per_yr
        yearly.add_row(
            r.label, tonnes(r.avoided_tco2e_per_yr), "-" if per_ha is None else dec(per_ha, 2),
            tonnes(r.credits_per_yr), tonnes(r.vehicles_per_yr), style=style,
        )  # fmt: skip
    console = tk.make_console()
    tk.print_table(console, totals)
    if any(r.avoided_tco2e_per_yr is not None for r in rows):
        tk.print_table(console, yearly)
    note = compare_deduction_note(report)
    if note:
        tk.plain(console, tk.indented(note, 0, console))


class CompareWriter:
    """A portfolio's ``compare`` written row by row as projects come (JSON and CSV hold no
    rows; the table, which must measure its columns, keeps them), the same as the whole
    report's output would be."""

    def __init__(self, fmt: Format) -> None:
        self.fmt = fmt
        self.total = RunningTotal()
        self.rows: list[CompareRow] = []
        if fmt != "table":
            self.stream = ListStream(fmt, "compare", "rows", COMPARE_KEYS)

    def add(self, row: CompareRow) -> None:
        self.total.add(row)
        if self.fmt == "table":
            self.rows.append(row)
        else:
            fields = compare_fields(row)
            self.stream.add(fields, [list(fields.values())])

    def close(self) -> None:
        total = self.total.row() if self.total.count > 1 else None
        if self.fmt == "table":
            title = "Portfolio" if self.total.count > 1 else "Project"
            compare_table(CompareReport(title, tuple(self.rows), total))
        else:
            tail = compare_tail(total, None, self.total.mixed_periods)
            last = [] if total is None else [list(tail["total"].values())]
            self.stream.close(tail, last)
