"""Small slips in the core that no other test caught: each test here fails if the slip is made,
with its figure worked by hand."""

from __future__ import annotations

import pytest

import strategies as st_cc
from carboncalc.core import pipeline
from carboncalc.core.emissions import ClearingRule, project_years
from carboncalc.core.inputs import PoolInputs, Value
from carboncalc.core.stocks import pool_density_tc_per_ha
from carboncalc.core.uncertainty import Summary
from carboncalc.errors import ComputationError
from carboncalc.files.model import Project
from carboncalc.files.resolve import resolve

CO2 = 44 / 12


def linear(pct: float, period: int) -> ClearingRule:
    return ClearingRule(kind="linear", amount=pct / 100, period=period)


@pytest.mark.parametrize("scenario", ["baseline", "project"])
def test_a_new_linear_period_starts_from_the_forest_left(scenario: str) -> None:
    """10 %/yr of the initial forest in 2001-2002, then a new period of 10 %/yr from 2003: by
    hand 100, 100 (of 1,000 ha), then 80, 80 (of the 800 ha left when the period began), not
    100 again. The other scenario clears nothing."""
    rules = [linear(10, 0), linear(10, 0), linear(10, 1), linear(10, 1)]
    none = ClearingRule(kind="area", amount=0.0)
    both = {"baseline": none, "project": none, scenario: rules}
    rows = project_years(initial_forest_ha=1_000, first_year=2001, years=4,
                         ef_tco2e_per_ha=1.0, **both)  # fmt: skip
    cleared = [getattr(r, f"{scenario}_cleared_ha") for r in rows]
    assert cleared == pytest.approx([100, 100, 80, 80])


def test_the_reported_emission_factor_holds_the_burning() -> None:
    """100 t C/ha all released at once and half of the above-ground biomass burned at a
    combustion factor of 0.4 (AR6): 366.667 + 8.1485 = 374.815 t CO2e per hectare cleared
    (the burning figure worked in test_burning.py)."""
    data = st_cc.project_data(area_ha=1000, density_tc_per_ha=100, length_yr=3)
    data["deforestation"]["burning"] = {
        "burned": {"value": 50, "unit": "%", "source": "src"}, "combustion_factor": 0.4,
        "gwp": "ar6", "source": "src"}  # fmt: skip
    emissions = pipeline.emissions(resolve(Project.model_validate(data)))
    assert emissions.ef_tco2e_per_ha == pytest.approx(100 * CO2 + 8.1485, abs=1e-4)


def test_the_half_width_of_a_negative_mean_is_positive() -> None:
    """A project that emits more than its baseline: avoided emissions of -100 t, 5th and 95th
    percentiles -120 and -80: the half-width is (120 - 80) / 2 / 100 = 20 %, not -20 %, which
    would make the deduction smaller for a worse project."""
    summary = Summary(mean=-100.0, median=-100.0, p5=-120.0, p95=-80.0)
    assert summary.half_width_pct == pytest.approx(20.0)


def test_a_stock_over_no_area_is_refused() -> None:
    """79.4 Mt CO2 for a whole area of 0 ha has no density: refused, not divided by zero or
    passed on as infinite."""
    pool = PoolInputs(name="above_ground", unit="Mt CO2",
                      amount=Value("carbon.pools.above_ground", 79.4))  # fmt: skip
    assert pool_density_tc_per_ha(pool, area_ha=1.0) == pytest.approx(79.4e6 / CO2)
    with pytest.raises(ComputationError):
        pool_density_tc_per_ha(pool, area_ha=0.0)
