"""The shared settings applied to a run, and ``carboncalc --show-config``.

The settings file (:mod:`carboncalc.files.config`) gives defaults: each setting becomes the
default of its option in every command that has one, through click's ``default_map`` set on the
app's context before the command's own is made. click takes an option's value from the command
line, else its environment variable, else the ``default_map``, else its own default
(``Parameter.consume_value``): so the command line wins, then ``CARBONCALC_PROJECTS_DIR``, then
the file, then carboncalc's default.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any

import typer

from carboncalc.core.sampling import DEFAULT_SAMPLES, MIN_SAMPLES
from carboncalc.files.config import PARAMETERS, Config, load_config

# What each setting is where nothing sets it: carboncalc's own default, in words.
BUILT_IN = {
    "rules": "the project's credits.rules, else its standard's, else fcpf",
    "samples": DEFAULT_SAMPLES,
    "seed": 0,
    "factors": "the project's equivalents.factors, else the current edition",
    "projects-dir": "./projects, then here, then the seed projects",
    "format": "table",
}
ENVIRONMENT = {"projects-dir": "CARBONCALC_PROJECTS_DIR"}


def apply_config(ctx: typer.Context, *, formats: list[str]) -> Config | None:
    """Read the settings that apply in the working folder and make them the defaults of the
    options of every command of ``ctx``'s app that has them (``formats``: of --format)."""
    try:
        here = Path.cwd()
    except OSError:  # the working folder was removed: no settings apply (nor any ./projects)
        return None
    config = load_config(here, formats=formats, samples_between=(MIN_SAMPLES, 1_000_000))
    if config is None or not config.values:
        return config
    # a setting whose environment variable is set is left to it, whatever click's version
    # does with an option's envvar beside a default_map (typer 0.26's reads no envvar at all)
    by_param = {PARAMETERS[key]: value for key, value in config.values.items()
                if not os.environ.get(ENVIRONMENT.get(key, ""))}  # fmt: skip
    defaults: dict[str, dict[str, Any]] = {}
    for name, command in getattr(ctx.command, "commands", {}).items():
        for param in command.params:
            if param.name not in by_param:
                continue
            value = by_param[param.name]
            if param.name == "fmt":
                value = _format_for(value, _choices(param))
                if value is None or _default(param) not in ("table", "text"):
                    continue  # a format this command does not write, or one whose default is
                    # not a table (a registry ledger's import writes YAML to paste unless told)
            defaults.setdefault(name, {})[param.name] = value
    ctx.default_map = {**(ctx.default_map or {}), **defaults}
    return config


def _choices(param: Any) -> list[str]:
    """The values a choice option takes (typer describes its type; click's has `choices`)."""
    described = getattr(param, "type_descriptor", None)
    choices = getattr(described, "choices", None) or getattr(getattr(param, "type", None),
                                                             "choices", None) or []  # fmt: skip
    return [str(getattr(c, "value", c)) for c in choices]


def _format_for(value: str, choices: list[str]) -> str | None:
    """The format setting as a command takes it: text and table are one format (check calls it
    text, the other commands table); None where the command does not write it (github and
    junit are check's alone)."""
    same = {"text": "table", "table": "text"}
    if value in choices:
        return value
    return same[value] if same.get(value) in choices else None


def _default(param: Any) -> str:
    return str(getattr(param.default, "value", param.default))


def show_config(config: Config | None) -> None:
    """Each setting, its value and where it comes from, one a line, as TOML would write it."""
    lines = [f"# settings file: {config.path if config is not None else 'none'}"]
    for key in PARAMETERS:
        env = ENVIRONMENT.get(key)
        value: Any
        if env is not None and os.environ.get(env):
            value, where = os.environ[env], f"{env} (environment)"
        elif config is not None and key in config.values:
            value, where = config.values[key], config.where(key)
        else:
            value, where = BUILT_IN[key], "built-in default"
            if isinstance(value, str) and key not in ("format",):
                lines.append(f"# {key}: unset ({value})")
                continue
        shown = json.dumps(value) if isinstance(value, str) else str(value)
        lines.append(f"{key} = {shown}".ljust(24) + f"  # {where}")
    sys.stdout.write("\n".join(lines) + "\n")
