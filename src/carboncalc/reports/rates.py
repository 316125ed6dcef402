"""Rates from observed forest areas, and a difference in differences: `carboncalc rates` and
`carboncalc did`. Parses the command line's points; plain result objects; no I/O."""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass
from itertools import pairwise

from carboncalc.core.rates import AreaChange, DifferenceInDifferences, area_change
from carboncalc.errors import CarboncalcError, ComputationError, UnitError
from carboncalc.units import AREA_HA, PERCENT, parse_number_unit

DAYS_PER_YEAR = 365.25  # a Julian year: dates a whole number of years apart give whole years

_WHEN = re.compile(r"^(\d{4})(?:-(\d{2})-(\d{2}))?$")


@dataclass(frozen=True)
class Point:
    """An observed forest area at a date (or a year, taken as its 1 January)."""

    text: str
    area_ha: float
    when: dt.date
    year_only: bool

    def years_to(self, later: Point) -> float:
        if self.year_only and later.year_only:
            return float(later.when.year - self.when.year)
        return (later.when - self.when).days / DAYS_PER_YEAR


def parse_point(text: str) -> Point:
    """``"500000ha@2010"`` or ``"1500km2@2010-06-30"``: an area with its unit, at a year or day."""
    area_text, at, when_text = text.partition("@")
    match = _WHEN.match(when_text.strip())
    if not at or not match:
        raise CarboncalcError(
            f"expected AREA@YEAR or AREA@YYYY-MM-DD such as 500000ha@2010, got {text!r}"
        )
    try:
        value, unit = parse_number_unit(area_text)
    except UnitError as exc:
        raise CarboncalcError(f"{text!r}: {exc}") from None
    unit = unit or "ha"
    if unit not in AREA_HA:
        raise CarboncalcError(f"{text!r}: an area is in ha, acre or km2, not {unit!r}")
    if not 0 < value < 1e15:
        raise CarboncalcError(f"{text!r}: a forest area must be above 0")
    year, month, day = match.groups()
    try:
        when = dt.date(int(year), int(month or 1), int(day or 1))
    except ValueError:
        raise CarboncalcError(f"{text!r}: {when_text} is not a date") from None
    return Point(text, value * AREA_HA[unit], when, month is None)


@dataclass(frozen=True)
class Interval:
    start: Point
    end: Point
    change: AreaChange


@dataclass(frozen=True)
class RatesReport:
    points: tuple[Point, ...]
    intervals: tuple[Interval, ...]  # consecutive points, then first to last where more than 2


def rates_report(texts: list[str]) -> RatesReport:
    """Rates between consecutive observed areas, and over the whole series."""
    points = [parse_point(t) for t in texts]
    if len(points) < 2:
        raise CarboncalcError(
            "give at least two observed areas, such as 500000ha@2010 420000ha@2020"
        )
    pairs = list(pairwise(points))
    if len(points) > 2:
        pairs.append((points[0], points[-1]))
    intervals = []
    for a, b in pairs:
        years = a.years_to(b)
        if years <= 0:
            raise CarboncalcError(f"{b.text} is not later than {a.text}")
        intervals.append(Interval(a, b, _finite(a, b, area_change(a.area_ha, b.area_ha, years))))
    return RatesReport(tuple(points), tuple(intervals))


def _finite(a: Point, b: Point, change: AreaChange) -> AreaChange:
    """``change``, refused where a rate is beyond a float (an area growing a million-fold in a
    day has an FAO rate of 10^2191 per year): such a rate means nothing, so it is not given."""
    try:
        rates = [change.fao_q, change.puyravaud_r, change.linear, change.ha_per_yr]
    except OverflowError:
        rates = [math.inf]
    if not all(math.isfinite(r) for r in rates):
        raise ComputationError(
            f"the rate from {a.text} to {b.text} is too large to compute "
            f"({change.area_to_ha / change.area_from_ha:.3g} times the area in "
            f"{change.years:.3g} years) and would mean nothing; give observations further apart"
        )
    return change


@dataclass(frozen=True)
class DidReport:
    did: DifferenceInDifferences
    unit: str  # "%/yr" or "fraction/yr", as the rates were given
    area_ha: float | None
    years: float | None

    @property
    def effect_ha(self) -> float | None:
        if self.area_ha is None or self.years is None:
            return None
        per = PERCENT if self.unit == "%/yr" else 1.0
        return self.did.effect_ha(area_ha=self.area_ha, years=self.years, per=per)
