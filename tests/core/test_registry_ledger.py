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


def test_small_blocks_of_a_period_are_summed_before_the_split() -> None:
    """Four Verra blocks of 1 credit, each retired, 1 July 2009 - 30 June 2010 (184 days in
    2009, 181 in 2010, 365 in all): summed first, 4 x 184 / 365 = 2.02 -> 2 and 4 x 181 / 365 =
    1.98 -> 1, the credit left to 2010 (.98 > .02): 2 and 2, not 4 and 0 (each block alone
    would go whole to 2009, its larger share). Two blocks of 3: 6 x 184 / 365 = 3.02 -> 3,
    6 x 181 / 365 = 2.98 -> 2 + 1: 3 and 3."""
    period = (D(2009, 7, 1), D(2010, 6, 30))
    four = [RegistryTransaction("retirement", 1, *period, beneficiary="A")] * 4
    lines = ledger_from_transactions(four)
    assert [(x.vintage, x.issued, x.retired, x.retired_by) for x in lines] == [
        (2009, 2, 2, (("A", 2),)),
        (2010, 2, 2, (("A", 2),)),
    ]
    two = [RegistryTransaction("issuance", 3, *period)] * 2
    assert [(x.vintage, x.issued) for x in ledger_from_transactions(two)] == [
        (2009, 3),
        (2010, 3),
    ]


def test_no_beneficiary_is_given_zero_credits() -> None:
    """Four blocks of 1 credit retired for A, B, C and D over the same 2009-10 period: 2 retired
    in each year (as above); each beneficiary's quota is .504 in 2009 and .496 in 2010, so the
    2009 credits go to the first two by name (the tie of remainders), the 2010 ones to the other
    two: every entry is one credit, none zero."""
    period = (D(2009, 7, 1), D(2010, 6, 30))
    rows = [RegistryTransaction("retirement", 1, *period, beneficiary=b) for b in "ABCD"]
    lines = ledger_from_transactions(rows)
    assert [(x.vintage, x.retired, x.retired_by) for x in lines] == [
        (2009, 2, (("A", 1), ("B", 1))),
        (2010, 2, (("C", 1), ("D", 1))),
    ]


@given(
    st.lists(
        st.tuples(
            st.sampled_from(["issuance", "retirement", "cancellation"]),
            st.integers(min_value=1, max_value=50),
            st.sampled_from([None, "A", "B", "C"]),
            st.sampled_from(
                [
                    (D(2009, 7, 1), D(2010, 6, 30)),
                    (D(2011, 10, 1), D(2013, 3, 31)),
                    (D(2012, 1, 1), D(2012, 12, 31)),
                ]
            ),
        ),
        max_size=12,
    )
)
def test_a_verra_ledger_keeps_every_total_and_never_a_zero_entry(
    rows: list[tuple[str, int, str | None, tuple[dt.date, dt.date]]],
) -> None:
    """Verra-style rows (every block issued): the years add up to the rows' issued, retired and
    cancelled credits and to each beneficiary's; no vintage retires or cancels more than it
    issued; no beneficiary entry is zero."""
    given_rows = [RegistryTransaction(k, q, *p, beneficiary=b if k == "retirement" else None)  # type: ignore[arg-type]
                  for k, q, b, p in rows]  # fmt: skip
    if not given_rows:
        return
    lines = ledger_from_transactions(given_rows)
    assert sum(x.issued for x in lines) == sum(q for _, q, _, _ in rows)
    assert sum(x.retired for x in lines) == sum(q for k, q, _, _ in rows if k == "retirement")
    assert sum(x.cancelled for x in lines) == sum(q for k, q, _, _ in rows if k == "cancellation")
    for who in "ABC":
        expected = sum(q for k, q, b, _ in rows if k == "retirement" and b == who)
        assert sum(n for x in lines for b, n in x.retired_by if b == who) == expected
    for x in lines:
        assert x.retired + x.cancelled <= x.issued
        assert all(n >= 1 for _, n in x.retired_by)
        assert sum(n for _, n in x.retired_by) <= x.retired
