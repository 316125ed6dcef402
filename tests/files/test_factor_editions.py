"""A factor edition of a user's own, in a file: validated as a project file is, each problem at
its line with the field and what was expected."""

from __future__ import annotations

from pathlib import Path

import pytest

from carboncalc.core import equivalents as eq
from carboncalc.errors import ProjectFileError
from carboncalc.files.factor_editions import load_factor_edition

FLEET = """\
label: A national light fleet, 2020
source:
  title: Vehicle fleet emissions inventory 2020
  publisher: Ministry of Transport
  year: 2021
factors:
  passenger_vehicles_per_yr:
    label: Light vehicles driven for one year
    unit: t CO2e/vehicle/yr
    inputs:
      tco2_per_gallon: 8.89e-3
      miles_per_yr: 8000
      miles_per_gallon: 25
      co2_fraction_of_co2e: 0.98
"""


def test_a_users_edition_is_read_with_its_source_and_inputs(tmp_path: Path) -> None:
    """8.89e-3 x 8,000 / 25 / 0.98 = 2.902857 t CO2e/vehicle/yr, computed, no stated value."""
    path = tmp_path / "fleet.yaml"
    path.write_text(FLEET, encoding="utf-8")
    version = load_factor_edition(path)
    assert version.source.as_dict() == {
        "title": "Vehicle fleet emissions inventory 2020",
        "publisher": "Ministry of Transport",
        "year": 2021,
    }
    f = version.factors[eq.VEHICLES]
    assert f.value is None
    assert eq.factor_value(f) == pytest.approx(2.902857, abs=1e-6)


def test_each_problem_has_its_line_field_and_what_was_expected(tmp_path: Path) -> None:
    text = (
        FLEET.replace("  publisher: Ministry of Transport\n", "")
        .replace("miles_per_gallon: 25", "miles_per_gallon: 0")
        .replace("    inputs:\n", "    valu: 3\n    inputs:\n")
    )
    path = tmp_path / "fleet.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ProjectFileError) as caught:
        load_factor_edition(path)
    shown = [(p.line, p.field, p.message) for p in caught.value.problems]
    assert shown == [
        (2, "source.publisher", "required field is missing"),
        (9, "factors.passenger_vehicles_per_yr.valu",
         "unknown field 'valu'; did you mean 'value'?"),
        (13, "factors.passenger_vehicles_per_yr.inputs.miles_per_gallon",
         "input should be greater than 0 (got 0)"),
    ]  # fmt: skip


def test_a_factor_needs_a_value_or_its_inputs(tmp_path: Path) -> None:
    text = FLEET[: FLEET.index("    inputs:")]
    path = tmp_path / "fleet.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ProjectFileError, match="give `value`"):
        load_factor_edition(path)


def test_a_factor_in_another_unit_is_refused_at_its_line(tmp_path: Path) -> None:
    """4000 kg CO2e/vehicle/yr is 4 t; read as t it gave 2,336,905 t / 20 yr / 4000 = 29 cars
    for Alto Mayo instead of 29,211. carboncalc converts no unit: it names the expected one."""
    text = FLEET.replace("    unit: t CO2e/vehicle/yr\n", "    unit: kg CO2e/vehicle/yr\n")
    path = tmp_path / "fleet.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ProjectFileError) as caught:
        load_factor_edition(path)
    [problem] = caught.value.problems
    assert (problem.path, problem.line, problem.field) == (
        str(path),
        9,
        "factors.passenger_vehicles_per_yr.unit",
    )
    assert "expected the unit 't CO2e/vehicle/yr', got 'kg CO2e/vehicle/yr'" in problem.message


def test_an_unknown_factor_is_refused_with_the_closest_name(tmp_path: Path) -> None:
    text = (
        FLEET
        + "  passenger_vehicle_per_yr:\n    label: typo\n    value: 4\n"
        + "    unit: t CO2e/vehicle/yr\n"
        + "  unicorns:\n    label: Unicorns\n    value: 1\n    unit: t CO2e/unicorn\n"
    )
    path = tmp_path / "fleet.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ProjectFileError) as caught:
        load_factor_edition(path)
    shown = [(p.line, p.field, p.message.split(" (factors:")[0]) for p in caught.value.problems]
    assert shown == [
        (15, "factors.passenger_vehicle_per_yr",
         "unknown factor 'passenger_vehicle_per_yr'; did you mean 'passenger_vehicles_per_yr'?"),
        (19, "factors.unicorns", "unknown factor 'unicorns'"),
    ]  # fmt: skip
