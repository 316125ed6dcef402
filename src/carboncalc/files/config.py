"""Shared settings: a ``carboncalc.toml`` (top-level keys) or ``[tool.carboncalc]`` in a
``pyproject.toml``, found from the working folder upward.

The search stops at the first folder holding either (``carboncalc.toml`` wins where a folder
holds both; a ``pyproject.toml`` without ``[tool.carboncalc]`` is passed by), and never goes past
a folder holding ``.git`` or the filesystem's root. The settings are the defaults of the options
of the same name in every command that has them: an option on the command line wins, then its
environment variable (``CARBONCALC_PROJECTS_DIR``), then this file, then carboncalc's default.

Read at every start: only ``tomllib`` and this module, and the shipped tables' YAML where a
setting names a rule set or a factor edition, so that it can be checked here.
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from carboncalc.errors import CarboncalcError, Problem

OWN_FILE = "carboncalc.toml"
PYPROJECT = "pyproject.toml"
TABLE = ("tool", "carboncalc")

# setting -> the parameter it is the default of, in every command that has one of that name
PARAMETERS = {
    "rules": "rules",
    "samples": "samples",
    "seed": "seed",
    "factors": "factors",
    "projects-dir": "projects_dir",
    "format": "fmt",
}


class Config:
    """The settings of one file: each as the option takes it (a rule set's name, a whole
    number, a folder's absolute path), with the line it is on. (A plain class: a dataclass
    costs a millisecond of start-up to make, and this module is imported at every start.)"""

    def __init__(self, path: Path, prefix: str) -> None:
        self.path = path
        self.prefix = prefix  # how a setting is named in messages: "tool.carboncalc." or ""
        self.values: dict[str, Any] = {}
        self.lines: dict[str, int | None] = {}

    def where(self, key: str) -> str:
        """``carboncalc.toml:3``: the file and the setting's line, for --show-config."""
        line = self.lines.get(key)
        return f"{self.path}" + (f":{line}" if line else "")


def find_config(start: Path) -> tuple[Path, bool] | None:
    """The settings file that applies in ``start``, and whether it is a pyproject.toml; None if
    there is none up to the repository's root (``.git``) or the filesystem's, or up to a
    folder that cannot be looked into."""
    try:
        folder = start.resolve()
        while True:
            own = folder / OWN_FILE
            if own.is_file():
                return own, False
            pyproject = folder / PYPROJECT
            if pyproject.is_file() and _has_table(pyproject):
                return pyproject, True
            if (folder / ".git").exists() or folder.parent == folder:
                return None
            folder = folder.parent
    except OSError:  # a folder above that may not be read: no settings from there
        return None


_TABLE_LINE = re.compile(
    r"^\s*(\[\s*tool\s*\.\s*carboncalc\s*[].]|tool\s*\.\s*carboncalc\s*\.)", re.MULTILINE
)


def _has_table(path: Path) -> bool:
    """Whether a pyproject.toml has a ``[tool.carboncalc]`` table (or ``tool.carboncalc.KEY``
    lines): a cheap look before parsing, so that another tool's file is passed by unread."""
    try:
        return _TABLE_LINE.search(path.read_text(encoding="utf-8", errors="replace")) is not None
    except OSError:
        return False


def load_config(
    start: Path,
    *,
    formats: Sequence[str],
    samples_between: tuple[int, int],
) -> Config | None:
    """The settings that apply in ``start``, checked: every problem of the file at once, one
    line each (file, line, setting, what was expected), as a :class:`CarboncalcError`."""
    found = find_config(start)
    if found is None:
        return None
    path, is_pyproject = found
    shown = _shown(path)
    import tomllib

    try:
        with open(path, "rb") as file:
            data = tomllib.load(file)
    except OSError as exc:
        raise CarboncalcError([Problem(f"cannot read the file: {exc.strerror}", shown)]) from None
    except tomllib.TOMLDecodeError as exc:
        raise CarboncalcError([_syntax_problem(exc, shown)]) from None
    except UnicodeDecodeError:
        raise CarboncalcError([Problem("not UTF-8 text, as TOML must be", shown)]) from None
    table: Any = data
    for key in TABLE if is_pyproject else ():
        table = table.get(key, {}) if isinstance(table, dict) else {}
    prefix = ".".join(TABLE) + "." if is_pyproject else ""
    text = path.read_text(encoding="utf-8")
    config = Config(shown_path(path), prefix)
    problems = []
    if not isinstance(table, dict):
        problems.append(Problem("expected a table of settings", shown, field=prefix.rstrip(".")))
        table = {}
    for key, value in table.items():
        line = _line_of(text, key, is_pyproject)
        config.lines[key] = line
        try:
            config.values[key] = _checked(key, value, path.parent, formats, samples_between)
        except ValueError as exc:
            problems.append(Problem(str(exc), shown, line, field=f"{prefix}{key}"))
    if problems:
        raise CarboncalcError(problems)
    return config


def shown_path(path: Path) -> Path:
    """A settings file's path as people read it: relative to the working folder when inside
    it, else absolute."""
    try:
        return path.relative_to(Path.cwd().resolve())
    except ValueError:
        return path


def _shown(path: Path) -> str:
    return str(shown_path(path))


def _syntax_problem(exc: Any, shown: str) -> Problem:
    """tomllib's ``Invalid value (at line 3, column 9)`` as ``FILE:3:9: invalid TOML: ...``."""
    message = str(exc)
    at = re.search(r"\s*\(at line (\d+), column (\d+)\)$", message)
    if at is None:
        return Problem(f"invalid TOML: {message}", shown)
    what = message[: at.start()]
    return Problem(f"invalid TOML: {what}", shown, int(at.group(1)), int(at.group(2)))


def _line_of(text: str, key: str, is_pyproject: bool) -> int | None:
    """The line a setting is on, by a plain scan: in a pyproject.toml, after the
    ``[tool.carboncalc]`` header and before the next; None where it is not found so (a key
    written another way, an inline table)."""
    pattern = re.compile(rf"""^\s*(["']?){re.escape(key)}\1\s*=""")
    header = re.compile(r"^\s*\[\s*tool\s*\.\s*carboncalc\s*\]\s*(#.*)?$")
    inside = not is_pyproject
    for number, line in enumerate(text.splitlines(), start=1):
        if is_pyproject and line.lstrip().startswith("["):
            inside = bool(header.match(line))
            continue
        if inside and pattern.match(line):
            return number
    return None


def _checked(
    key: str,
    value: Any,
    folder: Path,
    formats: Sequence[str],
    samples_between: tuple[int, int],
) -> Any:
    """A setting's value as its option takes it, or ValueError saying what was expected."""
    import difflib

    if key not in PARAMETERS:
        close = difflib.get_close_matches(key, list(PARAMETERS), n=1)
        if close:
            raise ValueError(f"no such setting; did you mean {close[0]!r}?")
        raise ValueError(f"no such setting (settings: {', '.join(PARAMETERS)})")
    if key in ("samples", "seed"):
        # a seed is any whole number, as --seed takes it
        low, high = samples_between if key == "samples" else (None, None)
        within = f" from {low:,} to {high:,}" if low is not None and high is not None else ""
        if (isinstance(value, bool) or not isinstance(value, int)
                or (low is not None and value < low)
                or (high is not None and value > high)):  # fmt: skip
            raise ValueError(f"expected a whole number{within}, got {_toml(value)}")
        return value
    if key == "factors" and isinstance(value, int) and not isinstance(value, bool):
        value = str(value)  # factors = 2018
    if not isinstance(value, str) or not value:
        raise ValueError(f"expected text, got {_toml(value)}")
    if key == "rules":
        return _one_of(value, shipped_names("rules", "sets"), "a rule set")
    if key == "format":
        return _one_of(value, list(formats), "an output format")
    if key == "factors":
        if value.endswith((".yaml", ".yml")):  # an edition of the user's own, beside the settings
            if not (folder / value).is_file():
                raise ValueError(f"expected a factors file (relative to this file's folder), "
                                 f"got {value!r}: no file {str(folder / value)!r}")  # fmt: skip
            return str(folder / value)
        return _one_of(value, shipped_names("equivalents", "versions"), "a factor version")
    if os.environ.get("CARBONCALC_PROJECTS_DIR"):
        return value  # left to the environment, which wins: not checked, nor used
    where = folder / value  # projects-dir: relative to the settings file's folder
    if not where.is_dir():
        raise ValueError(f"expected a folder (relative to this file's), got {value!r}: no "
                         f"folder {str(where)!r}")  # fmt: skip
    return str(where)


def _one_of(value: str, known: list[str], what: str) -> str:
    import difflib

    if value in known:
        return value
    close = difflib.get_close_matches(value, known, n=1)
    if close:
        raise ValueError(f"expected {what}, got {value!r}; did you mean {close[0]!r}?")
    raise ValueError(f"expected {what} ({', '.join(sorted(known))}), got {value!r}")


def _toml(value: Any) -> str:
    """A value as the file writes it, with its kind: ``"1000" (text)``, ``50``."""
    if isinstance(value, str):
        return f"{value!r} (text)"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    return f"a {type(value).__name__.replace('dict', 'table').replace('list', 'array')}"


def shipped_names(table: str, key: str) -> list[str]:
    """The names under ``key`` of a shipped table (the rule sets, the factor versions), read
    with YAML only (no validation: the table's own model checks it when a command uses it);
    for settings and for shell completion."""
    import yaml

    path = Path(__file__).resolve().parent / "factors" / f"{table}.yaml"
    with open(path, encoding="utf-8") as file:
        data = yaml.load(file, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    return [str(name) for name in data[key]]
