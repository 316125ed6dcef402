"""Vintages other than projection years: monitoring periods and calendar years, split by days.

Notes
-----
Projection year t (t = 0..N-1) of an accounting period that starts on day S runs from the t-th
anniversary of S to the day before the next (an anniversary of 29 February falls on 1 March in
a year without one). A period [d1, d2] (both days included) takes from each projection year the
share of that year's days it covers:

    G_period = sum over t of G_t x days(period and year t) / days(year t)

so periods that tile the accounting period add up to its total, and a monitoring period of
15 June 2012 - 14 June 2014 in a period starting on 15 June takes exactly the projection years
2012 and 2013. Calendar-year vintages are the periods 1 January - 31 December, cut to the
accounting period: a period starting on 15 June 2008 has vintages 2008 (15 June - 31 December)
to 2028 (1 January - 14 June).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping, Sequence
from typing import TypeVar

from carboncalc.core.inputs import Period
from carboncalc.units import anniversary

ONE_DAY = dt.timedelta(days=1)
K = TypeVar("K")


def projection_years(start: dt.date, years: int) -> tuple[Period, ...]:
    """The projection years of an accounting period, labelled by the year they start in."""
    return tuple(
        Period(anniversary(start, t), anniversary(start, t + 1) - ONE_DAY, str(start.year + t))
        for t in range(years)
    )


def calendar_years(start: dt.date, years: int) -> tuple[Period, ...]:
    """Calendar years (1 January - 31 December) cut to the accounting period."""
    last = anniversary(start, years) - ONE_DAY
    return tuple(
        Period(max(start, dt.date(y, 1, 1)), min(last, dt.date(y, 12, 31)), str(y))
        for y in range(start.year, last.year + 1)
    )


def split_by_days(
    gross_by_year: Sequence[float], start: dt.date, periods: Sequence[Period]
) -> list[float]:
    """Each period's share of the projection years' values (see the module notes)."""
    years = projection_years(start, len(gross_by_year))
    out = []
    for period in periods:
        parts = []
        for year, gross in zip(years, gross_by_year, strict=True):
            overlap = (min(period.end, year.end) - max(period.start, year.start)).days + 1
            if overlap > 0:
                parts.append(gross * overlap / year.days)
        out.append(math.fsum(parts))
    return out


def days_by_year(start: dt.date, end: dt.date) -> dict[int, int]:
    """The days of ``start``-``end`` (both included) in each calendar year it touches."""
    if end < start:
        raise ValueError(f"a vintage ending {end} before it starts ({start})")
    return {y: (min(end, dt.date(y, 12, 31)) - max(start, dt.date(y, 1, 1))).days + 1
            for y in range(start.year, end.year + 1)}  # fmt: skip


def split_credits_by_days(
    quantity: int, start: dt.date, end: dt.date, *, caps: Mapping[int, int] | None = None
) -> dict[int, int]:
    """Whole credits of a vintage spanning ``start``-``end`` (both included), by calendar year,
    in proportion to each year's days of the span.

    Notes
    -----
    Year y takes Q x d_y / D (d_y of the span's D days fall in y), rounded down; the credits
    left over by the rounding (fewer than the number of years) go one each to the years with
    the largest remainders, the earlier year first on a tie, so the years add up to Q exactly.
    A span within one year keeps all of Q in it. With ``caps`` (adding up to Q or more: the
    credits issued in each year, when splitting those retired) no year takes more than its cap:
    a credit left over that a year at its cap would take goes to the next remainder.
    """
    days = days_by_year(start, end)
    total = (end - start).days + 1
    shares = {y: divmod(quantity * d, total) for y, d in days.items()}  # exact: integers
    out = {y: whole for y, (whole, _) in shares.items()}
    if caps is not None and sum(caps.get(y, 0) for y in days) < quantity:
        caps = None  # cannot hold: the caller reports the vintage that does not add up
    left = quantity - sum(out.values())
    for y in sorted(shares, key=lambda y: (-shares[y][1], y)):
        if left == 0:
            break
        if caps is None or out[y] < caps.get(y, 0):
            out[y] += 1
            left -= 1
    for y in sorted(days) if left else ():  # caps met only by more than one credit a year
        room = min(left, caps.get(y, 0) - out[y]) if caps is not None else left
        out[y] += room
        left -= room
    return out


def split_named_by_days(
    named: Mapping[K, int], by_year: Mapping[int, int], start: dt.date, end: dt.date
) -> dict[int, dict[K, int]]:
    """Credits of several holders (beneficiaries) over one span, by calendar year, keeping both
    each holder's total and each year's (``by_year``, which adds up to the holders' credits).

    Notes
    -----
    Holder h's quota in year y is Q_h x d_y / D; each takes its quotas rounded down, and the
    credits left over (each holder's and each year's) go to the cells with the largest
    remainders first (earlier year, then the holders' order, on a tie), as many as both the
    holder and the year still have. A holder has no entry in a year it took nothing of.
    """
    days = days_by_year(start, end)
    total = (end - start).days + 1
    shares = {(h, y): divmod(q * d, total) for h, q in named.items() for y, d in days.items()}
    cells = {key: whole for key, (whole, _) in shares.items()}
    row_left = {h: q - sum(cells[h, y] for y in days) for h, q in named.items()}
    col_left = {y: by_year.get(y, 0) - sum(cells[h, y] for h in named) for y in days}
    order = {h: i for i, h in enumerate(named)}
    for h, y in sorted(shares, key=lambda k: (-shares[k][1], k[1], order[k[0]])):
        take = min(row_left[h], max(col_left[y], 0))
        cells[h, y] += take
        row_left[h] -= take
        col_left[y] -= take
    return {y: {h: cells[h, y] for h in named if cells[h, y]} for y in days}
