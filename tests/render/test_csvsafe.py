"""One CSV cell: text that starts like a formula quoted with ``'``, control characters escaped,
numbers left numbers (the command line's CSV output: tests/cli/test_csv_safe.py)."""

from __future__ import annotations

from carboncalc.render.csvsafe import csv_cell


def test_only_text_cells_are_neutralised() -> None:
    assert csv_cell(-5.0, 12) == "-5"
    assert csv_cell(-5.0, None) == -5.0
    assert csv_cell(-5, 12) == -5
    assert csv_cell("-5", 12) == "'-5"
    assert csv_cell("=1+1", None) == "'=1+1"
    assert csv_cell("a\x1bb", None) == "a\\x1bb"
    assert csv_cell("plain text", 12) == "plain text"
