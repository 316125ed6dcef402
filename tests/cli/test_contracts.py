"""Output contracts (issue 12): every command's real JSON output is valid against the schema
`carboncalc schema --command COMMAND` prints, for every seed and the test projects."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from carboncalc.cli import app
from carboncalc.render.contracts import output_schema, problems
from missing_inputs import refusal

VALID = Path(__file__).parents[1] / "data" / "valid"
PROJECTS = ["alto-mayo", "los-amigos", "sacred-headwaters", str(VALID / "compound-30yr.yaml"),
            str(VALID / "ledger.yaml")]  # fmt: skip
PER_PROJECT = [["show"], ["stock"], ["emissions"], ["equivalents"],
               ["credits", "--samples", "100"], ["uncertainty", "--samples", "100"],
               ["sensitivity", "--samples", "100"], ["check"]]  # fmt: skip
OTHERS = [["list"], ["compare", "--samples", "100"], ["check"],
          ["sweep", "alto-mayo", "credits.buffer", "10%", "30%", "--steps", "2", "--samples",
           "100"], ["rates", "5ha@2000", "4ha@2010", "3ha@2020"],
          ["did", "--project", "0.2", "0.1", "--control", "0.2", "0.15", "--area", "100ha",
           "--years", "5"], ["credits", str(VALID / "ledger.yaml"), "--ledger"],
          ["credits", "alto-mayo", "--vintages", "monitoring", "--set", "credits.price.value=10",
           "--set", "credits.price.assumption=true"], ["evidence"],
          ["evidence", "--evaluation", "guizar-2024"]]  # fmt: skip


def schema_of(command: str) -> dict:  # type: ignore[type-arg]
    result = CliRunner().invoke(app, ["schema", "--command", command])
    # exit 1 is a result too (a claim that does not hold, a vintage in shortfall): JSON on stdout
    assert result.exit_code in (0, 1), result.stderr
    printed = json.loads(result.stdout)
    assert printed == output_schema(command)
    return printed  # type: ignore[no-any-return]


def cases() -> list[list[str]]:
    runs = [[c[0], p, *c[1:]] for p in PROJECTS for c in PER_PROJECT]
    return runs + OTHERS


@pytest.mark.parametrize("args", cases(), ids=lambda a: " ".join(Path(x).name for x in a[:2]))
def test_real_output_meets_its_contract(args: list[str]) -> None:
    result = CliRunner().invoke(app, [*args, "--format", "json"])
    expected = refusal(args[1], args[0]) if args[1:2] and args[1] in PROJECTS else None
    if expected is not None:  # the project file has no input for this command
        assert result.exit_code == 2 and expected in result.stderr, result.stderr
        pytest.skip(result.stderr.strip())
    # exit 1 is a result too (a claim that does not hold, a vintage in shortfall): JSON on stdout
    assert result.exit_code in (0, 1), result.stderr
    document = json.loads(result.stdout)
    assert problems(document, schema_of(args[0])) == []


def test_the_contract_catches_a_drift() -> None:
    """A field renamed, a type changed, a field left out: each a problem with its place."""
    document = json.loads(CliRunner().invoke(app, ["rates", "5ha@2000", "4ha@2010",
                                                   "--format", "json"]).stdout)  # fmt: skip
    schema = schema_of("rates")
    assert problems(document, schema) == []
    renamed = {("interval" if k == "intervals" else k): v for k, v in document.items()}
    assert "$: `intervals` is missing" in problems(renamed, schema)
    assert "$: `interval` is not in the contract" in problems(renamed, schema)
    wrong = {**document, "intervals": [{**document["intervals"][0], "years": "ten"}]}
    assert problems(wrong, schema) == ["$.intervals[0].years: expected number, got str"]
    missing = {**document, "intervals": [{k: v for k, v in document["intervals"][0].items()
                                          if k != "fao_q"}]}  # fmt: skip
    assert problems(missing, schema) == ["$.intervals[0]: `fao_q` is missing"]


def test_schema_takes_its_old_option_name_and_says_the_new_one() -> None:
    """--output names a file in report: schema's --output became --command, and the old name
    still gives the same document, with a note on stderr."""
    new = CliRunner().invoke(app, ["schema", "--command", "stock"])
    old = CliRunner().invoke(app, ["schema", "--output", "stock"])
    assert new.exit_code == old.exit_code == 0 and new.stdout == old.stdout
    assert "--command" in old.stderr and new.stderr == ""
