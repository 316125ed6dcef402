"""What-if overrides (--set) applied to project data before validation."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
from hypothesis import given

import strategies as st_cc
from carboncalc.errors import ProjectFileError
from carboncalc.model import Project
from carboncalc.overrides import apply, canonical_unit, parse


def test_parse() -> None:
    assert parse("deforestation.baseline.rate=0.75%/yr") == (
        ("deforestation", "baseline", "rate"),
        "0.75%/yr",
    )
    assert parse("claims.0.value=3") == (("claims", 0, "value"), "3")
    for bad in ("area", "=5", "a..b=1", "area=", "a b=1"):
        with pytest.raises(ProjectFileError, match="expected FIELD=VALUE"):
            parse(bad)


@pytest.mark.parametrize(
    ("written", "unit"),
    [("tC/ha", "t C/ha"), ("t CO2/ha", "t CO2/ha"), ("acres", "acre"), ("%/year", "%/yr"),
     ("MtCO2e", "Mt CO2e"), ("parsecs", "parsecs")],
)  # fmt: skip
def test_canonical_unit(written: str, unit: str) -> None:
    assert canonical_unit(written) == unit


def test_quantity_override_is_marked_as_an_assumption() -> None:
    data = st_cc.project_data()
    (applied,) = apply(data, ["area=400000acre"])
    assert data["area"] == {
        "unit": "acre", "value": 400000.0, "assumption": True,
        "note": "what-if: --set area=400000acre",
    }  # fmt: skip
    assert applied.field == "area" and applied.unit == "acre"
    Project.model_validate(data)


def test_number_without_unit_keeps_the_unit() -> None:
    data = st_cc.project_data()
    apply(data, ["deforestation.baseline.rate=2"])
    assert data["deforestation"]["baseline"]["rate"]["unit"] == "%/yr"
    assert data["deforestation"]["baseline"]["rate"]["value"] == 2.0


def test_alternatives_replace_each_other() -> None:
    data = st_cc.project_data()
    apply(data, ["deforestation.project.reduction=60%"])
    assert "rate" not in data["deforestation"]["project"]
    assert Project.model_validate(data).deforestation.project.reduction.value == 60  # type: ignore[union-attr]


def test_scalars_and_dates_are_not_quantities() -> None:
    data = st_cc.project_data()
    apply(data, ["period.start=2012-03-01", "period.length_yr=30", "name=Other"])
    project = Project.model_validate(data)
    assert str(project.period.start) == "2012-03-01" and project.period.length_yr == 30  # type: ignore[union-attr]
    assert project.name == "Other"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("claims.9.value=1", "no item 9"),
        ("area=abc", "expected a number with an optional unit"),
        ("area.value.x=1", "area.value holds no fields to set"),
    ],
)
def test_bad_overrides(text: str, message: str) -> None:
    data = st_cc.project_data()
    data["claims"] = []
    with pytest.raises(ProjectFileError, match=message):
        apply(data, [text])


def test_unitless_quantity_refuses_a_unit() -> None:
    data = st_cc.project_data()
    data["carbon"]["pools"]["above_ground"] = {
        "value": 200, "unit": "t dm/ha", "source": "src",
        "carbon_fraction": {"value": 0.47, "source": "src"},
    }  # fmt: skip
    with pytest.raises(ProjectFileError, match="takes a plain number with no unit"):
        apply(data, ["carbon.pools.above_ground.carbon_fraction=47%"])


@given(area=st_cc.areas_ha)
def test_override_equals_editing_the_file(area: float) -> None:
    """--set area=N gives the same project as a file with that area (apart from provenance)."""
    edited = st_cc.project_data(area_ha=area)
    overridden = copy.deepcopy(st_cc.project_data())
    apply(overridden, [f"area={area!r}"])
    assert (
        Project.model_validate(overridden).area.value == Project.model_validate(edited).area.value
    )


@pytest.mark.parametrize(
    ("text", "path", "value"),
    [
        ("scenarios.high-buffer.description=x", ("scenarios", "high-buffer", "description"), "x"),
        ('sources."ipcc.2006".year=2006', ("sources", "ipcc.2006", "year"), "2006"),
        ("sources.'a=b'.note = n=1", ("sources", "a=b", "note"), "n=1"),
        ("claims.0.value=3", ("claims", 0, "value"), "3"),
    ],
)
def test_any_key_can_be_addressed(text: str, path: tuple[object, ...], value: str) -> None:
    """Keys with '-' (scenario and source ids) could not be set; quoted keys may hold '.'."""
    from carboncalc.overrides import parse

    assert parse(text) == (path, value)


@pytest.mark.parametrize("text", ["a..b=1", "=1", "a=", "a b=1", '"a=1', "a.=1"])
def test_malformed_fields_are_refused(text: str) -> None:
    from carboncalc.overrides import parse

    with pytest.raises(ProjectFileError, match="expected FIELD=VALUE"):
        parse(text)


@pytest.mark.parametrize(
    ("scenario", "expected"),
    [
        ("credits.nope=60%", "scenario 'bad': credits.nope=60%: credits.nope: unknown field"),
        ("area=-5ha", "scenario 'bad': area=-5ha: area: `value` -5 is not an area above 0"),
        ("claims.99.value=1", "scenario 'bad': claims.99.value=1: no item 99 in claims"),
    ],
)
def test_check_validates_every_scenario_at_its_line(
    tmp_path: Path, scenario: str, expected: str
) -> None:
    """check passed a file whose scenario set credits.nope=60% or area=-5; now the scenario is
    applied and validated with the file, and its problem carries the scenario's line."""
    from typer.testing import CliRunner

    from carboncalc.cli import app
    from carboncalc.projects import package_projects_dir

    seed = (package_projects_dir() / "alto-mayo.yaml").read_text(encoding="utf-8")
    text = seed.replace("scenarios:\n", f"scenarios:\n  bad:\n    set: ['{scenario}']\n", 1)
    path = tmp_path / "p.yaml"
    path.write_text(text, encoding="utf-8")
    line = text.splitlines().index(f"    set: ['{scenario}']") + 1
    result = CliRunner().invoke(app, ["check", str(path)])
    assert result.exit_code == 2
    assert f"{path}:{line}:11: {expected}" in result.stderr
    used = CliRunner().invoke(app, ["stock", str(path), "--scenario", "bad"])
    assert used.exit_code == 2
    assert f"{path}:{line}:11: {expected}" in used.stderr
