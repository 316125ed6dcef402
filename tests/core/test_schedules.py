"""Rates that change over time, observed forest loss, and rates derived from two areas
(issue 11): through the real schema and pipeline."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import strategies as st_cc
from carboncalc.core import pipeline
from carboncalc.core.emissions import Emissions
from carboncalc.files.loading import load_project
from carboncalc.files.model import Project
from carboncalc.files.resolve import resolve

VALID = Path(__file__).parents[1] / "data" / "valid"


def emissions_of(data: dict[str, Any]) -> Emissions:
    return pipeline.emissions(resolve(Project.model_validate(data)))


def test_fao_fra_2020_by_decade_in_one_file() -> None:
    """7.8, 5.2 and 4.7 Mha/yr over three decades: 177 Mha from the rounded rates (FRA 2020
    publishes 178 Mha from unrounded ones)."""
    found = pipeline.emissions(load_project(str(VALID / "fra-2020.yaml")).inputs)
    assert found.total("baseline_cleared_ha") == pytest.approx(177e6)
    by_decade = [math.fsum(r.baseline_cleared_ha for r in found.rows[i:i + 10])
                 for i in (0, 10, 20)]  # fmt: skip
    assert by_decade == pytest.approx([78e6, 52e6, 47e6])


def periods(data: dict[str, Any], split: list[int], rate: dict[str, Any]) -> dict[str, Any]:
    """The baseline's one rate written as the same rate over periods starting at `split`."""
    first, last = 2010, 2010 + data["period"]["length_yr"] - 1
    starts = [first, *sorted(y for y in set(split) if first < y <= last)]
    ends = [s - 1 for s in starts[1:]] + [last]
    data["deforestation"]["baseline"] = {
        "rates": [
            {**rate, "years": {"first": a, "last": b}} for a, b in zip(starts, ends, strict=True)
        ]
    }
    return data


@given(
    pct=st.floats(min_value=0.0, max_value=20.0),
    years=st.integers(min_value=1, max_value=40),
    split=st.lists(st.integers(min_value=2010, max_value=2060), max_size=4),
    unit=st.sampled_from(["%/yr", "ha/yr"]),
)
def test_splitting_a_constant_rate_into_periods_changes_nothing(
    pct: float, years: int, split: list[int], unit: str
) -> None:
    """The same rate over any periods gives the same years, to the bit (a compound rate of the
    remaining forest, or an area per year; a rate of the *initial* area is of each period's
    start, so splitting that one is a different statement)."""
    value = st_cc.in_domain(pct if unit == "%/yr" else pct * 10)
    rate = {"value": value, "unit": unit, "basis": "remaining", "source": "src"}
    one = st_cc.project_data(length_yr=years)
    one["deforestation"]["baseline"] = {"rate": dict(rate)}
    split_up = periods(st_cc.project_data(length_yr=years), split, rate)
    assert emissions_of(split_up).rows == emissions_of(one).rows


@given(
    cleared=st.lists(st.floats(min_value=0.0, max_value=30.0), min_size=1, max_size=10),
    years=st.integers(min_value=11, max_value=20),
)
def test_observed_years_reproduce_exactly(cleared: list[float], years: int) -> None:
    """Observed hectares cleared are the rows' hectares, to the bit; later years are projected
    from the forest left."""
    cleared = [st_cc.in_domain(c) for c in cleared]
    data = st_cc.project_data(length_yr=years)
    data["deforestation"]["project"]["observed"] = {
        "values": {str(2010 + i): c for i, c in enumerate(cleared)}, "source": "src"}  # fmt: skip
    rows = emissions_of(data).rows
    n = len(cleared)
    assert [r.project_cleared_ha for r in rows[:n]] == cleared
    assert all(r.project_observed for r in rows[:n]) and not any(
        r.project_observed for r in rows[n:]
    )
    left = 1000.0 - math.fsum(cleared)
    assert rows[n - 1].project_forest_ha == pytest.approx(left)
    assert rows[n].project_cleared_ha == pytest.approx(left * 0.0025)  # 0.25 %/yr, remaining


def test_an_observed_series_that_switches_to_projection() -> None:
    """10,000 ha; the project observed to clear 50, 60.5 and 0 ha in 2010-2012, then 1 %/yr of
    what is left: 2013 clears 1 % of 9,889.5 = 98.895 ha, 2014 1 % of 9,790.605 = 97.90605."""
    data = st_cc.project_data(area_ha=10_000, length_yr=6, baseline_pct=2.0, project_pct=1.0)
    data["deforestation"]["project"]["observed"] = {
        "values": {"2010": 50, "2011": 60.5, "2012": 0}, "source": "src"}  # fmt: skip
    rows = emissions_of(data).rows
    assert [r.project_cleared_ha for r in rows[:3]] == [50, 60.5, 0]
    assert rows[3].project_cleared_ha == pytest.approx(98.895)
    assert rows[4].project_cleared_ha == pytest.approx(97.90605)


def test_observed_forest_areas_give_the_clearing() -> None:
    """Forest left at each year's end: 1,000 ha falling to 990 and 975: 10 and 15 ha cleared."""
    data = st_cc.project_data(length_yr=3)
    data["deforestation"]["project"]["observed"] = {
        "measure": "forest", "values": {"2010": 990, "2011": 975}, "source": "src"}  # fmt: skip
    rows = emissions_of(data).rows
    assert [r.project_cleared_ha for r in rows[:2]] == [10.0, 15.0]


def test_a_rate_from_two_areas() -> None:
    """500,000 ha falling to 420,000 ha over 2000-2010 gives 1.7284 %/yr of the remaining
    forest; at that rate a forest of 420,000 ha is 296,352 ha (420,000 x 0.84^2) 20 years on."""
    data = st_cc.project_data(area_ha=420_000, length_yr=20)
    data["deforestation"]["baseline"] = {"rate": {
        "from_areas": {"first": {"year": 2000, "area": 500_000},
                       "last": {"year": 2010, "area": 420_000}},
        "unit": "%/yr", "source": "src"}}  # fmt: skip
    inputs = resolve(Project.model_validate(data))
    (rate,) = inputs.deforestation.baseline.rates  # type: ignore[union-attr]
    assert round(rate.rate.central, 4) == 1.7284
    assert pipeline.emissions(inputs).rows[-1].baseline_forest_ha == pytest.approx(296_352)


@pytest.mark.parametrize(
    ("baseline", "message"),
    [
        ({"rate": {"from_areas": {"first": {"year": 2000, "area": 400}, "last": {"year": 2010,
          "area": 500}}, "unit": "%/yr", "source": "src"}}, "the forest grew"),
        ({"rate": {"value": 1, "from_areas": {"first": {"year": 2000, "area": 5},
          "last": {"year": 2010, "area": 4}}, "unit": "%/yr", "source": "src"}}, "not both"),
        ({"rates": [{"years": {"first": 2010, "last": 2014}, "value": 1, "unit": "%/yr",
          "source": "src"}, {"years": {"first": 2013, "last": 2019}, "value": 1,
          "unit": "%/yr", "source": "src"}]}, "overlap"),
        ({"rate": {"value": 1, "unit": "%/yr", "source": "src"}, "rates": [{"years": {
          "first": 2010, "last": 2019}, "value": 1, "unit": "%/yr", "source": "src"}]},
         "not both"),
    ],
)  # fmt: skip
def test_bad_schedules(baseline: dict[str, Any], message: str) -> None:
    data = st_cc.project_data()
    data["deforestation"]["baseline"] = baseline
    with pytest.raises(ValueError, match=message):
        Project.model_validate(data)


def test_a_project_observed_then_a_reduction_of_the_baseline() -> None:
    """Observed 3 ha cleared in 2010, then 75 % below a 1 %/yr baseline: 2011 clears a quarter
    of 1 % of the 997 ha left = 2.4925 ha."""
    data = st_cc.project_data(length_yr=3)
    data["deforestation"]["project"] = {
        "reduction": {"value": 75, "unit": "%", "source": "src"},
        "observed": {"values": {"2010": 3}, "source": "src"}}  # fmt: skip
    rows = emissions_of(data).rows
    assert rows[0].project_cleared_ha == 3 and rows[0].project_observed
    assert rows[1].project_cleared_ha == pytest.approx(997 * 0.01 * 0.25)
