"""Data flows one way: file -> schema -> resolved inputs -> core -> results -> renderer -> CLI,
and the package's folders are those layers:

    errors.py, units.py, printable.py   shared: anyone may import them; they import no layer
    core/                               plain values in, frozen dataclasses out
    files/                              the file side; of the core, only its input vocabulary
    reports/                            one function per command: loaded projects -> results
    render/                             results -> tables, JSON, CSV, documents, pictures
    cli/, api/, __init__.py, __main__.py     the entries: the command line and Python
    observe/                            satellite rasters over a boundary: an optional extra,
                                        reached only from its command

Each module's imports are read with ``ast`` (every import: at the top, inside functions and under
TYPE_CHECKING, since a type import is a dependency on a shape too) and checked against the layer
its folder gives it. A module's layer is its folder, so a new module has one by where it is put;
a new module at the top of the package must be named here. No import circle is allowed anywhere
in the package, between modules of one layer included.
"""

from __future__ import annotations

import ast
from functools import cache
from pathlib import Path

import pytest

import carboncalc

PACKAGE = Path(carboncalc.__file__).parent
SHARED = {"errors", "units", "printable"}
ENTRY_MODULES = {"api", "__init__", "__main__"}
PACKAGES = ("core", "files", "reports", "render", "cli", "observe")
PLANNED: set[str] = set()  # a layer whose folder the next features make
# What the raster side may use: numpy and the raster, geometry and matching libraries of its
# optional extra, which nothing else of carboncalc imports.
RASTER_LIBRARIES = {"numpy", "rasterio", "shapely", "pyproj", "scipy", "sklearn", "xarray"}
# What the file side may take from the core: the types it resolves a project into, and the
# formulas of rates (which parse and check a rate the file gives), nothing that computes results.
CORE_VOCABULARY = {"core.inputs", "core.evidence_inputs", "core.rates"}

FILE_LIBRARIES = {"pydantic", "yaml"}
TERMINAL_LIBRARIES = {"rich", "typer", "click"}


def module_name(path: Path) -> str:
    """``files.loading`` for src/carboncalc/files/loading.py; ``cli`` for cli/__init__.py."""
    parts = list(path.relative_to(PACKAGE).with_suffix("").parts)
    if parts[-1] == "__init__" and len(parts) > 1:
        parts.pop()
    return ".".join(parts)


MODULES = {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def layer(module: str) -> str:
    top = module.split(".")[0]
    if top in PACKAGES:
        return top
    if top in SHARED:
        return "shared"
    if top in ENTRY_MODULES:
        return "entry"
    raise AssertionError(f"{module} is at the top of the package: put it in a layer's folder")


@cache
def imports(module: str) -> frozenset[str]:
    """The carboncalc modules (``files.loading``) and top-level libraries (``yaml``) that a
    module imports."""
    tree = ast.parse(MODULES[module].read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            base = node.module
            if node.level:  # from . import x / from .x import y
                here = module.split(".")
                package = here if MODULES[module].name == "__init__.py" else here[:-1]
                base = ".".join(["carboncalc", *package[: len(package) - node.level + 1], base])
            # from carboncalc.files import cache: the module carboncalc.files.cache (the package's
            # own __init__ runs too, but holds no code: it is not counted)
            modules = [f"{base}.{alias.name}" for alias in node.names]
            names = modules if any(m.split(".", 1)[-1] in MODULES for m in modules) else [base]
        else:
            continue
        for name in names:
            parts = name.split(".")
            if parts[0] != "carboncalc":
                found.add(parts[0])
                continue
            inner = ".".join(parts[1:])
            if inner in MODULES:
                found.add(inner)
    return frozenset(found - {module, ""})


def ours(module: str) -> set[str]:
    return {m for m in imports(module) if m in MODULES}


def layers_of(module: str) -> set[str]:
    return {layer(m) for m in ours(module)}


def modules_in(name: str) -> list[str]:
    return sorted(m for m in MODULES if layer(m) == name)


def test_every_module_is_in_a_layer() -> None:
    for module in MODULES:
        layer(module)
    for name in set(PACKAGES) - PLANNED:
        assert modules_in(name), f"{name}/ has no modules"


def test_the_raster_side_is_reached_only_from_its_commands() -> None:
    """observe/ reads rasters with an optional extra: the core, the file side, the reports and
    the renderer never import it nor its libraries, so that start-up and the core stay as they
    are without the extra. It may use the file side, the core and the shared modules."""
    for module in MODULES:
        if layer(module) in ("observe", "cli", "entry"):
            continue
        assert "observe" not in layers_of(module), module
        assert not imports(module) & RASTER_LIBRARIES, module
    for module in modules_in("observe"):
        assert layers_of(module) <= {"observe", "files", "core", "shared"}, module


@pytest.mark.parametrize("module", modules_in("shared"))
def test_shared_modules_import_only_each_other(module: str) -> None:
    assert layers_of(module) <= {"shared"}
    assert not imports(module) & (FILE_LIBRARIES | TERMINAL_LIBRARIES)


@pytest.mark.parametrize("module", modules_in("core"))
def test_the_core_takes_plain_values(module: str) -> None:
    """The core never reads the file's shape, YAML or pydantic, nor prints."""
    assert not imports(module) & (FILE_LIBRARIES | TERMINAL_LIBRARIES)
    assert layers_of(module) <= {"core", "shared"}, layers_of(module)


@pytest.mark.parametrize("module", modules_in("files"))
def test_the_file_side_never_reaches_past_the_inputs(module: str) -> None:
    """The file side builds inputs; it never computes, renders or parses options."""
    assert layers_of(module) <= {"files", "core", "shared"}, layers_of(module)
    core = {m for m in ours(module) if layer(m) == "core"}
    assert core <= CORE_VOCABULARY, core - CORE_VOCABULARY
    assert not imports(module) & TERMINAL_LIBRARIES


@pytest.mark.parametrize("module", modules_in("reports"))
def test_orchestration_reads_no_files(module: str) -> None:
    """reports computes from loaded, resolved projects; reading happened before it was called."""
    assert not imports(module) & (FILE_LIBRARIES | TERMINAL_LIBRARIES)
    assert layers_of(module) <= {"reports", "core", "files", "shared"}
    reading = {"files.yamlio", "files.reading", "files.overrides", "files.resolve", "files.writing"}
    assert not ours(module) & reading


@pytest.mark.parametrize("module", modules_in("render"))
def test_output_does_not_compute_or_read(module: str) -> None:
    """The renderer formats results; it does not run the pipeline or read files. It may name
    the core's result types (ClaimCheck, Waterfall, Summary), never the modules that compute."""
    assert layers_of(module) <= {"render", "reports", "core", "files", "shared", "entry"}
    forbidden = {"core.pipeline", "core.stocks", "core.emissions", "core.fossil",
                 "files.resolve", "files.yamlio", "files.reading", "files.overrides"}  # fmt: skip
    assert not ours(module) & forbidden
    assert not ours(module) & {"api", "__main__"}


def import_cycles() -> list[list[str]]:
    """The package's import circles: each strongly connected component of the import graph
    (every import counted, as :func:`imports` reads them) that holds more than one module, or
    one module importing itself (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles: list[list[str]] = []

    def visit(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        on_stack.add(module)
        for other in sorted(ours(module)):
            if other not in index:
                visit(other)
                low[module] = min(low[module], low[other])
            elif other in on_stack:
                low[module] = min(low[module], index[other])
        if low[module] == index[module]:
            component = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                component.append(top)
                if top == module:
                    break
            if len(component) > 1 or module in ours(module):
                cycles.append(sorted(component))

    for module in sorted(MODULES):
        if module not in index:
            visit(module)
    return cycles


def test_no_import_circle_anywhere_in_the_package() -> None:
    """A circle means two modules are one idea, or that one of them registers itself by being
    imported: either way, neither can be read or loaded alone."""
    assert not import_cycles(), "import circles: " + "; ".join(
        " <-> ".join(cycle) for cycle in import_cycles()
    )


def test_the_cycle_finder_finds_a_circle(monkeypatch: pytest.MonkeyPatch) -> None:
    """The finder itself, on a made-up graph: a -> b -> c -> a is one circle, d is in none."""
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    monkeypatch.setattr(f"{__name__}.MODULES", dict.fromkeys(graph, PACKAGE))
    monkeypatch.setattr(f"{__name__}.ours", lambda module: graph[module])
    assert import_cycles() == [["a", "b", "c"]]


def loaded_on_import(module: str) -> set[str]:
    """What loading a module imports: its module-level imports (``if TYPE_CHECKING:`` blocks
    left out, since they never run), as top-level libraries (``rich``) and the package's own
    modules (``render.tablekit``)."""
    found: set[str] = set()

    def walk(nodes: list[ast.stmt]) -> None:
        for node in nodes:
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                names = [node.module, *(f"{node.module}.{alias.name}" for alias in node.names)]
            else:
                if isinstance(node, ast.If) and "TYPE_CHECKING" not in ast.unparse(node.test):
                    walk(node.body + node.orelse)
                elif isinstance(node, ast.Try):
                    walk(node.body + node.orelse + node.finalbody)
                continue
            for name in names:
                parts = name.split(".")
                inner = ".".join(parts[1:])
                found.add(inner if parts[0] == "carboncalc" and inner in MODULES else parts[0])

    walk(ast.parse(MODULES[module].read_text(encoding="utf-8")).body)
    return found - {"carboncalc"}


TABLE_KIT = "render.tablekit"


def test_rich_is_loaded_by_the_table_kit_only() -> None:
    """The rule: ``render.tablekit`` is the one module that imports rich at module level, and the
    one module of the renderer that imports rich at all. A function that draws a table imports
    the kit inside itself, so loading any other module loads neither rich nor the kit: JSON, CSV
    and documents never pay for rich. (The command line's progress bar imports rich inside its
    function too.)"""
    assert "rich" in loaded_on_import(TABLE_KIT)
    for module in set(MODULES) - {TABLE_KIT}:
        assert not loaded_on_import(module) & {"rich", TABLE_KIT}, module
    for module in set(modules_in("render")) - {TABLE_KIT}:
        assert "rich" not in imports(module), module


@pytest.mark.parametrize("module", sorted(set(MODULES) - set(modules_in("cli"))))
def test_nothing_but_the_entries_imports_the_cli(module: str) -> None:
    if module == "__main__":
        return
    assert "cli" not in layers_of(module)


def test_the_layers_test_sees_imports_of_every_kind() -> None:
    """The reader itself: an import inside a function, a type import and a module named in
    ``from package import module`` are all seen (else every test above could pass blindly)."""
    assert "files.loading" in imports("reports.projects")  # type import of LoadedProject
    assert "core.pipeline" in imports("reports.projects")  # from carboncalc.core import pipeline
    assert "files.cache" in imports("files.loading")  # inside load_project


def test_no_module_is_over_500_lines() -> None:
    """The project's rule for readable code: a module past 500 lines is split by what it does."""
    long = {str(p.relative_to(PACKAGE)): n for p in PACKAGE.rglob("*.py")
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > 500}  # fmt: skip
    assert not long, long
