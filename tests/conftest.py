"""Hypothesis profiles: no deadlines anywhere (speed is measured in benchmarks/, never by timed
tests); in CI (CI=true) a derandomized profile, so a run that passed once passes again;
CARBONCALC_HYPOTHESIS=thorough for ten times the examples before a release or after a change to
the loader."""

from __future__ import annotations

import os

from hypothesis import settings

settings.register_profile("default", deadline=None)
settings.register_profile("ci", deadline=None, derandomize=True, max_examples=200)
settings.register_profile("thorough", deadline=None, max_examples=1000)
profile = os.environ.get("CARBONCALC_HYPOTHESIS") or ("ci" if os.environ.get("CI") else "default")
settings.load_profile(profile)
