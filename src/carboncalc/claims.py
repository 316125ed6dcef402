"""Recompute each published claim from the project's inputs, and set the two side by side.

A claim in t C is compared with a stock in t C, one in t CO2 with a stock in t CO2: the 44/12
step is explicit (:mod:`carboncalc.units`). Where a source gives a range, its low end is compared
with the result at every input's low value, and its high end with the result at the high values.
"""

from __future__ import annotations

from dataclasses import dataclass

from carboncalc import emissions as em
from carboncalc import equivalents as eq
from carboncalc.errors import CarboncalcError
from carboncalc.model import CASES, Case, Claim, ClaimMeasure, FactorTable, Project
from carboncalc.stocks import carbon_stock
from carboncalc.units import AREA_HA, MASS_PREFIX_T, area_to_ha, c_to_co2


@dataclass(frozen=True)
class ClaimCheck:
    """One claimed figure beside the figure carboncalc derives."""

    claim_id: str
    measure: ClaimMeasure
    case: Case
    claimed: float
    derived: float | None  # None when the inputs cannot give it (reason in ``how``)
    unit: str
    how: str
    published_unit: str  # the claim's own unit; ``claimed`` and ``derived`` are in ``unit``
    scale: float  # one published unit in ``unit``

    @property
    def claimed_as_published(self) -> float:
        return self.claimed / self.scale

    @property
    def derived_as_published(self) -> float | None:
        return None if self.derived is None else self.derived / self.scale

    @property
    def difference_pct(self) -> float | None:
        """(derived - claimed) / claimed x 100 [%]."""
        if self.derived is None or self.claimed == 0:
            return None
        return (self.derived - self.claimed) / self.claimed * 100.0


def to_canonical(measure: ClaimMeasure, value: float, unit: str) -> tuple[float, str]:
    """A claimed value in the unit carboncalc compares it in: tonnes, hectares or vehicles."""
    if measure == "area":
        return value * AREA_HA[unit], "ha"
    if measure == "vehicles_per_yr":
        return value, "vehicles"
    prefix, substance = unit.split()
    substance = substance.removesuffix("/yr")
    suffix = "/yr" if measure == "avoided_emissions_per_yr" else ""
    return value * MASS_PREFIX_T[prefix], f"t {substance}{suffix}"


def area_ha(project: Project, case: Case = "central") -> float:
    return area_to_ha(project.area.at(case), project.area.unit)


def claim_cases(claim: Claim) -> tuple[Case, ...]:
    if not claim.has_range:
        return ("central",)
    return tuple(c for c in CASES if c != "central" or claim.value is not None)


def project_emissions(
    project: Project, *, case: Case, first: int | None = None, last: int | None = None
) -> em.Emissions:
    """Emissions of a project for one case, over its period or a range of years inside it."""
    if project.deforestation is None or project.period is None:
        raise CarboncalcError(
            "the project file gives no deforestation rates (`deforestation`) and accounting "
            "`period`, so there are no emissions to compute"
        )
    area = area_ha(project, case)
    stock = carbon_stock(project.carbon, area_ha=area, case=case)
    return em.emissions(
        project.deforestation,
        area_ha=area,
        density_tc_per_ha=stock.density_tc_per_ha,
        first_year=project.period.first_year,
        years=project.period.length_yr,
        case=case,
        from_year=first,
        to_year=last,
    )


def _derive(
    project: Project, claim: Claim, case: Case, table: FactorTable | None, version_id: str | None
) -> tuple[float, str]:
    """The figure the inputs give for a claim, and how it was obtained."""
    if claim.measure == "stock":
        stock = carbon_stock(project.carbon, area_ha=area_ha(project, case), case=case)
        if claim.pool == "all":
            tc, density, what = stock.stock_tc, stock.density_tc_per_ha, "total stock"
        else:
            pool = stock.pool(claim.pool)
            tc, density, what = pool.stock_tc, pool.density_tc_per_ha, f"{claim.pool} stock"
        what += f" = {stock.area_ha:,.0f} ha x {density:.4g} t C/ha"
        return (c_to_co2(tc) if claim.unit.endswith("CO2") else tc), what
    if claim.measure == "area":
        return area_ha(project, case), "project area"
    if claim.measure in ("avoided_emissions", "avoided_emissions_per_yr"):
        first, last = (claim.years.first, claim.years.last) if claim.years else (None, None)
        result = project_emissions(project, case=case, first=first, last=last)
        span = f"{result.first_year}-{result.last_year}"
        if claim.measure == "avoided_emissions":
            return result.avoided_emissions_tco2e, f"avoided emissions {span}"
        return result.mean_avoided_emissions_tco2e_per_yr, f"mean avoided emissions/yr {span}"
    # an equivalence: the basis claim's published tonnes as vehicles per year
    if table is None:
        raise CarboncalcError("an equivalence claim needs the factor table")
    basis = next(c for c in project.claims if c.id == claim.basis)
    tonnes, _ = to_canonical(basis.measure, basis.at(case), basis.unit)
    years = claim.over_yr or (basis.years.years if basis.years else 1)
    vid, version = eq.pick_version(table, version_id or claim.factors)
    f = eq.factor(version, eq.VEHICLES, vid)
    how = f"{tonnes:,.0f} t / {years} yr / {f:g} t per vehicle-year (factors {vid})"
    if claim.at(case) > 0:
        implied = eq.implied_factor(tco2e=tonnes, count=claim.at(case), years=years)
        how += f"; the published count implies {implied:.2f} t per vehicle-year"
    return eq.count(tco2e=tonnes, factor_tco2e=f, years=years), how


def check_claims(
    project: Project,
    *,
    measures: tuple[ClaimMeasure, ...] | None = None,
    table: FactorTable | None = None,
    factors_version: str | None = None,
) -> list[ClaimCheck]:
    """Every claim (of the given measures), at each case the claim states."""
    checks = []
    for claim in project.claims:
        if measures is not None and claim.measure not in measures:
            continue
        for case in claim_cases(claim):
            claimed, unit = to_canonical(claim.measure, claim.at(case), claim.unit)
            derived: float | None
            try:
                derived, how = _derive(project, claim, case, table, factors_version)
            except CarboncalcError as exc:
                derived, how = None, str(exc)
            checks.append(
                ClaimCheck(
                    claim_id=claim.id,
                    measure=claim.measure,
                    case=case,
                    claimed=claimed,
                    derived=derived,
                    unit=unit,
                    how=how,
                    published_unit=claim.unit,
                    scale=to_canonical(claim.measure, 1.0, claim.unit)[0],
                )
            )
    return checks
