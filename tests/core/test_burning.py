"""CH4 and N2O from burning the cleared biomass (issue 11), by hand."""

from __future__ import annotations

from pathlib import Path

import pytest

import strategies as st_cc
from carboncalc.core import pipeline
from carboncalc.files.model import Project
from carboncalc.files.resolve import resolve

CO2 = 44 / 12


def burning_project(gwp: str) -> dict:  # type: ignore[type-arg]
    data = st_cc.project_data(area_ha=1000, density_tc_per_ha=100, length_yr=3)
    burned = {"value": 50, "unit": "%", "source": "src"}
    data["deforestation"]["burning"] = {
        "burned": burned, "combustion_factor": 0.4, "gwp": gwp, "source": "src"}  # fmt: skip
    return data


@pytest.mark.parametrize(("gwp", "ch4", "n2o"), [("ar4", 25, 298), ("ar5", 28, 265),
                                                 ("ar6", 27.0, 273)])  # fmt: skip
def test_non_co2_by_hand(gwp: str, ch4: float, n2o: float) -> None:
    """100 t C/ha above ground is 100 / 0.47 = 212.77 t dm/ha; half burned at a combustion
    factor of 0.4: 42.553 t dm/ha; x 5.07 g CH4 and 0.20 g N2O per kg (GFED4, deforestation):
    0.21574 t CH4 and 0.0085106 t N2O per ha, in CO2e at the assessment's GWPs."""
    inputs = resolve(Project.model_validate(burning_project(gwp)))
    dm = 100 / 0.47 * 0.5 * 0.4
    expected = dm * 5.07e-3 * ch4 + dm * 0.20e-3 * n2o
    assert pipeline.non_co2(inputs) == pytest.approx(expected)
    first = pipeline.emissions(inputs).rows[0]
    assert first.baseline_non_co2_tco2e == pytest.approx(first.baseline_cleared_ha * expected)
    assert first.baseline_emissions_tco2e == pytest.approx(
        first.baseline_cleared_ha * (100 * CO2 + expected)
    )


def test_ar6_figure() -> None:
    """The AR6 case, written out: 8.1485 t CO2e per hectare cleared."""
    inputs = resolve(Project.model_validate(burning_project("ar6")))
    assert pipeline.non_co2(inputs) == pytest.approx(8.1485, abs=1e-4)


def test_a_share_written_as_a_fraction_gets_a_warning(tmp_path: Path) -> None:
    """`burned: 0.5` meant as a half is read as 0.5 %: computed as written (the non-CO2 a
    hundredth of the 50 % figure), with a warning that gives the 100x reading."""
    import json

    from typer.testing import CliRunner

    from carboncalc.cli import app

    data = burning_project("ar6")
    data["deforestation"]["burning"]["burned"]["value"] = 0.5
    path = tmp_path / "half.yaml"
    path.write_text(json.dumps(data))
    result = CliRunner().invoke(app, ["stock", str(path)])
    assert result.exit_code == 0
    assert (
        "deforestation.burning.burned is 0.5 %, implausibly small: if the source gives 0.5 as "
        "a share (of 1), write 50 %"
    ) in result.stderr
    inputs = resolve(Project.model_validate(data))
    assert pipeline.non_co2(inputs) == pytest.approx(8.1485 / 100, abs=1e-6)
