"""A registry's ledger against the computed credits, by hand."""

from __future__ import annotations

import pytest

from carboncalc.core.credits import waterfall
from carboncalc.core.inputs import LedgerLine
from carboncalc.core.ledger import check_ledger


def test_ledger_by_hand() -> None:
    """18,333.33 t a year for three years, a 20 % buffer on net, nothing else: 14,666 credits
    and 3,666.67 t of buffer a year. Issued 14,000, 15,000 and 20,000: 0 + 334 + 5,334 = 5,668
    beyond what is computed, 51.5 % of the 11,000 t buffer."""
    w = waterfall(years=[2010, 2011, 2012], gross_tco2e=[55_000 / 3] * 3, leakage_fraction=0.0,
                  uncertainty_fraction=0.0, buffer_fraction=0.2)  # fmt: skip
    lines = [LedgerLine(2010, 14_000, 10_000, 0), LedgerLine(2011, 15_000, 15_000, 0),
             LedgerLine(2012, 20_000, 5_000, 1_000), LedgerLine(2030, 5, 0, 0)]  # fmt: skip
    check = check_ledger(lines, supported=w, deposited=w)
    assert [r.computed for r in check.rows] == [14_666, 14_666, 14_666, None]
    assert [r.excess for r in check.rows] == [0, 334, 5_334, 5]  # 2030 was never computed
    assert check.rows[2].line.active == 14_000
    assert (check.issued, check.computed, check.excess) == (49_005, 43_998, 5_673)
    assert check.buffer_balance_tco2e == pytest.approx(11_000.0)
    assert check.buffer_share_needed == pytest.approx(5_673 / 11_000)
    assert not check.holds


def test_a_ledger_within_the_computed_credits_holds() -> None:
    w = waterfall(years=[2010], gross_tco2e=[1000.0], leakage_fraction=0.0,
                  uncertainty_fraction=0.0, buffer_fraction=0.0)  # fmt: skip
    check = check_ledger([LedgerLine(2010, 1000, 0, 0)], supported=w, deposited=w)
    assert check.holds and check.excess == 0 and check.buffer_share_needed is None


def test_excess_is_stated_against_a_pooled_buffer_and_by_beneficiary() -> None:
    """The ledger of test_ledger_by_hand under the vcs rule set (a pooled buffer) with a pool of
    1,000,000 credits on 2023-10-01 (a test figure): the excess of 5,673 credits is 0.5673 % of
    the pool, and 51.6 % of the project's own 11,000 t deposits as before. 2012 issued 20,000,
    5,334 beyond (26.67 %); of its 5,000 retired, 4,000 by A and 1,000 by B: 4,000 x 5,334 /
    20,000 = 1,066.8 and 1,000 x 5,334 / 20,000 = 266.7 beyond. The route is compensation."""
    import datetime as dt

    from carboncalc.core.inputs import LedgerPool
    from carboncalc.files.factors import load_rule_set

    w = waterfall(years=[2010, 2011, 2012], gross_tco2e=[55_000 / 3] * 3, leakage_fraction=0.0,
                  uncertainty_fraction=0.0, buffer_fraction=0.2)  # fmt: skip
    lines = [LedgerLine(2010, 14_000, 10_000, 0, (("A", 10_000),)),
             LedgerLine(2011, 15_000, 15_000, 0),
             LedgerLine(2012, 20_000, 5_000, 1_000, (("A", 4_000), ("B", 1_000))),
             LedgerLine(2030, 5, 0, 0)]  # fmt: skip
    pool = LedgerPool(1_000_000, dt.date(2023, 10, 1), "pool-report")
    check = check_ledger(lines, supported=w, deposited=w, rules=load_rule_set("vcs"), pool=pool)
    assert check.excess == 5_673 and check.buffer_account == "pooled"
    assert check.pool_share_needed == pytest.approx(0.005673)
    assert check.buffer_share_needed == pytest.approx(5_673 / 11_000)
    assert check.rows[0].beyond_by == ()  # 2010 is within what is computed
    (a, beyond_a), (b, beyond_b) = check.rows[2].beyond_by
    assert (a, b) == ("A", "B")
    assert (beyond_a, beyond_b) == (pytest.approx(1_066.8), pytest.approx(266.7))
    assert check.excess_route is not None and check.excess_route[0] == "compensation"


def test_no_pool_share_for_the_projects_own_buffer() -> None:
    """fcpf keeps the project's own buffer: a pool size given is not a scale for it."""
    import datetime as dt

    from carboncalc.core.inputs import LedgerPool
    from carboncalc.files.factors import load_rule_set

    w = waterfall(years=[2010], gross_tco2e=[1000.0], leakage_fraction=0.0,
                  uncertainty_fraction=0.0, buffer_fraction=0.1)  # fmt: skip
    pool = LedgerPool(1_000, dt.date(2023, 1, 1), None)
    check = check_ledger([LedgerLine(2010, 1000, 0, 0)], supported=w, deposited=w,
                         rules=load_rule_set("fcpf"), pool=pool)  # fmt: skip
    assert check.excess == 100 and check.pool_share_needed is None
    assert check.buffer_share_needed == pytest.approx(1.0)  # 100 of the 100 t deposited
