"""CSV cells that a spreadsheet shows as written, never runs.

A project file's name, note or source is text anyone can write. A spreadsheet opening a CSV cell
that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return reads it as a formula
(``=HYPERLINK(...)``, ``=cmd|' /C calc'!A0``). As OWASP's "CSV Injection" guidance recommends,
such a text cell is written with a single quote ``'`` before it, which a spreadsheet shows as
text; its control characters are escaped as tables escape them (:func:`printable`). Numbers are
not text: ``-5.0`` stays a number.
"""

from __future__ import annotations

import csv
import sys
from typing import Any

from carboncalc.printable import printable

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_writer() -> Any:
    """The CSV writer of every CSV output: to stdout, one ``\\n`` per row."""
    return csv.writer(sys.stdout, lineterminator="\n")


def csv_cell(value: Any, digits: int | None) -> Any:
    """One cell: a float to ``digits`` significant digits (None: its shortest exact form), text
    neutralised (see the module notes), anything else as it is."""
    if isinstance(value, float) and digits:
        return f"{value:.{digits}g}"
    if isinstance(value, str):
        text = printable(value)
        return "'" + text if value.startswith(FORMULA_START) else text
    return value
