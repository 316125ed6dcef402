"""What each command computes, as plain result objects for the renderer. No I/O, no printing.

Credits, uncertainty and sensitivity, which run Monte Carlo, are in
:mod:`carboncalc.reports.credits`.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

from carboncalc.core import equivalents as eq
from carboncalc.core import pipeline
from carboncalc.core.claims import ClaimCheck, check_claims, to_canonical
from carboncalc.core.emissions import Emissions
from carboncalc.core.fossil import FossilCO2, reserve_tco2
from carboncalc.core.inputs import CASES, Case, ClaimInputs, FactorTable, ProjectInputs
from carboncalc.core.stocks import Stock
from carboncalc.errors import CarboncalcError, ComputationError, ProjectContentError

if TYPE_CHECKING:  # credit reports and loading are imported where used: not by stock
    from carboncalc.files.loading import LoadedProject
    from carboncalc.reports.credits import Rule

# carboncalc's own threshold, not a standard's: a deforestation rate below this, in %/yr, is
# far below the lowest in our sources (Alto Mayo's matched controls lost 0.0844 %/yr,
# Guizar-Coutino et al. 2022), so most likely a fraction per year written as %/yr. A warning
# only: the figures are computed as written.
IMPLAUSIBLE_PCT_PER_YR = 0.01


def warnings(loaded: LoadedProject) -> tuple[str, ...]:
    """What a user should know about a valid project before reading its figures."""
    inputs = loaded.inputs
    found = []
    d = inputs.deforestation
    scenarios = (d.baseline, d.project_rate, d.counterfactual) if d is not None else ()
    for scenario in scenarios:
        for rate in scenario.rates if scenario is not None else ():
            value = rate.rate.central
            if rate.unit == "%/yr" and 0 < value < IMPLAUSIBLE_PCT_PER_YR:
                found.append(
                    f"{loaded.path}: warning: {rate.rate.path} is {value:g} %/yr, implausibly "
                    f"small for deforestation: if the source gives {value:g} as a fraction per "
                    f"year, write {value * 100:g} %/yr"
                )
    if not inputs.has_emissions:
        return tuple(found)
    result = pipeline.emissions(inputs)
    avoided = result.avoided_emissions_tco2e
    if avoided < 0:
        found.append(
            f"{loaded.path}: warning: the project clears more forest than its baseline: avoided "
            f"emissions over {result.first_year}-{result.last_year} are {avoided:,.0f} t CO2e, "
            "so it earns no credits"
        )
    return tuple(found)


@dataclass(frozen=True)
class ProjectRow:
    """One row of ``carboncalc list``."""

    project: str
    name: str
    countries: str
    area_ha: float
    stock_tc: float
    stock_tco2: float
    file: str


def project_row(loaded: LoadedProject) -> ProjectRow:
    s = pipeline.stock(loaded.inputs)
    return ProjectRow(
        project=loaded.name,
        name=loaded.title,
        countries=" ".join(loaded.countries),
        area_ha=pipeline.area_ha(loaded.inputs),
        stock_tc=s.stock_tc,
        stock_tco2=s.stock_tco2,
        file=str(loaded.path),
    )


@dataclass(frozen=True)
class ProjectList:
    """``carboncalc list``: a row per project file; a file that is not valid gives its first
    problem instead of figures."""

    rows: tuple[dict[str, Any], ...]


def project_list(found: list[tuple[str, str, LoadedProject | CarboncalcError]]) -> ProjectList:
    """Rows for (name, file, loaded project or the error loading it)."""
    rows = []
    for name, file, loaded in found:
        if isinstance(loaded, CarboncalcError):
            rows.append({"project": name, "file": file, "error": str(loaded.problems[0])})
        else:
            rows.append(asdict(project_row(loaded)))
    return ProjectList(tuple(rows))


@dataclass(frozen=True)
class ShowReport:
    """``carboncalc show``: the project's inputs as written, with overrides applied."""

    loaded: LoadedProject


@dataclass(frozen=True)
class StockReport:
    loaded: LoadedProject
    stock: Stock
    fossil: tuple[FossilCO2, ...]
    claims: tuple[ClaimCheck, ...]
    factors_version: str | None
    area_ha: float  # the project area; the stock is over the forest (stock.area_ha)


def has_ranges(inputs: ProjectInputs) -> bool:
    """True when any input of stock or emissions is a range (so low and high cases differ)."""
    return any(
        q.has_range and q.path.split(".", 1)[0] in ("area", "carbon", "deforestation")
        for q in inputs.values
    )


def stock_report(
    loaded: LoadedProject, *, table: FactorTable | None, factors_version: str | None = None
) -> StockReport:
    inputs = loaded.inputs
    fossil: tuple[FossilCO2, ...] = ()
    vid = None
    if inputs.fossil:
        if table is None:
            raise ComputationError("fossil reserves need the factor table")
        vid, version = eq.pick_version(table, factors_version)
        fossil = tuple(reserve_tco2(r, version_id=vid, version=version) for r in inputs.fossil)
    return StockReport(
        loaded=loaded,
        stock=pipeline.stock(inputs),
        fossil=fossil,
        claims=tuple(check_claims(inputs, measures=("stock", "area"))),
        factors_version=vid,
        area_ha=pipeline.area_ha(inputs),
    )


@dataclass(frozen=True)
class EmissionsReport:
    loaded: LoadedProject
    case: Case
    result: Emissions  # the case shown year by year
    totals_by_case: dict[Case, Emissions]  # every case, for the summary
    claims: tuple[ClaimCheck, ...]
    chart: bool = False  # also draw forest area and avoided emissions as text, in a table


def emissions_report(
    loaded: LoadedProject,
    *,
    first: int | None = None,
    last: int | None = None,
    case: Case = "central",
    chart: bool = False,
) -> EmissionsReport:
    inputs = loaded.inputs
    cases = CASES if has_ranges(inputs) else ("central",)
    by_case = {c: pipeline.emissions(inputs, c, first=first, last=last) for c in cases}
    if case not in by_case:
        by_case[case] = by_case["central"]
    return EmissionsReport(
        loaded=loaded,
        case=case,
        result=by_case[case],
        totals_by_case=by_case,
        claims=tuple(
            check_claims(inputs, measures=("avoided_emissions", "avoided_emissions_per_yr"))
        ),
        chart=chart,
    )


@dataclass(frozen=True)
class CheckResult:
    """``carboncalc check`` for one file: its problems, or every claim with its verdict."""

    project: str
    file: str
    problems: tuple[str, ...] = ()
    claims: tuple[ClaimCheck, ...] = ()
    counterfactual: Counterfactual | None = None

    def count(self, verdict: str) -> int:
        return sum(1 for c in self.claims if c.verdict == verdict)


def invalid_result(ref: str, error: CarboncalcError) -> CheckResult:
    """``check`` of a file that could not be loaded or computed: its problems."""
    return CheckResult(project=ref, file=ref, problems=tuple(map(str, error.problems)))


@dataclass(frozen=True)
class Counterfactual:
    """The claimed baseline beside the counterfactual (matched controls): avoided emissions
    over the accounting period against each, before any deduction."""

    source: str | None  # where the counterfactual comes from, where not the file (evidence)
    baseline_avoided_tco2e: float
    counterfactual_avoided_tco2e: float
    first_year: int
    last_year: int

    @property
    def ratio(self) -> float | None:
        """Avoided emissions against the claimed baseline / against the counterfactual; None
        where the counterfactual supports none."""
        if self.counterfactual_avoided_tco2e <= 0:
            return None
        return self.baseline_avoided_tco2e / self.counterfactual_avoided_tco2e


def counterfactual(inputs: ProjectInputs) -> Counterfactual | None:
    """For a project with a counterfactual (its file's, or the evidence set's)."""
    d = inputs.deforestation
    if d is None or d.counterfactual is None or not inputs.has_emissions:
        return None
    claimed = pipeline.emissions(inputs)
    supported = pipeline.emissions(inputs, counterfactual=True)
    return Counterfactual(
        source=d.counterfactual_source,
        baseline_avoided_tco2e=claimed.avoided_emissions_tco2e,
        counterfactual_avoided_tco2e=supported.avoided_emissions_tco2e,
        first_year=claimed.first_year,
        last_year=claimed.last_year,
    )


def check_result(loaded: LoadedProject, *, table: FactorTable) -> CheckResult:
    return CheckResult(
        project=loaded.name,
        file=str(loaded.path),
        claims=tuple(check_claims(loaded.inputs, table=table)),
        counterfactual=counterfactual(loaded.inputs),
    )


@dataclass(frozen=True)
class CheckReport:
    """``carboncalc check`` over every file, with the exit code its verdicts give."""

    results: tuple[CheckResult, ...]
    exit_code: int

    def summary(self) -> dict[str, int]:
        return tally(self.results).summary()


def check_report(results: list[CheckResult]) -> CheckReport:
    return CheckReport(tuple(results), check_exit_code(results))


@dataclass
class CheckTally:
    """The summary and exit code of ``check``, kept as results stream past (so that a folder of
    100,000 files is checked without holding every result)."""

    holds: int = 0
    fails: int = 0
    unchecked: int = 0
    invalid_files: int = 0

    def add(self, r: CheckResult) -> None:
        self.holds += r.count("holds")
        self.fails += r.count("fails")
        self.unchecked += r.count("unchecked")
        self.invalid_files += 1 if r.problems else 0

    def summary(self) -> dict[str, int]:
        return {"holds": self.holds, "fails": self.fails, "unchecked": self.unchecked,
                "invalid_files": self.invalid_files}  # fmt: skip

    @property
    def exit_code(self) -> int:
        """2 when any input is invalid; else 1 when any claim fails or cannot be checked."""
        return 2 if self.invalid_files else 1 if self.fails or self.unchecked else 0


def check_exit_code(results: list[CheckResult]) -> int:
    """2 when any input is invalid; else 1 when any claim fails or cannot be checked; else 0."""
    return tally(results).exit_code


def tally(results: Iterable[CheckResult]) -> CheckTally:
    counted = CheckTally()
    for r in results:
        counted.add(r)
    return counted


@dataclass(frozen=True)
class Basis:
    """A quantity of CO2e to express as equivalents, and where it comes from."""

    what: str
    tco2e: float
    years: int


@dataclass(frozen=True)
class EquivalentsReport:
    loaded: LoadedProject | None
    rows: tuple[tuple[Basis, eq.Equivalents], ...]
    claims: tuple[ClaimCheck, ...] = field(default=())
    claims_current: tuple[ClaimCheck, ...] = field(default=())
    claims_factors: str | None = None  # --factors for the claims; None: each claim's own


def _claim_basis(claim: ClaimInputs) -> Basis:
    tonnes, _ = to_canonical(claim.measure, claim.figure.central, claim.unit)
    years = claim.years[1] - claim.years[0] + 1 if claim.years else 1
    span = f" {claim.years[0]}-{claim.years[1]}" if claim.years else ""
    return Basis(what=f"claim {claim.id}{span} (published)", tco2e=tonnes, years=years)


def equivalents_report(
    loaded: LoadedProject | None,
    *,
    table: FactorTable,
    factors_version: str | None = None,
    tco2e: float | None = None,
    years: int | None = None,
    first: int | None = None,
    last: int | None = None,
) -> EquivalentsReport:
    """Equivalents of a given tonnage, or of a project's avoided emissions, claims and reserves."""
    vid, version = eq.pick_version(table, factors_version)
    bases: list[Basis] = []
    if tco2e is not None:
        bases.append(Basis(what="given", tco2e=tco2e, years=years or 1))
    if loaded is not None:
        inputs = loaded.inputs
        if inputs.has_emissions:
            result = pipeline.emissions(inputs, first=first, last=last)
            n = years or len(result.rows)
            bases.append(
                Basis(
                    what=f"avoided emissions {result.first_year}-{result.last_year} (computed)",
                    tco2e=result.avoided_emissions_tco2e,
                    years=n,
                )
            )
        converted = {c.basis for c in inputs.claims if c.measure == "vehicles_per_yr"}
        for claim in inputs.claims:
            if claim.id in converted:
                bases.append(_claim_basis(claim))
        for r in inputs.fossil:
            reserve = reserve_tco2(r, version_id=vid, version=version)
            bases.append(Basis(what=f"{reserve.description} (t CO2)", tco2e=reserve.tco2, years=1))
        if not bases:
            raise ProjectContentError(
                f"{loaded.name} has no avoided emissions, emission claims or fossil reserves "
                "to express as equivalents; use --tco2e N"
            )
    rows = tuple(
        (b, eq.equivalents(tco2e=b.tco2e, years=b.years, version_id=vid, version=version))
        for b in bases
    )
    claims: tuple[ClaimCheck, ...] = ()
    current: tuple[ClaimCheck, ...] = ()
    if loaded is not None:
        claims = tuple(
            check_claims(
                loaded.inputs, measures=("vehicles_per_yr",), table=table,
                factors_version=factors_version,
            )
        )  # fmt: skip
        current = tuple(
            check_claims(
                loaded.inputs, measures=("vehicles_per_yr",), table=table,
                factors_version=table.current,
            )
        )  # fmt: skip
    return EquivalentsReport(
        loaded=loaded,
        rows=rows,
        claims=claims,
        claims_current=current,
        claims_factors=factors_version,
    )


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
    :func:`credit_reports.deduction_rules`)."""
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

            report = credits_report(loaded, samples=samples, seed=seed, known=known)
            credits_total, deduction = report.waterfall.credits, report.uncertainty.pct
            rule_set = report.rule_set.name
    area = pipeline.area_ha(inputs)
    last = None if inputs.first_year is None else inputs.first_year + (inputs.years or 1) - 1
    return CompareRow(
        label, area, s.stock_tco2, avoided, credits_total, vehicles, deduction, rule_set,
        first_year=inputs.first_year, last_year=last, avoided_tco2e_per_yr=per_yr,
        forest_ha=s.area_ha,
        credits_per_yr=None if credits_total is None else credits_total / (inputs.years or 1),
    )  # fmt: skip


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
        )


def mixed_periods(rows: tuple[CompareRow, ...] | list[CompareRow]) -> bool:
    """True when the rows' accounting periods differ, so their totals add unlike spans."""
    spans = {(r.first_year, r.last_year) for r in rows if r.first_year is not None}
    return len(spans) > 1


def everything_report(
    loaded: LoadedProject, *, table: FactorTable, samples: int, seed: int
) -> dict[str, Any]:
    """Every report that applies to a project, for ``carboncalc report``."""
    inputs = loaded.inputs
    has_emissions = inputs.has_emissions
    has_credits = has_emissions and inputs.credits is not None
    has_equivalents = has_emissions or bool(inputs.claims) or bool(inputs.fossil)

    from carboncalc.reports.credits import (
        credits_report,
        sensitivity_report,
        uncertainty_report,
    )

    has_spread = bool(inputs.uncertain())
    return {
        "stock": stock_report(loaded, table=table),
        "emissions": emissions_report(loaded) if has_emissions else None,
        "credits": credits_report(loaded, samples=samples, seed=seed) if has_credits else None,
        "uncertainty": (
            uncertainty_report(loaded, samples=samples, seed=seed) if has_spread else None
        ),
        "sensitivity": (
            sensitivity_report(loaded, pct=None, samples=samples, seed=seed)
            if has_emissions and has_spread
            else None
        ),
        "equivalents": equivalents_report(loaded, table=table) if has_equivalents else None,
        "check": check_result(loaded, table=table),
        "charts": has_emissions,
    }


def sweep_values(start: float, stop: float, *, steps: int) -> list[float]:
    """``steps`` evenly spaced values from start to stop, both ends included, rounded to 12
    significant figures so that a step's float noise (0.6000000000000001) does not show."""
    return [float(f"{start + (stop - start) * i / (steps - 1):.12g}") for i in range(steps)]
