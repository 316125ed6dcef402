"""Inputs -> stock -> emissions -> credits: the one place the steps are chained.

Every result carboncalc gives (a command's figures, each Monte Carlo sample, each end of a
tornado bar, each claim) is computed by these functions from :class:`ProjectInputs` at a case
or a set of draws, so that a figure means the same wherever it appears.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, Literal

from carboncalc.core.emissions import Decay, Emissions
from carboncalc.core.emissions import emissions as project_years_emissions
from carboncalc.core.inputs import CaseLike, CreditInputs, Period, ProjectInputs
from carboncalc.core.stocks import Stock, carbon_stock
from carboncalc.errors import ProjectContentError
from carboncalc.units import PERCENT, area_to_ha, c_to_co2, density_to_tc_per_ha

if TYPE_CHECKING:
    from carboncalc.core.credits import Waterfall

# The credit steps import carboncalc.core.credits and carboncalc.core.vintages where they run, so
# that a command without credits (stock, emissions, check) does not import them.

NO_CREDITS = (
    "the project file has no `credits` section: give at least `credits.buffer` "
    "(the Non-Permanence Risk Tool's result, in %)"
)


def area_ha(inputs: ProjectInputs, case: CaseLike = "central") -> float:
    """The project area [ha]."""
    return area_to_ha(inputs.area.at(case), inputs.area_unit)


def forest_ha(inputs: ProjectInputs, case: CaseLike = "central") -> float:
    """The forest at the start [ha]: the file's `forest_area`, else the project area."""
    if inputs.forest_area is None or inputs.forest_area_unit is None:
        return area_ha(inputs, case)
    return area_to_ha(inputs.forest_area.at(case), inputs.forest_area_unit)


def stock(inputs: ProjectInputs, case: CaseLike = "central") -> Stock:
    """Carbon stock by pool over the forest."""
    return carbon_stock(inputs.pools, area_ha=forest_ha(inputs, case), case=case)


def emissions(
    inputs: ProjectInputs,
    case: CaseLike = "central",
    *,
    first: int | None = None,
    last: int | None = None,
    counterfactual: bool = False,
    carbon: Stock | None = None,
) -> Emissions:
    """Emissions year by year for one case (or set of draws), over the accounting period or a
    range of years inside it; against the counterfactual baseline when asked. ``carbon`` is
    the stock at the same case, where the caller has it already (Monte Carlo does)."""
    d = inputs.deforestation
    if d is None or inputs.first_year is None or inputs.years is None:
        raise ProjectContentError(
            "the project file gives no deforestation rates (`deforestation`) and accounting "
            "`period`, so there are no emissions to compute"
        )
    if counterfactual and d.counterfactual is None:
        raise ProjectContentError(
            "the project file gives no `deforestation.counterfactual` rate to compare with"
        )
    at_once, decays = released(inputs, case, carbon)
    return project_years_emissions(
        d,
        area_ha=forest_ha(inputs, case),
        density_tc_per_ha=at_once,
        decays=decays,
        non_co2_tco2e_per_ha=non_co2(inputs, case),
        first_year=inputs.first_year,
        years=inputs.years,
        case=case,
        from_year=first,
        to_year=last,
        counterfactual=counterfactual,
    )


def released(
    inputs: ProjectInputs, case: CaseLike = "central", carbon: Stock | None = None
) -> tuple[float, tuple[Decay, ...]]:
    """The density of the pools that leave at once [t C/ha], and the pools that leave over
    years, as what leaves per hectare cleared [t CO2e/ha] (see :mod:`carboncalc.core.emissions`).
    ``carbon`` is the stock at the same case, where the caller has it already."""
    how = {p.name: p for p in inputs.pools}
    at_once, decays = [], []
    for pool in (carbon or stock(inputs, case)).pools:
        rule = how[pool.pool]
        if rule.release_source is None:
            at_once.append(pool.density_tc_per_ha)
        else:
            leaves = c_to_co2(pool.density_tc_per_ha * (1.0 - rule.release_remaining_fraction))
            decays.append(Decay(leaves, rule.release_years))
    return math.fsum(at_once), tuple(decays)


# The fuel that burns when forest is cleared: biomass, litter and dead wood (IPCC 2006 Vol. 4,
# Ch. 2, Eq. 2.27, M_B); below-ground biomass and soil do not burn.
BURNABLE = ("above_ground", "dead_wood", "litter")
G_PER_KG_TO_T_PER_T = 1e-3  # an emission factor in g per kg of dry matter, as t per t


def non_co2(inputs: ProjectInputs, case: CaseLike = "central") -> float:
    """CH4 and N2O from burning per hectare cleared [t CO2e/ha]: dry matter of the above-ground
    pools x share burned x combustion factor x (EF_CH4 x GWP_CH4 + EF_N2O x GWP_N2O) x 10^-3
    (IPCC 2006 Vol. 4 Eq. 2.27, the factors in g per kg, from the table the file chooses or
    its own). The CO2 is the pools' own loss, counted already."""
    d = inputs.deforestation
    b = d.burning if d is not None else None
    if b is None:
        return 0.0
    per_t = (b.ch4_g_per_kg * b.gwp_ch4 + b.n2o_g_per_kg * b.gwp_n2o) * G_PER_KG_TO_T_PER_T
    return burned_dry_matter(inputs, case) * per_t


def burned_dry_matter(inputs: ProjectInputs, case: CaseLike = "central") -> float:
    """Dry matter burned per hectare cleared [t dm/ha]: M_B x C_f of IPCC 2006 Vol. 4 Eq. 2.27,
    the fuel available (the pools that burn, in dry matter) x share burned x combustion factor.
    0 without burning."""
    d = inputs.deforestation
    b = d.burning if d is not None else None
    if b is None:
        return 0.0
    how = {p.name: p for p in inputs.pools}
    dry_matter = []
    for pool in stock(inputs, case).pools:
        if pool.pool in BURNABLE:
            own = how[pool.pool].carbon_fraction
            fraction = own.at(case) if own is not None else b.carbon_fraction
            dry_matter.append(pool.density_tc_per_ha / fraction)
    if not dry_matter:
        raise ProjectContentError(
            "`deforestation.burning` needs an above_ground, dead_wood or litter pool to burn"
        )
    return math.fsum(dry_matter) * b.burned_pct.at(case) / PERCENT * b.combustion_factor


def residual_tc_per_ha(inputs: ProjectInputs, case: CaseLike = "central") -> float:
    """The carbon the file leaves on cleared land [t C/ha]; 0 without deforestation."""
    d = inputs.deforestation
    if d is None:
        return 0.0
    fraction = d.residual_carbon_fraction.at(case) if d.residual_carbon_fraction else None
    return density_to_tc_per_ha(d.residual.at(case), d.residual_unit, carbon_fraction=fraction)


def credit_rules(inputs: ProjectInputs) -> CreditInputs:
    """The project's credit rules, or the error that it has none."""
    if inputs.credits is None:
        raise ProjectContentError(NO_CREDITS)
    return inputs.credits


VintageKind = Literal["projection", "calendar", "monitoring"]


def waterfall_rules(
    inputs: ProjectInputs, case: CaseLike, uncertainty_fraction: float
) -> dict[str, Any]:
    """The waterfall's shares and bases at the case (or draws): leakage and buffer from the
    file or its defaults, the uncertainty deduction given (it follows from the spread of all
    samples, so no single case can set it), the bases from the rule set."""
    rules = credit_rules(inputs)
    return {
        "leakage_fraction": rules.leakage.pct.at(case) / PERCENT,
        "uncertainty_fraction": uncertainty_fraction,
        "buffer_fraction": rules.buffer.pct.at(case) / PERCENT,
        "uncertainty_on_gross": rules.rules.uncertainty_base == "gross",
        "buffer_base": rules.rules.buffer_base,
        "pooled_buffer": rules.rules.buffer_account == "pooled",
    }


def credits(
    inputs: ProjectInputs,
    *,
    years: Sequence[int],
    gross_tco2e: Sequence[float],
    non_co2_tco2e: Sequence[float] | None = None,
    case: CaseLike = "central",
    uncertainty_fraction: float,
    labels: Sequence[str] | None = None,
    uncertainty_fractions: Sequence[float] | None = None,
) -> Waterfall:
    """The credit waterfall of gross avoided emissions by vintage, of which ``non_co2_tco2e``
    is CH4 and N2O from burning (see :func:`waterfall_rules` for its rules);
    ``uncertainty_fractions``, each vintage's deduction where the rule set takes one per year."""
    from carboncalc.core.credits import waterfall

    rules = waterfall_rules(inputs, case, uncertainty_fraction)
    return waterfall(years=years, gross_tco2e=gross_tco2e, non_co2_tco2e=non_co2_tco2e,
                     labels=labels, uncertainty_fractions=uncertainty_fractions,
                     **rules)  # fmt: skip


def credits_exact(
    inputs: ProjectInputs,
    *,
    gross_tco2e: Sequence[float],
    non_co2_tco2e: Sequence[float] | None = None,
    case: CaseLike = "central",
    uncertainty_fraction: float,
    uncertainty_fractions: Sequence[float] | None = None,
) -> float:
    """``credits(...).credits_exact_tco2e``, to the bit, for a Monte Carlo sample (see
    :func:`carboncalc.core.credits.credits_exact_total`)."""
    from carboncalc.core.credits import credits_exact_total

    rules = waterfall_rules(inputs, case, uncertainty_fraction)
    return credits_exact_total(gross_tco2e=gross_tco2e, non_co2_tco2e=non_co2_tco2e,
                               uncertainty_fractions=uncertainty_fractions, **rules)  # fmt: skip


def credits_of(
    inputs: ProjectInputs,
    result: Emissions,
    *,
    case: CaseLike = "central",
    uncertainty_fraction: float,
    vintages: VintageKind = "projection",
    uncertainty_fractions: Sequence[float] | None = None,
) -> Waterfall:
    """The credit waterfall of an emissions result over the whole accounting period (see
    :func:`credits`), by projection year, calendar year or monitoring period (split by days:
    see :mod:`carboncalc.core.vintages`). Each vintage carries its part of the CH4 and N2O
    from burning, split by days as its avoided emissions are, for a buffer on the change in
    carbon stocks."""
    from carboncalc.core.vintages import split_by_days

    gross = [r.avoided_emissions_tco2e for r in result.rows]
    non_co2 = [r.avoided_non_co2_tco2e for r in result.rows]
    if vintages == "projection":
        return credits(inputs, years=[r.year for r in result.rows], gross_tco2e=gross,
                       non_co2_tco2e=non_co2, case=case,
                       uncertainty_fraction=uncertainty_fraction,
                       uncertainty_fractions=uncertainty_fractions)  # fmt: skip
    periods = vintage_periods(inputs, vintages)
    assert inputs.start is not None  # a project with emissions has a period
    return credits(
        inputs,
        years=[p.start.year for p in periods],
        gross_tco2e=split_by_days(gross, inputs.start, periods),
        non_co2_tco2e=split_by_days(non_co2, inputs.start, periods),
        case=case,
        uncertainty_fraction=uncertainty_fraction,
        labels=[p.label for p in periods] if vintages == "monitoring" else None,
        uncertainty_fractions=uncertainty_fractions,
    )


def vintage_split(
    inputs: ProjectInputs, vintages: VintageKind
) -> Callable[[Sequence[float]], Sequence[float]]:
    """What :func:`credits_of` does to avoided emissions by projection year to make them
    vintages: nothing for projection years, else a split by days."""
    if vintages == "projection":
        return lambda gross: gross
    from carboncalc.core.vintages import split_by_days

    periods = vintage_periods(inputs, vintages)
    start = inputs.start
    assert start is not None  # vintage_periods refuses a project without a period
    return lambda gross: split_by_days(gross, start, periods)


def vintage_periods(inputs: ProjectInputs, vintages: VintageKind) -> tuple[Period, ...]:
    """The periods of calendar-year or monitoring-period vintages."""
    from carboncalc.core.vintages import calendar_years

    if inputs.start is None or inputs.years is None:
        raise ProjectContentError("vintages other than projection years need a `period`")
    if vintages == "calendar":
        return calendar_years(inputs.start, inputs.years)
    periods = credit_rules(inputs).monitoring_periods
    if not periods:
        raise ProjectContentError(
            "the project file gives no `credits.monitoring_periods` for --vintages monitoring"
        )
    return periods
