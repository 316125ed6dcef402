"""The environment the table console reads its size from.

rich takes ``COLUMNS`` (and ``LINES``) as the console's size when they are digits, so
``COLUMNS=0`` gave tables zero columns wide: nothing printed, exit 0. A size that is not a
positive whole number (``0``, ``-5``, ``abc``) is ignored, as if unset: the terminal's own width,
or 80 columns where there is no terminal.
"""

from __future__ import annotations

import os
from collections.abc import Mapping

SIZE_VARIABLES = ("COLUMNS", "LINES")


def _valid(value: str) -> bool:
    return value.strip().isdecimal() and int(value) > 0


def environ(given: Mapping[str, str] | None = None) -> Mapping[str, str]:
    """The table console's environment: ``given`` (the process's, by default) without a
    ``COLUMNS`` or ``LINES`` that is not a positive whole number."""
    env = os.environ if given is None else given
    if all(_valid(env[k]) for k in SIZE_VARIABLES if k in env):
        return env
    return {k: v for k, v in env.items() if k not in SIZE_VARIABLES or _valid(v)}
