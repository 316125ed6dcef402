"""`carboncalc new NAME --country CC`: the countries and the IPCC Tier 1 density of their region,
checked against IPCC 2006 Vol. 4 by hand; and the project.schema.json written beside a new file,
so that its `$schema` line resolves."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from carboncalc.cli import app

runner = CliRunner(env={"COLUMNS": "80", "NO_COLOR": "1"})


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("CARBONCALC_PROJECTS_DIR", raising=False)
    return tmp_path


@pytest.mark.parametrize(("country", "agb_t_dm_per_ha"), [
    ("SL", 310), ("CD", 310), ("PE", 300), ("KH", 280), ("ID", 350),
])  # fmt: skip
def test_the_density_is_table_4_7s_for_the_countrys_region(
    here: Path, country: str, agb_t_dm_per_ha: float
) -> None:
    """IPCC 2006 Vol. 4 Table 4.7 (tropical rain forest: Africa 310, the Americas 300, Asia
    continental 280, insular 350 t dm/ha), x (1 + 0.37) (Table 4.4) x 0.47 (Table 4.3): for
    Africa 310 x 1.37 x 0.47 = 199.609 t C/ha."""
    assert run("new", "p", "--country", country, "-q") == (0, "", "")
    code, out, _ = run("stock", "p", "--set", "area=250ha", "-f", "json")
    assert code == 0
    total = json.loads(out)["total"]
    assert total["density_tc_per_ha"] == pytest.approx(agb_t_dm_per_ha * 1.37 * 0.47)
    assert total["stock_tc"] == pytest.approx(250 * agb_t_dm_per_ha * 1.37 * 0.47)
    if country == "SL":
        assert total["density_tc_per_ha"] == pytest.approx(199.609)


def test_check_names_only_the_placeholders_left(here: Path) -> None:
    """The country and the density are filled in: 6 placeholders of the 8, none of them those;
    the density shows as an assumption citing IPCC, with its note."""
    assert run("new", "sl-test", "--country", "SL")[0] == 0
    code, out, _ = run("check", "sl-test")
    assert code == 1
    assert out.splitlines()[-1].startswith("0 hold, 0 fail, 0 unchecked, 6 placeholders")
    named = [line.split(": ")[1] for line in out.splitlines() if "still a placeholder" in line]
    assert named == ["sources.example-source", "area", "deforestation.baseline.rate",
                     "deforestation.project.reduction", "period", "credits.buffer"]  # fmt: skip
    code, out, _ = run("show", "sl-test", "-f", "json")
    assert code == 0
    inputs = json.loads(out)
    text = json.dumps(inputs)
    assert '"SL"' in text and "a guess from the country (SL)" in text
    assert "Table 4.7, tropical rain forest, Africa" in text


def test_an_asian_countrys_row_is_said_to_be_carboncalcs_reading(here: Path) -> None:
    """M49 gives Asia; which of Table 4.7's two Asian rows is carboncalc's reading, and the
    density's note says so (Africa's and the Americas' rows are M49's regions: no reading)."""
    assert run("new", "id", "--country", "ID", "-q") == (0, "", "")
    assert run("new", "pe", "--country", "PE", "-q") == (0, "", "")
    assert "the row is carboncalc's reading (ID, an archipelago)" in (here / "id.yaml").read_text(
        encoding="utf-8"
    )
    assert "reading" not in (here / "pe.yaml").read_text(encoding="utf-8").split("carbon:")[1]


def test_two_countries_of_one_region(here: Path) -> None:
    assert run("new", "p", "--country", "EC", "--country", "pe", "-q") == (0, "", "")
    text = (here / "p.yaml").read_text(encoding="utf-8")
    assert "countries: [EC, PE]" in text and "North and South America" in text


@pytest.mark.parametrize(("args", "said"), [
    (["--country", "DE"], "--country DE: carboncalc has no IPCC Tier 1 region for this country"),
    (["--country", "Sierra Leone"], "did you mean SL?"),
    (["--from-evidence", "1067", "--country", "PE"],
     "--country and --from-evidence cannot be used together"),
])  # fmt: skip
def test_a_country_carboncalc_cannot_use_is_one_line_and_exit_2(
    here: Path, args: list[str], said: str
) -> None:
    code, out, err = run("new", "p", *args)
    assert (code, out) == (2, "")
    assert len(err.splitlines()) == 1 and said in err
    assert list(here.iterdir()) == []  # nothing written


@pytest.mark.parametrize("args", [["p"], ["p", "--country", "SL"], ["--from-evidence", "1067"]])
def test_the_schema_is_written_beside_a_new_file_and_resolves(here: Path, args: list[str]) -> None:
    code, _, err = run("new", *args)
    assert code == 0
    written = next(here.glob("*.yaml"))
    line = written.read_text(encoding="utf-8").splitlines()[0]
    assert line == "# yaml-language-server: $schema=project.schema.json"
    schema = here / line.rsplit("=", 1)[1]
    assert f"wrote {schema} for completion in editors" in err
    _, printed, _ = run("schema")
    assert json.loads(schema.read_text(encoding="utf-8")) == json.loads(printed)


def test_an_existing_schema_is_never_overwritten(here: Path) -> None:
    (here / "project.schema.json").write_text("{}", encoding="utf-8")
    code, _, err = run("new", "p")
    assert code == 0 and err == f"wrote {here / 'p.yaml'}\n"
    assert (here / "project.schema.json").read_text(encoding="utf-8") == "{}"
