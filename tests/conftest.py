"""Hypothesis profiles: no deadlines anywhere (speed is measured in benchmarks/, never by timed
tests). Every run is derandomized by default, locally as in CI, so a test passes or fails for a
reason about carboncalc and the same commit gives the same result wherever it runs ("ci" is the
same profile under its old name). CARBONCALC_HYPOTHESIS=thorough draws 1,000 random examples
per test before a release or after a change to the loader."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings

settings.register_profile("default", deadline=None, derandomize=True, max_examples=200)
settings.register_profile("ci", parent=settings.get_profile("default"))
settings.register_profile("thorough", deadline=None, derandomize=False, max_examples=1000)
settings.load_profile(os.environ.get("CARBONCALC_HYPOTHESIS") or "default")


@pytest.fixture(autouse=True)
def _no_user_cache(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Tests never read or write the user's cache (carboncalc.files.cache): it is off unless a test
    turns it on, in a folder of its own."""
    from carboncalc.files import cache

    monkeypatch.setenv("CARBONCALC_CACHE", "0")
    cache._folder.cache_clear()
    yield
    cache._folder.cache_clear()


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """The cache on, in a folder of the test's own."""
    from carboncalc.files import cache

    folder = tmp_path / "cache"
    monkeypatch.setenv("CARBONCALC_CACHE", "1")
    monkeypatch.setenv("CARBONCALC_CACHE_DIR", str(folder))
    cache._folder.cache_clear()
    yield folder
    cache._folder.cache_clear()
