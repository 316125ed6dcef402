"""Data flows one way: file -> schema -> resolved inputs -> core -> results -> renderer -> CLI.

Each module's imports are read with ``ast`` (every import: at the top, inside functions and
under TYPE_CHECKING, since a type import is a dependency on a shape too) and checked against the
layer it belongs to. A new module must be given a layer here.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import carboncalc

PACKAGE = Path(carboncalc.__file__).parent
# The output side and the CLI are packages; to the other layers each is one module.
SUBPACKAGES = {"render", "cli"}

SHARED = {"errors", "units", "printable", "inputs", "evidence_inputs", "rates", "__init__"}

FILE_SIDE = {
    "model",
    "quantities",
    "yamlio",
    "projects",
    "loading",
    "overrides",
    "factors",
    "resolve",
    "writing",
    "observations",
    "cache",
    "cachedir",
    "reading",
}
CORE = {
    "stocks", "emissions", "credits", "vintages", "ledger", "equivalents", "fossil", "claims",
    "uncertainty", "sensitivity", "pipeline", "evidence",
}  # fmt: skip
ORCHESTRATION = {"reports", "credit_reports", "rate_reports", "evidence_reports"}
OUTPUT = {"render"}
ENTRY = {"cli", "__main__", "api"}  # the command line, and Python's own entry (notebooks)
LAYERS = SHARED | FILE_SIDE | CORE | ORCHESTRATION | OUTPUT | ENTRY

# What the file side may use and the core may not: the validation and YAML libraries, and the
# terminal libraries, which belong to the renderer and the CLI.
FILE_LIBRARIES = {"pydantic", "yaml"}
TERMINAL_LIBRARIES = {"rich", "typer", "click"}


def sources(module: str) -> list[Path]:
    """The files of a module: one file, or every file of a subpackage."""
    if module in SUBPACKAGES:
        return sorted((PACKAGE / module).glob("*.py"))
    return [PACKAGE / f"{module}.py"]


def imports(module: str) -> set[str]:
    """carboncalc modules (by short name) and top-level libraries a module imports."""
    found: set[str] = set()
    for path in sources(module):
        found |= _imports(path)
    return found - {module}


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
            if node.module == "carboncalc":  # from carboncalc import pipeline
                names = [f"carboncalc.{alias.name}" for alias in node.names]
        else:
            continue
        for name in names:
            parts = name.split(".")
            found.add(parts[1] if parts[0] == "carboncalc" and len(parts) > 1 else parts[0])
    return found


def test_every_module_has_a_layer() -> None:
    modules = {p.stem for p in PACKAGE.glob("*.py")} | SUBPACKAGES
    assert modules == LAYERS, f"give these a layer: {modules - LAYERS}; gone: {LAYERS - modules}"


@pytest.mark.parametrize("module", sorted(SHARED - {"__init__"}))
def test_shared_modules_import_only_each_other(module: str) -> None:
    ours = imports(module) & LAYERS
    assert ours <= SHARED, ours - SHARED
    assert not imports(module) & (FILE_LIBRARIES | TERMINAL_LIBRARIES)


@pytest.mark.parametrize("module", sorted(CORE))
def test_the_core_takes_plain_values(module: str) -> None:
    """The core never reads the file's shape, YAML or pydantic, nor prints."""
    found = imports(module)
    assert not found & (FILE_LIBRARIES | TERMINAL_LIBRARIES)
    assert not found & FILE_SIDE, f"{module} imports the file side: {found & FILE_SIDE}"
    assert not found & (ORCHESTRATION | OUTPUT | ENTRY)


@pytest.mark.parametrize("module", sorted(FILE_SIDE))
def test_the_file_side_never_reaches_past_the_inputs(module: str) -> None:
    """The file side builds inputs; it never computes, renders or parses options."""
    found = imports(module)
    assert not found & (CORE | ORCHESTRATION | OUTPUT | ENTRY)
    assert not found & TERMINAL_LIBRARIES


@pytest.mark.parametrize("module", sorted(ORCHESTRATION))
def test_orchestration_reads_no_files(module: str) -> None:
    """reports computes from loaded, resolved projects; reading happened before it was called."""
    found = imports(module)
    assert not found & (FILE_LIBRARIES | TERMINAL_LIBRARIES)
    assert not found & {"yamlio", "reading", "overrides", "resolve", "writing"}
    assert not found & (OUTPUT | ENTRY)


def test_output_does_not_compute_or_read() -> None:
    """The renderer formats results; it does not run the pipeline or read files."""
    found = imports("render")
    # It may name the core's result types (ClaimCheck, Waterfall, Summary, Tornado), never
    # the modules that compute or read.
    assert not found & {"pipeline", "stocks", "emissions", "fossil", "resolve", "yamlio", "reading",
                        "overrides"}  # fmt: skip
    assert not found & ENTRY


def test_rich_is_imported_by_the_tables_only() -> None:
    """The table modules draw; the rest of the renderer writes data or documents."""
    for path in sources("render"):
        if path.stem not in ("tables", "credit_tables"):
            assert "rich" not in _imports(path), path.name


@pytest.mark.parametrize("module", sorted(LAYERS - ENTRY))
def test_nothing_imports_the_cli(module: str) -> None:
    assert "cli" not in imports(module)
