"""Each claim's 90 % interval: the same draws as the Monte Carlo, against hand calculations."""

from __future__ import annotations

import random
import statistics
from dataclasses import replace
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from carboncalc.core import pipeline
from carboncalc.core.claimrange import ranges
from carboncalc.core.claims import ClaimCheck, check_claims
from carboncalc.core.uncertainty import draw, run
from carboncalc.files.loading import load_project

FOREST = """\
name: Interval forest
countries: [PE]
sources:
  src: {title: Test source, year: 2020}
area: {value: 1000, unit: ha, source: src}
carbon:
  pools:
    above_ground:
      low: 60
      high: 230
      unit: t dm/ha
      carbon_fraction: {value: 0.47, source: src}
      source: src
deforestation:
  baseline:
    rate: {value: 1.0, unit: "%/yr", basis: remaining, source: src}
  project:
    reduction: {value: 50, unit: "%", source: src}
  residual_carbon: {value: 0, unit: t C/ha, assumption: true, note: Tier 1}
period: {start: 2010-01-01, length_yr: 10, source: src}
claims:
  - {id: stock, measure: stock, pool: all, value: 100000, unit: t C, source: src}
  - {id: area, measure: area, value: 1000, unit: ha, source: src}
  - {id: er, measure: avoided_emissions, value: 20000, unit: t CO2e,
     years: {first: 2012, last: 2015}, source: src}
"""


def _forest(tmp_path: Path):  # type: ignore[no-untyped-def]
    path = tmp_path / "interval-forest.yaml"
    path.write_text(FOREST, encoding="utf-8")
    return load_project(str(path)).inputs


def test_a_uniform_density_gives_the_stock_its_5th_and_95th_percentiles_by_hand(
    tmp_path: Path,
) -> None:
    """Stock = 1000 ha x 0.47 x U(60, 230) t dm/ha: its 5th and 95th percentiles are
    1000 x 0.47 x (60 + 0.05 x 170) = 32,195 and 1000 x 0.47 x (60 + 0.95 x 170) = 104,105
    t C; 10,000 draws put them within 1 %. The area is certain: no interval."""
    inputs = _forest(tmp_path)
    checks = {c.claim_id: c for c in ranges(
        inputs, check_claims(inputs), samples=10_000, seed=0).checks}  # fmt: skip
    low, high = checks["stock"].interval or (0.0, 0.0)
    assert abs(low / 32_195 - 1) < 0.01 and abs(high / 104_105 - 1) < 0.01
    assert checks["stock"].within_interval is True  # 100,000 t C lies inside
    assert checks["area"].interval is None and checks["area"].within_interval is None


def test_a_claim_of_some_years_sums_each_sample_over_them(tmp_path: Path) -> None:
    """Redone independently: the same streams, the emissions of 2012-2015 each sample, and
    the statistics module's inclusive quantiles."""
    inputs = _forest(tmp_path)
    er = next(c for c in check_claims(inputs) if c.claim_id == "er")
    (got,) = ranges(inputs, [er], samples=500, seed=3).checks
    streams = [(q, random.Random(f"3:{q.path}")) for q in inputs.uncertain()]
    sums = []
    for _ in range(500):
        draws = {q.path: draw(q, rng) for q, rng in streams}
        result = pipeline.emissions(inputs, draws, first=2012, last=2015)
        sums.append(result.avoided_emissions_tco2e)
    cuts = statistics.quantiles(sums, n=20, method="inclusive")
    assert got.interval is not None
    assert abs(got.interval[0] - cuts[0]) <= 1e-9 * cuts[0]
    assert abs(got.interval[1] - cuts[-1]) <= 1e-9 * cuts[-1]


def test_the_whole_period_and_the_stock_agree_with_the_monte_carlo_to_the_bit() -> None:
    """Alto Mayo: `ranges` draws exactly what `uncertainty` draws."""
    inputs = load_project("alto-mayo").inputs
    got = ranges(inputs, samples=2_000, seed=5, avoided=(2008, 2027))
    mc = run(inputs, samples=2_000, seed=5)
    assert got.stock_tco2 == mc.stock_tco2
    assert got.avoided_tco2e == mc.avoided_tco2e


def test_no_uncertain_input_gives_no_interval() -> None:
    inputs = load_project("sacred-headwaters").inputs
    got = ranges(inputs, check_claims(inputs), samples=200, seed=0)
    assert all(c.interval is None for c in got.checks) and got.stock_tco2 is None


BASE = ClaimCheck(claim_id="x", measure="stock", case="central", claimed=1.0, derived=1.0,
                  unit="t C", how="", published_unit="t C", scale=1.0)  # fmt: skip


@given(claimed=st.floats(-1e6, 1e6), low=st.floats(-1e6, 1e6), width=st.floats(0, 1e6))
def test_within_means_between_the_ends(claimed: float, low: float, width: float) -> None:
    c = replace(BASE, claimed=claimed, interval=(low, low + width))
    assert c.within_interval == (low <= claimed <= low + width)
