"""Residual carbon left on cleared land, over all pools (issue 24), by hand and as a property.

The schema defines `deforestation.residual_carbon` over every pool in `carbon`; it is taken from
what the pools release, first from the pools released at once, the remainder from the decaying
pools in proportion to what each releases (see carboncalc.core.emissions)."""

from __future__ import annotations

import math
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import strategies as st_cc
from carboncalc.core import pipeline
from carboncalc.core.emissions import Decay, take_residual
from carboncalc.files.model import Project
from carboncalc.files.resolve import resolve

CO2 = 44 / 12


def cleared_once(*, residual_tc_per_ha: float, length_yr: int = 12) -> dict[str, Any]:
    """100 t C/ha above ground (released at once), 30 t C/ha below ground released over 10
    years with none remaining; the baseline clears 100 ha in 2010 and none after."""
    data = st_cc.project_data(area_ha=1000, density_tc_per_ha=100, length_yr=length_yr,
                              residual_tc_per_ha=residual_tc_per_ha)  # fmt: skip
    data["carbon"]["pools"]["below_ground"] = {
        "value": 30, "unit": "t C/ha", "source": "src",
        "release": {"years": 10, "remaining": 0, "source": "src"}}  # fmt: skip
    years = range(2010, 2010 + length_yr)
    data["deforestation"]["baseline"] = {
        "observed": {"values": {str(y): (100 if y == 2010 else 0) for y in years},
                     "source": "src"}}  # fmt: skip
    return data


def test_a_residual_above_the_pools_released_at_once_is_taken_from_the_decaying_pools() -> None:
    """100 t C/ha at once + 30 t C/ha decaying, residual 110 t C/ha: (130 - 110) x 44/12 =
    73.33 t CO2e/ha, all of it from the decaying pool (the 100 at once are all left on the
    land, the other 10 of the residual come off the 30 that decay): 20 x 44/12 over 10 years,
    7.333 t CO2e/ha a year. 100 ha cleared in 2010: 733.3 t CO2e in each of 2010-2019, none
    at once; 7,333.3 t CO2e in all. (Taking the residual only from the pools released at once
    gave 30 x 44/12 = 110 t CO2e/ha.)"""
    found = pipeline.emissions(
        resolve(Project.model_validate(cleared_once(residual_tc_per_ha=110)))
    )
    assert found.ef_tco2e_per_ha == pytest.approx(73.3333333, abs=1e-6)
    assert found.ef_at_once_tco2e_per_ha == pytest.approx(0.0, abs=1e-9)
    assert [r.baseline_emissions_tco2e for r in found.rows] == pytest.approx(
        [733.333333] * 10 + [0.0, 0.0]
    )
    assert math.fsum(r.baseline_emissions_tco2e for r in found.rows) == pytest.approx(7333.33333)


def test_a_residual_within_the_pools_released_at_once_leaves_the_decay_as_it_was() -> None:
    """Residual 40 t C/ha: (100 - 40) x 44/12 = 220 t CO2e/ha at once, and the 30 t C/ha below
    ground still released over 10 years, 30 x 44/12 / 10 = 11 t CO2e/ha a year. 100 ha cleared
    in 2010: 2010 emits 100 x (220 + 11) = 23,100 t; 2011-2019 emit 1,100 t each."""
    found = pipeline.emissions(resolve(Project.model_validate(cleared_once(residual_tc_per_ha=40))))
    assert found.ef_tco2e_per_ha == pytest.approx(90 * CO2)
    emitted = [r.baseline_emissions_tco2e for r in found.rows]
    assert emitted == pytest.approx([23_100.0] + [1_100.0] * 9 + [0.0, 0.0])


def test_the_remainder_is_shared_by_the_decaying_pools_in_proportion() -> None:
    """Above ground 100 t C/ha (at once), below ground 30 t C/ha over 10 years, soil 20 t C/ha
    over 20 years with half remaining (it releases 10); residual 115 t C/ha. The 100 at once
    stay; the other 15 t C/ha come off the 40 that decay in proportion: 15/40 = 37.5 %, so
    below ground releases 18.75 and soil 6.25 t C/ha (in all 25 = 140 - 115). 100 ha cleared
    in 2010: 2010-2019 emit 100 x (18.75/10 + 6.25/20) x 44/12 = 802.083 t a year; 2020-2029
    only the soil's 100 x 6.25/20 x 44/12 = 114.583 t."""
    data = cleared_once(residual_tc_per_ha=115, length_yr=22)
    data["carbon"]["pools"]["soil"] = {
        "value": 20, "unit": "t C/ha", "source": "src",
        "release": {"years": 20, "remaining": 0.5, "source": "src"}}  # fmt: skip
    found = pipeline.emissions(resolve(Project.model_validate(data)))
    assert [d.tco2e_per_ha for d in found.decays] == pytest.approx([18.75 * CO2, 6.25 * CO2])
    assert found.ef_tco2e_per_ha == pytest.approx(25 * CO2)
    emitted = [r.baseline_emissions_tco2e for r in found.rows]
    assert emitted == pytest.approx([802.083333] * 10 + [114.583333] * 10 + [0.0, 0.0])


def test_a_residual_above_everything_released_leaves_no_emissions() -> None:
    found = pipeline.emissions(
        resolve(Project.model_validate(cleared_once(residual_tc_per_ha=200)))
    )
    assert found.ef_tco2e_per_ha == 0.0
    assert all(r.baseline_emissions_tco2e == 0.0 for r in found.rows)


@given(
    at_once=st.floats(min_value=0, max_value=500),
    decaying=st.lists(st.floats(min_value=0, max_value=2000), max_size=4),
    residual=st.floats(min_value=0, max_value=1000),
)
def test_the_residual_comes_off_all_that_is_released(
    at_once: float, decaying: list[float], residual: float
) -> None:
    """Whatever the split, what is released after the residual is max(released - R, 0) over all
    pools; no part grows, none goes below 0, and the decay is touched only once nothing is
    left to release at once."""
    decays = tuple(Decay(x, 10) for x in decaying)
    now, later = take_residual(
        at_once_tc_per_ha=at_once, decays=decays, residual_tc_per_ha=residual
    )
    released = math.fsum([at_once * CO2, *decaying])
    total = math.fsum([now, *(d.tco2e_per_ha for d in later)])
    assert total == pytest.approx(max(released - residual * CO2, 0.0), rel=1e-9, abs=1e-6)
    assert 0.0 <= now <= at_once * CO2 * (1 + 1e-12)
    assert all(0.0 <= d.tco2e_per_ha <= x for d, x in zip(later, decaying, strict=True))
    if now > 0:
        assert later == decays


def _stderr_of_stock(tmp_path: Any, data: dict[str, Any]) -> str:
    import json

    from typer.testing import CliRunner

    from carboncalc.cli import app

    path = tmp_path / "p.yaml"
    path.write_text(json.dumps(data), encoding="utf-8")
    result = CliRunner(env={"COLUMNS": "200"}).invoke(app, ["stock", str(path)])
    assert result.exit_code == 0, result.stderr
    return " ".join(result.stderr.split()).replace(f"{path}: ", "")


def test_a_residual_at_or_above_the_whole_stock_is_warned_of(tmp_path: Any) -> None:
    """A residual of 140 t C/ha over a stock of 100 + 30 = 130 t C/ha released nothing, silently;
    now a warning names both figures. 129 t C/ha (below the stock) gives none."""
    assert _stderr_of_stock(tmp_path, cleared_once(residual_tc_per_ha=129)) == ""
    assert _stderr_of_stock(tmp_path, cleared_once(residual_tc_per_ha=140)) == (
        "warning: deforestation.residual_carbon is 140 t C/ha, at or above the whole stock of "
        "130 t C/ha: clearing releases nothing"
    )


def test_burning_with_a_residual_that_keeps_all_it_would_burn_is_warned_of(
    tmp_path: Any,
) -> None:
    """Burning burns 100 / 0.47 x 50 % x 0.4 = 42.55 t dm/ha of the 100 t C/ha above ground
    (IPCC 2006 Vol. 4 Eq. 2.27) while a residual of 100 t C/ha says it all remains: carboncalc
    changes neither figure (no source gives a rule for both) but names them."""
    data = cleared_once(residual_tc_per_ha=100)
    data["deforestation"]["burning"] = {
        "burned": {"value": 50, "unit": "%", "source": "src"}, "combustion_factor": 0.4,
        "source": "src"}  # fmt: skip
    assert _stderr_of_stock(tmp_path, data) == (
        "warning: deforestation.residual_carbon is 100 t C/ha, at or above the 100 t C/ha of "
        "the pools that burn, yet deforestation.burning burns 42.6 t dm/ha of them (IPCC 2006 "
        "Vol. 4 Eq. 2.27 takes the fuel available, with no residual): check that the two agree"
    )
    data["deforestation"]["residual_carbon"]["value"] = 99
    assert _stderr_of_stock(tmp_path, data) == ""
