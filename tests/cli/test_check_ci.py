"""``check`` in CI: its output formats (github, junit, json), claims a file expects to fail,
and the located problems of an invalid file."""

from __future__ import annotations

import json
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from expectless import PROJECTS, without_expect
from typer.testing import CliRunner
from workflow import parse

from carboncalc.cli import app
from carboncalc.render.contracts import output_schema, problems

INVALID = Path(__file__).parents[1] / "data" / "invalid"
runner = CliRunner(env={"COLUMNS": "100", "NO_COLOR": "1"})

# 1,000 ha x 100 t C/ha = 100,000 t C by hand: a claim of 120,000 t C fails (-16.7 %, against
# the published precision of 5,000 / 120,000 = 4.2 %), one of 100,000 t C holds, and an
# avoided-emissions claim cannot be checked without deforestation rates
FOREST = """\
name: Expect forest
countries: [PE]
sources:
  src: {title: Test source, year: 2020}
area: {value: 1000, unit: ha, source: src}
carbon:
  pools:
    above_ground: {value: 100, unit: t C/ha, source: src}
claims:
"""
FAILS = """\
  - id: stock-120k
    measure: stock
    value: 120000
    unit: t C
    source: src
"""
HOLDS = FAILS.replace("stock-120k", "stock-100k").replace("120000", "100000")
UNCHECKED = """\
  - id: avoided
    measure: avoided_emissions
    value: 1
    unit: Mt CO2e
    source: src
"""
EXPECT = "    expect: {verdict: fails, reason: the source's own density is 120 t C/ha}\n"


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def forest(tmp_path: Path, *claims: str, name: str = "forest") -> Path:
    path = tmp_path / f"{name}.yaml"
    path.write_text(FOREST + "".join(claims), encoding="utf-8")
    return path


def test_a_claim_that_fails_as_expected_passes(tmp_path: Path) -> None:
    code, out, _ = run("check", str(forest(tmp_path, FAILS)))
    assert code == 1 and "stock-120k FAILS: published 120,000 t C" in out
    code, out, err = run("check", str(forest(tmp_path, FAILS + EXPECT)))
    assert code == 0, err
    assert "forest: 1 published claim: 1 FAIL (1 expected)" in out
    assert "Expected to fail: the source's own density is 120 t C/ha." in " ".join(out.split())
    assert "0 hold, 1 fail (1 expected), 0 unchecked (exit 0)" in out
    document = json.loads(run("check", str(forest(tmp_path, FAILS + EXPECT)), "-f", "json")[1])
    (claim,) = document["projects"][0]["claims"]
    assert claim["verdict"] == "fails" and claim["expected"] is True
    assert claim["difference_pct"] == pytest.approx((100_000 / 120_000 - 1) * 100)
    assert claim["expect"] == {"verdict": "fails",
                               "reason": "the source's own density is 120 t C/ha"}  # fmt: skip
    assert document["summary"]["expected_fails"] == document["summary"]["fails"] == 1


def test_a_claim_expected_to_fail_that_holds_fails_the_check(tmp_path: Path) -> None:
    code, out, _ = run("check", str(forest(tmp_path, HOLDS + EXPECT)))
    assert code == 1
    assert "stock-100k HOLDS (expected to fail): published 100,000 t C" in out
    assert "remove `expect` from the claim" in out
    assert "1 hold (1 expected to fail: remove `expect`), 0 fail, 0 unchecked (exit 1)" in out
    document = json.loads(run("check", str(forest(tmp_path, HOLDS + EXPECT)), "-f", "json")[1])
    assert document["summary"]["unexpected_holds"] == 1 and document["exit_code"] == 1
    (claim,) = document["projects"][0]["claims"]
    assert claim["verdict"] == "holds" and claim["expected"] is False
    assert claim["expect"]["verdict"] == "fails"


def test_an_unchecked_claim_stays_unchecked_with_expect(tmp_path: Path) -> None:
    code, out, _ = run("check", str(forest(tmp_path, UNCHECKED + EXPECT)))
    assert code == 1 and "avoided UNCHECKED" in out
    assert "0 hold, 0 fail, 1 unchecked (exit 1)" in out


@pytest.mark.parametrize(
    ("expect", "wanted"),
    [("    expect: {verdict: fails}\n", ":15:5: claims.0.expect.reason: required field is missing"),
     ('    expect: {verdict: fails, reason: "  "}\n', ":15:30: claims.0.expect.reason: give the "
      "reason"),
     ("    expect: {verdict: holds, reason: x}\n", ":15:14: claims.0.expect.verdict: input should "
      "be 'fails'")],
)  # fmt: skip
def test_an_expect_without_its_reason_is_refused_at_its_line(
    tmp_path: Path, expect: str, wanted: str
) -> None:
    path = forest(tmp_path, FAILS + expect)
    assert path.read_text(encoding="utf-8").splitlines()[14].startswith("    expect:")  # line 15
    code, _, err = run("check", str(path))
    assert code == 2 and "Traceback" not in err
    assert f"{path}{wanted}" in err, err


def test_invalid_file_problems_are_located_objects() -> None:
    path = INVALID / "claim-years-reversed.yaml"
    code, out, err = run("check", str(path), "--format", "json")
    assert code == 2
    document = json.loads(out)
    assert problems(document, output_schema("check")) == []
    (project,) = document["projects"]
    text = f"{path}:18:66: claims.0.years: the range ends (2011) before it starts (2015)"
    assert project["project"] == "claim-years-reversed" and project["file"] == str(path)
    assert project["problems"] == [
        {"file": str(path), "line": 18, "column": 66, "field": "claims.0.years",
         "message": "the range ends (2011) before it starts (2015)", "text": text}
    ]  # fmt: skip
    assert err == text + "\n"  # the same line as on stderr


def test_a_problem_without_a_place_has_nulls() -> None:
    code, out, _ = run("check", "no-such-project", "--format", "json")
    assert code == 2
    (project,) = json.loads(out)["projects"]
    (problem,) = project["problems"]
    assert project["project"] == "no-such-project"
    assert (problem["line"], problem["column"], problem["field"]) == (None, None, None)
    assert problem["message"] and problem["text"].endswith(problem["message"])


def a_bit_of_everything(tmp_path: Path) -> Path:
    """A folder with claims that hold, fail, fail as expected, hold where expected to fail and
    cannot be checked, an invalid file and a draft's placeholders."""
    folder = tmp_path / "projects"
    folder.mkdir()
    without_expect("alto-mayo", folder)  # 3 of 6 fail
    shutil.copy(PROJECTS / "sacred-headwaters.yaml", folder)  # 1 fails, as expected
    shutil.copy(PROJECTS / "los-amigos.yaml", folder)  # 3 hold
    forest(folder, HOLDS + EXPECT, UNCHECKED, name="forest")  # an unexpected pass, unchecked
    shutil.copy(INVALID / "claim-years-reversed.yaml", folder)
    result = runner.invoke(app, ["new", str(folder / "draft.yaml"), "-q"])
    assert result.exit_code == 0, result.stderr
    return folder


def test_junit_counts_equal_the_json_summary(tmp_path: Path) -> None:
    folder = a_bit_of_everything(tmp_path)
    code, out, _ = run("check", str(folder), "--format", "json")
    summary = json.loads(out)["summary"]
    assert code == 2
    assert summary == {"holds": 7, "fails": 4, "unchecked": 1, "expected_fails": 1,
                       "unexpected_holds": 1, "invalid_files": 1, "placeholders": 8,
                       "draft_files": 1}  # fmt: skip
    code, out, _ = run("check", str(folder), "--output-format", "junit")
    assert code == 2
    root = ET.fromstring(out)
    assert root.tag == "testsuites" and root.get("name") == "carboncalc check"
    claims = summary["holds"] + summary["fails"] + summary["unchecked"]
    failures = (summary["fails"] - summary["expected_fails"] + summary["unexpected_holds"]
                + summary["placeholders"])  # fmt: skip
    wanted = {"tests": claims + summary["placeholders"] + summary["invalid_files"],
              "failures": failures, "errors": summary["invalid_files"],
              "skipped": summary["expected_fails"] + summary["unchecked"]}  # fmt: skip
    assert {k: int(root.get(k, -1)) for k in wanted} == wanted
    suites = root.findall("testsuite")
    assert len(suites) == 6
    for key, tag in (("tests", "testcase"), ("failures", "testcase/failure"),
                     ("errors", "testcase/error"), ("skipped", "testcase/skipped")):  # fmt: skip
        assert sum(len(s.findall(tag)) for s in suites) == wanted[key]
        assert sum(int(s.get(key, -1)) for s in suites) == wanted[key]
    by_name = {s.get("name"): s for s in suites}
    (bad,) = by_name["claim-years-reversed"].findall("testcase/error")
    assert "18:66: claims.0.years" in (bad.text or "")
    (invalid,) = by_name["claim-years-reversed"].findall("testcase")
    assert invalid.get("line") == "18"  # the first problem's line, where a dashboard points
    expected = by_name["sacred-headwaters"].find("testcase/skipped")
    assert expected is not None and "Expected to fail" in expected.get("message", "")
    stock = by_name["sacred-headwaters"].find("testcase")
    assert stock is not None and stock.get("name") == "stock-3.8bn"
    assert stock.get("line") == str(claim_line(PROJECTS / "sacred-headwaters.yaml", "stock-3.8bn"))


def claim_line(path: Path, claim: str) -> int:
    """The line of a claim's ``- id:`` in the file, found by hand."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return 1 + lines.index(f"  - id: {claim}")


def test_github_annotations(tmp_path: Path) -> None:
    folder = a_bit_of_everything(tmp_path)
    code, out, _ = run("check", str(folder), "--output-format", "github")
    assert code == 2
    lines = out.splitlines()
    parsed = [parse(line) for line in lines]  # every line a workflow command
    kinds = [kind for kind, _, _ in parsed]
    # 3 failing claims + 1 unexpected pass + 1 problem + 8 placeholders; 1 unchecked; 1 expected
    assert (kinds.count("error"), kinds.count("warning"), kinds.count("notice")) == (13, 1, 1)
    titles = {props["title"]: (kind, props, message) for kind, props, message in parsed}
    kind, props, message = titles["carboncalc check (er-2008-2016)"]
    assert kind == "error" and message.startswith("er-2008-2016 FAILS: published 6.2 Mt CO2e")
    assert props["file"] == str(folder / "alto-mayo.yaml")
    assert props["line"] == str(claim_line(folder / "alto-mayo.yaml", "er-2008-2016"))
    kind, props, message = titles["carboncalc check (stock-3.8bn)"]
    assert kind == "notice" and "Expected to fail" in message
    kind, _, message = titles["carboncalc check (stock-100k)"]
    assert kind == "error" and "remove `expect`" in message
    assert titles["carboncalc check (avoided)"][0] == "warning"
    kind, props, message = titles["carboncalc check (invalid file)"]
    assert (props["line"], props["col"]) == ("18", "66")
    assert message == "claims.0.years: the range ends (2011) before it starts (2015)"


def test_github_paths_are_relative_to_the_working_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    forest(tmp_path, FAILS)
    monkeypatch.chdir(tmp_path)
    code, out, _ = run("check", "forest.yaml", "-f", "github")
    assert code == 1
    (line,) = out.splitlines()
    assert line.startswith("::error file=forest.yaml,line=10,col=5,title=carboncalc check ")


def test_seeds_pass_and_annotate_only_notices() -> None:
    """The seeds expect each claim carboncalc finds to fail: check (the pre-commit hook's
    command) exits 0, and GitHub gets a notice for each expected failure."""
    paths = sorted(str(p) for p in PROJECTS.glob("*.yaml"))
    assert run("check", *paths)[0] == 0
    code, out, _ = run("check", *paths, "--output-format", "github")
    assert code == 0
    assert [parse(line)[0] for line in out.splitlines()] == ["notice"] * 4


@pytest.mark.parametrize("name", ["--output-format", "--format", "-f"])
def test_text_and_table_are_one_format(name: str) -> None:
    text = run("check", "los-amigos", name, "text")
    assert text == run("check", "los-amigos", name, "table")
    assert text == run("check", "los-amigos")


@pytest.mark.parametrize("fmt", ["text", "json", "github", "junit"])
def test_nothing_to_check_is_not_a_pass(tmp_path: Path, fmt: str) -> None:
    """A CI whose folder is empty, or named wrong, must not go green having checked nothing:
    exit 2 and one line saying so, whatever the format (pytest's 'no tests ran' is a failure
    too)."""
    empty = tmp_path / "empty"
    empty.mkdir()
    for args in (["--projects-dir", str(empty)], [str(empty)]):
        code, out, err = run("check", *args, "--output-format", fmt)
        assert (code, out) == (2, "")
        assert err.strip().endswith(f"no project files (*.yaml) in {empty}: nothing to check")
        assert len(err.strip().splitlines()) == 1


@pytest.mark.parametrize("columns", ["34", "35", "60", "80"])
def test_the_exit_code_in_the_summary_is_never_split(tmp_path: Path, columns: str) -> None:
    """The summary's last words, `(exit N)`, stay on one line at any width, so that a reader's
    or a script's search for `(exit 1)` finds them; nothing else of the line is lost."""
    files = [str(forest(tmp_path, FAILS, name=f"forest-{i}")) for i in range(12)]
    result = runner.invoke(app, ["check", *files], env={"COLUMNS": columns})
    assert result.exit_code == 1
    tail = result.stdout.rstrip().splitlines()[-3:]
    assert tail[-1].rstrip().endswith("(exit 1)")
    assert " ".join(" ".join(tail).split()).endswith("0 hold, 12 fail, 0 unchecked (exit 1)")
