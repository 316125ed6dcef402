"""The Python API's docstring examples are run, so that what they show is what carboncalc gives
(each public function's and method's Examples section)."""

from __future__ import annotations

import doctest
import importlib
import inspect
from pathlib import Path

import pytest

import carboncalc

ROOT = Path(__file__).parents[2]
MODULES = ["results", "commands", "project", "whatifs", "portfolio", "outputs"]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples_run(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)  # the seed projects, as from a clone's root
    monkeypatch.delenv("CARBONCALC_PROJECTS_DIR", raising=False)
    module = importlib.import_module(f"carboncalc.api.{name}")
    found = doctest.testmod(module, globs={"carboncalc": carboncalc, **vars(module)},
                            optionflags=doctest.ELLIPSIS, report=True)  # fmt: skip
    assert found.failed == 0


def test_every_public_function_and_method_has_examples() -> None:
    """Parameters (where it takes any), Returns and Examples, numpydoc's sections."""
    missing = []
    for name in carboncalc.api.__all__:
        thing = getattr(carboncalc.api, name)
        members = [thing] if not isinstance(thing, type) else [
            m for k, m in inspect.getmembers(thing, callable) if not k.startswith("_")
            and m.__module__.startswith("carboncalc.api")]  # fmt: skip
        for member in members:
            doc = member.__doc__ or ""
            if "Examples\n" not in doc or "Returns\n" not in doc:
                missing.append(f"{name}.{member.__name__}")
    assert not missing, missing
