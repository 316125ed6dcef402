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


def console_environ(environ: Mapping[str, str] | None = None) -> Mapping[str, str]:
    """``environ`` (the process's, by default) without a ``COLUMNS`` or ``LINES`` that is not a
    positive whole number."""
    environ = os.environ if environ is None else environ
    if all(_valid(environ[k]) for k in SIZE_VARIABLES if k in environ):
        return environ
    return {k: v for k, v in environ.items() if k not in SIZE_VARIABLES or _valid(v)}
