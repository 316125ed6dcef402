"""Year-by-year deforestation under the baseline and under the project, and the emissions it causes.

Notes
-----
Each projection year t = 1..N starts with the forest left at the end of year t-1 (A_0 is the
forest at the start) and clears, for each scenario, by the rule for that year:

    compound (%/yr of remaining forest):  c_t = A_(t-1) x q        (FAO annual rate q)
    linear   (%/yr of the initial area):  c_t = A_p x q            (A_p: the forest at the start
                                                                    of the rate's period)
    area     (ha/yr, or observed ha):     c_t = a
    observed forest at the year's end F:  c_t = A_(t-1) - F        (never below 0)

never more than the forest left. A scenario's rule for a year is its observation for that year
where it has one, else the rate of the period holding the year (one rate: the whole period).
With one rate, A_p is A_0. A project given as a reduction r of the baseline clears
(1 - r) x what the baseline's rule for the year would clear from the project's own forest.

A year is labelled observed for a scenario only where that scenario's own clearing was observed
(its `observed` series); every other year is projected. A project given as a reduction of an
observed baseline year is projected in that year: the reduction is a claim about the project,
not an observation of it.

The emission factor per hectare cleared is

    EF = (C_before - C_after) x 44/12      [t CO2e/ha]

over all pools, where C_after is the residual carbon R left on cleared land. Before the
residual, the pools that leave at once release their density C_a (the sum over them), emitted
in the year of clearing, and a pool p whose carbon leaves over N_p years, with a share s_p that
remains, releases C_p x (1 - s_p). The residual is taken from what the pools release, first
from the pools released at once, the remainder from the decaying pools in proportion to what
each releases:

    at once:  EF_0 = max(C_a - R, 0) x 44/12
    decaying: e_p  = C_p x (1 - s_p) x 44/12 x (1 - min(X / D, 1))

with X = max(R - C_a, 0) x 44/12 the residual left after the pools released at once and
D = sum over p of C_p x (1 - s_p) x 44/12, so EF = EF_0 + sum of e_p = max(C_released - R, 0) x
44/12 over all pools. The at-once pools come first because C_after is the stock on the land
immediately after conversion (IPCC 2006 Vol. 4 Eq. 2.16, B_AFTER), so it is set against what
leaves immediately; only a residual larger than all of that lowers what leaves later (the
pools' own release rules already keep the share s_p that stays). It is also the conservative
order for avoided emissions over a period: lowering the release of later years instead would
count less of the residual against the period, since decay after the period is not counted in
it. With R no more than C_a (every Tier 1 file: R = 0) nothing changes from a residual over the
pools released at once. Each decaying pool emits e_p per hectare cleared, a 1/N_p part of it in
the year of clearing and in each of the N_p - 1 years after:

    emissions_t = c_t x EF_0 + sum over p of sum over k = 0..N_p-1 of c_(t-k) x e_p / N_p

so every tonne that leaves is emitted once, by N_p - 1 years after the last clearing (emissions
after the accounting period are not counted in it). Avoided emissions in year t are the
baseline's emissions less the project's.

References
----------
Puyravaud, J.-P. (2003). Standardizing the calculation of the annual rate of deforestation.
Forest Ecology and Management 177: 593-596 (compound and FAO annual rates).
IPCC (2006). 2006 IPCC Guidelines for National Greenhouse Gas Inventories, Vol. 4 AFOLU, Ch. 2,
Eq. 2.16 (carbon stock change on conversion: biomass immediately after less before).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from operator import attrgetter
from typing import Literal, NamedTuple

from carboncalc.core.inputs import (
    CaseLike,
    DeforestationInputs,
    Observation,
    RateInputs,
    ScenarioInputs,
)
from carboncalc.errors import ComputationError, ProjectContentError
from carboncalc.units import AREA_HA, PERCENT, c_to_co2, density_to_tc_per_ha

RuleKind = Literal["compound", "linear", "area", "forest"]


class ClearingRule(NamedTuple):
    """How much forest one scenario clears in a year."""

    kind: RuleKind
    amount: float  # [1/yr] for compound and linear; [ha/yr] for area; [ha] left for forest
    factor: float = 1.0  # a project's share of its baseline's clearing (1 - reduction)
    observed: bool = False
    period: int = 0  # which rate period of the scenario; a new one resets A_p for linear

    def cleared_ha(self, remaining_ha: float, initial_ha: float) -> float:
        """Hectares cleared in one year [ha], at most the forest remaining."""
        if self.kind == "compound":
            cleared = remaining_ha * self.amount
        elif self.kind == "linear":
            cleared = initial_ha * self.amount
        elif self.kind == "area":
            cleared = self.amount
        else:
            cleared = max(remaining_ha - self.amount, 0.0)
        cleared *= self.factor
        return remaining_ha if remaining_ha < cleared else cleared  # min(), as min() picks

    def scaled(self, factor: float) -> ClearingRule:
        """A share of this rule's clearing: a projection, even of an observed year (a project
        given as a reduction of an observed baseline year was not itself observed)."""
        return ClearingRule(self.kind, self.amount, self.factor * factor, False, self.period)


def clearing_rule(rate: RateInputs, *, case: CaseLike = "central", period: int = 0) -> ClearingRule:
    """The clearing rule a rate describes."""
    value = rate.rate.at(case)
    if rate.unit == "%/yr":
        kind: RuleKind = "compound" if rate.basis == "remaining" else "linear"
        return ClearingRule(kind=kind, amount=value / PERCENT, period=period)
    area_ha = value * AREA_HA[rate.unit.removesuffix("/yr")]
    return ClearingRule(kind="area", amount=area_ha, period=period)


def observed_rule(o: Observation, scale: float = 1.0) -> ClearingRule:
    """An observed year: hectares cleared (times the series' scale), or the forest left at its
    end."""
    kind: RuleKind = "area" if o.measure == "cleared" else "forest"
    return ClearingRule(kind, o.ha * scale if kind == "area" else o.ha, observed=True, period=-1)


def yearly_rules(
    scenario: ScenarioInputs, *, first_year: int, years: int, case: CaseLike = "central"
) -> list[ClearingRule]:
    """The scenario's clearing rule for each projection year (see the module notes)."""
    rates = scenario.rates
    if not scenario.observed and len(rates) == 1 and rates[0].first_year is None:
        return [clearing_rule(rates[0], case=case)] * years  # one rule for the whole period
    observed = {o.year: o for o in scenario.observed}
    scale = scenario.observed_scale.at(case) if scenario.observed_scale is not None else 1.0
    rules = []
    for year in range(first_year, first_year + years):
        if year in observed:
            rules.append(observed_rule(observed[year], scale))
            continue
        for i, rate in enumerate(scenario.rates):
            if rate.first_year is None or rate.first_year <= year <= (rate.last_year or year):
                rules.append(clearing_rule(rate, case=case, period=i))
                break
        else:  # the file's validation makes every year covered
            raise ProjectContentError(f"no deforestation rate or observation covers {year}")
    return rules


@dataclass(frozen=True)
class Decay:
    """A pool whose carbon leaves over years: what leaves per hectare cleared, and over how
    many years (see the module notes)."""

    tco2e_per_ha: float
    years: int

    def emitted(self, cleared_ha: list[float], t: int) -> float:
        """Emissions in year t from the clearing of years t-N+1..t [t CO2e]."""
        parts = cleared_ha[max(t - self.years + 1, 0) : t + 1]
        return math.fsum(parts) * self.tco2e_per_ha / self.years


class YearRow(NamedTuple):
    """One projection year, labelled by the calendar year in which it starts."""

    year: int
    baseline_cleared_ha: float
    project_cleared_ha: float
    baseline_forest_ha: float  # at the end of the year
    project_forest_ha: float
    baseline_emissions_tco2e: float
    project_emissions_tco2e: float
    baseline_observed: bool = False  # cleared as observed, not projected
    project_observed: bool = False
    baseline_delayed_tco2e: float = 0.0  # of the emissions: decay of this and earlier clearing
    project_delayed_tco2e: float = 0.0
    baseline_non_co2_tco2e: float = 0.0  # of the emissions: CH4 and N2O from burning, CO2e
    project_non_co2_tco2e: float = 0.0

    @property
    def avoided_emissions_tco2e(self) -> float:
        return self.baseline_emissions_tco2e - self.project_emissions_tco2e

    @property
    def avoided_non_co2_tco2e(self) -> float:
        """Of the avoided emissions, the CH4 and N2O from burning [t CO2e]: the part that is
        not a change in carbon stocks."""
        return self.baseline_non_co2_tco2e - self.project_non_co2_tco2e


def project_years(
    *,
    initial_forest_ha: float,
    first_year: int,
    years: int,
    baseline: ClearingRule | list[ClearingRule],
    project: ClearingRule | list[ClearingRule],
    ef_tco2e_per_ha: float,
    decays: tuple[Decay, ...] = (),
    non_co2_tco2e_per_ha: float = 0.0,
) -> tuple[YearRow, ...]:
    """Project forest area and emissions year by year under both scenarios, each by one rule
    or a rule per year; ``ef_tco2e_per_ha`` is what leaves at once, ``decays`` what leaves
    over years."""
    base_rules = baseline if isinstance(baseline, list) else [baseline] * years
    proj_rules = project if isinstance(project, list) else [project] * years
    rows = []
    base_ha = proj_ha = initial_forest_ha
    base_start = proj_start = initial_forest_ha  # A_p: the forest where each rate period began
    base_cuts: list[float] = []  # for the decay of earlier clearing, where a pool decays
    proj_cuts: list[float] = []
    at_once = ef_tco2e_per_ha + non_co2_tco2e_per_ha
    for t in range(years):
        base_rule, proj_rule = base_rules[t], proj_rules[t]
        if t and base_rule.period != base_rules[t - 1].period:  # a new rate period begins
            base_start = base_ha
        if t and proj_rule.period != proj_rules[t - 1].period:
            proj_start = proj_ha
        base_cut = base_rule.cleared_ha(base_ha, base_start)
        proj_cut = proj_rule.cleared_ha(proj_ha, proj_start)
        base_ha -= base_cut
        proj_ha -= proj_cut
        base_late = proj_late = 0.0
        if decays:
            base_cuts.append(base_cut)
            proj_cuts.append(proj_cut)
            base_late = math.fsum(d.emitted(base_cuts, t) for d in decays)
            proj_late = math.fsum(d.emitted(proj_cuts, t) for d in decays)
        rows.append(YearRow(
            first_year + t, base_cut, proj_cut, base_ha, proj_ha,
            base_cut * at_once + base_late, proj_cut * at_once + proj_late,
            base_rule.observed, proj_rule.observed, base_late, proj_late,
            base_cut * non_co2_tco2e_per_ha, proj_cut * non_co2_tco2e_per_ha,
        ))  # fmt: skip
    return tuple(rows)


@dataclass(frozen=True)
class Emissions:
    """Emissions over a range of projection years, with totals."""

    case: CaseLike
    ef_tco2e_per_ha: float  # all that leaves per hectare cleared, at once and over years
    rows: tuple[YearRow, ...]
    decays: tuple[Decay, ...] = ()  # the pools that leave over years
    non_co2_tco2e_per_ha: float = 0.0  # CH4 and N2O from burning, in CO2e

    @property
    def ef_at_once_tco2e_per_ha(self) -> float:
        """The CO2 that leaves in the year of clearing, per hectare."""
        later = [d.tco2e_per_ha for d in self.decays]
        return math.fsum([self.ef_tco2e_per_ha, *(-x for x in later), -self.non_co2_tco2e_per_ha])

    @property
    def first_year(self) -> int:
        return self.rows[0].year

    @property
    def last_year(self) -> int:
        return self.rows[-1].year

    def total(self, field: str) -> float:
        """Sum of one column over the range (``math.fsum``)."""
        return math.fsum(map(attrgetter(field), self.rows))

    @property
    def avoided_emissions_tco2e(self) -> float:
        return self.total("avoided_emissions_tco2e")

    @property
    def mean_avoided_emissions_tco2e_per_yr(self) -> float:
        return self.avoided_emissions_tco2e / len(self.rows)

    def cumulative_avoided_tco2e(self) -> list[float]:
        """Running total of avoided emissions from the first year of the range."""
        out, running = [], []
        for row in self.rows:
            running.append(row.avoided_emissions_tco2e)
            out.append(math.fsum(running))
        return out


def emission_factor_tco2e_per_ha(*, density_tc_per_ha: float, residual_tc_per_ha: float) -> float:
    """EF = (C_before - C_after) x 44/12 [t CO2e/ha]; never below zero."""
    return c_to_co2(max(density_tc_per_ha - residual_tc_per_ha, 0.0))


def take_residual(
    *, at_once_tc_per_ha: float, decays: tuple[Decay, ...], residual_tc_per_ha: float
) -> tuple[float, tuple[Decay, ...]]:
    """The residual carbon left on cleared land, taken from what all the pools release: first
    from the pools released at once, the remainder from the decaying pools in proportion to
    what each releases (see the module notes).

    Parameters
    ----------
    at_once_tc_per_ha : the density of the pools released at once [t C/ha]
    decays : the pools released over years, each by what it releases [t CO2e/ha]
    residual_tc_per_ha : the carbon left on cleared land, over all pools [t C/ha]

    Returns
    -------
    What leaves at once [t CO2e/ha], and the decaying pools with what they release after the
    residual [t CO2e/ha].
    """
    at_once = emission_factor_tco2e_per_ha(
        density_tc_per_ha=at_once_tc_per_ha, residual_tc_per_ha=residual_tc_per_ha
    )
    left_tco2e_per_ha = c_to_co2(max(residual_tc_per_ha - at_once_tc_per_ha, 0.0))
    decaying = math.fsum(d.tco2e_per_ha for d in decays)
    if left_tco2e_per_ha <= 0.0 or decaying <= 0.0:
        return at_once, decays
    kept = 1.0 - min(left_tco2e_per_ha / decaying, 1.0)
    return at_once, tuple(Decay(d.tco2e_per_ha * kept, d.years) for d in decays)


def emissions(
    deforestation: DeforestationInputs,
    *,
    area_ha: float,
    density_tc_per_ha: float,
    first_year: int,
    years: int,
    case: CaseLike = "central",
    from_year: int | None = None,
    to_year: int | None = None,
    counterfactual: bool = False,
    decays: tuple[Decay, ...] = (),
    non_co2_tco2e_per_ha: float = 0.0,
) -> Emissions:
    """Emissions of the baseline and project scenarios over the period, or a range of years.
    ``density_tc_per_ha`` is of the pools that leave at once; ``decays``, those that leave over
    years, before the residual carbon is taken from them (:func:`take_residual`).

    With ``counterfactual``, the baseline is the counterfactual rate (what happened in
    matched forests), while a project given as a reduction stays a reduction of the claimed
    baseline: the project's own deforestation does not change with the comparison.
    """
    last_year = first_year + years - 1
    lo = first_year if from_year is None else from_year
    hi = last_year if to_year is None else to_year
    if lo > hi:
        raise ComputationError(f"the first year, {lo}, is after the last, {hi}: give them in order")
    if not first_year <= lo <= hi <= last_year:
        raise ComputationError(
            f"years {lo}-{hi} are not inside the accounting period {first_year}-{last_year}"
        )
    d = deforestation
    fraction = d.residual_carbon_fraction.at(case) if d.residual_carbon_fraction else None
    ef, decays = take_residual(
        at_once_tc_per_ha=density_tc_per_ha,
        decays=decays,
        residual_tc_per_ha=density_to_tc_per_ha(
            d.residual.at(case), d.residual_unit, carbon_fraction=fraction
        ),
    )

    def rules_of(scenario: ScenarioInputs) -> list[ClearingRule]:
        return yearly_rules(scenario, first_year=first_year, years=years, case=case)

    baseline = rules_of(d.baseline)
    if d.reduction_pct is None:
        assert d.project_rate is not None
        project = rules_of(d.project_rate)
    else:
        share = 1.0 - d.reduction_pct.at(case) / PERCENT
        if any(rule.kind == "forest" for rule in baseline):
            raise ProjectContentError(
                "a project given as a `reduction` needs a baseline of rates or of hectares "
                "cleared, not of observed forest areas"
            )
        if all(rule is baseline[0] for rule in baseline):  # one rate: one rule, scaled once
            project = [baseline[0].scaled(share)] * len(baseline)
        else:
            scaled: dict[int, ClearingRule] = {}  # a rule repeated over years is scaled once
            for rule in baseline:
                if id(rule) not in scaled:
                    scaled[id(rule)] = rule.scaled(share)
            project = [scaled[id(rule)] for rule in baseline]
        if d.project_rate is not None:  # the project's observed years, then the reduction
            given = d.project_rate.observed_scale
            scale = given.at(case) if given is not None else 1.0
            for o in d.project_rate.observed:
                if 0 <= o.year - first_year < years:  # the file side keeps them inside
                    project[o.year - first_year] = observed_rule(o, scale)
    if counterfactual:
        assert d.counterfactual is not None
        baseline = rules_of(d.counterfactual)
    rows = project_years(
        initial_forest_ha=area_ha,
        first_year=first_year,
        years=years,
        baseline=baseline,
        project=project,
        ef_tco2e_per_ha=ef,
        decays=decays,
        non_co2_tco2e_per_ha=non_co2_tco2e_per_ha,
    )
    return Emissions(
        case=case,
        ef_tco2e_per_ha=math.fsum([ef, *(d.tco2e_per_ha for d in decays), non_co2_tco2e_per_ha]),
        rows=rows
        if (lo, hi) == (first_year, last_year)
        else tuple(r for r in rows if lo <= r.year <= hi),
        decays=decays,
        non_co2_tco2e_per_ha=non_co2_tco2e_per_ha,
    )
