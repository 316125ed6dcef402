"""CH4 and N2O from burning the cleared biomass (issue 11), by hand."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

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


# IPCC 2006 Vol. 4 Ch. 2 Eq. 2.27: L_fire = A x M_B x C_f x G_ef x 10^-3 [t of each gas], with
# M_B x C_f the dry matter burned per hectare [t dm/ha] and G_ef in g per kg of dry matter.
# carboncalc's AR6 GWPs (factors/fire.yaml, IPCC AR6 WG1 Table 7.15): CH4 27.0 (non-fossil),
# N2O 273.
AR6_CH4, AR6_N2O = 27.0, 273


def with_factors(emission_factors: object) -> dict:  # type: ignore[type-arg]
    data = burning_project("ar6")
    data["deforestation"]["burning"]["emission_factors"] = emission_factors
    return data


def test_ipcc_tier_1_equation_2_27_with_table_2_5() -> None:
    """The file chooses IPCC 2006 Table 2.5, tropical forest (CH4 6.8, N2O 0.20 g/kg). By
    hand: M_B x C_f = 100 / 0.47 x 0.5 x 0.4 = 42.553 t dm/ha; CH4 42.553 x 6.8 x 10^-3 =
    0.28936 t/ha, N2O 42.553 x 0.20 x 10^-3 = 0.0085106 t/ha; in CO2e 0.28936 x 27.0 +
    0.0085106 x 273 = 7.8128 + 2.3234 = 10.1362 t CO2e/ha."""
    inputs = resolve(Project.model_validate(with_factors("ipcc-2006-table-2.5")))
    assert pipeline.non_co2(inputs) == pytest.approx(10.1362, abs=1e-4)


def test_gfed4_non_co2_is_19_6_pct_below_the_ipcc_tables() -> None:
    """On the same case the GFED4 deforestation factors (CH4 5.07, N2O 0.20) give
    (5.07 x 27.0 + 0.20 x 273) / (6.8 x 27.0 + 0.20 x 273) - 1 = (136.89 + 54.6) /
    (183.6 + 54.6) - 1 = 191.49 / 238.2 - 1 = -19.61 %: 8.1485 against 10.1362 t CO2e/ha.
    GFED4 stays the default, so a file that names no table keeps its figures."""
    gfed4 = pipeline.non_co2(resolve(Project.model_validate(with_factors("gfed4"))))
    ipcc = pipeline.non_co2(resolve(Project.model_validate(with_factors("ipcc-2006-table-2.5"))))
    default = pipeline.non_co2(resolve(Project.model_validate(burning_project("ar6"))))
    assert gfed4 / ipcc - 1 == pytest.approx(-0.1961, abs=1e-4)
    assert default == gfed4 == pytest.approx(8.1485, abs=1e-4)


def test_the_files_own_factors_with_their_source() -> None:
    """Own factors of CH4 6.8 and N2O 0.20 g/kg give the IPCC table's 10.1362 t CO2e/ha; the
    factors' origin names the file's source."""
    own = {"ch4_g_per_kg_dm": 6.8, "n2o_g_per_kg_dm": 0.20, "source": "src"}
    inputs = resolve(Project.model_validate(with_factors(own)))
    assert pipeline.non_co2(inputs) == pytest.approx(10.1362, abs=1e-4)
    assert inputs.deforestation is not None and inputs.deforestation.burning is not None
    assert inputs.deforestation.burning.emission_factors == "own"
    assert "the file's own: project file [src]" in inputs.deforestation.burning.how


def test_the_schemas_table_names_are_the_factor_files() -> None:
    from carboncalc.files.deforestation import EMISSION_FACTOR_TABLES
    from carboncalc.files.factors import FireTable, load_reference

    tables = load_reference("fire", FireTable).emission_factors.tables
    assert set(EMISSION_FACTOR_TABLES) == set(tables)
    assert tables["gfed4"].g_per_kg_dm == {"co2": 1643, "ch4": 5.07, "n2o": 0.20}
    assert tables["ipcc-2006-table-2.5"].g_per_kg_dm == {"co2": 1580, "ch4": 6.8, "n2o": 0.20}


def test_show_and_emissions_name_the_table_and_its_source(tmp_path: Path) -> None:
    import json

    from typer.testing import CliRunner

    from carboncalc.cli import app

    path = tmp_path / "ipcc.yaml"
    path.write_text(json.dumps(with_factors("ipcc-2006-table-2.5")))
    runner = CliRunner(env={"COLUMNS": "200", "NO_COLOR": "1"})
    named = (
        "CH4 6.8 and N2O 0.2 g per kg of dry matter burned, table ipcc-2006-table-2.5: IPCC "
        "2006 Guidelines, Vol. 4, Ch. 2, Table 2.5, tropical forest [2006 IPCC Guidelines"
    )
    for command in ("show", "emissions"):
        result = runner.invoke(app, [command, str(path), "--format", "json"])
        assert result.exit_code == 0, result.stderr
        assert json.loads(result.stdout)["burning"].startswith(named)
        result = runner.invoke(app, [command, str(path)])
        assert result.exit_code == 0, result.stderr
        assert "Burning: " + named in " ".join(result.stdout.split())
    result = runner.invoke(app, ["show", str(path)])
    assert "combustion factor, GWPs ar6, emission factors ipcc-2006-table-2.5" in result.stdout


def test_a_what_if_on_a_burning_input_drops_the_publications_source() -> None:
    """--set on the combustion factor or an own emission factor left `[src]` beside the new
    value. Now the mapping that cited it becomes the what-if, naming the source its other values
    keep. CH4 8 g/kg: 100 / 0.47 x 0.5 x 0.4 = 42.553 t dm/ha x (8e-3 x 27 + 0.2e-3 x 273)
    = 11.5149 t CO2e/ha."""
    from carboncalc.files.overrides import apply

    data = with_factors({"ch4_g_per_kg_dm": 6.8, "n2o_g_per_kg_dm": 0.20, "source": "src"})
    apply(data, ["deforestation.burning.emission_factors.ch4_g_per_kg_dm=8",
                 "deforestation.burning.combustion_factor=0.4"])  # fmt: skip
    burning = data["deforestation"]["burning"]
    for cited, text in ((burning["emission_factors"], "emission_factors.ch4_g_per_kg_dm=8"),
                        (burning, "combustion_factor=0.4")):  # fmt: skip
        assert "source" not in cited and cited["assumption"] is True
        assert cited["note"] == (
            f"what-if: --set deforestation.burning.{text} (its other values: source src)"
        )
    inputs = resolve(Project.model_validate(data))
    assert pipeline.non_co2(inputs) == pytest.approx(11.5149, abs=1e-4)
    assert inputs.deforestation is not None and inputs.deforestation.burning is not None
    assert "[src]" not in inputs.deforestation.burning.how
    assert "ASSUMPTION: what-if: --set" in inputs.deforestation.burning.how


def test_a_what_if_that_leaves_a_factor_missing_is_reported_as_the_set(tmp_path: Path) -> None:
    """With the default table, setting one own factor leaves the other missing: reported in the
    --set FIELD=VALUE form, not at a line of the file the --set does not change."""
    import json

    from typer.testing import CliRunner

    from carboncalc.cli import app

    path = tmp_path / "default.yaml"
    path.write_text(json.dumps(burning_project("ar6")))
    text = "deforestation.burning.emission_factors.ch4_g_per_kg_dm=8"
    result = CliRunner().invoke(app, ["show", str(path), "--set", text])
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        f"--set {text}: deforestation.burning.emission_factors.n2o_g_per_kg_dm: "
        "required field is missing"
    )
    path.write_text(json.dumps(with_factors("gfed4")))
    result = CliRunner().invoke(app, ["show", str(path), "--set", text])
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        f"--set {text}: deforestation.burning.emission_factors holds no fields to set: it is "
        "'gfed4'"
    )


def test_own_factors_without_a_publication_need_an_assumption_that_says_where_from() -> None:
    """A source, or `assumption: true` with a note: the same rule for a hand-written guess and
    for a what-if from --set (which writes exactly that), so no note's wording unlocks it."""
    guess = {"ch4_g_per_kg_dm": 7.0, "n2o_g_per_kg_dm": 0.3, "assumption": True,
             "note": "field measurement, not yet published"}  # fmt: skip
    inputs = resolve(Project.model_validate(with_factors(guess)))
    assert inputs.deforestation is not None and inputs.deforestation.burning is not None
    assert "ASSUMPTION: field measurement, not yet published" in inputs.deforestation.burning.how
    for bare in ({"assumption": True}, {"note": "a guess"}, {"assumption": True, "note": " "}):
        with pytest.raises(ValidationError, match="need a `source`"):
            Project.model_validate(with_factors({"ch4_g_per_kg_dm": 7.0,
                                                 "n2o_g_per_kg_dm": 0.3, **bare}))  # fmt: skip
