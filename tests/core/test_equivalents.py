"""Everyday equivalents against EPA's published factors and the seed documents' figures."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from carboncalc.core import equivalents as eq
from carboncalc.errors import ComputationError
from carboncalc.files.factors import load_factor_table

TABLE = load_factor_table()


def vehicle_factor(version: str) -> float:
    return TABLE.versions[version].factors[eq.VEHICLES].value


def test_versions_carry_the_published_vehicle_factors() -> None:
    """EPA's factor has been 5.46, 5.1, 4.73, 4.60 and 4.29 t CO2e/vehicle/yr (EPA's editions,
    in factors/equivalents.yaml)."""
    assert [vehicle_factor(v) for v in ("2008", "2011", "2015", "2018", "2024")] == [
        5.46, 5.1, 4.73, 4.60, 4.29,
    ]  # fmt: skip
    assert TABLE.current == "2024"


def test_current_vehicle_factor_from_its_components() -> None:
    """EPA: 8.89e-3 t CO2/gal x 10,917 mi / 22.8 mpg / 0.994 = 4.28 (EPA states 4.29)."""
    assert pytest.approx(vehicle_factor("2024"), rel=0.005) == 8.89e-3 * 10_917 / 22.8 / 0.994


def test_2008_vehicle_factor_from_its_components() -> None:
    """EPA (archived): 8.81e-3 x 11,856 / 19.7 / 0.971 = 5.46."""
    assert pytest.approx(vehicle_factor("2008"), abs=0.005) == 8.81e-3 * 11_856 / 19.7 / 0.971


def test_barrel_factor_from_its_components() -> None:
    """EPA: 5.80 mmBtu/bbl x 20.33 kg C/mmBtu x 44/12 = 0.432 t CO2/bbl, published as 0.43."""
    barrel = TABLE.versions["2024"].factors[eq.BARRELS].value
    assert pytest.approx(barrel, abs=0.005) == 5.80 * 20.33 * 44 / 12 / 1000


def test_alto_mayo_cars_at_the_factor_that_gives_the_published_figure() -> None:
    """CI: 6.2 Mt over 2008-2016 is "nearly 150,000 cars off the road each year":
    6.2e6 / 9 yr / 4.60 = 149,758; at the current 4.29 it would be 160,580."""
    at_460 = eq.count(tco2e=6.2e6, factor_tco2e=vehicle_factor("2018"), years=9)
    at_429 = eq.count(tco2e=6.2e6, factor_tco2e=vehicle_factor("2024"), years=9)
    assert at_460 == pytest.approx(149_758, abs=1)
    assert 145_000 < at_460 < 150_000  # "nearly 150,000"
    assert at_429 == pytest.approx(160_580, abs=1)


def test_alto_mayo_2013_cars_for_one_year() -> None:
    """CI 2013: 2.5 Mt is "500,000 cars off the road for one year": 2.5e6 / 5.1 = 490,196."""
    assert eq.count(tco2e=2.5e6, factor_tco2e=vehicle_factor("2011")) == pytest.approx(
        490_196, abs=1
    )


def test_implied_factor_inverts_count() -> None:
    assert eq.implied_factor(tco2e=6.2e6, count=150_000, years=9) == pytest.approx(4.5926, abs=1e-4)


@given(
    st.floats(min_value=0, max_value=1e12, allow_nan=False),
    st.floats(min_value=0.01, max_value=100, allow_nan=False),
    st.integers(min_value=1, max_value=100),
)
def test_count_and_implied_factor_round_trip(tco2e: float, factor: float, years: int) -> None:
    n = eq.count(tco2e=tco2e, factor_tco2e=factor, years=years)
    if n > 0:
        assert eq.implied_factor(tco2e=tco2e, count=n, years=years) == pytest.approx(factor)


def test_equivalents_name_their_version_and_every_factor() -> None:
    vid, version = eq.pick_version(TABLE, None)
    result = eq.equivalents(tco2e=4.29, years=1, version_id=vid, version=version)
    assert result.version_id == "2024"
    vehicles = next(i for i in result.items if i.key == eq.VEHICLES)
    assert vehicles.count == pytest.approx(1.0) and vehicles.per_yr


def test_unknown_version_lists_the_known_ones() -> None:
    with pytest.raises(ComputationError, match="known versions: 2024, 2018"):
        eq.pick_version(TABLE, "1999")
