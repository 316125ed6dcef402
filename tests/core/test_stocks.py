"""Carbon stocks against published figures and independent arithmetic."""

from __future__ import annotations

import math

import pytest
from hypothesis import given

import strategies as st_cc
from carboncalc.core.inputs import PoolInputs, Value, constant
from carboncalc.core.stocks import carbon_stock, stock


def pool(name: str, amount: float | Value, unit: str, **extra: Value) -> PoolInputs:
    value = amount if isinstance(amount, Value) else constant(f"carbon.pools.{name}", amount)
    return PoolInputs(name, unit, value, **extra)


def test_los_amigos_density_from_total_stock() -> None:
    """79.4 Mt CO2 above ground over 145,945 ha (Winrock 2006, via ACA): 544.04 t CO2/ha."""
    c = (pool("above_ground", 79.4, "Mt CO2"),)
    s = carbon_stock(c, area_ha=145_945)
    assert s.density_tco2_per_ha == pytest.approx(79.4e6 / 145_945)
    assert s.density_tc_per_ha == pytest.approx(79.4e6 / 145_945 * 12 / 44)
    assert s.stock_tco2 == pytest.approx(79.4e6)


def test_sacred_headwaters_stock_from_density_per_acre() -> None:
    """60 million acres at 66 t C/acre (ASHI): 3.96 billion t C, not the published 3.8."""
    c = (pool("all_pools", 66, "t C/acre"),)
    s = carbon_stock(c, area_ha=60e6 * 0.40468564224)
    assert s.stock_tc == pytest.approx(60e6 * 66, rel=1e-12)
    assert s.stock_tc / 3.8e9 - 1 == pytest.approx(0.0421, abs=1e-4)


def test_biomass_with_carbon_fraction_and_root_to_shoot() -> None:
    """IPCC: t C/ha = AGB x (1 + R) x CF. AGB 145 t dm/ha, R 0.27, CF 0.47 -> 86.5505 t C/ha."""
    c = (
        pool("above_ground", 145, "t dm/ha", carbon_fraction=constant("cf", 0.47)),
        PoolInputs("below_ground", None, None, root_to_shoot=constant("r", 0.27)),
    )
    s = carbon_stock(c, area_ha=1)
    assert s.density_tc_per_ha == pytest.approx(145 * 1.27 * 0.47)
    assert s.pool("below_ground").density_tc_per_ha == pytest.approx(145 * 0.47 * 0.27)


def test_low_and_high_cases_use_the_range() -> None:
    c = (pool("above_ground", Value("a", None, low=60, high=230), "t C/ha"),)
    assert carbon_stock(c, area_ha=1, case="low").density_tc_per_ha == 60
    assert carbon_stock(c, area_ha=1, case="high").density_tc_per_ha == 230
    assert carbon_stock(c, area_ha=1).density_tc_per_ha == 145  # midpoint of a bare range


@given(st_cc.areas_ha, st_cc.densities_tc_per_ha, st_cc.densities_tc_per_ha)
def test_stock_is_linear_in_area(area: float, d1: float, d2: float) -> None:
    one = stock(area_ha=area, densities_tc_per_ha={"a": d1, "b": d2})
    double = stock(area_ha=2 * area, densities_tc_per_ha={"a": d1, "b": d2})
    assert double.stock_tc == pytest.approx(2 * one.stock_tc, rel=1e-12)
    assert one.stock_tc == pytest.approx(math.fsum([d1 * area, d2 * area]), rel=1e-12)


@given(st_cc.areas_ha, st_cc.densities_tc_per_ha)
def test_co2_is_carbon_times_44_over_12(area: float, d: float) -> None:
    s = stock(area_ha=area, densities_tc_per_ha={"a": d})
    assert s.stock_tco2 == pytest.approx(s.stock_tc * 44 / 12, rel=1e-12)
