"""Shared by the tests of what the result cache keeps (with the ``cache_dir`` fixture of
tests/conftest.py): a record of every Monte Carlo run from a point on."""

from __future__ import annotations

from typing import Any

import pytest

from carboncalc.core import uncertainty


def record_runs(monkeypatch: pytest.MonkeyPatch, argument: str) -> list[Any]:
    """One keyword argument (``samples``, ``counterfactual``) of every Monte Carlo run from now
    on, the list growing as they run."""
    seen: list[Any] = []
    real = uncertainty.run

    def recorded(*args, **kwargs):  # type: ignore[no-untyped-def]
        seen.append(kwargs[argument])
        return real(*args, **kwargs)

    monkeypatch.setattr(uncertainty, "run", recorded)
    return seen
