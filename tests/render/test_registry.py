"""The registry: every result's entry names a module and functions that exist, and the result
modules import only the kits and helpers, never each other nor the registry."""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

import pytest

import carboncalc.render
from carboncalc.render import registry

RENDER = Path(carboncalc.render.__file__).parent
RESULT_MODULES = sorted({r.module for r in registry.RENDERERS.values()})
# what a result module may import from render/: the kits and the helpers, no other result
SHARED = {"recordkit", "tablekit", "documentkit", "numbers", "charts", "inputs", "csvsafe",
          "terminal", "plot", "creditnotes", "prose"}  # fmt: skip


@pytest.mark.parametrize("key", sorted(registry.RENDERERS))
def test_every_entry_names_a_class_and_functions_that_exist(key: str) -> None:
    module_name, _, class_name = key.partition(":")
    cls = getattr(importlib.import_module(module_name), class_name)
    assert registry.key(cls) == key
    entry = registry.RENDERERS[key]
    module = importlib.import_module(f"carboncalc.render.{entry.module}")
    named = [n for n in (entry.record, entry.table, entry.section) if n is not None]
    assert named, key
    for name in named:
        assert callable(getattr(module, name)), f"{entry.module}.{name}"


@pytest.mark.parametrize("module", RESULT_MODULES)
def test_result_modules_import_only_the_kits(module: str) -> None:
    tree = ast.parse((RENDER / f"{module}.py").read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            if node.module == "carboncalc.render":
                found.update(alias.name for alias in node.names)
            elif node.module.startswith("carboncalc.render."):
                found.add(node.module.removeprefix("carboncalc.render.").split(".")[0])
    assert found <= SHARED, found - SHARED


def test_a_result_without_a_renderer_is_refused_by_name() -> None:
    with pytest.raises(TypeError, match="no record for object"):
        registry.record(object())
    with pytest.raises(TypeError, match="no table for object"):
        registry.show(object())
