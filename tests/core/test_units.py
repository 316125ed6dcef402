"""Unit conversions: exact constants, round trips, parsing of values with units."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from carboncalc import units
from carboncalc.errors import UnitError


def test_constants_are_the_exact_definitions() -> None:
    """International acre (exact), molar-mass ratio 44/12 (IPCC), 1 km2 = 100 ha."""
    assert units.HA_PER_ACRE == 0.40468564224
    assert pytest.approx(3.6667, abs=1e-4) == units.C_TO_CO2
    assert units.area_to_ha(1.0, "km2") == 100.0


@given(st.floats(min_value=0, max_value=1e12, allow_nan=False))
def test_c_co2_round_trip(tc: float) -> None:
    assert units.co2_to_c(units.c_to_co2(tc)) == pytest.approx(tc, rel=1e-12)


@given(
    st.floats(min_value=0, max_value=1e12, allow_nan=False),
    st.sampled_from(sorted(units.AREA_HA)),
)
def test_area_round_trip(value: float, unit: str) -> None:
    """Area in a unit -> ha -> back in that unit, as claims are shown in their published unit."""
    from carboncalc.core.claims import to_canonical

    ha, _ = to_canonical("area", value, unit)
    assert ha == units.area_to_ha(value, unit)
    scale, _ = to_canonical("area", 1.0, unit)
    assert ha / scale == pytest.approx(value, rel=1e-12)


def test_density_units() -> None:
    """66 t C/acre = 66 / 0.40468564224 t C/ha; 544 t CO2/ha = 544 x 12/44 t C/ha."""
    assert units.density_to_tc_per_ha(66, "t C/acre", carbon_fraction=None) == pytest.approx(
        66 / 0.40468564224, rel=1e-12
    )
    assert units.density_to_tc_per_ha(544, "t CO2/ha", carbon_fraction=None) == pytest.approx(
        544 * 12 / 44
    )
    assert units.density_to_tc_per_ha(200, "t dm/ha", carbon_fraction=0.47) == pytest.approx(94)
    with pytest.raises(UnitError, match="carbon_fraction"):
        units.density_to_tc_per_ha(200, "t dm/ha", carbon_fraction=None)


def test_stock_and_emission_units() -> None:
    assert units.stock_to_tc(79.4, "Mt CO2") == pytest.approx(79.4e6 * 12 / 44)
    assert units.stock_to_tc(3.8, "Gt C") == 3.8e9


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("0.75%/yr", (0.75, "%/yr")),
        ("400000acre", (400000.0, "acre")),
        ("400,000 acre", (400000.0, "acre")),
        ("1_000 ha", (1000.0, "ha")),
        ("150 t  C/ha", (150.0, "t C/ha")),
        ("-3", (-3.0, None)),
        ("2.5e6", (2.5e6, None)),
    ],
)
def test_parse_number_unit(text: str, expected: tuple[float, str | None]) -> None:
    assert units.parse_number_unit(text) == expected


@pytest.mark.parametrize("text", ["abc", "", "acre 5", "nan"])
def test_parse_number_unit_rejects(text: str) -> None:
    with pytest.raises(UnitError):
        units.parse_number_unit(text)


@given(st.floats(min_value=-1e15, max_value=1e15, allow_nan=False), st.sampled_from(["ha", "%/yr"]))
def test_parse_number_unit_round_trip(number: float, unit: str) -> None:
    value, parsed = units.parse_number_unit(f"{number!r}{unit}")
    assert math.isclose(value, number) and parsed == unit
