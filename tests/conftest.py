"""Hypothesis profiles: no deadlines anywhere (speed is measured in benchmarks/, never by timed
tests); in CI (CI=true) a derandomized profile, so a run that passed once passes again;
CARBONCALC_HYPOTHESIS=thorough for ten times the examples before a release or after a change to
the loader."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from hypothesis import settings

settings.register_profile("default", deadline=None)
settings.register_profile("ci", deadline=None, derandomize=True, max_examples=200)
settings.register_profile("thorough", deadline=None, max_examples=1000)
profile = os.environ.get("CARBONCALC_HYPOTHESIS") or ("ci" if os.environ.get("CI") else "default")
settings.load_profile(profile)


@pytest.fixture(autouse=True)
def _no_user_cache(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Tests never read or write the user's cache (carboncalc.cache): it is off unless a test
    turns it on, in a folder of its own."""
    from carboncalc import cache

    monkeypatch.setenv("CARBONCALC_CACHE", "0")
    cache._folder.cache_clear()
    yield
    cache._folder.cache_clear()
