"""Deforestation projection and emissions: worked examples and invariants."""

from __future__ import annotations

import math

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

import strategies as st_cc
from carboncalc.core import pipeline
from carboncalc.core.emissions import ClearingRule, emission_factor_tco2e_per_ha, project_years
from carboncalc.errors import ComputationError


def forest_left(rule: ClearingRule, years: int, initial: float = 100.0) -> float:
    rows = project_years(
        initial_forest_ha=initial, first_year=2000, years=years, baseline=rule, project=rule,
        ef_tco2e_per_ha=1.0,
    )  # fmt: skip
    return rows[-1].baseline_forest_ha


def test_puyravaud_worked_example() -> None:
    """Puyravaud (2003): 100 -> 90 ha over 10 years is q = -1.048 %/yr (FAO annual rate),
    or 1.0 %/yr of the initial area (linear), or 1 ha/yr."""
    q = 1 - (90 / 100) ** (1 / 10)
    assert q == pytest.approx(0.01048, abs=1e-5)
    assert forest_left(ClearingRule("compound", q), 10) == pytest.approx(90.0)
    assert forest_left(ClearingRule("linear", 0.01), 10) == pytest.approx(90.0)
    assert forest_left(ClearingRule("area", 1.0), 10) == pytest.approx(90.0)


def test_clearing_never_exceeds_the_forest_left() -> None:
    assert forest_left(ClearingRule("area", 30.0), 10) == 0.0
    assert forest_left(ClearingRule("linear", 0.5), 3) == 0.0


def test_emission_factor() -> None:
    """EF = (C_before - C_after) x 44/12."""
    assert emission_factor_tco2e_per_ha(density_tc_per_ha=100, residual_tc_per_ha=10) == (
        pytest.approx(90 * 44 / 12)
    )
    assert emission_factor_tco2e_per_ha(density_tc_per_ha=5, residual_tc_per_ha=10) == 0.0


def test_reduction_relative_to_baseline() -> None:
    """A 75 % reduction clears a quarter of the baseline rate each year."""
    from dataclasses import replace

    from carboncalc.core.inputs import constant

    base = st_cc.inputs(baseline_pct=1.0)
    assert base.deforestation is not None
    reduced = replace(
        base.deforestation,
        project_rate=None,
        reduction_pct=constant("deforestation.project.reduction", 75),
    )
    result = pipeline.emissions(replace(base, deforestation=reduced))
    first = result.rows[0]
    assert first.baseline_cleared_ha == pytest.approx(10.0)
    assert first.project_cleared_ha == pytest.approx(2.5)


def test_range_outside_period_is_an_error() -> None:
    with pytest.raises(ComputationError, match="not inside the accounting period"):
        pipeline.emissions(st_cc.inputs(), first=1990, last=2012)


def float_scale(area: float, density: float) -> float:
    """Tolerance for results that are exactly zero in real arithmetic: a billionth of the
    largest emissions the inputs allow (all forest cleared), so float rounding is not a failure."""
    return 1e-9 * area * max(density, 1.0) * 44 / 12


@given(
    area=st_cc.areas_ha,
    density=st_cc.densities_tc_per_ha,
    base=st_cc.small_rates_pct,
    share=st_cc.fractions,
    basis=st_cc.bases,
    years=st_cc.years,
)
def test_avoided_emissions_never_negative_when_project_rate_at_most_baseline(
    area: float, density: float, base: float, share: float, basis: str, years: int
) -> None:
    """Cumulative avoided emissions from the start of the period are never negative.

    (A single late year can be: see test_late_years_can_be_negative_under_compound_rates.)"""
    p = st_cc.inputs(
        area_ha=area, density_tc_per_ha=density, baseline_pct=base, project_pct=base * share,
        basis=basis, length_yr=years,
    )  # fmt: skip
    result = pipeline.emissions(p)
    tol = float_scale(area, density)
    assert all(c >= -tol for c in result.cumulative_avoided_tco2e())


def test_late_years_can_be_negative_under_compound_rates() -> None:
    """With rates on the remaining forest, the baseline runs low on forest first: by year 29 of
    4 %/yr against 3 %/yr it clears fewer hectares than the project, though the total avoided
    stays positive. 1 ha: baseline (0.96^28)(0.04) = 0.012754 ha, project (0.97^28)(0.03)
    = 0.012786 ha."""
    p = st_cc.inputs(area_ha=1.0, density_tc_per_ha=1.0, baseline_pct=4.0, project_pct=3.0,
                      length_yr=29)  # fmt: skip
    last = pipeline.emissions(p).rows[-1]
    assert last.baseline_cleared_ha == pytest.approx(0.96**28 * 0.04)
    assert last.project_cleared_ha == pytest.approx(0.97**28 * 0.03)
    assert last.avoided_emissions_tco2e < 0
    assert pipeline.emissions(p).avoided_emissions_tco2e > 0


@given(
    area=st_cc.areas_ha,
    density=st_cc.densities_tc_per_ha,
    rates=st.lists(st_cc.small_rates_pct, min_size=3, max_size=3, unique=True),
    basis=st_cc.bases,
    years=st_cc.years,
)
def test_avoided_emissions_never_fall_when_baseline_rate_rises(
    area: float, density: float, rates: list[float], basis: str, years: int
) -> None:
    project_pct, low, high = sorted(rates)
    results = [
        pipeline.emissions(
            st_cc.inputs(
                area_ha=area, density_tc_per_ha=density, baseline_pct=b,
                project_pct=project_pct, basis=basis, length_yr=years,
            )
        ).avoided_emissions_tco2e
        for b in (low, high)
    ]  # fmt: skip
    assert results[1] >= results[0] - float_scale(area, density)


@given(rate=st_cc.small_rates_pct, basis=st_cc.bases, years=st_cc.years)
def test_equal_rates_avoid_nothing(rate: float, basis: str, years: int) -> None:
    p = st_cc.inputs(baseline_pct=rate, project_pct=rate, basis=basis, length_yr=years)
    assert pipeline.emissions(p).avoided_emissions_tco2e == 0.0


@given(years=st.integers(min_value=2, max_value=40), data=st.data())
def test_years_of_a_range_add_up_to_its_total(years: int, data: st.DataObject) -> None:
    p = st_cc.inputs(length_yr=years, baseline_pct=data.draw(st_cc.small_rates_pct))
    first = data.draw(st.integers(min_value=2010, max_value=2010 + years - 1))
    last = data.draw(st.integers(min_value=first, max_value=2010 + years - 1))
    split = data.draw(st.integers(min_value=first, max_value=last))
    whole = pipeline.emissions(p, first=first, last=last)
    assert len(whole.rows) == last - first + 1
    assert whole.avoided_emissions_tco2e == math.fsum(r.avoided_emissions_tco2e for r in whole.rows)
    assert whole.cumulative_avoided_tco2e()[-1] == pytest.approx(whole.avoided_emissions_tco2e)
    parts = [
        pipeline.emissions(p, first=a, last=b).avoided_emissions_tco2e
        for a, b in ((first, split), (split + 1, last))
        if a <= b
    ]
    assert math.fsum(parts) == pytest.approx(whole.avoided_emissions_tco2e, rel=1e-12, abs=1e-9)


@given(area=st_cc.areas_ha, rate=st_cc.small_rates_pct, years=st_cc.years)
def test_forest_area_is_conserved(area: float, rate: float, years: int) -> None:
    """Forest at the end plus everything cleared equals the forest at the start."""
    p = st_cc.inputs(area_ha=area, baseline_pct=rate, project_pct=rate / 2, length_yr=years)
    result = pipeline.emissions(p)
    cleared = math.fsum(r.baseline_cleared_ha for r in result.rows)
    assume(area > 0)
    assert result.rows[-1].baseline_forest_ha + cleared == pytest.approx(area, rel=1e-9)
