"""Text from a project file is shown, never obeyed: control characters are escaped in tables,
messages and reports, and Markdown or HTML in a name cannot add an image, a link or a tag."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from carboncalc.cli import app
from carboncalc.files.projects import package_projects_dir

SEED = (package_projects_dir() / "alto-mayo.yaml").read_text(encoding="utf-8")
HOSTILE_NAME = (
    r'"Alto\e[2J\a Mayo <img src=\"http://x.test/a.png\"> [link](http://x.test) $\\frac$"'
)
HOSTILE_REGION = r'"![pic](http://x.test/b.png) \u202e\e]8;;http://x.test\e\\ here"'

runner = CliRunner()


@pytest.fixture
def hostile(tmp_path: Path) -> Path:
    text = SEED.replace("name: Alto Mayo Protected Forest", f"name: {HOSTILE_NAME}", 1)
    text = text.replace("region: San Martín", f"region: {HOSTILE_REGION}", 1)
    assert text != SEED
    path = tmp_path / "hostile.yaml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("command", ["show", "stock", "emissions", "credits", "check"])
def test_tables_escape_control_characters(hostile: Path, command: str) -> None:
    result = runner.invoke(app, [command, str(hostile), "--samples", "100"][: 2 + 2 * (
        command == "credits")])  # fmt: skip
    assert result.exit_code in (0, 1), result.output
    for raw in ("\x1b", "\x07", "\u202e"):
        assert raw not in result.stdout
    if command == "show":
        assert "Alto\\x1b[2J\\x07 Mayo" in result.stdout


def test_json_keeps_the_characters_as_json_escapes(hostile: Path) -> None:
    import json

    result = runner.invoke(app, ["show", str(hostile), "-f", "json"])
    assert "\x1b" not in result.stdout  # json.dumps writes \u001b
    assert "\\u001b[2J" in result.stdout
    assert "\x1b[2J\x07 Mayo" in json.loads(result.stdout)["inputs"]["name"]


def test_messages_escape_control_characters(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(SEED.replace("  unit: ha", '  unit: "h\\e[31ma"', 1), encoding="utf-8")
    result = runner.invoke(app, ["stock", str(path)])
    assert result.exit_code == 2
    assert "\x1b" not in result.stderr
    assert "h\\x1b[31ma" in result.stderr


@pytest.mark.parametrize("suffix", [".md", ".html"])
def test_reports_cannot_be_given_images_links_or_html(hostile: Path, suffix: str) -> None:
    out = hostile.with_suffix(suffix)
    result = runner.invoke(app, ["report", str(hostile), "-o", str(out), "--samples", "100"])
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    for raw in ("\x1b", "\x07", "\u202e"):
        assert raw not in text
    if suffix == ".md":  # every < and [ of the project's text is escaped
        assert not re.search(r"(?<!\\)<img|(?<!\\)\[link|(?<!\\)!(?<!\\)\[pic", text)
        assert "\\<img src=" in text and "\\[link\\](http://x.test)" in text
    else:
        assert "<img" not in text and "<a " not in text
        assert "&lt;img src=" in text
        if importlib.util.find_spec("matplotlib"):  # the chart is drawn: $\\frac$ is not math
            assert "<svg" in text
