"""``carboncalc equivalents --factors``: an EPA edition by its version, or a user's own from a
file; the factor's derivation shown beside the stated value."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from carboncalc.cli import app

runner = CliRunner(env={"COLUMNS": "100", "NO_COLOR": "1"})

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


def vehicles(args: list[str]) -> dict:  # type: ignore[type-arg]
    result = runner.invoke(app, ["equivalents", *args, "-f", "json"])
    assert result.exit_code == 0, result.stderr
    rows = json.loads(result.stdout)["equivalents"]
    return next(r for r in rows if r["equivalent"] == "passenger_vehicles_per_yr")  # type: ignore[no-any-return]


def test_the_2009_edition_reproduces_a_claim_made_with_523() -> None:
    """6.2 Mt over 9 yr = 688,888.9 t/yr; / 5.23 = 131,718.7 cars (a claim made at EPA's
    November 2009 factor); the derivation 8.89e-3 x 11,720 / 20.4 / 0.977 = 5.2276 beside it."""
    row = vehicles(["--tco2e", "6.2e6", "--years", "9", "--factors", "2009"])
    assert row["factors_version"] == "2009"
    assert row["count"] == pytest.approx(131_718.7, abs=0.1)
    assert row["factor_stated"] == 5.23
    assert row["factor_derived"] == pytest.approx(5.22763, abs=1e-5)
    assert row["derivation"].endswith("(CO2 share of CO2e) = 5.23")


def test_the_table_shows_the_stated_and_the_derived_factor() -> None:
    """2024: EPA states 4.29; its inputs multiply out to 4.28."""
    result = runner.invoke(app, ["equivalents", "--tco2e", "1e6", "--factors", "2024"])
    assert result.exit_code == 0, result.stderr
    text = " ".join(result.stdout.split())
    expected = (
        "4.29 as the source states it; from its published inputs, 0.00889 t CO2/gallon x "
        "10,917 miles/yr / 22.8 miles/gallon / 0.994 (CO2 share of CO2e) = 4.28"
    )
    assert expected in text


def test_a_users_edition_from_a_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """8.89e-3 x 8,000 / 25 / 0.98 = 2.902857 t CO2e/vehicle/yr; 1 Mt over 2 yr = 500,000 t/yr
    / 2.902857 = 172,244.1 vehicles. The output names the file and the edition's source."""
    monkeypatch.chdir(tmp_path)
    Path("fleet.yaml").write_text(FLEET, encoding="utf-8")
    row = vehicles(["--tco2e", "1e6", "--years", "2", "--factors", "fleet.yaml"])
    assert row["factors_version"] == "fleet.yaml"
    assert row["factor_stated"] is None
    assert row["count"] == pytest.approx(172_244.1, abs=0.1)
    result = runner.invoke(app, ["equivalents", "--tco2e", "1e6", "--factors", "fleet.yaml",
                                 "-f", "json"])  # fmt: skip
    assert json.loads(result.stdout)["factors_source"] == {
        "title": "Vehicle fleet emissions inventory 2020",
        "publisher": "Ministry of Transport",
        "year": 2021,
    }


def test_a_bad_edition_file_is_one_line_per_problem_and_exit_2(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("fleet.yaml").write_text(FLEET.replace("  year: 2021\n", ""), encoding="utf-8")
    result = runner.invoke(app, ["equivalents", "--tco2e", "1e6", "--factors", "fleet.yaml"])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.strip() == "fleet.yaml:2:1: source.year: required field is missing"
