"""Recompute each published claim from the project's inputs, and set the two side by side.

A claim in t C is compared with a stock in t C, one in t CO2 with a stock in t CO2: the 44/12
step is explicit (:mod:`carboncalc.units`). Where a source gives a range, its low end is compared
with the result at every input's low value, and its high end with the result at the high values.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from carboncalc.core import equivalents as eq
from carboncalc.core import pipeline
from carboncalc.core.inputs import CASES, Case, ClaimInputs, FactorTable, ProjectInputs
from carboncalc.errors import CarboncalcError
from carboncalc.units import AREA_HA, MASS_PREFIX_T, c_to_co2, co2_to_c

Verdict = Literal["holds", "fails", "unchecked"]


@dataclass(frozen=True)
class Implied:
    """Something a published figure implies, so an analyst sees where it came from."""

    what: str
    value: float
    unit: str
    # what the figure is to a reader: "needed" (what the claim would take to be true), "projected"
    # (the same quantity in carboncalc's projection), or "" (context)
    kind: str = ""
    # a stable name for scripts (``density_behind_claim_tc_per_ha``), beside the prose `what`
    key: str = ""


def precision_pct(value: float) -> float:
    """Half a unit in the last significant digit of a published figure, in % of it.

    3.8 -> 0.05 / 3.8 = 1.32 %; 150000 -> 5000 / 150000 = 3.33 % (trailing zeros of a whole
    number are taken as not significant); 145945 -> 0.5 / 145945.
    """
    if value == 0:
        return 0.0
    from decimal import Decimal

    exponent = Decimal(repr(float(value))).normalize().as_tuple().exponent
    assert isinstance(exponent, int)
    return 0.5 * 10.0**exponent / abs(value) * 100.0


@dataclass(frozen=True)
class ClaimCheck:
    """One claimed figure beside the figure carboncalc derives."""

    claim_id: str
    measure: str
    case: Case
    claimed: float
    derived: float | None  # None when the inputs cannot give it (reason in ``how``)
    unit: str
    how: str
    published_unit: str  # the claim's own unit; ``claimed`` and ``derived`` are in ``unit``
    scale: float  # one published unit in ``unit``
    tolerance_pct: float = 0.0
    implied: tuple[Implied, ...] = ()
    assumptions: tuple[str, ...] = ()  # inputs marked as assumptions that the figure rests on
    # the 5th and 95th percentiles of ``derived`` over the Monte Carlo of the project's uncertain
    # inputs, in ``unit``; None where no interval was run or the figure has none
    interval: tuple[float, float] | None = None
    # the verdict the file expects ("fails") and why; None: none expected
    expect_verdict: str | None = None
    expect_reason: str | None = None
    line: int | None = None  # where the claim starts in its file (1-based)
    column: int | None = None

    @property
    def expected(self) -> bool:
        """The claim fails, as its file expects (an expected failure: check still passes)."""
        return self.expect_verdict is not None and self.verdict == self.expect_verdict

    @property
    def unexpected_pass(self) -> bool:
        """The file expects the claim to fail and it holds: check fails until `expect` goes."""
        return self.expect_verdict is not None and self.verdict == "holds"

    @property
    def within_interval(self) -> bool | None:
        """Whether the published figure lies within carboncalc's 90 % interval (None: none)."""
        if self.interval is None:
            return None
        low, high = self.interval
        return low <= self.claimed <= high

    @property
    def verdict(self) -> Verdict:
        """holds when |difference| <= tolerance; unchecked when the inputs cannot give it."""
        diff = self.difference_pct
        if self.derived is None:
            return "unchecked"
        if diff is None:  # a claim of zero
            return "holds" if self.derived == 0 else "fails"
        return "holds" if abs(diff) <= self.tolerance_pct * (1 + 1e-9) else "fails"

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


def to_canonical(measure: str, value: float, unit: str) -> tuple[float, str]:
    """A claimed value in the unit carboncalc compares it in: tonnes, hectares or vehicles."""
    if measure == "area":
        return value * AREA_HA[unit], "ha"
    if measure == "vehicles_per_yr":
        return value, "vehicles"
    prefix, substance = unit.split()
    substance = substance.removesuffix("/yr")
    suffix = "/yr" if measure == "avoided_emissions_per_yr" else ""
    return value * MASS_PREFIX_T[prefix], f"t {substance}{suffix}"


def claim_cases(claim: ClaimInputs) -> tuple[Case, ...]:
    if not claim.figure.has_range:
        return ("central",)
    return tuple(c for c in CASES if c != "central" or claim.figure.value is not None)


def _derive(
    inputs: ProjectInputs,
    claim: ClaimInputs,
    case: Case,
    table: FactorTable | None,
    version_id: str | None,
) -> tuple[float, str, tuple[Implied, ...]]:
    """The figure the inputs give for a claim, how it was obtained, and what the claim implies."""
    published, _ = to_canonical(claim.measure, claim.figure.at(case), claim.unit)
    if claim.measure == "stock":
        stock = pipeline.stock(inputs, case)
        if claim.pool == "all":
            tc, density, what = stock.stock_tc, stock.density_tc_per_ha, "total stock"
        else:
            pool = stock.pool(claim.pool)
            tc, density, what = pool.stock_tc, pool.density_tc_per_ha, f"{claim.pool} stock"
        what += f" = {stock.area_ha:,.0f} ha x {density:.4g} t C/ha"
        is_co2 = claim.unit.endswith("CO2")
        claimed_tc = co2_to_c(published) if is_co2 else published
        implied = [
            Implied(
                "density behind the claim",
                claimed_tc / stock.area_ha,
                "t C/ha",
                "needed",
                "density_behind_claim_tc_per_ha",
            )
        ]
        if inputs.area_unit != "ha":
            unit = inputs.area_unit
            per_unit = claimed_tc / stock.area_ha * AREA_HA[unit]
            implied.append(
                Implied(
                    f"the same per {unit}",
                    per_unit,
                    f"t C/{unit}",
                    "",
                    f"density_behind_claim_tc_per_{unit}",
                )
            )
        implied.append(
            Implied(
                "carboncalc's density",
                density,
                "t C/ha",
                "projected",
                "carboncalc_density_tc_per_ha",
            )
        )
        if density > 0:
            implied.append(
                Implied(
                    "area at carboncalc's density",
                    claimed_tc / density,
                    "ha",
                    "",
                    "area_at_carboncalc_density_ha",
                )
            )
        return (c_to_co2(tc) if is_co2 else tc), what, tuple(implied)
    if claim.measure == "area":
        return pipeline.area_ha(inputs, case), "project area", ()
    if claim.measure in ("avoided_emissions", "avoided_emissions_per_yr"):
        first, last = claim.years if claim.years else (None, None)
        result = pipeline.emissions(inputs, case, first=first, last=last)
        span, years = f"{result.first_year}-{result.last_year}", len(result.rows)
        per_yr = published / years if claim.measure == "avoided_emissions" else published
        implied = [
            Implied(
                "mean avoided emissions",
                per_yr,
                "t CO2e/yr",
                "",
                "mean_avoided_emissions_tco2e_per_yr",
            )
        ]
        if claim.measure == "avoided_emissions":
            implied.insert(0, Implied("years spanned", years, "yr", "", "years_spanned_yr"))
        if result.ef_tco2e_per_ha > 0:
            avoided_ha = per_yr / result.ef_tco2e_per_ha
            implied.append(
                Implied(
                    f"avoided clearing at carboncalc's {result.ef_tco2e_per_ha:.4g} t CO2e/ha",
                    avoided_ha,
                    "ha/yr",
                    "needed",
                    "avoided_clearing_needed_ha_per_yr",
                )
            )
            carboncalc_ha = result.total("baseline_cleared_ha") - result.total("project_cleared_ha")
            implied.append(
                Implied(
                    "avoided clearing in carboncalc's projection",
                    carboncalc_ha / years,
                    "ha/yr",
                    "projected",
                    "avoided_clearing_projected_ha_per_yr",
                )
            )
        if claim.measure == "avoided_emissions":
            return result.avoided_emissions_tco2e, f"avoided emissions {span}", tuple(implied)
        return (
            result.mean_avoided_emissions_tco2e_per_yr,
            f"mean avoided emissions/yr {span}",
            tuple(implied),
        )
    # an equivalence: the basis claim's published tonnes as vehicles per year
    if table is None:
        raise CarboncalcError("an equivalence claim needs the factor table")
    basis = next(c for c in inputs.claims if c.id == claim.basis)
    tonnes, _ = to_canonical(basis.measure, basis.figure.at(case), basis.unit)
    years = claim.over_yr or (basis.years[1] - basis.years[0] + 1 if basis.years else 1)
    vid, version = eq.pick_version(table, version_id or claim.factors)
    f = eq.factor(version, eq.VEHICLES, vid)
    how = f"{tonnes:,.0f} t / {years} yr / {f:g} t per vehicle-year (factors {vid})"
    implied = [Implied("years spanned", years, "yr", "", "years_spanned_yr")]
    if claim.figure.at(case) > 0:
        per_vehicle = eq.implied_factor(tco2e=tonnes, count=claim.figure.at(case), years=years)
        implied.insert(
            0,
            Implied(
                "the published count implies",
                per_vehicle,
                "t CO2e/vehicle/yr",
                "",
                "implied_factor_tco2e_per_vehicle_yr",
            ),
        )
    if vid != table.current:
        current = eq.factor(table.versions[table.current], eq.VEHICLES, table.current)
        implied.append(
            Implied(
                f"vehicles at the current factors ({table.current}, {current:g} t)",
                eq.count(tco2e=tonnes, factor_tco2e=current, years=years),
                "vehicles",
                "",
                "vehicles_at_current_factors",
            )
        )
    return eq.count(tco2e=tonnes, factor_tco2e=f, years=years), how, tuple(implied)


_INPUTS_OF: dict[str, tuple[str, ...]] = {
    "stock": ("area", "carbon"),
    "area": ("area",),
    "avoided_emissions": ("area", "carbon", "deforestation"),
    "avoided_emissions_per_yr": ("area", "carbon", "deforestation"),
    "vehicles_per_yr": (),
}


def check_claims(
    inputs: ProjectInputs,
    *,
    measures: tuple[str, ...] | None = None,
    table: FactorTable | None = None,
    factors_version: str | None = None,
) -> list[ClaimCheck]:
    """Every claim (of the given measures), at each case the claim states."""
    checks = []
    for claim in inputs.claims:
        if measures is not None and claim.measure not in measures:
            continue
        sections = _INPUTS_OF[claim.measure]
        assumptions = tuple(p for p in inputs.assumed if p.split(".", 1)[0] in sections
                            and not p.startswith("deforestation.counterfactual"))  # fmt: skip
        for case in claim_cases(claim):
            claimed, unit = to_canonical(claim.measure, claim.figure.at(case), claim.unit)
            derived: float | None
            implied: tuple[Implied, ...] = ()
            try:
                derived, how, implied = _derive(inputs, claim, case, table, factors_version)
            except CarboncalcError as exc:
                derived, how = None, str(exc)
            tonnes = claim.measure in ("stock", "avoided_emissions", "avoided_emissions_per_yr")
            if tonnes and derived and claimed and not 1e-3 < claimed / derived < 1e3:
                implied = (*implied, Implied(
                    "published / carboncalc", claimed / derived,
                    "x: is the unit right? (t, kt, Mt and Gt differ by 1,000 each)", "",
                    "published_over_carboncalc_ratio"))  # fmt: skip
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
                    tolerance_pct=(
                        claim.tolerance_pct
                        if claim.tolerance_pct is not None
                        else precision_pct(claim.figure.at(case))
                    ),
                    implied=implied,
                    assumptions=assumptions,
                    expect_verdict=claim.expect_verdict,
                    expect_reason=claim.expect_reason,
                    line=claim.line,
                    column=claim.column,
                )
            )
    return checks
