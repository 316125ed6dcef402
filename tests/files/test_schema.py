"""The JSON Schema of a project file: generated from the models, shipped in the repository."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pydantic
import pytest
from packaging.version import Version
from typer.testing import CliRunner

from carboncalc.cli import app

PROJECTS = Path(__file__).parents[2] / "projects"
SCHEMA_LINE = "# yaml-language-server: $schema=project.schema.json"


# The shipped file is pydantic's wording from this release on; before it, pydantic words the
# same models differently (allOf around a $ref, 0.0 for 0, no propertyNames).
SHIPPED_BY = Version("2.11.1")


def outline(schema: dict[str, Any]) -> dict[str, tuple[list[str], list[str]]]:
    """Each definition's fields and required fields: what a model change changes."""
    found = {"": schema, **schema["$defs"]}
    return {k: (sorted(d.get("properties", {})), sorted(d.get("required", []))) for k, d in
            found.items()}  # fmt: skip


def test_shipped_schema_equals_the_generated_one() -> None:
    """If this fails after a model change: carboncalc schema > projects/project.schema.json
    (with pydantic >= 2.11.1). On older pydantic the fields and definitions are compared."""
    result = CliRunner().invoke(app, ["schema"])
    assert result.exit_code == 0
    shipped = (PROJECTS / "project.schema.json").read_text(encoding="utf-8")
    if Version(pydantic.VERSION) >= SHIPPED_BY:
        assert result.stdout == shipped
    else:
        assert outline(json.loads(result.stdout)) == outline(json.loads(shipped))


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
