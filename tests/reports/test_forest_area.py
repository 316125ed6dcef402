"""The forest at the start, apart from the project area (issue 11)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

import strategies as st_cc
from carboncalc.core import pipeline
from carboncalc.files.model import Project
from carboncalc.files.resolve import resolve


def inputs_with_forest(forest: dict[str, object] | None, **kwargs: float):  # type: ignore[no-untyped-def]
    data = st_cc.project_data(**kwargs)  # type: ignore[arg-type]
    if forest is not None:
        data["forest_area"] = forest
    return resolve(Project.model_validate(data))


def test_stock_and_clearing_are_over_the_forest() -> None:
    """1,000 ha protected, 600 ha of it forest at 100 t C/ha: 60,000 t C. Baseline 1 % and
    project 0.25 % of the remaining forest: the first year avoids 600 x 0.0075 = 4.5 ha, so
    4.5 x 100 x 44/12 = 1,650 t CO2e."""
    found = inputs_with_forest({"value": 600, "unit": "ha", "source": "src"})
    assert pipeline.area_ha(found) == 1000.0 and pipeline.forest_ha(found) == 600.0
    assert pipeline.stock(found).stock_tc == pytest.approx(60_000)
    first = pipeline.emissions(found).rows[0]
    assert first.avoided_emissions_tco2e == pytest.approx(4.5 * 100 * 44 / 12)


@given(share=st.floats(min_value=0.01, max_value=1.0))
def test_a_forest_as_large_as_the_area_changes_nothing_and_a_smaller_scales_all(
    share: float,
) -> None:
    """Every result is proportional to the forest; without `forest_area`, the area is used."""
    plain = inputs_with_forest(None)
    same = inputs_with_forest({"value": 1000.0, "unit": "ha", "source": "src"})
    part = inputs_with_forest({"value": 1000.0 * share, "unit": "ha", "source": "src"})
    base = pipeline.emissions(plain).avoided_emissions_tco2e
    assert pipeline.emissions(same).avoided_emissions_tco2e == base
    assert pipeline.emissions(part).avoided_emissions_tco2e == pytest.approx(base * share)
    assert pipeline.stock(part).stock_tc == pytest.approx(pipeline.stock(plain).stock_tc * share)
