"""Which commands a project file gives no input for, read from the file's own sections, and
the words carboncalc refuses them with (exit 2). Tests that run every command on every project
expect exactly these refusals: any other exit 2 is a failure, not a skip."""

from __future__ import annotations

import yaml

from carboncalc.files.projects import find_project

NO_CREDITS = "has no `credits` section"
NO_EMISSIONS = "gives no deforestation rates (`deforestation`) and accounting `period`"
NO_SENSITIVITY = "sensitivity needs deforestation rates and a period"


def refusal(project: str, command: str) -> str | None:
    """Part of the message `carboncalc COMMAND PROJECT` refuses with, or None where the file
    has what the command needs."""
    _, path = find_project(project)
    sections = yaml.safe_load(path.read_text(encoding="utf-8"))
    emissions = "deforestation" in sections and "period" in sections
    if command == "credits" and "credits" not in sections:
        return NO_CREDITS
    if command in ("emissions", "credits") and not emissions:
        return NO_EMISSIONS
    if command == "sensitivity" and not emissions:
        return NO_SENSITIVITY
    return None
