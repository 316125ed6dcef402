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
