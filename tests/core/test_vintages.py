"""Vintages by calendar year and by monitoring period, split from projection years by days."""

from __future__ import annotations

import datetime as dt
import math
from itertools import pairwise

import pytest
from hypothesis import given
from hypothesis import strategies as st

from carboncalc.core.inputs import Period
from carboncalc.core.vintages import calendar_years, projection_years, split_by_days
from carboncalc.units import anniversary

D = dt.date


def test_a_monitoring_period_on_anniversaries_takes_whole_projection_years() -> None:
    """Alto Mayo's second monitoring period, 15 June 2012 - 14 June 2014, in an accounting
    period from 15 June 2008: exactly the projection years 2012 and 2013."""
    gross = [float(10**t) for t in range(6)]  # 2008..2013: 1, 10, ..., 100000
    (found,) = split_by_days(gross, D(2008, 6, 15), [Period(D(2012, 6, 15), D(2014, 6, 14), "")])
    assert found == 10_000.0 + 100_000.0


def test_calendar_years_cut_to_the_accounting_period() -> None:
    """From 15 June 2008 for 20 years: 2008 is 15 June - 31 December (200 days), 2028 is
    1 January - 14 June (166 days, 2028 being a leap year)."""
    years = calendar_years(D(2008, 6, 15), 20)
    assert [p.label for p in (years[0], years[-1])] == ["2008", "2028"]
    assert len(years) == 21
    assert (years[0].start, years[0].end, years[0].days) == (D(2008, 6, 15), D(2008, 12, 31), 200)
    assert (years[-1].start, years[-1].end, years[-1].days) == (D(2028, 1, 1), D(2028, 6, 14), 166)


def test_a_calendar_year_takes_its_share_of_days_by_hand() -> None:
    """Projection year 2008 (15 June 2008 - 14 June 2009) has 365 days, 200 of them in 2008;
    projection year 2009 (to 14 June 2010) has 365, 165 of them in 2009: calendar 2009 takes
    the other 165 of 2008's and 200 of 2009's."""
    g2008, g2009 = 365.0, 730.0
    found = split_by_days([g2008, g2009], D(2008, 6, 15), calendar_years(D(2008, 6, 15), 2))
    assert found == pytest.approx([200.0, 165.0 + 730.0 * 200 / 365, 730.0 * 165 / 365])


def test_29_february_has_its_anniversary_on_1_march() -> None:
    assert anniversary(D(2012, 2, 29), 1) == D(2013, 3, 1)
    assert anniversary(D(2012, 2, 29), 4) == D(2016, 2, 29)
    assert [p.days for p in projection_years(D(2012, 2, 29), 2)] == [366, 365]


@given(
    start=st.dates(min_value=D(1900, 1, 1), max_value=D(2100, 12, 31)),
    gross=st.lists(st.floats(min_value=-1e9, max_value=1e9), min_size=1, max_size=40),
)
def test_calendar_vintages_add_up_to_the_projection_years(
    start: dt.date, gross: list[float]
) -> None:
    """Periods that tile the accounting period, day for day, share out exactly its total."""
    periods = calendar_years(start, len(gross))
    assert periods[0].start == start
    assert all(b.start - a.end == dt.timedelta(days=1) for a, b in pairwise(periods))
    assert periods[-1].end == projection_years(start, len(gross))[-1].end
    found = split_by_days(gross, start, periods)
    scale = math.fsum(abs(g) for g in gross)
    assert math.fsum(found) == pytest.approx(math.fsum(gross), rel=1e-12, abs=1e-9 * scale + 1e-9)
