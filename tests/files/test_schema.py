"""The JSON Schema of a project file: generated from the models, shipped in the repository."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from carboncalc.cli import app

PROJECTS = Path(__file__).parents[2] / "projects"
SCHEMA_LINE = "# yaml-language-server: $schema=project.schema.json"


def test_shipped_schema_equals_the_generated_one() -> None:
    """If this fails after a model change: carboncalc schema > projects/project.schema.json"""
    result = CliRunner().invoke(app, ["schema"])
    assert result.exit_code == 0
    assert result.stdout == (PROJECTS / "project.schema.json").read_text(encoding="utf-8")


def test_schema_describes_the_file() -> None:
    schema = json.loads((PROJECTS / "project.schema.json").read_text(encoding="utf-8"))
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert {"name", "countries", "area", "carbon"} <= set(schema["required"])
    assert schema["additionalProperties"] is False
    area = schema["$defs"]["Area"]["properties"]["unit"]
    assert area["enum"] == ["ha", "acre", "km2"] and "acre" in area["description"]


@pytest.mark.parametrize("path", sorted(PROJECTS.glob("*.yaml")), ids=lambda p: p.name)
def test_every_project_file_names_the_schema(path: Path) -> None:
    assert path.read_text(encoding="utf-8").splitlines()[0] == SCHEMA_LINE
    schema = json.loads((PROJECTS / "project.schema.json").read_text(encoding="utf-8"))
    import yaml

    keys = set(yaml.safe_load(path.read_text(encoding="utf-8")))
    assert keys <= set(schema["properties"])
