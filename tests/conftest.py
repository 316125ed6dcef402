"""Hypothesis profiles: no deadlines anywhere (speed is measured in benchmarks/, never by timed
tests); in CI (CI=true) a derandomized profile, so a run that passed once passes again."""

from __future__ import annotations

import os

from hypothesis import settings

settings.register_profile("default", deadline=None)
settings.register_profile("ci", deadline=None, derandomize=True, max_examples=200)
settings.load_profile("ci" if os.environ.get("CI") else "default")
