"""compare streams its rows and keeps a running total: it must equal the total of the whole
list, each column summed exactly (math.fsum over the values present)."""

from __future__ import annotations

import math

from hypothesis import given
from hypothesis import strategies as st

from carboncalc.reports.compare import CompareRow, RunningTotal, mixed_periods

figure = st.floats(min_value=0, max_value=1e12, allow_nan=False)
maybe = st.none() | figure


@st.composite
def rows(draw: st.DrawFn) -> CompareRow:
    first = draw(st.none() | st.integers(1990, 2030))
    last = None if first is None else first + draw(st.integers(0, 40))
    return CompareRow(
        label="p", area_ha=draw(figure), stock_tco2=draw(figure), avoided_tco2e=draw(maybe),
        credits=draw(st.none() | st.integers(0, 10**9)), vehicles_per_yr=draw(maybe),
        first_year=first, last_year=last, avoided_tco2e_per_yr=draw(maybe),
        forest_ha=draw(maybe), credits_per_yr=draw(maybe),
    )  # fmt: skip


def present(values: list[float | None]) -> float | None:
    found = [v for v in values if v is not None]
    return math.fsum(found) if found else None


@given(st.lists(rows(), min_size=1, max_size=30))
def test_the_running_total_is_the_exact_total(portfolio: list[CompareRow]) -> None:
    total = RunningTotal()
    for row in portfolio:
        total.add(row)
    got = total.row()
    credits = [r.credits for r in portfolio if r.credits is not None]
    assert got.area_ha == math.fsum(r.area_ha for r in portfolio)
    assert got.stock_tco2 == math.fsum(r.stock_tco2 for r in portfolio)
    assert got.avoided_tco2e == present([r.avoided_tco2e for r in portfolio])
    assert got.credits == (sum(credits) if credits else None)
    assert got.vehicles_per_yr == present([r.vehicles_per_yr for r in portfolio])
    assert got.credits_per_yr == present([r.credits_per_yr for r in portfolio])
    assert got.forest_ha == present(
        [r.forest_ha for r in portfolio if r.avoided_tco2e_per_yr is not None]
    )
    firsts = [r.first_year for r in portfolio if r.first_year is not None]
    assert got.first_year == (min(firsts) if firsts else None)
    assert total.mixed_periods == mixed_periods(portfolio)
    assert total.count == len(portfolio)
