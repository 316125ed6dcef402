"""``compare`` and ``sweep``: projects side by side, a portfolio's running total, and the values
a sweep steps through. Plain result objects for the renderer."""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from carboncalc.core import equivalents as eq
from carboncalc.core import pipeline
from carboncalc.core.inputs import FactorTable

if TYPE_CHECKING:  # credit reports and loading are imported where used: not by stock
    from carboncalc.files.loading import LoadedProject
    from carboncalc.reports.credits import Rule


@dataclass(frozen=True)
class CompareReport:
    """Projects, or one project's scenarios or sweep steps, side by side."""

    title: str
    rows: tuple[CompareRow, ...]
    total: CompareRow | None  # for a portfolio of several projects
    # for scenarios and sweep steps: the base case's uncertainty deduction [%], so that a row
    # whose deduction differs can say so
    base_uncertainty_pct: float | None = None

    @property
    def deduction_differs(self) -> tuple[CompareRow, ...]:
        """Rows whose uncertainty deduction is not the base case's."""
        base = self.base_uncertainty_pct
        if base is None:
            return ()
        return tuple(
            r for r in self.rows
            if r.uncertainty_pct is not None and abs(r.uncertainty_pct - base) > 1e-9
        )  # fmt: skip


@dataclass(frozen=True)
class CompareRow:
    """One project, or one scenario of a project, in ``carboncalc compare``."""

    label: str
    area_ha: float
    stock_tco2: float
    avoided_tco2e: float | None  # over the accounting period; None without deforestation
    credits: int | None  # None without credit rules
    vehicles_per_yr: float | None  # avoided emissions as cars off the road each year
    uncertainty_pct: float | None = None  # the uncertainty deduction behind `credits`
    rule_set: str | None = None  # the credit rule set behind `credits`
    first_year: int | None = None  # the accounting period (a total: the years it spans)
    last_year: int | None = None
    avoided_tco2e_per_yr: float | None = None  # the mean over the period (a total: the sum)
    forest_ha: float | None = None  # what per-hectare figures are per
    credits_per_yr: float | None = None  # the mean over the period (a total: the sum)
    # the IPCC assessment whose GWPs convert burning's CH4 and N2O (None: no burning, CO2 only;
    # a total: each edition its rows use, comma-separated)
    gwp: str | None = None

    @property
    def years(self) -> int | None:
        if self.first_year is None or self.last_year is None:
            return None
        return self.last_year - self.first_year + 1

    @property
    def avoided_tco2e_per_ha_per_yr(self) -> float | None:
        if self.avoided_tco2e_per_yr is None or not self.forest_ha:
            return None
        return self.avoided_tco2e_per_yr / self.forest_ha


def compare_row(
    loaded: LoadedProject,
    label: str,
    *,
    table: FactorTable,
    samples: int,
    seed: int,
    known: Rule | None = None,
) -> CompareRow:
    """One row; ``known``: the uncertainty deduction where it is already known (see
    :func:`carboncalc.reports.credits.deduction_rules`)."""
    inputs = loaded.inputs
    s = pipeline.stock(inputs)
    avoided = credits_total = vehicles = deduction = rule_set = per_yr = None
    if inputs.has_emissions:
        result = pipeline.emissions(inputs)
        avoided = result.avoided_emissions_tco2e
        per_yr = result.mean_avoided_emissions_tco2e_per_yr
        vid, version = eq.pick_version(table, None)
        vehicles = eq.count(
            tco2e=avoided, factor_tco2e=eq.factor(version, eq.VEHICLES, vid), years=len(result.rows)
        )
        if inputs.credits is not None:
            from carboncalc.reports.credits import credits_report

            # the row shows the claimed credits alone: no Monte Carlo against the counterfactual
            report = credits_report(loaded, samples=samples, seed=seed, known=known,
                                    supported=False)  # fmt: skip
            credits_total, deduction = report.waterfall.credits, report.uncertainty.pct
            rule_set = report.rule_set.name
    area = pipeline.area_ha(inputs)
    last = None if inputs.first_year is None else inputs.first_year + (inputs.years or 1) - 1
    return CompareRow(
        label, area, s.stock_tco2, avoided, credits_total, vehicles, deduction, rule_set,
        first_year=inputs.first_year, last_year=last, avoided_tco2e_per_yr=per_yr,
        forest_ha=s.area_ha,
        credits_per_yr=None if credits_total is None else credits_total / (inputs.years or 1),
        gwp=gwp_edition(loaded),
    )  # fmt: skip


def gwp_edition(loaded: LoadedProject) -> str | None:
    """The GWP edition a project's avoided emissions use: that of its burning's CH4 and N2O;
    None where nothing but CO2 is emitted."""
    d = loaded.inputs.deforestation
    return None if d is None or d.burning is None else d.burning.gwp_edition


def compare_report(
    title: str,
    rows: list[CompareRow],
    *,
    portfolio: bool,
    base_uncertainty_pct: float | None = None,
) -> CompareReport:
    """A table of rows; a portfolio of more than one project gets a total row."""
    total = portfolio_total(rows) if portfolio and len(rows) > 1 else None
    return CompareReport(title, tuple(rows), total, base_uncertainty_pct)


def portfolio_total(rows: Iterable[CompareRow]) -> CompareRow:
    """The sum of every column over the rows (a column that no row has stays empty)."""
    total = RunningTotal()
    for row in rows:
        total.add(row)
    return total.row()


class RunningTotal:
    """A portfolio's total row, added to one project at a time: ``compare`` streams its rows,
    so it keeps only each column's numbers (8 bytes each) and sums them exactly with
    ``math.fsum`` at the end; the accounting periods are kept as a set of spans."""

    COLUMNS = ("area_ha", "stock_tco2", "avoided_tco2e", "vehicles_per_yr",
               "avoided_tco2e_per_yr", "credits_per_yr")  # fmt: skip

    def __init__(self) -> None:
        from array import array

        self.count = 0
        self.columns = {name: array("d") for name in (*self.COLUMNS, "forest_ha")}
        self.credits: int | None = None
        self.spans: set[tuple[int | None, int | None]] = set()
        self.gwp: dict[str, list[str]] = {}  # each GWP edition: the rows that use it

    def add(self, row: CompareRow) -> None:
        self.count += 1
        for name in self.COLUMNS:
            value = getattr(row, name)
            if value is not None:
                self.columns[name].append(value)
        if row.avoided_tco2e_per_yr is not None and row.forest_ha is not None:
            self.columns["forest_ha"].append(row.forest_ha)  # what per-hectare figures are per
        if row.credits is not None:
            self.credits = (self.credits or 0) + row.credits
        if row.first_year is not None:
            self.spans.add((row.first_year, row.last_year))
        if row.gwp is not None:
            self.gwp.setdefault(row.gwp, []).append(row.label)

    @property
    def mixed_periods(self) -> bool:
        return len(self.spans) > 1

    def row(self) -> CompareRow:
        def total(name: str) -> float | None:
            column = self.columns[name]
            return math.fsum(column) if column else None

        firsts = [first for first, _ in self.spans if first is not None]
        lasts = [last for _, last in self.spans if last is not None]
        return CompareRow(
            label="total",
            area_ha=math.fsum(self.columns["area_ha"]),
            stock_tco2=math.fsum(self.columns["stock_tco2"]),
            avoided_tco2e=total("avoided_tco2e"),
            credits=self.credits,
            vehicles_per_yr=total("vehicles_per_yr"),
            first_year=min(firsts) if firsts else None,
            last_year=max(lasts) if lasts else None,
            avoided_tco2e_per_yr=total("avoided_tco2e_per_yr"),
            forest_ha=total("forest_ha"),
            credits_per_yr=total("credits_per_yr"),
            gwp=", ".join(sorted(self.gwp)) or None,
        )


def mixed_periods(rows: tuple[CompareRow, ...] | list[CompareRow]) -> bool:
    """True when the rows' accounting periods differ, so their totals add unlike spans."""
    spans = {(r.first_year, r.last_year) for r in rows if r.first_year is not None}
    return len(spans) > 1


def gwp_uses(rows: Iterable[CompareRow]) -> dict[str, list[str]]:
    """Each GWP edition the rows use: the labels of the rows that use it."""
    by_edition: dict[str, list[str]] = {}
    for row in rows:
        if row.gwp is not None:
            by_edition.setdefault(row.gwp, []).append(row.label)
    return by_edition


def mixed_gwp_warning(by_edition: dict[str, list[str]]) -> str | None:
    """A warning where rows' CH4 and N2O are converted with GWPs of different IPCC assessments
    (``by_edition``: :func:`gwp_uses`), so that their total adds unlike tonnes of CO2e; None
    where they agree."""
    if len(by_edition) < 2:
        return None
    uses = "; ".join(
        f"{edition.upper()}: {', '.join(labels)}" for edition, labels in sorted(by_edition.items())
    )
    return (
        "warning: the projects' CH4 and N2O from burning are converted with GWPs of different "
        f"IPCC assessments ({uses}), so the total adds tonnes of CO2e that are not alike; set "
        "deforestation.burning.gwp to one assessment in every file to compare them"
    )


def sweep_values(start: float, stop: float, *, steps: int) -> list[float]:
    """``steps`` evenly spaced values from start to stop, both ends included, rounded to 12
    significant figures so that a step's float noise (0.6000000000000001) does not show."""
    return [float(f"{start + (stop - start) * i / (steps - 1):.12g}") for i in range(steps)]
