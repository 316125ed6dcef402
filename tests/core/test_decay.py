"""Carbon that leaves over years after clearing (issue 11), by hand and as a property."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

import strategies as st_cc
from carboncalc.core import pipeline
from carboncalc.core.emissions import Decay
from carboncalc.files.model import Project
from carboncalc.files.resolve import resolve

CO2 = 44 / 12


def test_below_ground_carbon_decays_over_ten_years_after_one_year_of_clearing() -> None:
    """80 t C/ha above ground (at once) and 20 t C/ha below ground (`release: default`: linear
    over 10 years). 100 ha cleared in 2010 and none after: 2010 emits 100 x 80 x 44/12 =
    29,333.33 t plus a tenth of 100 x 20 x 44/12 = 733.33 t; 2011-2019 emit 733.33 t each."""
    data = st_cc.project_data(area_ha=1000, density_tc_per_ha=80, length_yr=12)
    data["carbon"]["pools"]["below_ground"] = {"value": 20, "unit": "t C/ha", "source": "src",
                                               "release": "default"}  # fmt: skip
    data["deforestation"]["baseline"] = {
        "observed": {"values": {str(y): (100 if y == 2010 else 0) for y in range(2010, 2022)},
                     "source": "src"}}  # fmt: skip
    inputs = resolve(Project.model_validate(data))
    rows = pipeline.emissions(inputs).rows
    tenth = 100 * 20 * CO2 / 10
    assert rows[0].baseline_emissions_tco2e == pytest.approx(100 * 80 * CO2 + tenth)
    assert [r.baseline_delayed_tco2e for r in rows] == pytest.approx([tenth] * 10 + [0, 0])
    assert math.fsum(r.baseline_emissions_tco2e for r in rows) == pytest.approx(100 * 100 * CO2)


def test_a_share_that_remains_is_never_emitted() -> None:
    """Soil of 50 t C/ha over 20 years with 60 % remaining: 20 t C/ha leave, 1 t C/ha a year."""
    data = st_cc.project_data(area_ha=1000, density_tc_per_ha=80, length_yr=5)
    data["carbon"]["pools"]["soil"] = {"value": 50, "unit": "t C/ha", "source": "src",
        "release": {"years": 20, "remaining": 0.6, "source": "src"}}  # fmt: skip
    found = pipeline.emissions(resolve(Project.model_validate(data)))
    assert found.decays == (Decay(pytest.approx(20 * CO2), 20),)  # type: ignore[arg-type]
    assert found.ef_tco2e_per_ha == pytest.approx((80 + 20) * CO2)
    first = found.rows[0]
    assert first.baseline_delayed_tco2e == pytest.approx(first.baseline_cleared_ha * 1 * CO2)


@given(
    cleared=st.lists(st.floats(min_value=0, max_value=1e6), min_size=1, max_size=40),
    years=st.integers(min_value=1, max_value=30),
    per_ha=st.floats(min_value=0, max_value=2000),
)
def test_decay_conserves_carbon(cleared: list[float], years: int, per_ha: float) -> None:
    """Everything that leaves is emitted once: over the clearing years and the N - 1 after,
    the emissions add up to the hectares cleared x what leaves per hectare."""
    decay = Decay(per_ha, years)
    extended = cleared + [0.0] * (years - 1)
    emitted = [decay.emitted(extended, t) for t in range(len(extended))]
    assert math.fsum(emitted) == pytest.approx(math.fsum(cleared) * per_ha, rel=1e-9, abs=1e-6)
    assert all(e >= 0 for e in emitted)


def test_default_release_for_a_pool_without_one_is_refused() -> None:
    data = st_cc.project_data()
    data["carbon"]["pools"]["above_ground"]["release"] = "default"
    with pytest.raises(Exception, match="no default release for 'above_ground'"):
        resolve(Project.model_validate(data))
