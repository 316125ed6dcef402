"""Usage lines name every argument the same way: in capitals, as its help names it (issue 25:
`{field}`, `[[ID]...]...` and `<str>` stood beside `{PROJECT}`)."""

from __future__ import annotations

import re

import pytest
import typer
from typer.testing import CliRunner

from carboncalc.cli import app

runner = CliRunner(env={"COLUMNS": "200", "NO_COLOR": "1"})
COMMANDS = sorted(typer.main.get_command(app).commands)  # type: ignore[attr-defined]


@pytest.mark.parametrize("command", COMMANDS)
def test_arguments_and_option_values_are_named_in_capitals(command: str) -> None:
    out = runner.invoke(app, [command, "--help"]).stdout
    usage = out.splitlines()[0]
    assert usage.startswith(f"Usage: carboncalc {command} [OPTIONS]"), usage
    names = re.findall(r"[\[{]+([^\]{}\[]+)[\]}]+", usage.removeprefix(
        f"Usage: carboncalc {command} [OPTIONS]"))  # fmt: skip
    assert all(n == n.upper() for n in names), usage
    # an option's value is named (--area AREA), not typed (--area <str>)
    options = [line for line in out.splitlines() if line.lstrip().startswith("-")]
    assert not [line for line in options if "<str>" in line], command
