"""The command line as a user meets it: stdout and stderr read separately, every format parsed."""

from __future__ import annotations

import csv
import enum
import io
import json
import math
import os
import re
import shutil
import subprocess
import sys
import types
import typing
from pathlib import Path

import pytest
import typer
from expectless import without_expect
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from carboncalc import __version__
from carboncalc.cli import _command_name, app
from carboncalc.render import numbers

runner = CliRunner(env={"COLUMNS": "100", "NO_COLOR": "1"})
COMMANDS = sorted(typer.main.get_command(app).commands)  # type: ignore[attr-defined]


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def as_json(*args: str) -> dict:  # type: ignore[type-arg]
    code, out, err = run(*args, "--format", "json")
    assert code == 0, err
    return json.loads(out)  # type: ignore[no-any-return]


def test_version() -> None:
    assert run("--version")[:2] == (0, f"carboncalc {__version__}\n")


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help_with_an_example(command: str) -> None:
    assert {"list", "show", "stock", "emissions", "equivalents", "check"} <= set(COMMANDS)
    code, out, _ = run(command, "--help")
    assert code == 0
    assert f"carboncalc {command}" in out and "Example" in out


def test_stock_json_matches_the_table() -> None:
    """JSON totals equal the table's totals after the table's stated rounding."""
    data = as_json("stock", "los-amigos")
    code, table, _ = run("stock", "los-amigos")
    assert code == 0
    total_row = next(line for line in table.splitlines() if line.strip().startswith("total"))
    shown = [float(x.replace(",", "")) for x in re.findall(r"[\d,]+\.?\d*", total_row)]
    total = data["total"]
    # the table's stated rule: three significant figures, the stock in Mt (21,650,545 t C)
    assert "Mt C" in table
    assert shown == [
        float(f"{total['density_tc_per_ha']:.3g}"),
        float(f"{total['density_tco2_per_ha']:.3g}"),
        float(f"{total['stock_tc'] / 1e6:.3g}"),
        float(f"{total['stock_tco2'] / 1e6:.3g}"),
    ]
    assert data["total"]["stock_tco2"] == pytest.approx(79.4e6)


def test_emissions_json_totals_equal_table_totals_and_csv_rows() -> None:
    data = as_json("emissions", "alto-mayo", "--from", "2008", "--to", "2016")
    assert [y["year"] for y in data["years"]] == list(range(2008, 2017))
    code, table, _ = run("emissions", "alto-mayo", "--from", "2008", "--to", "2016")
    total_row = next(line for line in table.splitlines() if line.strip().startswith("total"))
    avoided_shown = float(total_row.split()[5].replace(",", ""))
    assert avoided_shown == round(data["totals"]["avoided_emissions_tco2e"])
    code, out, _ = run("emissions", "alto-mayo", "--from", "2008", "--to", "2016", "-f", "csv")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert len(rows) == 9
    assert sum(float(r["avoided_emissions_tco2e"]) for r in rows) == pytest.approx(
        data["totals"]["avoided_emissions_tco2e"]
    )


def test_emissions_cases_for_a_range() -> None:
    data = as_json("emissions", "los-amigos", "--to", "2001")
    assert data["cases"]["low"]["mean_avoided_emissions_tco2e_per_yr"] == pytest.approx(250_110)
    assert data["cases"]["high"]["mean_avoided_emissions_tco2e_per_yr"] == pytest.approx(595_500)
    high = as_json("emissions", "los-amigos", "--to", "2001", "--case", "high")
    assert high["years"][0]["avoided_emissions_tco2e"] == pytest.approx(595_500)


def test_equivalents_of_a_quantity_name_the_version() -> None:
    data = as_json("equivalents", "--tco2e", "6.2e6", "--years", "9", "--factors", "2018")
    assert data["factors_version"] == "2018"
    (cars,) = [e for e in data["equivalents"] if e["equivalent"] == "passenger_vehicles_per_yr"]
    assert cars["count"] == pytest.approx(6.2e6 / 9 / 4.60)
    code, out, _ = run("equivalents", "--tco2e", "1000")
    assert code == 0 and "Factors 2024" in out


def test_equivalents_of_alto_mayo() -> None:
    data = as_json("equivalents", "alto-mayo")
    published = {c["claim"]: c for c in data["claims"]}["cars-2008-2016"]
    current = {c["claim"]: c for c in data["claims_at_current_factors"]}["cars-2008-2016"]
    assert round(published["derived"]) == 149_758
    assert round(current["derived"]) == 160_580


def test_set_overrides_without_touching_the_file(tmp_path: Path) -> None:
    source = Path(__file__).parents[2] / "projects" / "alto-mayo.yaml"
    copy = tmp_path / "alto-mayo.yaml"
    shutil.copy(source, copy)
    before = copy.read_bytes()
    data = as_json("stock", str(copy), "--set", "area=400000acre")
    assert data["area_ha"] == pytest.approx(400_000 * 0.40468564224)
    assert data["overrides"] == [
        {
            "field": "area",
            "value": 400000.0,
            "unit": "acre",
            "set": "area=400000acre",
            "spread": None,
        }
    ]
    data = as_json(
        "emissions", str(copy), "--to", "2008", "--set", "deforestation.baseline.rate=0.75%/yr"
    )
    # clearing is over the forest at the start (144,000 ha), not the 182,000 ha protected
    assert data["years"][0]["baseline_cleared_ha"] == pytest.approx(144_000 * 0.0075)
    assert copy.read_bytes() == before


def test_set_project_rate_replaces_the_reduction() -> None:
    data = as_json(
        "emissions", "alto-mayo", "--to", "2008", "--set", "deforestation.project.rate=0.1%/yr"
    )
    assert data["years"][0]["project_cleared_ha"] == pytest.approx(144_000 * 0.001)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["stock", "nowhere"], "carboncalc: no project 'nowhere'"),
        (["stock", "../x"], "is not a plain project name"),
        (["stock", "/etc/passwd"], "is not a plain project name"),
        (["stock", "alto-mayo", "--set", "area=abc"], "--set area=abc: expected a number"),
        (["stock", "alto-mayo", "--set", "area"], "expected FIELD=VALUE"),
        (["stock", "alto-mayo", "--set", "area=5 parsecs"], "area.unit: input should be"),
        (
            ["stock", "alto-mayo", "--set", "deforestation.baseline.rate=150%/yr"],
            "between 0 and 100",
        ),
        (
            ["emissions", "alto-mayo", "--from", "1990"],
            "not inside the accounting period 2008-2027",
        ),
        (
            ["emissions", "alto-mayo", "--from", "2015", "--to", "2010"],
            "the first year, 2015, is after the last, 2010: give them in order",
        ),
        (["emissions", "sacred-headwaters"], "gives no deforestation rates"),
        (["equivalents"], "name a PROJECT or give --tco2e N"),
        (
            ["equivalents", "--tco2e", "nan"],
            "--tco2e is a number of tonnes from 0 to 1e15, got nan",
        ),
        (["equivalents", "--tco2e", "5", "--factors", "1999"], "no factor version '1999'"),
    ],
)
def test_bad_input_is_one_message_on_stderr_and_exit_2(args: list[str], message: str) -> None:
    code, out, err = run(*args)
    assert code == 2
    assert out == ""
    assert message in err
    assert "Traceback" not in err


def test_invalid_file_reports_every_problem(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: x\nname: y\ncountries: [NO]\naera: 1\n", encoding="utf-8")
    code, out, err = run("stock", str(bad))
    lines = err.splitlines()
    assert code == 2 and out == ""
    assert (
        f"{bad}:2:1: name: duplicate key 'name' (first on line 1); YAML would keep only the last"
        in lines
    )
    assert f"{bad}:4:1: aera: unknown field 'aera'; did you mean 'area'?" in lines


def test_list_shows_every_seed_project() -> None:
    data = as_json("list")
    names = {p["project"] for p in data["projects"]}
    assert {"alto-mayo", "los-amigos", "sacred-headwaters"} <= names
    headwaters = next(p for p in data["projects"] if p["project"] == "sacred-headwaters")
    assert headwaters["stock_tc"] == pytest.approx(3.96e9)


@pytest.mark.parametrize("fmt", ["table", "json", "csv"])
def test_list_reports_an_invalid_file_and_exits_2(tmp_path: Path, fmt: str) -> None:
    shutil.copy(Path(__file__).parents[2] / "projects" / "los-amigos.yaml", tmp_path)
    (tmp_path / "broken.yaml").write_text("name: broken\narea: 5\n", encoding="utf-8")
    code, out, err = run("list", "--projects-dir", str(tmp_path), "--format", fmt)
    assert code == 2
    assert "los-amigos" in out and "broken" in out
    assert f"{tmp_path / 'broken.yaml'}:2:1: area: expected a mapping of fields" in err
    if fmt == "csv":
        rows = {r["project"]: r for r in csv.DictReader(io.StringIO(out))}
        assert rows["broken"]["error"] and not rows["los-amigos"]["error"]


def test_show_lists_inputs_with_sources() -> None:
    code, out, _ = run("show", "los-amigos", "-f", "csv")
    assert code == 0
    rows = {r["field"]: r for r in csv.DictReader(io.StringIO(out))}
    assert rows["carbon.pools.above_ground"]["source"].startswith("Winrock International")
    assert rows["deforestation.baseline.rate"]["assumption"] == "True"
    data = as_json("show", "alto-mayo")
    assert data["inputs"]["registry"]["project_id"] == "944"


def test_tables_fit_80_columns_without_losing_digits() -> None:
    narrow = CliRunner(env={"COLUMNS": "80", "NO_COLOR": "1"})
    out = narrow.invoke(app, ["emissions", "alto-mayo"]).stdout
    data = as_json("emissions", "alto-mayo")
    assert f"{round(data['totals']['avoided_emissions_tco2e']):,}" in out
    assert max(len(line) for line in out.splitlines()) <= 80


def installed_carboncalc() -> str:
    exe = Path(sys.executable).with_name("carboncalc")
    return str(exe) if exe.exists() else shutil.which("carboncalc") or ""


@pytest.mark.skipif(not installed_carboncalc(), reason="carboncalc is not installed")
def test_installed_command_from_another_directory(tmp_path: Path) -> None:
    """The installed script, run outside the repository, finds the shipped seed projects."""
    result = subprocess.run(
        [installed_carboncalc(), "stock", "alto-mayo", "--format", "json"],
        cwd=tmp_path, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["total"]["stock_tc"] == pytest.approx(
        144_000 * 145 * 0.47 * 1.27  # over the forest, not the whole protected area
    )
    bad = subprocess.run(
        [installed_carboncalc(), "stock", "nowhere"], cwd=tmp_path, capture_output=True,
        text=True, check=False,
    )  # fmt: skip
    assert bad.returncode == 2 and bad.stdout == "" and "no project 'nowhere'" in bad.stderr


def test_python_dash_m(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "carboncalc", "stock", "los-amigos", "-f", "csv"],
        cwd=tmp_path, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0] == (
        "project,pool,density_tc_per_ha,density_tco2_per_ha,stock_tc,stock_tco2"
    )
    bad = subprocess.run(
        [sys.executable, "-m", "carboncalc", "stock", "los-amigos", "-f", "bogus"],
        cwd=tmp_path, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert bad.returncode == 2 and bad.stderr.startswith("carboncalc stock: "), bad.stderr


@settings(max_examples=25)
@given(
    area=st.floats(min_value=1, max_value=1e7, allow_nan=False),
    rate=st.floats(min_value=0.01, max_value=5, allow_nan=False),
)
def test_json_totals_equal_table_totals_for_any_what_if(area: float, rate: float) -> None:
    """For any area and baseline rate, the table's total row is the JSON totals, rounded."""
    area_and_forest = ["--set", f"area={area!r}ha", "--set", f"forest_area={area!r}ha"]
    args = ["emissions", "alto-mayo", *area_and_forest,
            "--set", f"deforestation.baseline.rate={rate!r}%/yr"]  # fmt: skip
    data = as_json(*args)
    code, table, err = run(*args)
    assert code == 0, err
    total_row = next(line for line in table.splitlines() if line.strip().startswith("total"))
    shown = total_row.split()[1:]
    totals = data["totals"]
    assert shown == [
        f"{totals['baseline_cleared_ha']:,.1f}",
        f"{totals['project_cleared_ha']:,.1f}",
        numbers.tonnes(totals["baseline_emissions_tco2e"]),
        numbers.tonnes(totals["project_emissions_tco2e"]),
        numbers.tonnes(totals["avoided_emissions_tco2e"]),
    ]
    stock = as_json("stock", "alto-mayo", *area_and_forest)
    assert stock["total"]["stock_tc"] == pytest.approx(area * 145 * 0.47 * 1.27)


def test_check_exit_codes(tmp_path: Path) -> None:
    """0 when every claim holds, 1 when any fails, 2 when any input is invalid."""
    code, out, _ = run("check", "los-amigos")
    assert code == 0 and "3 hold, 0 fail, 0 unchecked (exit 0)" in out
    code, out, _ = run("check", str(without_expect("sacred-headwaters", tmp_path)))
    assert code == 1 and "stock-3.8bn FAILS: published 3.8 Gt C" in out
    assert "0 hold, 1 fail, 0 unchecked (exit 1)" in out
    # the seed file expects it to fail: still a FAIL, said to be expected, and exit 0
    code, out, _ = run("check", "sacred-headwaters")
    assert code == 0 and "stock-3.8bn FAILS (expected): published 3.8 Gt C" in out
    assert "0 hold, 1 fail (1 expected), 0 unchecked (exit 0)" in out
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: x\n", encoding="utf-8")
    code, out, err = run("check", "los-amigos", str(bad))
    assert code == 2
    assert f"{bad}:1:1: countries: required field is missing" in err
    assert "los-amigos: 3 published claims: 3 HOLD" in out


def test_check_json_report(tmp_path: Path) -> None:
    for name in ("alto-mayo", "los-amigos", "sacred-headwaters"):
        without_expect(name, tmp_path)
    code, out, _ = run("check", str(tmp_path), "--format", "json")
    assert code == 1
    data = json.loads(out)
    assert data["exit_code"] == 1
    projects = {p["project"]: p for p in data["projects"]}
    assert set(projects) == {"alto-mayo", "los-amigos", "sacred-headwaters"}
    (stock,) = projects["sacred-headwaters"]["claims"]
    assert stock["verdict"] == "fails" and stock["expected"] is False and stock["expect"] is None
    assert stock["difference_pct"] == pytest.approx((3.96 / 3.8 - 1) * 100)
    assert stock["tolerance_pct"] == 1.32  # the tolerance the file states and defends
    assert data["summary"]["fails"] == sum(
        c["verdict"] == "fails" for p in data["projects"] for c in p["claims"]
    )
    assert data["summary"]["expected_fails"] == 0
    # the seeds expect each failing claim to fail: the same verdicts, and exit 0
    code, out, _ = run("check", "--format", "json")
    seeds = json.loads(out)
    assert code == 0 and seeds["exit_code"] == 0
    claims = [c for p in seeds["projects"] for c in p["claims"]]
    failing = [c for c in claims if c["verdict"] == "fails"]
    assert failing and all(c["expected"] and c["expect"]["verdict"] == "fails" for c in failing)
    assert seeds["summary"]["fails"] == seeds["summary"]["expected_fails"] == len(failing)
    assert seeds["summary"]["fails"] == data["summary"]["fails"]


def test_check_what_if(tmp_path: Path) -> None:
    """With the project's own density at the claim's 63.3 t C/acre, the 3.8 billion holds."""
    density = "carbon.pools.all_pools=63.33 t C/acre"
    code, out, _ = run("check", str(without_expect("sacred-headwaters", tmp_path)),
                       "--set", density)  # fmt: skip
    assert code == 0, out
    # the seed expects it to fail: a claim that holds where its file expects it to fail
    # fails the check until `expect` goes
    code, out, _ = run("check", "sacred-headwaters", "--set", density)
    assert code == 1 and "stock-3.8bn HOLDS (expected to fail): published 3.8 Gt C" in out
    assert "remove `expect`" in out


def test_new_writes_a_valid_commented_file_and_never_overwrites(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    code, out, err = run("new", "my-forest")
    path = tmp_path / "my-forest.yaml"
    # notes go to stderr, so that stdout holds only results (issue 12); -q silences them
    assert code == 0 and out == "" and err.startswith(f"wrote {path}\n")
    assert run("new", "other", "-q") == (0, "", "")
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=project.schema.json\n")
    assert 'name: "My forest"' in text
    code, out, _ = run("check", str(path))  # valid, no claims yet, and a draft: its 8
    assert code == 1 and out.count(f"{path}:") == 8  # placeholders fail until replaced
    assert as_json("stock", str(path))["total"]["stock_tc"] == pytest.approx(100_000)
    path.write_text(text + "# my edits\n", encoding="utf-8")
    code, out, err = run("new", "my-forest")
    assert code == 2 and out == ""
    assert "the file exists; carboncalc new never overwrites a file" in err
    assert path.read_text(encoding="utf-8").endswith("# my edits\n")


def test_new_goes_to_the_projects_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "projects").mkdir()
    assert run("new", "other")[0] == 0
    assert (tmp_path / "projects" / "other.yaml").is_file()
    assert run("stock", "other")[0] == 0  # found by name
    code, _, err = run("new", "../escape")
    assert code == 2 and "is not a plain project name" in err


@pytest.mark.parametrize("name", [
    "x\n", "x\r", "x\ty", "x\x1b[2J", "a/b", "../x", ".", "", "x\ny.yaml", "sub\n/a.yaml",
    "x\u2028y.yaml", "x\u202ey",
])  # fmt: skip
def test_new_refuses_a_name_that_is_not_plain(
    name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`new $'x\\n'` wrote a file named "x", newline, ".yaml"."""
    monkeypatch.chdir(tmp_path)
    code, out, err = run("new", name)
    assert (code, out) == (2, "") and err.count("\n") == 1
    assert "is not a plain project name" in err
    assert list(tmp_path.iterdir()) == []


def test_credits_command() -> None:
    data = as_json("credits", "alto-mayo")
    assert data["rules"]["leakage"]["pct"] == 3.5  # VM0015, Haya et al. (2023)
    assert "pooled default for VM0015" in data["rules"]["leakage"]["how"]
    assert data["rules"]["buffer"]["pct"] == 35  # midpoint of the assumed 10-60 %
    totals = data["totals"]
    assert totals["credits"] == sum(v["credits"] for v in data["vintages"])
    assert totals["credits"] <= totals["net_tco2e"] <= totals["gross_tco2e"]
    # Matched controls lost forest more slowly than the project: no credits supported.
    assert data["counterfactual"]["supported_credits"] == 0
    assert data["counterfactual"]["over_crediting_ratio"] is None
    code, out, err = run("credits", "alto-mayo")
    assert code == 0 and err == ""  # no progress bar outside a terminal
    # the answer leads: the credits, then the counterfactual's verdict, within the first lines
    first = " ".join(" ".join(out.splitlines()[:5]).split())
    assert "581,716 credits (vcs rules, 2008-2027)" in first
    assert "the counterfactual supports no credits" in first
    assert as_json("credits", "alto-mayo", "--baseline", "counterfactual")["totals"]["credits"] == 0


def test_credits_needs_rules_and_a_counterfactual() -> None:
    code, _, err = run("credits", "los-amigos")
    assert code == 2 and "has no `credits` section" in err
    code, _, err = run("credits", "los-amigos", "--set", "credits.buffer=20%",
                       "--baseline", "counterfactual")  # fmt: skip
    assert code == 2 and "no `deforestation.counterfactual`" in err


def test_uncertainty_command_is_reproducible() -> None:
    first = run("uncertainty", "alto-mayo", "--samples", "500", "--seed", "3", "-f", "json")
    again = run("uncertainty", "alto-mayo", "--samples", "500", "--seed", "3", "-f", "json")
    other = run("uncertainty", "alto-mayo", "--samples", "500", "--seed", "4", "-f", "json")
    assert first == again and first[1] != other[1]
    data = json.loads(first[1])
    assert data["uncertain_inputs"] == ["carbon.pools.above_ground", "credits.buffer"]
    for key in ("stock_tco2", "avoided_tco2e", "credits_exact_tco2e"):
        s = data[key]
        assert s["p5"] <= s["median"] <= s["p95"]
    code, out, err = run("uncertainty", "los-amigos", "--samples", "200")
    assert code == 0 and err == "" and "avoided t CO2e" in out


def test_scenario_equals_the_same_overrides_given_as_set() -> None:
    """A scenario is its overrides: --scenario density-low == --set <its override>."""
    by_scenario = as_json("emissions", "alto-mayo", "--scenario", "density-low")
    by_set = as_json("emissions", "alto-mayo", "--set", "carbon.pools.above_ground=60t dm/ha")
    assert by_scenario["scenario"] == "density-low" and by_set["scenario"] is None
    assert by_scenario["totals"] == by_set["totals"]
    assert by_scenario["years"] == by_set["years"]
    code, _, err = run("stock", "alto-mayo", "--scenario", "nope")
    assert code == 2 and "no scenario 'nope' (scenarios: density-high" in err


def test_sweep_agrees_with_single_runs() -> None:
    data = as_json("sweep", "alto-mayo", "deforestation.baseline.rate", "0.2%/yr", "1%/yr",
                   "--samples", "300")  # fmt: skip
    assert [r["label"] for r in data["rows"]] == ["0.2%/yr", "0.4%/yr", "0.6%/yr", "0.8%/yr",
                                                  "1%/yr"]  # fmt: skip
    for row in data["rows"]:
        single = as_json("emissions", "alto-mayo", "--set",
                         f"deforestation.baseline.rate={row['label']}")  # fmt: skip
        assert row["avoided_tco2e"] == single["totals"]["avoided_emissions_tco2e"]
        credits = as_json("credits", "alto-mayo", "--samples", "300", "--set",
                          f"deforestation.baseline.rate={row['label']}")  # fmt: skip
        assert row["credits"] == credits["totals"]["credits"]


def test_portfolio_totals_equal_the_sum_of_single_projects() -> None:
    data = as_json("compare", "--samples", "300")
    rows = {r["label"]: r for r in data["rows"]}
    assert set(rows) >= {"alto-mayo", "los-amigos", "sacred-headwaters"}
    for name, row in rows.items():
        assert row["stock_tco2"] == as_json("stock", name)["total"]["stock_tco2"]
    total = data["total"]
    assert total["stock_tco2"] == pytest.approx(sum(r["stock_tco2"] for r in rows.values()))
    assert total["avoided_tco2e"] == pytest.approx(
        sum(r["avoided_tco2e"] or 0 for r in rows.values())
    )
    assert total["credits"] == sum(r["credits"] or 0 for r in rows.values())


def test_compare_scenarios() -> None:
    data = as_json("compare", "alto-mayo", "--scenarios", "--samples", "300")
    labels = [r["label"] for r in data["rows"]]
    assert labels[0] == "base" and "density-low" in labels and data["total"] is None
    rows = {r["label"]: r for r in data["rows"]}
    assert rows["high-buffer"]["credits"] < rows["base"]["credits"]
    assert rows["high-buffer"]["avoided_tco2e"] == rows["base"]["avoided_tco2e"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["credits", "los-amigos"], "the project file has no `credits` section"),
        (["credits", "los-amigos", "--baseline", "counterfactual"], "no `credits` section"),
        (["emissions", "sacred-headwaters"], "gives no deforestation rates"),
    ],
)
def test_whole_project_problems_name_the_file(args: list[str], message: str) -> None:
    """'the project file has no `credits` section' did not say which file."""
    from carboncalc.files.projects import find_project

    result = runner.invoke(app, args)
    assert result.exit_code == 2
    path = find_project(args[1])[1]
    assert result.stderr.startswith(f"{path}: "), result.stderr
    assert message in result.stderr


@pytest.mark.parametrize(
    "sets",
    [[], ["deforestation.baseline.rate=10ha/yr", "deforestation.project.rate=25ha/yr"]],
    ids=["pct-of-initial", "ha-per-yr"],
)
def test_a_project_worse_than_its_baseline_is_valid_and_earns_nothing(sets: list[str]) -> None:
    """Refused before when both rates were in %/yr, accepted in ha/yr. 1,000 ha at 100 t C/ha:
    the project clears 25 ha/yr where the baseline clears 10 (2.5 % and 1 % of the initial
    area), so it adds 15 ha x 100 t C x 44/12 = 5,500 t CO2e a year, 55,000 t over 10 years."""
    path = Path(__file__).parents[1] / "data" / "valid" / "worse-than-baseline.yaml"
    args = [a for s in sets for a in ("--set", s)]
    code, out, err = run("emissions", str(path), *args, "-f", "json")
    assert code == 0
    assert json.loads(out)["totals"]["avoided_emissions_tco2e"] == pytest.approx(-55_000)
    assert err == (
        f"{path}: warning: the project clears more forest than its baseline: avoided emissions "
        "over 2010-2019 are -55,000 t CO2e, so it earns no credits\n"
    )
    code, out, _ = run("credits", str(path), *args, "-f", "json")
    assert code == 0
    assert json.loads(out)["totals"]["credits"] == 0
    assert run("check", str(path), *args)[0] == 0


# --- issue 10: credits never exceed tonnes; what-ifs keep spread --------------------------------

COMPOUND = str(Path(__file__).parents[1] / "data" / "valid" / "compound-30yr.yaml")


def test_late_losses_cancel_credits_the_tonnes_no_longer_back() -> None:
    """The 30-year compound case (hand figures in the file): 14,443,812 credits issued for
    13,905,543 t net; the 538,276.4 t lost after issuance, with no buffer, unback 538,277."""
    data = as_json("credits", COMPOUND)
    totals = data["totals"]
    assert totals["issued"] == 14_443_812
    assert totals["unbacked_credits"] == 538_277
    assert totals["credits"] == 14_443_812 - 538_277 <= 13_905_543
    assert math.floor(totals["gross_tco2e"]) == 13_905_543
    assert [v["vintage"] for v in data["vintages"] if v["reversal_tco2e"] > 0] == list(
        range(2022, 2030)
    )
    code, out, _ = run("credits", COMPOUND)
    assert code == 0 and "no longer backed by the project's tonnes" in out
    assert "Buffer account and shortfall by vintage" in out
    assert data["rule_set"]["negative_vintages"]["rule"] == "carry_forward"
    assert "ASSUMPTION" in data["rule_set"]["reversals"]["source"]


def test_a_what_if_keeps_the_spread_and_so_the_deduction() -> None:
    """Alto Mayo's density is a 60-230 t dm/ha range; set to 60 its range scales with it, the
    Monte Carlo half-width stays (each input has its own random stream), and the deduction with
    it: credits fall with the density alone. Fixed at 60..60, the range is gone and the output
    says the deduction differs."""
    n = ("--samples", "1000")  # the figure below is at 1,000 samples
    base = as_json("credits", "alto-mayo", *n)
    kept = as_json("credits", "alto-mayo", *n, "--set", "carbon.pools.above_ground=60t dm/ha")
    u = kept["rules"]["uncertainty"]
    assert u["pct"] == pytest.approx(base["rules"]["uncertainty"]["pct"], abs=1e-9)
    assert u["base_case_pct"] == pytest.approx(u["pct"], abs=1e-9)
    assert kept["totals"]["credits"] < base["totals"]["credits"]
    code, out, _ = run("credits", "alto-mayo", *n, "--set",
                       "carbon.pools.above_ground=60..60t dm/ha")  # fmt: skip
    assert code == 0 and "differs from the base case's 38.37 %" in out
    scenarios = as_json("compare", "alto-mayo", "--scenarios", *n)
    base_pct = scenarios["base_uncertainty_pct"]
    assert [r["uncertainty_pct"] for r in scenarios["rows"]] == pytest.approx(
        [base_pct] * len(scenarios["rows"]), abs=1e-9
    )


def test_a_rule_set_that_contradicts_the_file_is_refused() -> None:
    bad = Path(__file__).parents[1] / "data" / "invalid" / "rule-set-contradicts-methodology.yaml"
    code, out, err = run("credits", str(bad))
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and "contradicts the file's methodology VM0015" in err


def test_credits_by_calendar_year_and_by_monitoring_period() -> None:
    """Alto Mayo's period starts on 15 June 2008: calendar vintages 2008-2028 share out the same
    gross total; the monitoring period 15 June 2012 - 14 June 2014 (MIR No 2) is exactly the
    projection years 2012 and 2013."""
    years = as_json("credits", "alto-mayo")
    calendar = as_json("credits", "alto-mayo", "--vintages", "calendar")
    assert calendar["vintage_kind"] == "calendar"
    assert [v["vintage"] for v in calendar["vintages"]] == list(range(2008, 2029))
    assert calendar["totals"]["gross_tco2e"] == pytest.approx(years["totals"]["gross_tco2e"])
    by_year = {v["vintage"]: v["gross_tco2e"] for v in years["vintages"]}
    assert calendar["vintages"][0]["gross_tco2e"] == pytest.approx(by_year[2008] * 200 / 365)
    monitoring = as_json("credits", "alto-mayo", "--vintages", "monitoring")
    (period,) = monitoring["vintages"]
    assert period["label"] == "2012-06-15 to 2014-06-14"
    assert period["gross_tco2e"] == pytest.approx(by_year[2012] + by_year[2013], rel=1e-12)
    code, _, err = run("credits", COMPOUND, "--vintages", "monitoring")
    assert code == 2 and "no `credits.monitoring_periods`" in err


def test_a_ledger_is_checked_against_the_computed_credits() -> None:
    """tests/data/valid/ledger.yaml, figures by hand in the file: 5,668 credits beyond what is
    computed, 51.5 % of the buffer: exit 1, and the table says FAILS."""
    ledger = str(Path(__file__).parents[1] / "data" / "valid" / "ledger.yaml")
    code, out, err = run("credits", ledger, "--ledger", "--format", "json")
    assert code == 1 and err == ""
    found = json.loads(out)["ledger"]
    assert (found["issued"], found["computed"], found["excess"]) == (49_000, 43_998, 5_668)
    assert found["buffer_share_needed"] == pytest.approx(5_668 / 11_000)
    code, out, _ = run("credits", ledger, "--ledger")
    assert code == 1 and "The ledger FAILS: 5,668 of the 49,000 credits" in out
    assert "51.5 %" in out
    assert run("credits", ledger)[0] == 0  # without --ledger, the waterfall alone
    code, _, err = run("credits", "alto-mayo", "--ledger")
    assert code == 2 and "no `credits.ledger`" in err


@pytest.mark.parametrize("command", [["credits", "alto-mayo"], ["compare"], ["uncertainty",
                                     "alto-mayo", "--samples", "100"]])  # fmt: skip
def test_an_unknown_rule_set_is_one_message_about_the_option(command: list[str]) -> None:
    code, out, err = run(*command, "--rules", "gold")
    assert code == 2 and out == ""
    assert err == "--rules: no rule set 'gold' (rule sets: art-trees, fcpf, vcs)\n"


# --- issue 11: rates from observations --------------------------------------------------------


def test_rates_from_two_areas_and_from_a_series() -> None:
    data = as_json("rates", "500000ha@2010", "420000ha@2020")
    (interval,) = data["intervals"]
    assert round(-interval["fao_q"] * 100, 4) == 1.7284
    code, out, _ = run("rates", "500000ha@2010", "420000ha@2020")
    assert code == 0 and "rate 1.7284 %/yr with basis:" in out
    series = as_json("rates", "5000km2@2010", "4600km2@2015", "420000ha@2020")
    assert [(i["from"], i["to"]) for i in series["intervals"]] == [
        ("5000km2@2010", "4600km2@2015"), ("4600km2@2015", "420000ha@2020"),
        ("5000km2@2010", "420000ha@2020")]  # fmt: skip
    assert series["intervals"][-1]["fao_q"] == pytest.approx(data["intervals"][0]["fao_q"])
    # with a day, years are days / 365.25: 2010-01-01 to 2020-01-01 is 3,652 days
    (dated,) = as_json("rates", "500000ha@2010", "420000ha@2020-01-01")["intervals"]
    assert dated["years"] == pytest.approx(3652 / 365.25)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["500000ha@2010"], "at least two"),
        (["500000ha"], "expected AREA@YEAR"),
        (["500000ha@2010", "420000ha@2010"], "not later"),
        (["500000t@2010", "4ha@2011"], "in ha, acre or km2"),
        (["0ha@2010", "4ha@2011"], "above 0"),
        (["5ha@2010-02-30", "4ha@2011"], "not a date"),
        # a million-fold growth in a day: the FAO rate, 10^2191 per year, is beyond a float
        (["1ha@2010-01-01", "1000000ha@2010-01-02"], "1ha@2010-01-01 to 1000000ha@2010-01-02"),
        (["1ha@2010-01-01", "1000000ha@2010-01-02", "-f", "json"], "too large to compute"),
        (["1ha@2010-01-01", "1000000ha@2010-01-02", "-f", "csv"], "too large to compute"),
    ],
)
def test_bad_rates_input(args: list[str], message: str) -> None:
    code, out, err = run("rates", *args)
    assert code == 2 and out == "" and message in err and err.count("\n") == 1


def test_rates_of_a_million_fold_loss_in_a_day() -> None:
    (interval,) = as_json("rates", "1000000ha@2010-01-01", "1ha@2010-01-02")["intervals"]
    assert interval["fao_q"] == -1.0  # all the forest, each year
    assert interval["puyravaud_r"] == pytest.approx(math.log(1e-6) * 365.25)


def test_did_of_alto_mayo() -> None:
    data = as_json("did", "--project", "0.20169127", "0.10237426", "--control", "0.23138588",
                   "0.15479524", "--area", "178703.95ha", "--years", "5")  # fmt: skip
    assert data["did"] == pytest.approx(-0.02272637)
    assert data["effect_ha"] == pytest.approx(-203.0646, abs=1e-4)
    code, _, err = run("did", "--project", "1", "2", "--control", "1", "2", "--area", "5ha")
    assert code == 2 and "--area and --years together" in err


def test_unit_traps_get_a_warning_or_a_hint() -> None:
    """A fraction per year written as %/yr (0.000844 for 0.0844 %/yr) gets a warning with the
    100x reading; a claim 1,000x from carboncalc's figure, a hint about t, kt, Mt and Gt."""
    code, _, err = run(
        "stock", "alto-mayo", "--set", "deforestation.counterfactual.rate=0.000844%/yr"
    )
    assert code == 0
    assert "deforestation.counterfactual.rate is 0.000844 %/yr, implausibly small" in err
    assert "write 0.0844 %/yr" in err
    assert "implausibly small" not in run("stock", "alto-mayo")[2]
    code, _, err = run("stock", "alto-mayo", "--set", "credits.buffer=0.2%")
    assert "credits.buffer is 0.2 %, implausibly small: if the source gives 0.2 as a share" in err
    assert "write 20 %" in err
    assert "credits.buffer is" not in run("stock", "alto-mayo")[2]
    code, out, _ = run("check", "alto-mayo", "--set", "claims.0.unit=t CO2e")
    assert code == 1 and "is the unit right? (t, kt, Mt and Gt" in " ".join(out.split())
    assert "is the unit right" not in run("check", "alto-mayo")[1]


def test_every_example_in_the_new_template_validates_when_uncommented(tmp_path: Path) -> None:
    """Each block after an 'Example (uncomment to use)' line, uncommented alone, gives a file
    that loads (issues 11 and 12: a commented example that breaks when used is a trap). A block
    starts at the first commented `key:` line after the example's description and runs while
    the lines stay commented at the same indentation."""
    assert run("new", "trial", "--projects-dir", str(tmp_path))[0] == 0
    lines = (tmp_path / "trial.yaml").read_text(encoding="utf-8").splitlines()
    starts = [i for i, line in enumerate(lines) if "Example (uncomment to use)" in line]
    found = []
    for start in starts:
        prefix = lines[start][: lines[start].index("#")] + "# "
        j = start + 1
        while not re.match(r"[a-z_]+:", lines[j].removeprefix(prefix)):
            j += 1  # the rest of the description
        block = []
        while j < len(lines) and lines[j].startswith(prefix):
            block.append(j)
            j += 1
        found.append(lines[block[0]].removeprefix(prefix).split(":")[0])
        trial = list(lines)
        for k in block:
            trial[k] = prefix[:-2] + lines[k].removeprefix(prefix)
        path = tmp_path / "trial-uncommented.yaml"
        path.write_text("\n".join(trial) + "\n", encoding="utf-8")
        code, _, err = run("show", str(path), "--format", "json")
        assert code == 0, f"{found[-1]}: {err}"
    assert found == ["forest_area", "boundary", "below_ground", "observed", "counterfactual",
                     "burning", "price"]  # fmt: skip


def test_ex_post_credits_from_observed_project_loss(tmp_path: Path) -> None:
    """A project observed (CSV next to its file) to clear 50, 60.5 and 0 ha of 10,000 ha in
    2010-2012 against a 2 %/yr baseline, then 1 %/yr: the emissions mark the observed years and
    the credits follow from them. Avoided 2010 by hand: (200 - 50) x 100 x 44/12 = 55,000 t."""
    (tmp_path / "loss.csv").write_text("year,cleared_ha\n2010,50\n2011,60.5\n2012,0\n")
    data = {
        "name": "Observed forest", "countries": ["PE"],
        "sources": {"src": {"title": "Test source", "year": 2020}},
        "area": {"value": 10000, "unit": "ha", "source": "src"},
        "carbon": {"pools": {"above_ground": {"value": 100, "unit": "t C/ha", "source": "src"}}},
        "deforestation": {
            "baseline": {"rate": {"value": 2, "unit": "%/yr", "source": "src"}},
            "project": {"rate": {"value": 1, "unit": "%/yr", "source": "src"},
                        "observed": {"file": "loss.csv", "source": "src"}},
            "residual_carbon": {"value": 0, "unit": "t C/ha", "source": "src"},
        },
        "period": {"start": "2010-01-01", "length_yr": 6, "source": "src"},
        "credits": {"leakage": {"value": 0, "source": "src"},
                    "uncertainty": {"value": 0, "source": "src"},
                    "buffer": {"value": 0, "source": "src"}},
    }  # fmt: skip
    path = tmp_path / "observed.yaml"
    path.write_text(json.dumps(data))  # JSON is YAML
    years = as_json("emissions", str(path))["years"]
    assert [y["project_data"] for y in years] == ["observed"] * 3 + ["projected"] * 3
    assert years[0]["avoided_emissions_tco2e"] == pytest.approx(55_000)
    credits = as_json("credits", str(path))
    assert credits["vintages"][0]["credits"] == 55_000
    assert credits["totals"]["credits"] == sum(
        math.floor(y["avoided_emissions_tco2e"] + 1e-6) for y in years
    )


def test_an_observed_series_scale_carries_its_range(tmp_path: Path) -> None:
    """A project observed to clear 100 ha a year (2010-2012) with a scale of 1 (0.8-1.2, as a
    matched counterfactual's repeats give it): at the low, central and high cases it clears 80,
    100 and 120 ha a year, and the scale is an uncertain input of the Monte Carlo."""
    (tmp_path / "loss.csv").write_text("year,cleared_ha\n2010,100\n2011,100\n2012,100\n")
    data = {
        "name": "Scaled", "countries": ["PE"],
        "sources": {"src": {"title": "Test source", "year": 2020}},
        "area": {"value": 10000, "unit": "ha", "source": "src"},
        "carbon": {"pools": {"above_ground": {"value": 100, "unit": "t C/ha", "source": "src"}}},
        "deforestation": {
            "baseline": {"rate": {"value": 2, "unit": "%/yr", "source": "src"}},
            "project": {"observed": {"file": "loss.csv", "source": "src",
                                     "scale": {"value": 1, "low": 0.8, "high": 1.2,
                                               "source": "src"}}},
            "residual_carbon": {"value": 0, "unit": "t C/ha", "source": "src"},
        },
        "period": {"start": "2010-01-01", "length_yr": 3, "source": "src"},
    }  # fmt: skip
    path = tmp_path / "scaled.yaml"
    path.write_text(json.dumps(data))
    for case, ha in (("low", 80), ("central", 100), ("high", 120)):
        years = as_json("emissions", str(path), "--case", case)["years"]
        assert [y["project_cleared_ha"] for y in years] == pytest.approx([ha] * 3)
    spread = as_json("uncertainty", str(path), "--samples", "500")
    assert "deforestation.project.observed.scale" in json.dumps(spread)
    forest = {
        "values": {"2010": 9900, "2011": 9800, "2012": 9700},
        "measure": "forest",
        "source": "src",
        "scale": {"value": 1, "low": 0.8, "high": 1.2, "source": "src"},
    }
    data["deforestation"]["project"]["observed"] = forest  # type: ignore[index]
    path.write_text(json.dumps(data))
    code, _, err = run("emissions", str(path))
    assert code == 2 and "a `scale` applies to areas cleared, not to forest left" in err


def test_show_lists_the_time_series_inputs(tmp_path: Path) -> None:
    """Observations, a release over years, burning and a rate from two areas each get a row."""
    data = {
        "name": "Everything", "countries": ["PE"],
        "sources": {"src": {"title": "Test source", "year": 2020}},
        "area": {"value": 10000, "unit": "ha", "source": "src"},
        "carbon": {"pools": {
            "above_ground": {"value": 100, "unit": "t C/ha", "source": "src"},
            "below_ground": {"root_to_shoot": {"value": 0.37, "source": "src"},
                             "release": "default"}}},
        "deforestation": {
            "baseline": {"rate": {"unit": "%/yr", "source": "src", "from_areas": {
                "first": {"year": 2000, "area": 500000}, "last": {"year": 2010, "area": 420000}}}},
            "project": {"reduction": {"value": 60, "unit": "%", "source": "src"},
                        "observed": {"values": {"2010": 20}, "source": "src"}},
            "residual_carbon": {"value": 0, "unit": "t C/ha", "source": "src"},
            "burning": {"burned": {"value": 50, "unit": "%", "source": "src"},
                        "combustion_factor": 0.36, "source": "src"},
        },
        "period": {"start": "2010-01-01", "length_yr": 10, "source": "src"},
    }  # fmt: skip
    path = tmp_path / "everything.yaml"
    path.write_text(json.dumps(data))
    code, out, err = run("show", str(path), "--format", "csv")
    assert code == 0, err
    fields = {r["field"]: r for r in csv.DictReader(io.StringIO(out))}
    assert fields["carbon.pools.below_ground.release"]["value"] == "default"
    assert fields["deforestation.project.observed"]["value"] == "1 years, 2010-2010"
    assert (
        "from 500,000 ha (2000) to 420,000 ha (2010)"
        in fields["deforestation.baseline.rate"]["note"]
    )
    assert fields["deforestation.burning"]["value"] == "0.36"


def main_run(
    args: list[str], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> tuple[int, str, str]:
    """The console script itself (main()), as a shell runs it."""
    import signal

    from carboncalc.cli import main

    monkeypatch.setattr(sys, "argv", ["carboncalc", *args])
    handler = signal.getsignal(signal.SIGINT)
    try:
        main()
        code = 0
    except SystemExit as exc:
        code = int(exc.code or 0)
    finally:
        signal.signal(signal.SIGINT, handler)
    out, err = capsys.readouterr()
    return code, out, err


def enum_and_number_options() -> list[tuple[str, str]]:
    """(command, option) for every option that takes a choice or a number, read from the
    commands' annotations (Typer's own parameter objects differ from one release to another)."""
    found = []
    for command in sorted(app.registered_commands, key=lambda c: c.name or _command_name(c)):
        hints = typing.get_type_hints(command.callback, include_extras=True)
        for param, hint in hints.items():
            if typing.get_origin(hint) is not typing.Annotated:
                continue
            kind, *extras = typing.get_args(hint)
            info = next((e for e in extras if isinstance(e, typer.models.OptionInfo)), None)
            if typing.get_origin(kind) in (typing.Union, types.UnionType):  # X | None
                kinds = [k for k in typing.get_args(kind) if k is not type(None)]
                kind = kinds[0] if len(kinds) == 1 else None
            if info is None or kind is bool:
                continue
            decls = [info.default, *(info.param_decls or ())]  # Option("--format", "-f")
            longs = [d for d in decls if isinstance(d, str) and d.startswith("--")]
            longs.append("--" + param.replace("_", "-"))  # where none is declared
            if (
                (isinstance(kind, type) and issubclass(kind, enum.Enum))
                or kind in (int, float)
                or typing.get_origin(kind) is tuple
            ):
                found.append((command.name or _command_name(command), longs[0]))
    return found


@pytest.mark.parametrize(("command", "option"), enum_and_number_options())
def test_a_bad_option_value_is_one_line_in_carboncalcs_words(
    command: str, option: str, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    args = {
        "rates": [command, "1ha@2000", "2ha@2001", option, "bogus"],
        "did": [command, option, "bogus", "bogus"],
        "equivalents": [command, option, "bogus"],
        "compare": [command, option, "bogus"],
        "check": [command, option, "bogus"],
        "list": [command, option, "bogus"],
    }.get(command, [command, "alto-mayo", option, "bogus"])
    code, out, err = main_run(args, monkeypatch, capsys)
    assert code == 2 and out == "", err
    assert err.count("\n") == 1 and err.startswith(f"carboncalc {command}: "), err
    for words in ("Value error", "Input should", "pydantic", "Traceback", "Usage:"):
        assert words not in err


def test_csv_carries_the_project_and_rounds_to_12_significant_digits() -> None:
    """A spreadsheet reads 68.15, not 68.14999999999999 (Alto Mayo's above-ground density:
    145 t dm/ha x 0.47); csv-full writes the float exactly; JSON keeps the exact value and
    names its schema version."""
    code, out, _ = run("stock", "alto-mayo", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert (
        code == 0 and rows[0]["project"] == "alto-mayo" and rows[0]["density_tc_per_ha"] == "68.15"
    )
    code, out, _ = run("stock", "alto-mayo", "--format", "csv-full")
    full = list(csv.DictReader(io.StringIO(out)))
    assert float(full[0]["density_tc_per_ha"]) == 145 * 0.47
    data = as_json("stock", "alto-mayo")
    assert data["schema_version"] == 3 and data["pools"][0]["density_tc_per_ha"] == 145 * 0.47


def test_compare_gives_per_year_and_per_hectare_and_says_when_periods_differ() -> None:
    """Alto Mayo's 20 years and Los Amigos' 40 cannot be added as one period: the total says
    it spans 2001-2040 and that the periods differ. Per year: Alto Mayo's total / 20, over its
    144,000 ha of forest; the total's t/ha/yr is the summed mean years over the summed forest."""
    data = as_json("compare", "--samples", "300")
    rows = {r["label"]: r for r in data["rows"]}
    alto, amigos, total = rows["alto-mayo"], rows["los-amigos"], data["total"]
    assert data["mixed_periods"] is True
    assert (total["first_year"], total["last_year"]) == (2001, 2040)
    assert alto["avoided_tco2e_per_yr"] == pytest.approx(alto["avoided_tco2e"] / 20)
    assert alto["avoided_tco2e_per_ha_per_yr"] == pytest.approx(
        alto["avoided_tco2e"] / 20 / 144_000
    )
    assert total["avoided_tco2e_per_ha_per_yr"] == pytest.approx(
        (alto["avoided_tco2e_per_yr"] + amigos["avoided_tco2e_per_yr"])
        / (alto["forest_ha"] + amigos["forest_ha"])
    )
    code, out, _ = run("compare", "--samples", "300")
    assert code == 0 and "over periods that differ" in " ".join(out.split())
    assert (
        as_json("compare", "alto-mayo", "--scenarios", "--samples", "300")["mixed_periods"] is False
    )


@pytest.mark.parametrize(("words", "cword", "expected"), [
    ("carboncalc stock al", 2, "alto-mayo"),
    ("carboncalc cre", 1, "credits"),
    ("carboncalc credits alto-mayo --ba", 3, "--baseline"),
    ("carboncalc credits alto-mayo --set credits.buf", 4, "credits.buffer="),
])  # fmt: skip
@pytest.mark.skipif(not installed_carboncalc(), reason="carboncalc is not installed")
def test_shell_completion_of_commands_projects_options_and_fields(
    words: str, cword: int, expected: str, tmp_path: Path
) -> None:
    """What the installed completion script asks the program (bash; zsh and fish alike)."""
    env = {**os.environ, "_CARBONCALC_COMPLETE": "complete_bash", "COMP_WORDS": words,
           "COMP_CWORD": str(cword)}  # fmt: skip
    found = subprocess.run([installed_carboncalc()], env=env, cwd=tmp_path,
                           capture_output=True, text=True, check=False)  # fmt: skip
    assert found.returncode == 0, found.stderr
    assert expected in found.stdout.split()


@pytest.mark.parametrize("request_env", [
    {"_CARBONCALC_COMPLETE": "complete_bash", "COMP_WORDS": "carboncalc st", "COMP_CWORD": "x"},
    {"_CARBONCALC_COMPLETE": "complete_bash", "COMP_WORDS": "carboncalc st", "COMP_CWORD": "-1"},
    {"_CARBONCALC_COMPLETE": "complete_bash", "COMP_WORDS": "carboncalc st"},
    {"_CARBONCALC_COMPLETE": "complete_bash", "COMP_CWORD": "1"},
    {"_CARBONCALC_COMPLETE": "bash_complete", "COMP_WORDS": "carboncalc st", "COMP_CWORD": "x"},
    {"_CARBONCALC_COMPLETE": "bogus"},
])  # fmt: skip
def test_a_malformed_completion_request_gets_nothing_and_exit_2(
    request_env: dict[str, str], tmp_path: Path
) -> None:
    """No completions and no message (it would land in the line being typed); bash ignores the
    completion command's status, 2 says the request was unusable."""
    env = {k: v for k, v in os.environ.items() if k not in ("COMP_WORDS", "COMP_CWORD")}
    found = subprocess.run([sys.executable, "-m", "carboncalc"], env={**env, **request_env},
                           cwd=tmp_path, capture_output=True, text=True, check=False)  # fmt: skip
    assert (found.returncode, found.stdout, found.stderr) == (2, "", "")


def test_a_sweep_of_a_credit_input_runs_monte_carlo_once_with_the_same_figures() -> None:
    """Sweeping credits.buffer leaves avoided emissions, and so the deduction, as they are:
    the sweep reuses the base case's (issue 13), and each step's credits are what `credits
    --set` gives for the same buffer, which runs its own Monte Carlo."""
    n = ("--samples", "300")
    rows = as_json("sweep", "alto-mayo", "credits.buffer", "10%", "50%", "--steps", "3", *n)["rows"]
    for row in rows:
        alone = as_json("credits", "alto-mayo", *n, "--set", f"credits.buffer={row['label']}")
        assert row["credits"] == alone["totals"]["credits"]
        assert row["uncertainty_pct"] == alone["rules"]["uncertainty"]["pct"]


def test_completion_prints_each_shells_script_and_refuses_others() -> None:
    for shell, marker in (("bash", "complete -o default"), ("zsh", "#compdef carboncalc"),
                          ("fish", "complete --command carboncalc")):  # fmt: skip
        code, out, _ = run("completion", shell)
        assert code == 0 and marker in out and "_CARBONCALC_COMPLETE" in out
    code, out, err = run("completion", "tcsh")
    assert code == 2 and out == "" and "bash, zsh or fish" in err


def test_json_output_does_not_load_the_table_or_chart_libraries(tmp_path: Path) -> None:
    """`stock --format json` imports neither rich nor matplotlib (issue 13: modules a command
    does not use are not imported)."""
    code = "\n".join([
        "import contextlib, io, sys",
        "sys.argv = ['carboncalc', 'stock', 'alto-mayo', '-f', 'json']",
        "from carboncalc.cli import main",
        "with contextlib.redirect_stdout(io.StringIO()):",
        "    try:",
        "        main()",
        "    except SystemExit:",
        "        pass",
        "print('rich' in sys.modules, 'matplotlib' in sys.modules)",
    ])  # fmt: skip
    found = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                           cwd=tmp_path, check=False)  # fmt: skip
    assert found.stdout.split() == ["False", "False"], found.stderr


def test_check_streams_each_file_and_writes_what_the_whole_report_would(tmp_path: Path) -> None:
    """check writes each file's result as it comes (issue 13); the document is the same as the
    whole report's record: compared here with the envelope of the collected results' record."""
    from carboncalc.errors import CarboncalcError
    from carboncalc.files.factor_editions import load_factor_table
    from carboncalc.files.loading import load_project
    from carboncalc.render import recordkit, registry
    from carboncalc.reports.check import check_report, check_result, invalid_result

    for name in ("alto-mayo", "los-amigos"):
        shutil.copy(Path(__file__).parents[2] / "projects" / f"{name}.yaml", tmp_path)
    (tmp_path / "broken.yaml").write_text("name: x\n", encoding="utf-8")
    code, out, _ = run("check", str(tmp_path), "--format", "json")
    assert code == 2
    results = []
    for path in sorted(tmp_path.glob("*.yaml")):
        try:
            results.append(check_result(load_project(str(path)), table=load_factor_table()))
        except CarboncalcError as exc:
            results.append(invalid_result(str(path), exc))
    whole = recordkit.json_text(recordkit.envelope(registry.record(check_report(results)))) + "\n"
    streamed, collected = json.loads(out), json.loads(whole)
    for doc in (streamed, collected):  # the CLI also locates a problem in its file
        for project in doc["projects"]:
            project["problems"] = len(project["problems"])
            project["project"] = project["file"] = Path(project["file"]).name
    assert streamed == collected
    assert [p["valid"] for p in streamed["projects"]] == [True, False, True]


def test_only_the_command_asked_for_is_built() -> None:
    """Typer builds a validator for every option of every command it holds; a run needs one
    (issue 13). Help, a typo and no command get the whole app."""
    from carboncalc.cli import _app_for

    assert [c.callback.__name__ for c in _app_for(["stock", "alto-mayo"]).registered_commands] == [
        "stock"
    ]  # type: ignore[union-attr]
    for argv in ([], ["--help"], ["stok"]):
        assert _app_for(argv) is app


def test_sweep_in_parallel_gives_the_same_bytes() -> None:
    """Steps whose Monte Carlo runs per step are shared among processes (--jobs): the output is
    the one of the steps run one after another, and so is an error in a step."""
    base = ["sweep", "alto-mayo", "deforestation.baseline.rate", "0.5%/yr", "1.5%/yr",
            "--steps", "6", "--samples", "100", "-f", "json"]  # fmt: skip
    one, two = (CliRunner().invoke(app, [*base, "--jobs", j]) for j in ("1", "2"))
    assert one.exit_code == two.exit_code == 0, one.stderr + two.stderr
    assert one.stdout == two.stdout
    bad = ["sweep", "alto-mayo", "area", "100ha", "200000ha", "--steps", "4", "-f", "json"]
    one, two = (CliRunner().invoke(app, [*bad, "--jobs", j]) for j in ("1", "2"))
    assert one.exit_code == two.exit_code == 2
    assert one.stderr == two.stderr
    assert "larger than the project `area` (100 ha)" in one.stderr
    tiny = ["sweep", "alto-mayo", "deforestation.baseline.rate", "0.001%/yr", "0.003%/yr",
            "--steps", "3", "--samples", "100", "-f", "csv"]  # fmt: skip
    one, two = (CliRunner().invoke(app, [*tiny, "--jobs", j]) for j in ("1", "2"))
    assert one.stdout == two.stdout
    assert one.stderr == two.stderr  # each step's warning, in the steps' order
    assert one.stderr.count("implausibly small") >= 3


def test_errors_keep_their_places_across_processes() -> None:
    import pickle

    from carboncalc.errors import Problem, ProjectContentError, ProjectFileError

    for error in (ProjectFileError([Problem("bad", "f.yaml", 3, 4, "area")]),
                  ProjectContentError("no credits")):  # fmt: skip
        again = pickle.loads(pickle.dumps(error))
        assert type(again) is type(error)
        assert again.problems == error.problems
