"""A registry export's rows as a ledger by calendar-year vintage, split by days (issue 24:
registry data reconciled). Figures by hand in each docstring."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from carboncalc.core.inputs import RegistryTransaction
from carboncalc.core.ledger import ledger_from_transactions
from carboncalc.core.vintages import split_credits_by_days
from carboncalc.errors import ProjectFileError

D = dt.date


def test_a_vintage_across_two_years_is_split_by_days() -> None:
    """1 July 2009 - 30 June 2010: 184 days in 2009 (31+31+30+31+30+31), 181 in 2010, 365 in
    all. 3,660 credits: 3,660 x 184 / 365 = 1,845.04 -> 1,845 and 3,660 x 181 / 365 = 1,814.96
    -> 1,814, the one credit left to 2010 (remainder .96 > .04): 1,845 + 1,815."""
    assert split_credits_by_days(3_660, D(2009, 7, 1), D(2010, 6, 30)) == {2009: 1_845, 2010: 1_815}


def test_a_vintage_across_three_years_and_a_leap_day() -> None:
    """1 October 2011 - 31 March 2013: 92 days in 2011, 366 in 2012, 90 in 2013: 548. 1,000
    credits: 167.88 -> 167, 667.88 -> 667, 164.23 -> 164 (998), the 2 left to the largest
    remainders, 2011 and 2012 (.88 each, before .23): 168, 668, 164."""
    assert split_credits_by_days(1_000, D(2011, 10, 1), D(2013, 3, 31)) == {
        2011: 168,
        2012: 668,
        2013: 164,
    }


def test_a_vintage_within_a_year_stays_whole() -> None:
    assert split_credits_by_days(7, D(2015, 3, 1), D(2015, 3, 1)) == {2015: 7}


@given(
    quantity=st.integers(min_value=0, max_value=10**12),
    start=st.dates(min_value=D(1990, 1, 1), max_value=D(2100, 1, 1)),
    days=st.integers(min_value=0, max_value=4_000),
)
def test_a_split_by_days_keeps_the_total_and_each_share(
    quantity: int, start: dt.date, days: int
) -> None:
    """The years add up to the row's credits exactly, and each is its exact share rounded down
    or up (the largest-remainder rule never moves a year by more than one credit)."""
    end = start + dt.timedelta(days=days)
    split = split_credits_by_days(quantity, start, end)
    assert sum(split.values()) == quantity
    assert sorted(split) == list(range(start.year, end.year + 1))
    for year, credits in split.items():
        inside = (min(end, D(year, 12, 31)) - max(start, D(year, 1, 1))).days + 1
        exact = quantity * inside / (days + 1)
        assert exact - 1 < credits < exact + 1


def test_rows_add_up_by_vintage_with_beneficiaries() -> None:
    """Issued 1,000 in 2015 (an issuance row) and 300 + 200 retired (for B and A), 50
    cancelled; in 2016 an issuance of 10: 2015 has 1,000 issued, 500 retired, 50 cancelled;
    B first (300 before 200). A Verra-style row (issued=True, a retirement) counts as issued
    too: 2017's retired block of 40 is 40 issued and 40 retired."""
    y = (D(2015, 1, 1), D(2015, 12, 31))
    rows = [
        RegistryTransaction("issuance", 1_000, *y),
        RegistryTransaction("retirement", 200, *y, beneficiary="A", issued=False),
        RegistryTransaction("retirement", 300, *y, beneficiary="B", issued=False),
        RegistryTransaction("cancellation", 50, *y, issued=False),
        RegistryTransaction("issuance", 10, D(2016, 1, 1), D(2016, 12, 31)),
        RegistryTransaction("retirement", 40, D(2017, 1, 1), D(2017, 12, 31), beneficiary="C"),
    ]
    lines = ledger_from_transactions(rows)
    assert [(x.vintage, x.issued, x.retired, x.cancelled) for x in lines] == [
        (2015, 1_000, 500, 50),
        (2016, 10, 0, 0),
        (2017, 40, 40, 0),
    ]
    assert lines[0].retired_by == (("B", 300), ("A", 200))


def test_more_retired_than_issued_is_a_problem_named_by_vintage() -> None:
    """An OffsetsDB-style retirement of 20 with no issuance of 2014 in the file."""
    rows = [RegistryTransaction("retirement", 20, D(2014, 1, 1), D(2014, 12, 31), issued=False)]
    with pytest.raises(
        ProjectFileError,
        match="vintage 2014: 20 retired and 0 cancelled are more than the 0 issued",
    ):
        ledger_from_transactions(rows)
