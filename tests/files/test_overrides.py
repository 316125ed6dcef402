"""What-if overrides (--set) applied to project data before validation."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
from hypothesis import given

import strategies as st_cc
from carboncalc.errors import ProjectFileError
from carboncalc.files.model import Project
from carboncalc.files.overrides import apply, canonical_unit, parse


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
    from carboncalc.files.overrides import parse

    assert parse(text) == (path, value)


@pytest.mark.parametrize("text", ["a..b=1", "=1", "a=", "a b=1", '"a=1', "a.=1"])
def test_malformed_fields_are_refused(text: str) -> None:
    from carboncalc.files.overrides import parse

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
    from carboncalc.files.projects import package_projects_dir

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


# --- what-ifs keep spread ----------------------------------------------------------------------


def test_a_range_is_scaled_to_a_new_central_value() -> None:
    """60-230 t dm/ha (central 145) set to 60: the range scales by 60/145, to 24.83-95.17."""
    data = st_cc.project_data()
    data["carbon"]["pools"]["above_ground"] = {
        "low": 60, "high": 230, "unit": "t dm/ha", "source": "src",
        "carbon_fraction": {"value": 0.47, "source": "src"},
    }  # fmt: skip
    apply(data, ["carbon.pools.above_ground=60t dm/ha"])
    q = data["carbon"]["pools"]["above_ground"]
    assert q["value"] == 60.0
    assert (q["low"], q["high"]) == pytest.approx((60 * 60 / 145, 230 * 60 / 145))
    assert q["carbon_fraction"] == {"value": 0.47, "source": "src"}
    assert "scaled by 0.4138" in q["note"]
    Project.model_validate(data)


def test_an_sd_is_scaled_and_a_unit_change_keeps_the_relative_spread() -> None:
    """1,000 ha with sd 100 (10 %) set to 5,000 acre: sd 500 acre, still 10 %."""
    data = st_cc.project_data()
    data["area"] = {"value": 1000, "sd": 100, "unit": "ha", "source": "src"}
    apply(data, ["area=5000acre"])
    assert (data["area"]["value"], data["area"]["sd"], data["area"]["unit"]) == (
        5000.0, 500.0, "acre")  # fmt: skip


def test_a_percentage_is_shifted_and_cut_at_0_and_100() -> None:
    """A buffer of 10-60 % (central 35) set to 50 %: 25-75 %; set to 90 %: 65-115 %, cut to
    65-100 %, and the what-if's note says so."""
    data = st_cc.project_data()
    data["credits"] = {"buffer": {"low": 10, "high": 60, "unit": "%", "source": "src"}}
    shifted, cut = copy.deepcopy(data), copy.deepcopy(data)
    apply(shifted, ["credits.buffer=50%"])
    assert (shifted["credits"]["buffer"]["low"], shifted["credits"]["buffer"]["high"]) == (25, 75)
    apply(cut, ["credits.buffer=90%"])
    buffer = cut["credits"]["buffer"]
    assert (buffer["low"], buffer["value"], buffer["high"]) == (65, 90, 100)
    assert "shifted by +55 points, cut to 65-100 %" in buffer["note"]
    Project.model_validate(cut)


def test_a_percentage_without_its_unit_in_the_file_takes_one_on_the_command_line() -> None:
    data = st_cc.project_data()
    data["credits"] = {"buffer": {"value": 20, "source": "src"}}
    apply(data, ["credits.buffer=30%"])
    assert data["credits"]["buffer"]["value"] == 30.0
    Project.model_validate(data)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("credits.buffer=20..40%", {"low": 20.0, "high": 40.0, "unit": "%"}),
        ("credits.buffer=20%..40%", {"low": 20.0, "high": 40.0, "unit": "%"}),
        ("credits.buffer=35..35%", {"value": 35.0, "unit": "%"}),
    ],
)
def test_low_high_sets_a_new_range_and_x_x_a_fixed_value(
    text: str, expected: dict[str, object]
) -> None:
    data = st_cc.project_data()
    data["credits"] = {"buffer": {"value": 30, "sd": 5, "unit": "%", "source": "src"}}
    apply(data, [text])
    q = data["credits"]["buffer"]
    assert {k: q[k] for k in expected} == expected
    assert "sd" not in q and ("value" in expected) != ("low" in q)
    Project.model_validate(data)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("area=5..abc", "expected LOW..HIGH"),
        ("area=1ha..2acre", "different units"),
        ("carbon.pools.above_ground.carbon_fraction=0.4..50%", "plain number with no unit"),
    ],
)
def test_bad_ranges(text: str, message: str) -> None:
    data = st_cc.project_data()
    data["carbon"]["pools"]["above_ground"] = {
        "value": 200, "unit": "t dm/ha", "source": "src",
        "carbon_fraction": {"value": 0.47, "source": "src"},
    }  # fmt: skip
    with pytest.raises(ProjectFileError, match=message):
        apply(data, [text])


def test_a_number_in_a_mapping_that_is_not_a_cited_value_is_set_alone() -> None:
    """`period` names a source but takes no `assumption`: --set period.length_yr=30 sets the
    number and leaves the mapping's other keys as they are (the file stays valid)."""
    data = st_cc.project_data()
    before = {k: v for k, v in data["period"].items() if k != "length_yr"}
    apply(data, ["period.length_yr=30"])
    assert data["period"] == {**before, "length_yr": 30}
    Project.model_validate(data)


def test_the_callers_spelling_is_what_problems_and_notes_say() -> None:
    """The same override from the command line and from Python: its problems are at the --set,
    or at the Python argument (with a message about a key, not FIELD=VALUE), and the value's
    note says what-if in the caller's words."""
    from carboncalc.files.overrides import Spelling

    python = Spelling(caller="with_values")
    for spelling, at in ((Spelling(), "--set area=abc"), (python, "with_values: 'area'")):
        with pytest.raises(ProjectFileError) as caught:
            apply(st_cc.project_data(), ["area=abc"], spelling)
        assert [p.path for p in caught.value.problems] == [at]
    with pytest.raises(ProjectFileError) as caught:
        apply(st_cc.project_data(), ["a b=1"], python)
    (problem,) = caught.value.problems
    assert problem.path == "with_values: 'a b'" and "field path" in problem.message
    cli, py = st_cc.project_data(), st_cc.project_data()
    apply(cli, ["area=400000acre"])
    apply(py, ["area=400000acre"], python)
    assert cli["area"]["note"] == "what-if: --set area=400000acre"
    assert py["area"]["note"] == "what-if: area=400000acre"
