"""The reports of one project: its inputs, stock, emissions and equivalents, the list of a
project set, warnings about a valid file, and everything ``report`` draws. Plain result objects
for the renderer; no I/O, no printing.

Credits, uncertainty and sensitivity, which run Monte Carlo, are in
:mod:`carboncalc.reports.credits`; the claims check in :mod:`carboncalc.reports.check`.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

from carboncalc.core import equivalents as eq
from carboncalc.core import pipeline
from carboncalc.core.claimrange import Ranges, ranges
from carboncalc.core.claims import ClaimCheck, check_claims, to_canonical
from carboncalc.core.emissions import Emissions
from carboncalc.core.fossil import FossilCO2, reserve_tco2
from carboncalc.core.inputs import CASES, Case, ClaimInputs, FactorTable, ProjectInputs
from carboncalc.core.sampling import DEFAULT_SAMPLES, Summary
from carboncalc.core.stocks import Stock
from carboncalc.errors import CarboncalcError, ComputationError, ProjectContentError
from carboncalc.reports.check import check_result

if TYPE_CHECKING:  # credit reports and loading are imported where used: not by stock
    from carboncalc.core.uncertainty import Runner
    from carboncalc.files.loading import LoadedProject


# carboncalc's own threshold, not a standard's: a deforestation rate below this, in %/yr, is
# far below the lowest in carboncalc's cited sources (Alto Mayo's matched controls lost 0.0844 %/yr,
# Guizar-Coutino et al. 2022), so most likely a fraction per year written as %/yr. A warning
# only: the figures are computed as written.
IMPLAUSIBLE_PCT_PER_YR = 0.01
# carboncalc's own threshold too: a share of biomass burned or a buffer below 1 % is far below
# any in carboncalc's cited sources (buffers of 10-60 %, burned shares of tens of %), so most
# likely a share of 1 (0.5 for a half) written as %. A warning only.
IMPLAUSIBLE_SHARE_PCT = 1.0


def draft_warning(loaded: LoadedProject) -> str | None:
    """One line for a project with placeholders from ``carboncalc new``: a draft, whose figures
    are not the project's; None for any other."""
    marked = [p.field for p in loaded.placeholders]
    if not marked:
        return None
    n = len(marked)
    named = ", ".join(marked[:3]) + (f" and {n - 3} more" if n > 3 else "")
    return (
        f"{loaded.path}: warning: a draft: {n} value{'s are' if n != 1 else ' is'} still "
        f"{'placeholders' if n != 1 else 'a placeholder'} from carboncalc new ({named}), so "
        "the figures are not the project's; carboncalc check lists each with its line"
    )


def warnings(loaded: LoadedProject, *, placeholders: bool = True) -> tuple[str, ...]:
    """What a user should know about a valid project before reading its figures (with
    ``placeholders``, first whether it is a draft)."""
    inputs = loaded.inputs
    draft = draft_warning(loaded) if placeholders else None
    found = [draft] if draft is not None else []
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
    shares = []
    if d is not None and d.burning is not None:
        shares.append(("deforestation.burning.burned", d.burning.burned_pct))
    if inputs.credits is not None:
        shares.append(("credits.buffer", inputs.credits.buffer.pct))
    for path, share in shares:
        value = share.central
        if 0 < value < IMPLAUSIBLE_SHARE_PCT:
            found.append(
                f"{loaded.path}: warning: {path} is {value:g} %, implausibly small: if the "
                f"source gives {value:g} as a share (of 1), write {value * 100:g} %"
            )
    if d is not None:
        found += _residual_warnings(loaded)
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


def _residual_warnings(loaded: LoadedProject) -> list[str]:
    """A residual at or above the whole stock releases nothing; at or above the carbon of the
    pools that burn, it leaves their biomass on the land while burning (IPCC 2006 Vol. 4 Eq.
    2.27, whose fuel available M_B takes no residual) still burns it. carboncalc changes
    neither figure (no source gives a rule for the two together): it names both."""
    inputs = loaded.inputs
    residual = pipeline.residual_tc_per_ha(inputs)
    pools = pipeline.stock(inputs).pools
    total = math.fsum(p.density_tc_per_ha for p in pools)
    burnable = math.fsum(p.density_tc_per_ha for p in pools if p.pool in pipeline.BURNABLE)
    found = []
    if residual > 0 and residual >= total:
        found.append(
            f"{loaded.path}: warning: deforestation.residual_carbon is {residual:,.4g} t C/ha, "
            f"at or above the whole stock of {total:,.4g} t C/ha: clearing releases nothing"
        )
    burned = pipeline.burned_dry_matter(inputs) if burnable > 0 else 0.0
    if residual > 0 and burned > 0 and residual >= burnable:
        found.append(
            f"{loaded.path}: warning: deforestation.residual_carbon is {residual:,.4g} t C/ha, "
            f"at or above the {burnable:,.4g} t C/ha of the pools that burn, yet "
            f"deforestation.burning burns {burned:,.3g} t dm/ha of them (IPCC 2006 Vol. 4 "
            "Eq. 2.27 takes the fuel available, with no residual): check that the two agree"
        )
    return found


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
    # the stock's 90 % interval over a Monte Carlo of its uncertain inputs (None: none moves it)
    interval_tco2: Summary | None = None


def has_ranges(inputs: ProjectInputs) -> bool:
    """True when any input of stock or emissions is a range (so low and high cases differ)."""
    return any(
        q.has_range and q.path.split(".", 1)[0] in ("area", "carbon", "deforestation")
        for q in inputs.values
    )


# what runs the Monte Carlo of claims and totals: claimrange.ranges, or a caller's stand-in that
# keeps results (the same figures, to the bit)
RangesRunner = Callable[..., Ranges]


def stock_report(
    loaded: LoadedProject,
    *,
    table: FactorTable | None,
    factors_version: str | None = None,
    samples: int = DEFAULT_SAMPLES,
    seed: int = 0,
    runner: RangesRunner = ranges,
) -> StockReport:
    """The stock by pool, its 90 % interval, fossil reserves and the claims of stock and area
    (each with its interval)."""
    inputs = loaded.inputs
    fossil: tuple[FossilCO2, ...] = ()
    vid = None
    if inputs.fossil:
        if table is None:
            raise ComputationError("fossil reserves need the factor table")
        vid, version = eq.pick_version(table, factors_version)
        fossil = tuple(reserve_tco2(r, version_id=vid, version=version) for r in inputs.fossil)
    spread = runner(inputs, check_claims(inputs, measures=("stock", "area")), samples=samples,
                    seed=seed)  # fmt: skip
    return StockReport(
        loaded=loaded,
        stock=pipeline.stock(inputs),
        fossil=fossil,
        claims=spread.checks,
        factors_version=vid,
        area_ha=pipeline.area_ha(inputs),
        interval_tco2=spread.stock_tco2,
    )


@dataclass(frozen=True)
class EmissionsReport:
    loaded: LoadedProject
    case: Case
    result: Emissions  # the case shown year by year
    totals_by_case: dict[Case, Emissions]  # every case, for the summary
    claims: tuple[ClaimCheck, ...]
    chart: bool = False  # also draw forest area and avoided emissions as text, in a table
    # the avoided emissions' 90 % interval over the years shown (None: no uncertain input)
    interval_tco2e: Summary | None = None


def emissions_report(
    loaded: LoadedProject,
    *,
    first: int | None = None,
    last: int | None = None,
    case: Case = "central",
    chart: bool = False,
    samples: int = DEFAULT_SAMPLES,
    seed: int = 0,
    runner: RangesRunner = ranges,
) -> EmissionsReport:
    """Emissions year by year for a case, the totals of every case, the avoided emissions' 90 %
    interval and the claims of avoided emissions (each with its interval)."""
    inputs = loaded.inputs
    cases = CASES if has_ranges(inputs) else ("central",)
    by_case = {c: pipeline.emissions(inputs, c, first=first, last=last) for c in cases}
    if case not in by_case:
        by_case[case] = by_case["central"]
    shown = by_case[case]
    claims = check_claims(inputs, measures=("avoided_emissions", "avoided_emissions_per_yr"))
    spread = runner(inputs, claims, samples=samples, seed=seed,
                    avoided=(shown.first_year, shown.last_year))  # fmt: skip
    return EmissionsReport(
        loaded=loaded,
        case=case,
        result=shown,
        totals_by_case=by_case,
        claims=spread.checks,
        chart=chart,
        interval_tco2e=spread.avoided_tco2e,
    )


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
    unavailable: tuple[str, ...] = field(default=())  # what the edition lacks a factor for


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
    edition: str | None = None,
    tco2e: float | None = None,
    years: int | None = None,
    first: int | None = None,
    last: int | None = None,
) -> EquivalentsReport:
    """Equivalents of a given tonnage, or of a project's avoided emissions, claims and reserves.
    ``factors_version``: the edition asked for (--factors), for the figures and the claims alike;
    else ``edition``, the project file's choice, for the figures (each claim keeps its own)."""
    vid, version = eq.pick_version(table, factors_version or edition)
    bases: list[Basis] = []
    unavailable = _not_in_edition(table, vid)
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
            if reserve.tco2 is None:
                unavailable.append(f"{reserve.description}: {reserve.note}")
                continue
            bases.append(Basis(what=f"{reserve.description} (t CO2)", tco2e=reserve.tco2, years=1))
        if not bases and unavailable:
            raise ProjectContentError("; ".join(unavailable))
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
        unavailable=tuple(unavailable),
    )


def _not_in_edition(table: FactorTable, vid: str) -> list[str]:
    """The equivalents of the current edition that edition ``vid`` has no factor for, as a
    note: shown as not available, not left out without a word."""
    current = table.versions[table.current].factors
    lacking = [f.label for key, f in current.items() if key not in table.versions[vid].factors]
    if not lacking:
        return []
    return [f"not available at factors {vid} (no factor in that edition): " + "; ".join(lacking)]


def everything_report(
    loaded: LoadedProject,
    *,
    table: FactorTable,
    samples: int,
    seed: int,
    edition: str | None = None,
    runner: Runner | None = None,
    ranges_runner: RangesRunner = ranges,
) -> dict[str, Any]:
    """Every report that applies to a project, for ``carboncalc report``; ``edition``: the
    equivalence factors the project file chooses (None: the current ones); ``runner`` and
    ``ranges_runner``: what runs each Monte Carlo (the command line's keep them in the result
    cache). Every interval comes from the same samples and seed."""
    inputs = loaded.inputs
    has_emissions = inputs.has_emissions
    has_credits = has_emissions and inputs.credits is not None
    has_equivalents = has_emissions or bool(inputs.claims) or bool(inputs.fossil)

    from carboncalc.core.uncertainty import run_job
    from carboncalc.reports.credits import (
        credits_report,
        sensitivity_report,
        uncertainty_report,
    )
    from carboncalc.reports.forest import forest_report

    run = runner or run_job

    has_spread = bool(inputs.uncertain())
    return {
        "stock": stock_report(
            loaded,
            table=table,
            factors_version=edition,
            samples=samples,
            seed=seed,
            runner=ranges_runner,
        ),
        "emissions": (
            emissions_report(loaded, samples=samples, seed=seed, runner=ranges_runner)
            if has_emissions
            else None
        ),
        "credits": (
            credits_report(loaded, samples=samples, seed=seed, runner=run) if has_credits else None
        ),
        "uncertainty": (
            uncertainty_report(loaded, samples=samples, seed=seed, runner=run)
            if has_spread
            else None
        ),
        "sensitivity": (
            sensitivity_report(loaded, pct=None, samples=samples, seed=seed)
            if has_emissions and has_spread
            else None
        ),
        "equivalents": (
            equivalents_report(loaded, table=table, edition=edition) if has_equivalents else None
        ),
        "check": check_result(
            loaded, table=table, samples=samples, seed=seed, runner=ranges_runner
        ),
        "charts": has_emissions,
        # the headline picture: its intervals from the same samples and seed
        "forest": forest_report(loaded, samples=samples, seed=seed) if has_emissions else None,
    }
