"""Everyday equivalents against EPA's published factors and the seed documents' figures."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from carboncalc.core import equivalents as eq
from carboncalc.core.inputs import Citation, Factor, FactorVersion, VehicleFactorInputs
from carboncalc.errors import ComputationError, ProjectFileError
from carboncalc.files.factor_editions import load_factor_table, with_edition

TABLE = load_factor_table()


def vehicle_factor(version: str) -> float:
    return TABLE.versions[version].factors[eq.VEHICLES].value


def test_versions_carry_the_published_vehicle_factors() -> None:
    """EPA's factor has been 5.46, 5.23, 5.1, 4.73, 4.60 and 4.29 t CO2e/vehicle/yr (EPA's
    editions, in factors/equivalents.yaml; 5.46 -> 5.23 on 20 November 2009, EPA, Greenhouse Gas
    Equivalencies Calculator - Revision History)."""
    assert [vehicle_factor(v) for v in ("2008", "2009", "2011", "2015", "2018", "2024")] == [
        5.46, 5.23, 5.1, 4.73, 4.60, 4.29,
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


def test_november_2009_vehicle_factor_from_its_inputs() -> None:
    """EPA, Revision History, 20 November 2009: 5.23 t CO2e/vehicle/yr, from 2007 data. By hand:
    8.89e-3 t CO2/gallon x 11,720 miles = 104.1908 t ... per vehicle: 104.1908 / 20.4 miles/gallon
    = 5.10739 t CO2; / 0.977 (CO2 share of CO2e) = 5.22763 t CO2e, stated as 5.23."""
    f = TABLE.versions["2009"].factors[eq.VEHICLES]
    assert f.inputs is not None
    assert eq.derived_factor(f) == pytest.approx(5.22763, abs=1e-5)
    assert f.value == 5.23
    assert eq.derivation(f.inputs) == (
        "0.00889 t CO2/gallon x 11,720 miles/yr / 20.4 miles/gallon / 0.977 "
        "(CO2 share of CO2e) = 5.228"
    )


def test_the_edition_before_it_from_its_inputs() -> None:
    """EPA (archived): 8.81e-3 x 11,856 = 104.45136; / 19.7 = 5.30210; / 0.971 = 5.46045,
    stated as 5.46."""
    f = TABLE.versions["2008"].factors[eq.VEHICLES]
    assert eq.derived_factor(f) == pytest.approx(5.46045, abs=1e-5)
    assert eq.factor_value(f) == 5.46  # the stated value is the one used


def test_stated_and_derived_are_both_in_the_equivalents() -> None:
    """2024: EPA states 4.29; its inputs give 8.89e-3 x 10,917 / 22.8 / 0.994 = 4.28237. 4.29 t
    over one year is one vehicle at the stated factor (4.29 / 4.29), not 1.0018 at the derived."""
    vid, version = eq.pick_version(TABLE, "2024")
    result = eq.equivalents(tco2e=4.29, years=1, version_id=vid, version=version)
    vehicles = next(i for i in result.items if i.key == eq.VEHICLES)
    assert vehicles.stated == 4.29
    assert vehicles.derived == pytest.approx(4.28237, abs=1e-5)
    assert vehicles.count == pytest.approx(1.0)
    assert vehicles.derivation is not None and vehicles.derivation.endswith("= 4.282")


def test_a_factor_with_inputs_only_is_computed() -> None:
    """A user's edition may give the inputs only: 8.89e-3 x 8,000 / 25 / 0.98 = 2.902857 t
    CO2e/vehicle/yr; 1,000,000 t over 2 yr = 500,000 t/yr / 2.902857 = 172,244.1 vehicles."""
    f = Factor(
        "Light vehicles", None, "t CO2e/vehicle/yr", VehicleFactorInputs(8.89e-3, 8000, 25, 0.98)
    )
    version = FactorVersion(
        "fleet", Citation("Fleet inventory", "Ministry", 2021), {eq.VEHICLES: f}
    )
    table = with_edition(TABLE, "fleet.yaml", version)
    vid, chosen = eq.pick_version(table, "fleet.yaml")
    vehicles = eq.equivalents(tco2e=1e6, years=2, version_id=vid, version=chosen).items[0]
    assert vehicles.stated is None
    assert vehicles.factor == pytest.approx(2.902857, abs=1e-6)
    assert vehicles.count == pytest.approx(172_244.1, abs=0.1)
    assert table.current == "2024"  # the user's edition is chosen, not made the default


def test_a_users_edition_cannot_take_a_shipped_versions_name() -> None:
    version = TABLE.versions["2024"]
    with pytest.raises(ProjectFileError, match="shipped factor version"):
        with_edition(TABLE, "2024", version)


def test_a_claim_made_at_523_is_reproduced_by_choosing_that_edition() -> None:
    """A claim of "131,719 cars off the road each year" for 6.2 Mt over 9 yr: 6.2e6 / 9 =
    688,888.9 t/yr; / 5.23 = 131,718.7, so the 2009 edition reproduces it; at 4.29 (current) it is
    160,580.2, at 5.46 it is 126,170.1."""
    counts = {
        v: eq.count(tco2e=6.2e6, factor_tco2e=eq.factor(TABLE.versions[v], eq.VEHICLES, v), years=9)
        for v in ("2009", "2024", "2008")
    }
    assert counts["2009"] == pytest.approx(131_718.7, abs=0.1)
    assert counts["2024"] == pytest.approx(160_580.2, abs=0.1)
    assert counts["2008"] == pytest.approx(126_170.1, abs=0.1)


def test_a_reserve_whose_factor_the_edition_lacks_is_not_available() -> None:
    """1,000 barrels of oil at factors 2008 (no barrel factor): no t CO2, with a note, not an
    error; at 2024, 1,000 x 0.43 = 430 t CO2 = 1,000 barrels."""
    from carboncalc.core.fossil import reserve_tco2
    from carboncalc.core.inputs import FossilInputs, Value

    reserve = FossilInputs("oil", Value("fossil_reserves.0", 1000.0), "barrel", "oil")
    vid, version = eq.pick_version(TABLE, "2008")
    found = reserve_tco2(reserve, version_id=vid, version=version)
    assert found.tco2 is None and found.barrels_oil is None
    assert found.note == (
        "t CO2 and barrels of oil not available: factor version '2008' has no 'barrels_oil' factor"
    )
    vid, version = eq.pick_version(TABLE, "2024")
    found = reserve_tco2(reserve, version_id=vid, version=version)
    assert found.tco2 == pytest.approx(430.0) and found.barrels_oil == pytest.approx(1000.0)
