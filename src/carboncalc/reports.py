"""What each command computes, as plain result objects for the renderer. No I/O, no printing."""

from __future__ import annotations

from dataclasses import dataclass, field

from carboncalc import equivalents as eq
from carboncalc.claims import ClaimCheck, area_ha, check_claims, project_emissions, to_canonical
from carboncalc.emissions import Emissions
from carboncalc.errors import ComputationError
from carboncalc.fossil import FossilCO2, reserve_tco2
from carboncalc.loading import LoadedProject
from carboncalc.model import CASES, Case, Claim, FactorTable, Project
from carboncalc.stocks import Stock, carbon_stock


@dataclass(frozen=True)
class Summary:
    """One row of ``carboncalc list``."""

    project: str
    name: str
    countries: str
    area_ha: float
    stock_tc: float
    stock_tco2: float
    file: str


def summary(loaded: LoadedProject) -> Summary:
    p = loaded.project
    s = carbon_stock(p.carbon, area_ha=area_ha(p))
    return Summary(
        project=loaded.name,
        name=p.name,
        countries=" ".join(p.countries),
        area_ha=s.area_ha,
        stock_tc=s.stock_tc,
        stock_tco2=s.stock_tco2,
        file=str(loaded.path),
    )


@dataclass(frozen=True)
class StockReport:
    loaded: LoadedProject
    stock: Stock
    fossil: tuple[FossilCO2, ...]
    claims: tuple[ClaimCheck, ...]
    factors_version: str | None


def has_ranges(project: Project) -> bool:
    """True when any input of the calculation is a range (so low and high cases differ)."""
    from carboncalc.model import Ranged, walk

    return any(
        isinstance(obj, Ranged) and obj.has_range and loc[0] in ("area", "carbon", "deforestation")
        for loc, obj in walk(project)
    )


def stock_report(
    loaded: LoadedProject, *, table: FactorTable | None, factors_version: str | None = None
) -> StockReport:
    project = loaded.project
    fossil: tuple[FossilCO2, ...] = ()
    vid = None
    if project.fossil_reserves:
        if table is None:
            raise ComputationError("fossil reserves need the factor table")
        vid, version = eq.pick_version(table, factors_version)
        fossil = tuple(
            reserve_tco2(r, version_id=vid, version=version) for r in project.fossil_reserves
        )
    return StockReport(
        loaded=loaded,
        stock=carbon_stock(project.carbon, area_ha=area_ha(project)),
        fossil=fossil,
        claims=tuple(check_claims(project, measures=("stock", "area"))),
        factors_version=vid,
    )


@dataclass(frozen=True)
class EmissionsReport:
    loaded: LoadedProject
    case: Case
    result: Emissions  # the case shown year by year
    totals_by_case: dict[Case, Emissions]  # every case, for the summary
    claims: tuple[ClaimCheck, ...]


def emissions_report(
    loaded: LoadedProject,
    *,
    first: int | None = None,
    last: int | None = None,
    case: Case = "central",
) -> EmissionsReport:
    project = loaded.project
    cases = CASES if has_ranges(project) else ("central",)
    by_case = {c: project_emissions(project, case=c, first=first, last=last) for c in cases}
    if case not in by_case:
        by_case[case] = by_case["central"]
    return EmissionsReport(
        loaded=loaded,
        case=case,
        result=by_case[case],
        totals_by_case=by_case,
        claims=tuple(
            check_claims(project, measures=("avoided_emissions", "avoided_emissions_per_yr"))
        ),
    )


@dataclass(frozen=True)
class CheckResult:
    """``carboncalc check`` for one file: its problems, or every claim with its verdict."""

    project: str
    file: str
    problems: tuple[str, ...] = ()
    claims: tuple[ClaimCheck, ...] = ()

    def count(self, verdict: str) -> int:
        return sum(1 for c in self.claims if c.verdict == verdict)


def check_result(loaded: LoadedProject, *, table: FactorTable) -> CheckResult:
    return CheckResult(
        project=loaded.name,
        file=str(loaded.path),
        claims=tuple(check_claims(loaded.project, table=table)),
    )


def check_exit_code(results: list[CheckResult]) -> int:
    """2 when any input is invalid; else 1 when any claim fails or cannot be checked; else 0."""
    if any(r.problems for r in results):
        return 2
    if any(c.verdict != "holds" for r in results for c in r.claims):
        return 1
    return 0


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


def _claim_basis(claim: Claim) -> Basis:
    tonnes, _ = to_canonical(claim.measure, claim.central, claim.unit)
    years = claim.years.years if claim.years else 1
    span = f" {claim.years.first}-{claim.years.last}" if claim.years else ""
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
        project = loaded.project
        if project.deforestation is not None and project.period is not None:
            result = project_emissions(project, case="central", first=first, last=last)
            n = years or len(result.rows)
            bases.append(
                Basis(
                    what=f"avoided emissions {result.first_year}-{result.last_year} (computed)",
                    tco2e=result.avoided_emissions_tco2e,
                    years=n,
                )
            )
        converted = {c.basis for c in project.claims if c.measure == "vehicles_per_yr"}
        for claim in project.claims:
            if claim.id in converted:
                bases.append(_claim_basis(claim))
        for r in project.fossil_reserves:
            reserve = reserve_tco2(r, version_id=vid, version=version)
            bases.append(Basis(what=f"{reserve.description} (t CO2)", tco2e=reserve.tco2, years=1))
        if not bases:
            raise ComputationError(
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
                loaded.project, measures=("vehicles_per_yr",), table=table,
                factors_version=factors_version,
            )
        )  # fmt: skip
        current = tuple(
            check_claims(
                loaded.project, measures=("vehicles_per_yr",), table=table,
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
