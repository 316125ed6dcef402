"""Rates from observed areas (Puyravaud 2003) and a difference in differences, by hand."""

from __future__ import annotations

import math
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from carboncalc.core.rates import DifferenceInDifferences, area_change, compound_loss_fraction


def test_puyravauds_example() -> None:
    """100 -> 90 ha over 10 years: r = -1.054 %/yr, q = -1.048 %/yr, linear -1.0 %/yr."""
    c = area_change(100, 90, 10)
    assert round(c.puyravaud_r * 100, 3) == -1.054
    assert round(c.fao_q * 100, 3) == -1.048
    assert c.linear == pytest.approx(-0.01) and c.ha_per_yr == pytest.approx(-1.0)


def test_two_areas_and_the_projection_they_imply() -> None:
    """500,000 ha falling to 420,000 ha over 10 years: 1.7284 %/yr of the remaining forest
    (1 - 0.84^0.1); at that rate 420,000 ha fall to 420,000 x 0.84^2 = 296,352 ha in 20 years."""
    q = compound_loss_fraction(500_000, 420_000, 10)
    assert round(q * 100, 4) == 1.7284
    assert 420_000 * (1 - q) ** 20 == pytest.approx(296_352, abs=1e-6)


@given(
    a1=st.floats(min_value=1.0, max_value=1e9),
    ratio=st.floats(min_value=0.01, max_value=1.0),
    years=st.floats(min_value=1.0, max_value=100),
)
def test_each_rate_reproduces_the_second_area(a1: float, ratio: float, years: float) -> None:
    a2 = a1 * ratio
    c = area_change(a1, a2, years)
    assert a1 * (1 + c.fao_q) ** years == pytest.approx(a2, rel=1e-8)
    assert a1 * math.exp(c.puyravaud_r * years) == pytest.approx(a2, rel=1e-9)
    assert a1 * (1 + c.linear * years) == pytest.approx(a2, rel=1e-9)


def test_alto_mayo_difference_in_differences_of_redd_sens() -> None:
    """Alto Mayo in guizar/redd-sens: 178,703.95 ha; before/after 0.20169127/0.10237426 %/yr in
    the project and 0.23138588/0.15479524 %/yr in controls, 5 years. By hand in exact decimals:
    DiD = -0.09931701 + 0.07659064 = -0.02272637 %/yr; x 178,703.95 x 5 / 100 = -203.064604 ha
    (the issue quotes -203.0645, within 1e-4)."""
    did = DifferenceInDifferences(0.20169127, 0.10237426, 0.23138588, 0.15479524)
    exact = (Decimal("0.10237426") - Decimal("0.20169127")) - (
        Decimal("0.15479524") - Decimal("0.23138588"))  # fmt: skip
    assert did.did == pytest.approx(float(exact), abs=1e-15)
    effect = did.effect_ha(area_ha=178_703.95, years=5, per=100)
    assert effect == pytest.approx(float(exact * Decimal("178703.95") * 5 / 100), abs=1e-9)
    assert effect == pytest.approx(-203.0645, abs=1.5e-4)


def test_bad_areas_are_refused() -> None:
    with pytest.raises(ValueError, match="above 0"):
        area_change(0, 10, 1)
    with pytest.raises(ValueError, match="later"):
        area_change(10, 5, 0)
