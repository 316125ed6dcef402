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
    assert row["derivation"].endswith("(CO2 share of CO2e) = 5.228")


def test_the_table_shows_the_stated_and_the_derived_factor() -> None:
    """2024: EPA states 4.29; its inputs multiply out to 4.28237, shown as 4.282 (a computed
    factor to 4 significant digits), with the data file's note on the difference."""
    result = runner.invoke(app, ["equivalents", "--tco2e", "1e6", "--factors", "2024"])
    assert result.exit_code == 0, result.stderr
    text = " ".join(result.stdout.split())
    expected = (
        "4.29 as the source states it; from its published inputs, 0.00889 t CO2/gallon x "
        "10,917 miles/yr / 22.8 miles/gallon / 0.994 (CO2 share of CO2e) = 4.282 (the published "
        "inputs multiply out to 4.282; EPA rounds intermediate values and states 4.29)"
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


def project_with_edition(folder: Path, choice: str) -> Path:
    """Alto Mayo's file in ``folder``, choosing the equivalence factors ``choice``."""
    seed = Path(__file__).parents[2] / "projects" / "alto-mayo.yaml"
    path = folder / "alto.yaml"
    path.write_text(
        seed.read_text(encoding="utf-8") + f"\nequivalents:\n  factors: {choice}\n",
        encoding="utf-8",
    )
    return path


def test_a_project_file_chooses_its_edition_in_its_folder(tmp_path: Path) -> None:
    """The fleet's 2.902857 t CO2e/vehicle/yr for the project's avoided emissions: 2,336,905 t
    over 20 yr / 2.902857 = 40,251.8 cars a year; the published claims keep the factors they
    appear to use (4.60: 6.2e6 / 9 / 4.60 = 149,758)."""
    (tmp_path / "fleet.yaml").write_text(FLEET, encoding="utf-8")
    path = project_with_edition(tmp_path, "fleet.yaml")
    result = runner.invoke(app, ["equivalents", str(path), "-f", "json"])
    assert result.exit_code == 0, result.stderr
    doc = json.loads(result.stdout)
    assert doc["factors_version"] == "fleet.yaml"
    avoided = next(r for r in doc["equivalents"] if r["basis"].startswith("avoided"))
    assert avoided["count"] == pytest.approx(avoided["tco2e"] / 20 / 2.902857, rel=1e-6)
    assert avoided["count"] == pytest.approx(40_251.8, abs=0.5)
    (claim,) = (c for c in doc["claims"] if c["claim"] == "cars-2008-2016")
    assert claim["derived"] == pytest.approx(149_758, abs=1)
    # --factors wins over the file's choice
    result = runner.invoke(app, ["equivalents", str(path), "--factors", "2009", "-f", "json"])
    assert json.loads(result.stdout)["factors_version"] == "2009"


def test_a_project_files_edition_outside_its_folder_is_refused(tmp_path: Path) -> None:
    (tmp_path / "fleet.yaml").write_text(FLEET, encoding="utf-8")
    inner = tmp_path / "inner"
    inner.mkdir()
    path = project_with_edition(inner, "../fleet.yaml")
    result = runner.invoke(app, ["equivalents", str(path)])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "equivalents.factors: '../fleet.yaml': `..` leads out of the project file's folder" in (
        result.stderr
    )


def test_a_project_file_may_choose_an_epa_version(tmp_path: Path) -> None:
    """`factors: "2009"`: the avoided emissions at 5.23 t CO2e/vehicle/yr."""
    path = project_with_edition(tmp_path, '"2009"')
    result = runner.invoke(app, ["equivalents", str(path), "-f", "json"])
    assert result.exit_code == 0, result.stderr
    doc = json.loads(result.stdout)
    assert doc["factors_version"] == "2009"
    avoided = next(r for r in doc["equivalents"] if r["basis"].startswith("avoided"))
    assert avoided["count"] == pytest.approx(avoided["tco2e"] / 20 / 5.23, rel=1e-12)


def test_a_project_files_unknown_version_names_the_known_ones(tmp_path: Path) -> None:
    path = project_with_edition(tmp_path, '"1999"')
    result = runner.invoke(app, ["equivalents", str(path)])
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        f"{path}: equivalents.factors: no factor version '1999': give one of 2024, 2018, 2015, "
        "2011, 2009, 2008, or a .yaml file of your own"
    )


def test_check_reads_the_edition_a_project_file_names(tmp_path: Path) -> None:
    """A file named by equivalents.factors is checked as the project is: a problem in it makes
    the project invalid (exit 2), at its line."""
    (tmp_path / "fleet.yaml").write_text(FLEET.replace("  year: 2021\n", "  year: 20021\n"),
                                         encoding="utf-8")  # fmt: skip
    path = project_with_edition(tmp_path, "fleet.yaml")
    result = runner.invoke(app, ["check", str(path)])
    assert result.exit_code == 2
    assert "fleet.yaml:5:3: source.year: input should be less than or equal to 2100" in (
        result.stderr
    )


@pytest.mark.parametrize("command", ["stock", "equivalents"])
@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("2010", "--factors: no factor version '2010': give one of 2024, 2018, 2015, 2011, 2009, "
         "2008, or a .yaml file of your own"),
        ("/nonexistent/factors.yaml", "/nonexistent/factors.yaml: cannot read the file"),
    ],
)  # fmt: skip
def test_every_command_with_factors_refuses_an_unknown_edition(
    command: str, given: str, expected: str
) -> None:
    """stock alto-mayo --factors 2010 (or a missing file) printed factors_version null, exit 0,
    where equivalents refused it; now both refuse it the same way, exit 2."""
    result = runner.invoke(app, [command, "alto-mayo", "--factors", given, "-f", "json"])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith(expected)


def test_a_project_file_may_name_a_version_by_its_year_unquoted(tmp_path: Path) -> None:
    """`factors: 2009` (a YAML integer) is the version "2009": 5.23 t CO2e/vehicle/yr, as with
    `factors: "2009"`; so is a claim's `factors: 2018`."""
    path = project_with_edition(tmp_path, "2009")
    result = runner.invoke(app, ["equivalents", str(path), "-f", "json"])
    assert result.exit_code == 0, result.stderr
    doc = json.loads(result.stdout)
    assert doc["factors_version"] == "2009"
    avoided = next(r for r in doc["equivalents"] if r["basis"].startswith("avoided"))
    assert avoided["count"] == pytest.approx(avoided["tco2e"] / 20 / 5.23, rel=1e-12)
    # a claim's version by its year unquoted: cars-2008-2016 at 4.60, 6.2e6 / 9 / 4.60 = 149,758
    path.write_text(path.read_text(encoding="utf-8").replace('factors: "2018"', "factors: 2018"),
                    encoding="utf-8")  # fmt: skip
    result = runner.invoke(app, ["equivalents", str(path), "-f", "json"])
    assert result.exit_code == 0, result.stderr
    (claim,) = (c for c in json.loads(result.stdout)["claims"] if c["claim"] == "cars-2008-2016")
    assert claim["derived"] == pytest.approx(149_758, abs=1)


def test_a_computed_factor_is_shown_to_the_same_digits_everywhere(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """8.89e-3 x 8,000 / 25 / 0.98 = 2.902857: it was "= 2.9 (used: 2.903)" in the derivation
    and 2.90286 in the table; now 2.903 in both (4 significant digits)."""
    monkeypatch.chdir(tmp_path)
    Path("fleet.yaml").write_text(FLEET, encoding="utf-8")
    result = runner.invoke(app, ["equivalents", "--tco2e", "1e6", "--factors", "fleet.yaml"])
    assert result.exit_code == 0, result.stderr
    text = " ".join(result.stdout.split())
    assert "Light vehicles driven for one year (2.903 t CO2e/vehicle/yr)" in text
    assert "(CO2 share of CO2e) = 2.903, the factor used" in text
    assert "2.90286" not in text and "= 2.9 " not in text


def test_the_2011_factor_shows_the_note_on_its_gap() -> None:
    """EPA states 5.1; its inputs give 8.92e-3 x 11,720 / 20.4 / 0.977 = 5.2453: the data file's
    note on the gap is shown beside the arithmetic, in the table and the JSON."""
    result = runner.invoke(app, ["equivalents", "--tco2e", "1e6", "--factors", "2011"])
    assert result.exit_code == 0, result.stderr
    assert "= 5.245 (the published inputs multiply out to 5.245; EPA states 5.1)" in " ".join(
        result.stdout.split()
    )
    assert vehicles(["--tco2e", "1e6", "--factors", "2011"])["factor_note"] == (
        "the published inputs multiply out to 5.245; EPA states 5.1"
    )


def test_a_factor_the_edition_lacks_is_shown_as_not_available() -> None:
    """Sacred Headwaters at factors 2008 (which has no barrel of oil) exited 2; a user's file
    without a factor left it out without a word. One rule now: what needs a factor the edition
    lacks is not available, with a note (as a published claim's check already was). The reserve
    is given in CO2 (1.9 Gt), so it is still a basis: 1.9e9 / 5.46 = 347,985,348 vehicles."""
    result = runner.invoke(app, ["equivalents", "sacred-headwaters", "--factors", "2008",
                                 "-f", "json"])  # fmt: skip
    assert result.exit_code == 0, result.stderr
    doc = json.loads(result.stdout)
    assert doc["not_available"] == [
        "not available at factors 2008 (no factor in that edition): Barrels of oil consumed; "
        "Homes' electricity use for one year; Acres of US forest sequestering carbon for one "
        "year; Tree seedlings grown for 10 years; Short tons of coal burned"
    ]
    row = next(r for r in doc["equivalents"] if r["equivalent"] == "passenger_vehicles_per_yr")
    assert row["count"] == pytest.approx(347_985_348, abs=1)
    result = runner.invoke(app, ["stock", "sacred-headwaters", "--factors", "2008", "-f", "json"])
    assert result.exit_code == 0, result.stderr
    (reserve,) = json.loads(result.stdout)["fossil_reserves"]
    assert reserve["tco2"] == pytest.approx(1.9e9)
    assert reserve["barrels_oil"] is None
    assert reserve["note"] == (
        "barrels of oil not available: factor version '2008' has no 'barrels_oil' factor"
    )
