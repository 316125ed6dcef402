"""ART TREES v2.0 takes the uncertainty deduction per year (Section 8, eq. 10-11: UNC_t =
ER_t x UA_t, UA_t = 0.524417 x HW90,t / 1.645006): each vintage's from the half-width of its
own emission reductions over the Monte Carlo samples. Other rule sets keep one deduction from
the whole period's half-width."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import pytest

import strategies as st_cc
from carboncalc.core.crediting import CreditRequest, credit_run
from carboncalc.files.loading import LoadedProject
from carboncalc.files.model import Project
from carboncalc.files.resolve import resolve

SAMPLES = 10_000  # for a sampled half-width within ~0.3 points of its closed form
AREA_HA = 1e6
DENSITY_TC_PER_HA = 100.0
C_TO_CO2 = 44 / 12
ART_SCALE, ART_T90 = 0.524417, 1.645006


def two_uniform_years(rules: str) -> LoadedProject:
    """Two vintages, 2010 and 2011: a baseline clearing U(5,000, 15,000) ha in 2010 and
    U(7,500, 12,500) ha in 2011 (each drawn from its own stream) of 1,000,000 ha, no clearing
    in the project, 100 t C/ha, no leakage, a 10 % buffer."""
    data: dict[str, Any] = st_cc.project_data(area_ha=AREA_HA, density_tc_per_ha=DENSITY_TC_PER_HA,
                                              project_pct=0.0, length_yr=2)  # fmt: skip
    rate = {"unit": "ha/yr", "source": "src"}
    data["deforestation"]["baseline"] = {"rates": [
        {**rate, "low": 5_000, "high": 15_000, "years": {"first": 2010, "last": 2010}},
        {**rate, "low": 7_500, "high": 12_500, "years": {"first": 2011, "last": 2011}},
    ]}  # fmt: skip
    data["credits"] = {"rules": rules, "leakage": {"value": 0, "source": "src"},
                       "buffer": {"value": 10, "source": "src"}}  # fmt: skip
    project = Project.model_validate(data)
    return LoadedProject("t", Path("t.yaml"), resolve(project), project.name,
                         tuple(project.countries), validated=project)  # fmt: skip


def ua_pct(half_width_pct: float) -> float:
    return ART_SCALE * half_width_pct / ART_T90


# By hand. Avoided emissions of a year are the hectares its baseline clears x 100 t C/ha x 44/12
# (nothing cleared in the project), so each vintage is uniform like its rate, and its 90 %
# interval's half-width as a share of the mean is (p95 - p5) / 2 / mean = 0.9 (b - a) / (a + b):
#   2010: 0.9 x 10,000 / 20,000 = 45 %    -> UA = 0.524417 x 45 / 1.645006 = 14.3457 %
#   2011: 0.9 x 5,000 / 20,000 = 22.5 %   -> UA = 0.524417 x 22.5 / 1.645006 = 7.1729 %
# The period's sum is 12,500 + (U(0, 1) + U(0, 0.5)) x 10,000 ha: a trapezoid whose CDF is x^2
# for x <= 0.5, so p5 = 1.25 + sqrt(0.05), p95 = 2.75 - sqrt(0.05) (x 10,000 ha), mean 2.0, and
# its half-width is (1.5 - 2 sqrt(0.05)) / 2 / 2 = 26.3197 % -> UA = 8.3905 %, the one
# deduction of old.
HW_2010, HW_2011 = 45.0, 22.5
HW_PERIOD = (1.5 - 2 * math.sqrt(0.05)) / 2 / 2 * 100
# The credits at the central rates (10,000 ha each year): gross G = 10,000 ha x 100 x 44/12 =
# 3,666,666.67 t CO2e a vintage; ART TREES takes the deduction and the buffer on gross:
# credits_t = G x (1 - UA_t - 0.10).
GROSS = 10_000 * DENSITY_TC_PER_HA * C_TO_CO2
SAMPLED = 0.3  # points of half-width: the sampling error of p5 and p95 at 10,000 samples


def test_art_trees_takes_each_vintages_deduction_from_its_own_half_width() -> None:
    found = credit_run(two_uniform_years("art-trees").inputs,
                       CreditRequest(samples=SAMPLES, seed=0))  # fmt: skip
    assert found.monte_carlo is not None
    by_vintage = found.monte_carlo.avoided_by_vintage_tco2e
    assert [s.half_width_pct for s in by_vintage] == pytest.approx([HW_2010, HW_2011],
                                                                   abs=SAMPLED)  # fmt: skip
    assert found.uncertainty_by_vintage_pct == pytest.approx(
        [ua_pct(HW_2010), ua_pct(HW_2011)], abs=ua_pct(SAMPLED)
    )
    assert found.credits is not None
    v2010, v2011 = found.credits.vintages
    assert (v2010.gross_tco2e, v2011.gross_tco2e) == pytest.approx((GROSS, GROSS))
    assert v2010.uncertainty_tco2e == pytest.approx(GROSS * ua_pct(HW_2010) / 100, rel=0.01)
    assert v2011.uncertainty_tco2e == pytest.approx(GROSS * ua_pct(HW_2011) / 100, rel=0.02)
    by_hand = [GROSS * (1 - ua_pct(hw) / 100 - 0.10) for hw in (HW_2010, HW_2011)]
    # 2010: 3,666,666.67 x (1 - 0.143457 - 0.10) = 2,773,991; 2011: x (1 - 0.071729 - 0.10)
    # = 3,036,995 (each within the sampling error of its UA, ~0.1 point)
    assert [v.credits for v in found.credits.vintages] == pytest.approx(by_hand, rel=3e-3)
    assert found.credits.uncertainty_pct_by_vintage == found.uncertainty_by_vintage_pct
    # the one deduction shown for the period: the vintages' mean weighted by their mean
    # avoided emissions, both 3,666,666.67 t but for the sampling, so about the plain mean
    # (14.3457 + 7.1729) / 2 = 10.7593 %
    means = [s.mean for s in by_vintage]
    assert found.uncertainty_pct == pytest.approx(
        math.fsum(u * m for u, m in zip(found.uncertainty_by_vintage_pct, means, strict=True))
        / math.fsum(means)
    )
    assert found.uncertainty_pct == pytest.approx(10.7593, abs=ua_pct(SAMPLED))
    # per year deducts more than the period's 8.3905 % would: the two years' draws partly
    # cancel in the sum, not in each vintage
    assert found.uncertainty_pct > ua_pct(HW_PERIOD) + 2


def test_other_rule_sets_keep_one_deduction_from_the_periods_half_width() -> None:
    """VCS: the part of the period's half-width above 15 %: 26.3197 - 15 = 11.3197 %, the same
    for both vintages."""
    found = credit_run(two_uniform_years("vcs").inputs, CreditRequest(samples=SAMPLES, seed=0))
    assert found.uncertainty_by_vintage_pct is None
    assert found.uncertainty_pct == pytest.approx(HW_PERIOD - 15, abs=SAMPLED)
    assert found.credits is not None and found.credits.uncertainty_fractions is None
    assert found.credits.uncertainty_pct_by_vintage == (found.uncertainty_pct,) * 2


def test_a_fixed_deduction_in_the_file_stays_one_deduction_under_art_trees() -> None:
    loaded = two_uniform_years("art-trees")
    data = loaded.validated.model_dump(mode="json", exclude_none=True, by_alias=True)
    data["credits"]["uncertainty"] = {"value": 5, "source": "src"}
    project = Project.model_validate(data)
    found = credit_run(resolve(project), CreditRequest(samples=200, seed=0))
    assert found.uncertainty_pct == 5 and found.uncertainty_by_vintage_pct is None
    assert found.credits is not None
    assert found.credits.uncertainty_pct_by_vintage == pytest.approx((5.0, 5.0))
