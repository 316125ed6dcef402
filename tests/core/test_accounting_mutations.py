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


# --- three slips that only a snapshot of carboncalc's own output caught --------------------------
# Each figure below is worked by hand from the inputs; the low and high cases and a set of
# Monte Carlo draws each take the input's own value at that case.


def _pools(above: dict[str, object], **more: dict[str, object]) -> dict[str, object]:
    data = st_cc.project_data(area_ha=1000, length_yr=3)
    data["carbon"]["pools"] = {"above_ground": above, **more}
    return data


def test_the_root_to_shoot_ratio_scales_the_above_ground_carbon_at_each_case() -> None:
    """200 t dm/ha x CF 0.5 = 100 t C/ha above ground; below ground R = 0.24 (0.20-0.28):
    central 100 x 0.24 = 24 t C/ha, so 124 t C/ha, 124,000 t C over 1,000 ha and an emission
    factor of 124 x 44/12 = 454.667 t CO2e/ha; the low case 100 x 0.20 = 20, so 120 t C/ha and
    440.0 t CO2e/ha; a draw of R = 0.26 gives 126 t C/ha, 462.0 t CO2e/ha. (R applied as
    1 + R, to the total, or at the central value in every case fails here.)"""
    data = _pools(
        {"value": 200, "unit": "t dm/ha", "source": "src",
         "carbon_fraction": {"value": 0.5, "source": "src"}},
        below_ground={"root_to_shoot": {"value": 0.24, "low": 0.20, "high": 0.28, "source": "src"}},
    )  # fmt: skip
    inputs = resolve(Project.model_validate(data))
    central = pipeline.stock(inputs)
    assert central.pool("below_ground").density_tc_per_ha == pytest.approx(24.0)
    assert central.stock_tc == pytest.approx(124_000.0)
    assert pipeline.emissions(inputs).ef_tco2e_per_ha == pytest.approx(454.667, abs=1e-3)
    assert pipeline.stock(inputs, "low").density_tc_per_ha == pytest.approx(120.0)
    assert pipeline.stock(inputs, "high").density_tc_per_ha == pytest.approx(128.0)
    assert pipeline.emissions(inputs, "low").ef_tco2e_per_ha == pytest.approx(440.0)
    draws = {"carbon.pools.below_ground.root_to_shoot": 0.26}
    assert pipeline.stock(inputs, draws).density_tc_per_ha == pytest.approx(126.0)
    assert pipeline.emissions(inputs, draws).ef_tco2e_per_ha == pytest.approx(462.0)


def test_the_carbon_fraction_converts_dry_matter_only_at_each_case() -> None:
    """200 t dm/ha above ground at CF 0.47 (0.44-0.50) and 10 t C/ha of dead wood, already
    carbon: central 200 x 0.47 + 10 = 104 t C/ha (104,000 t C over 1,000 ha; 104 x 44/12 =
    381.333 t CO2e/ha); low 200 x 0.44 + 10 = 98; high 200 x 0.50 + 10 = 110; a draw of
    CF 0.45 gives 90 + 10 = 100 t C/ha, 366.667 t CO2e/ha. (CF divided instead of multiplied,
    applied to the t C pool too, or taken at the central value in every case fails here.)"""
    data = _pools(
        {"value": 200, "unit": "t dm/ha", "source": "src",
         "carbon_fraction": {"value": 0.47, "low": 0.44, "high": 0.50, "source": "src"}},
        dead_wood={"value": 10, "unit": "t C/ha", "source": "src"},
    )  # fmt: skip
    inputs = resolve(Project.model_validate(data))
    central = pipeline.stock(inputs)
    assert central.pool("above_ground").density_tc_per_ha == pytest.approx(94.0)
    assert central.pool("dead_wood").density_tc_per_ha == pytest.approx(10.0)
    assert central.stock_tc == pytest.approx(104_000.0)
    assert pipeline.emissions(inputs).ef_tco2e_per_ha == pytest.approx(381.333, abs=1e-3)
    assert pipeline.stock(inputs, "low").density_tc_per_ha == pytest.approx(98.0)
    assert pipeline.stock(inputs, "high").density_tc_per_ha == pytest.approx(110.0)
    draws = {"carbon.pools.above_ground.carbon_fraction": 0.45}
    assert pipeline.stock(inputs, draws).density_tc_per_ha == pytest.approx(100.0)
    assert pipeline.emissions(inputs, draws).ef_tco2e_per_ha == pytest.approx(366.667, abs=1e-3)


def test_a_reduction_is_taken_at_each_case_and_draw() -> None:
    """1,000 ha at 100 t C/ha (366.667 t CO2e/ha), a baseline of 1 %/yr of the forest left and a
    project 75 % (50-90 %) below it. Year 1: the baseline clears 10 ha; the project 10 x 0.25 =
    2.5 ha at the central value, so 7.5 x 366.667 = 2,750 t CO2e avoided; at the low case
    10 x 0.5 = 5 ha (1,833.33 t avoided); at the high case 10 x 0.1 = 1 ha (3,300 t); at a draw
    of 60 %, 4 ha (2,200 t). A reduction taken at its central value whatever the case gives
    2,750 t in all four."""
    data = st_cc.project_data(area_ha=1000, density_tc_per_ha=100, baseline_pct=1.0, length_yr=3)
    data["deforestation"]["project"] = {
        "reduction": {"value": 75, "low": 50, "high": 90, "unit": "%", "source": "src"}
    }
    inputs = resolve(Project.model_validate(data))
    ef = 100 * CO2
    for case, project_ha in (("central", 2.5), ("low", 5.0), ("high", 1.0),
                             ({"deforestation.project.reduction": 60.0}, 4.0)):  # fmt: skip
        first = pipeline.emissions(inputs, case).rows[0]
        assert first.baseline_cleared_ha == pytest.approx(10.0)
        assert first.project_cleared_ha == pytest.approx(project_ha), case
        assert first.avoided_emissions_tco2e == pytest.approx((10.0 - project_ha) * ef), case
