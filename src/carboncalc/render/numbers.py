"""Number formats of the tables and documents.

Rounding rule: tables and documents show numbers rounded to the digits printed (Python's
correctly rounded formatting, ties to even); JSON and CSV carry the unrounded values.
"""

from __future__ import annotations


def _unsigned_zero(text: str) -> str:
    """ "-0" and "-0.00" (a tiny negative rounded away) print as zero."""
    return text[1:] if text.startswith("-") and not text.strip("-0.,") else text


def tonnes(x: float | None) -> str:
    return "-" if x is None else _unsigned_zero(f"{x:,.0f}")


def dec(x: float | None, places: int = 2) -> str:
    return "-" if x is None else _unsigned_zero(f"{x:,.{places}f}")


def pct(x: float | None) -> str:
    return "-" if x is None else f"{x:+.2f} %"


def sig(x: float) -> str:
    """Up to 4 significant digits for small numbers, whole units with separators for large."""
    return f"{x:,.0f}" if abs(x) >= 1000 else f"{x:.4g}"
