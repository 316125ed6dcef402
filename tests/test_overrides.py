"""What-if overrides (--set) applied to project data before validation."""

from __future__ import annotations

import copy

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
