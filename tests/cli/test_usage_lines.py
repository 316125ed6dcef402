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


def _examples(help_text: str) -> list[str]:
    """The examples of a help text, continuation lines (ending in a backslash) joined."""
    lines = help_text[help_text.index("Examples:") :].splitlines()[1:]
    out: list[str] = []
    for line in (line.strip() for line in lines if line.strip()):
        if out and out[-1].endswith("\\"):
            out[-1] = out[-1][:-1] + line
        else:
            out.append(line)
    return out


@pytest.mark.parametrize("command", COMMANDS)
def test_two_or_more_examples_that_fit_80_columns_and_parse(command: str) -> None:
    """Each command's help ends with examples one a line, none wrapped at 80 columns, each
    naming only arguments and options its command takes (shell redirections aside)."""
    import shlex

    narrow = CliRunner(env={"COLUMNS": "80", "NO_COLOR": "1"})
    out = narrow.invoke(app, [command, "--help"]).stdout
    block = out[out.index("Examples:") :]
    assert max(len(line) for line in block.splitlines()) <= 80, block
    found = _examples(out)
    assert len(found) >= 2 and all(e.startswith("carboncalc ") for e in found), found
    group = typer.main.get_command(app)
    for example in found:
        words = shlex.split(example)[1:]
        for cut in (">", ">>", "&&"):
            words = words[: words.index(cut)] if cut in words else words
        sub = group.commands[words[0]]  # type: ignore[attr-defined]
        sub.make_context(
            words[0], words[1:], resilient_parsing=False
        )  # raises if it would not parse
