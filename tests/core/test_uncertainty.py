"""Monte Carlo propagation: exact agreement without spread, ordered percentiles, seeds."""

from __future__ import annotations

import math
import random
import re
import statistics

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import strategies as st_cc
from carboncalc.core import pipeline
from carboncalc.core.inputs import Value
from carboncalc.core.uncertainty import draw, run, summarise
from carboncalc.files.quantities import Ranged


@settings(max_examples=30)
@given(area=st_cc.areas_ha, rate=st_cc.small_rates_pct, years=st_cc.years)
def test_zero_spread_equals_the_deterministic_result_exactly(
    area: float, rate: float, years: int
) -> None:
    p = st_cc.inputs(area_ha=area, baseline_pct=rate, project_pct=rate / 3, length_yr=years)
    mc = run(p, samples=20, seed=1)
    assert mc.inputs == ()
    assert mc.stock_tco2.mean == pipeline.stock(p).stock_tco2
    exact = pipeline.emissions(p).avoided_emissions_tco2e
    assert mc.avoided_tco2e is not None
    assert (mc.avoided_tco2e.mean, mc.avoided_tco2e.p5, mc.avoided_tco2e.p95) == (exact,) * 3


@given(st.lists(st.floats(min_value=-1e9, max_value=1e9), min_size=1, max_size=200))
def test_percentiles_are_ordered(values: list[float]) -> None:
    """Found by Hypothesis: statistics.quantiles put p95 one ulp below the median of
    [0, 6.2e-232, 6.2e-232]; carboncalc's interpolation keeps them ordered."""
    s = summarise(values)
    assert min(values) <= s.p5 <= s.median <= s.p95 <= max(values)
    assert min(values) - 1e-6 * max(1, abs(min(values))) <= s.mean
    assert s.mean <= max(values) + 1e-6 * max(1, abs(max(values)))


def ranged(**fields: object) -> Ranged:
    return Ranged.model_validate({"assumption": True, **fields})


def spread(**fields: object) -> Value:
    return Value(path="x", **{"value": None, **fields})  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "q",
    [spread(low=60, high=230), spread(low=60, high=230, value=100, distribution="triangular"),
     spread(value=5, sd=20), spread(value=5, sd=2, distribution="lognormal")],
    ids=["uniform", "triangular", "normal-truncated", "lognormal"],
)  # fmt: skip
def test_draws_respect_their_distribution(q: Value) -> None:
    rng = random.Random(3)
    values = [draw(q, rng) for _ in range(20_000)]
    assert min(values) >= (q.low if q.low is not None else 0.0)
    if q.high is not None:
        assert max(values) <= q.high
    if q.distribution == "lognormal":
        assert statistics.fmean(values) == pytest.approx(5, rel=0.03)  # mean is `value`
        assert statistics.stdev(values) == pytest.approx(2, rel=0.05)  # sd is `sd`
    if q.distribution is None and q.low is not None:
        assert statistics.fmean(values) == pytest.approx(145, rel=0.01)


def test_cases_of_a_value_with_sd_are_its_5th_and_95th_percentiles() -> None:
    q = spread(value=100, sd=10)
    assert q.at("low") == pytest.approx(100 - 1.6448536 * 10)
    assert q.at("high") == pytest.approx(100 + 1.6448536 * 10)
    log = spread(value=100, sd=10, distribution="lognormal")
    sigma = math.sqrt(math.log1p(0.01))
    assert log.at("high") == pytest.approx(
        math.exp(math.log(100) - sigma**2 / 2 + 1.6448536 * sigma)
    )


@pytest.mark.parametrize(
    ("fields", "message"),
    [({"value": 1, "distribution": "normal"}, "needs a `value` (mean) and `sd`"),
     ({"value": 1, "distribution": "uniform"}, "needs `low` and `high`"),
     ({"value": 0, "sd": 1, "distribution": "lognormal"}, "mean) above 0"),
     ({"low": 1, "high": 2, "sd": 1, "value": 1.5, "distribution": "uniform"}, "not `sd`")],
)  # fmt: skip
def test_distribution_needs_its_parameters(fields: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match=re.escape(message)):
        ranged(**fields)


def test_same_seed_same_numbers() -> None:
    above = Value("carbon.pools.above_ground", value=None, low=50, high=150)
    p = st_cc.inputs(density=above)
    assert run(p, samples=300, seed=7) == run(p, samples=300, seed=7)
    assert run(p, samples=300, seed=7) != run(p, samples=300, seed=8)
    assert run(p, samples=300, seed=7).inputs == ("carbon.pools.above_ground",)


@given(st.lists(st.floats(min_value=-1e6, max_value=1e6), min_size=2, max_size=100))
def test_percentiles_agree_with_the_statistics_module(values: list[float]) -> None:
    """The same "inclusive" quantiles as statistics.quantiles, to rounding."""
    from carboncalc.core.uncertainty import percentile

    cuts = statistics.quantiles(values, n=20, method="inclusive")
    ordered = sorted(values)
    assert percentile(ordered, 0.05) == pytest.approx(cuts[0], rel=1e-9, abs=1e-9)
    assert percentile(ordered, 0.95) == pytest.approx(cuts[-1], rel=1e-9, abs=1e-9)
    assert percentile(ordered, 0.5) == pytest.approx(statistics.median(values), rel=1e-9, abs=1e-9)
