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


# Answer lines and the stock table round to three significant figures: the inputs behind them
# are good to one or two (a density of 60-230 t dm/ha), so more digits would claim a precision
# the figure lacks. Credit and emission ledgers stay in whole tonnes: credits are issued by the
# tonne and each column adds up to its total.
SIGNIFICANT = 3


def rounded(x: float, digits: int = SIGNIFICANT) -> str:
    """``x`` to ``digits`` significant figures, with thousands separators: 2,336,905 ->
    "2,340,000", 0.084412 -> "0.0844", -40,741 -> "-40,700"."""
    import math

    if x == 0 or not math.isfinite(x):
        return f"{x:g}"
    exponent = math.floor(math.log10(abs(x)))
    places = digits - 1 - exponent
    value = round(x, places)
    if value and math.floor(math.log10(abs(value))) > exponent:  # 9.996 -> 10.0: one digit fewer
        places -= 1
        value = round(x, places)
    return _unsigned_zero(f"{value:,.{max(places, 0)}f}")


def beside(x: float, published: float, digits: int = SIGNIFICANT) -> str:
    """``x`` rounded to ``digits`` significant figures, or to more where that would print it as
    the published figure it differs from (449,732 beside 450,000: "449,700", not "450,000"),
    up to seven."""
    while digits < 7 and x != published and rounded(x, digits) == rounded(published, digits):
        digits += 1
    return rounded(x, digits)


MASS_PREFIXES = ((1e9, "Gt"), (1e6, "Mt"))


def scale(t: float) -> tuple[float, str]:
    """The unit that reads best for tonnes of this size: (1e6, "Mt"), (1e9, "Gt") or (1, "t")."""
    return next(((size, p) for size, p in MASS_PREFIXES if abs(t) >= size), (1.0, "t"))


def mass(t: float, substance: str = "CO2e", digits: int = SIGNIFICANT) -> str:
    """Tonnes of a substance in the unit that reads best, to ``digits`` significant figures:
    2,336,905 t CO2e -> "2.34 Mt CO2e"; 3.96e9 t C -> "3.96 Gt C"; 40,741 -> "40,700 t CO2e";
    999,999 -> "1.00 Mt CO2e" (the unit is chosen after rounding)."""
    size, prefix = scale(float(f"{t:.{digits}g}"))
    return f"{rounded(t / size, digits)} {prefix} {substance}".rstrip()


def mass_range(low: float, high: float, substance: str = "", digits: int = SIGNIFICANT) -> str:
    """An interval in one unit, the larger end's: "1.10-3.58 Mt CO2e" (without a substance,
    where the sentence names it: "21.6-70.0 Mt")."""
    size, prefix = scale(max(abs(low), abs(high)))
    ends = f"{rounded(low / size, digits)}-{rounded(high / size, digits)}"
    return f"{ends} {prefix} {substance}".rstrip()


def share(x: float | None, digits: int = 2) -> str:
    """A signed difference in per cent to ``digits`` significant figures: -82.62 -> "-83 %",
    -0.0596 -> "-0.060 %"; "-" where there is none."""
    if x is None:
        return "-"
    text = rounded(x, digits)
    return f"{'' if text.startswith('-') or text == '0' else '+'}{text} %"
