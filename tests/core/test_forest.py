"""The forest lost year by year under the baseline, the project and the counterfactual, with the
90 % interval of each (the report's headline picture), against the compound-rate formula."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import strategies as st_cc
from carboncalc.core.forest import forest_paths
from carboncalc.core.inputs import ProjectInputs
from carboncalc.files.model import Project
from carboncalc.files.resolve import resolve

AREA = 1000.0
YEARS = 20


def inputs_of(data: dict[str, Any]) -> ProjectInputs:
    return resolve(Project.model_validate(data))


def with_counterfactual(rate: dict[str, Any], **baseline: Any) -> dict[str, Any]:
    data = st_cc.project_data(area_ha=AREA, length_yr=YEARS, **baseline)
    data["deforestation"]["counterfactual"] = {"rate": {"unit": "%/yr", "source": "src", **rate}}
    return data


def test_each_path_is_the_compound_rate_and_none_has_an_interval_without_spread() -> None:
    """Forest lost by each year's end = A - A (1 - r)^t, for the baseline's 1 %/yr, the
    project's 0.25 %/yr and the counterfactual's 0.4 %/yr; every input exact, so no interval."""
    found = forest_paths(inputs_of(with_counterfactual({"value": 0.4})), samples=200, seed=0)
    assert found.years == tuple(range(2010, 2010 + YEARS + 1)) and found.drawn == ()
    assert found.start_ha == AREA
    rates = {"baseline": 0.01, "project": 0.0025, "counterfactual": 0.004}
    assert [p.name for p in found.paths] == list(rates)
    for path in found.paths:
        expected = [AREA - AREA * (1 - rates[path.name]) ** t for t in range(YEARS + 1)]
        assert path.cleared_ha == pytest.approx(expected, rel=1e-12, abs=1e-9)
        assert path.p5_ha is None and path.p95_ha is None


def test_the_interval_is_the_forest_at_the_rates_5th_and_95th_percentiles() -> None:
    """A counterfactual rate drawn uniformly from 0.2-1.2 %/yr: the forest lost rises with the
    rate, so its 95th percentile is the loss at the rate's 95th, 0.2 + 0.95 x 1.0 = 1.15 %/yr,
    and its 5th at 0.25 %/yr (within the sampling error of 4,000 draws: the rate's percentile
    has a standard error of sqrt(0.05 x 0.95 / 4000) x 1.0 = 0.0034 %-points). The baseline and
    the project rest on no drawn input: no interval."""
    data = with_counterfactual({"value": 0.7, "low": 0.2, "high": 1.2})
    found = forest_paths(inputs_of(data), samples=4000, seed=3)
    assert found.drawn == ("deforestation.counterfactual.rate",)
    baseline, project, counterfactual = found.paths
    assert baseline.p5_ha is None and project.p5_ha is None
    assert counterfactual.p5_ha is not None and counterfactual.p95_ha is not None

    def rate_behind(lost: float) -> float:  # %/yr, from A - A (1 - r)^20
        return (1 - (1 - lost / AREA) ** (1 / YEARS)) * 100

    assert rate_behind(counterfactual.p95_ha[-1]) == pytest.approx(1.15, abs=0.015)
    assert rate_behind(counterfactual.p5_ha[-1]) == pytest.approx(0.25, abs=0.015)
    assert counterfactual.p5_ha[0] == counterfactual.p95_ha[0] == 0  # nothing lost at the start


def test_a_reduction_carries_the_baselines_spread_to_the_project() -> None:
    """A project given as a 75 % reduction of a baseline drawn from 0.5-1.5 %/yr: both paths
    have an interval, the project's a quarter as wide in rate."""
    data = st_cc.project_data(area_ha=AREA, length_yr=YEARS)
    data["deforestation"]["baseline"]["rate"].update(value=1.0, low=0.5, high=1.5)
    data["deforestation"]["project"] = {"reduction": {"value": 75, "unit": "%", "source": "src"}}
    baseline, project = forest_paths(inputs_of(data), samples=4000, seed=1).paths
    assert baseline.p5_ha is not None and project.p5_ha is not None
    assert baseline.p95_ha is not None and project.p95_ha is not None
    baseline_width = baseline.p95_ha[1] - baseline.p5_ha[1]  # one year: A x (r95 - r5)
    project_width = project.p95_ha[1] - project.p5_ha[1]
    assert baseline_width == pytest.approx(AREA * 0.009, rel=0.02)
    assert project_width == pytest.approx(baseline_width / 4, rel=1e-9)


@settings(max_examples=25, deadline=None)
@given(low=st.floats(0.0, 2.0).map(st_cc.in_domain), width=st.floats(0.01, 3.0),
       seed=st.integers(0, 99))  # fmt: skip
def test_intervals_are_ordered_and_the_same_for_the_same_seed(
    low: float, width: float, seed: int
) -> None:
    data = with_counterfactual({"low": low, "high": low + width})
    first = forest_paths(inputs_of(data), samples=100, seed=seed)
    (_, _, counterfactual) = first.paths
    assert counterfactual.p5_ha is not None and counterfactual.p95_ha is not None
    for p5, p95 in zip(counterfactual.p5_ha, counterfactual.p95_ha, strict=True):
        assert 0 <= p5 <= p95 <= AREA
    assert forest_paths(inputs_of(data), samples=100, seed=seed) == first
