"""A loss beyond the project's buffer balance under each buffer account, by hand (issue 24,
item 7): the project's own account leaves it unbacked, a pooled account covers it."""

from __future__ import annotations

import math
from typing import Any

import pytest
from hypothesis import given

import strategies as st_cc
from carboncalc.core.credits import credits_exact_total, waterfall
from carboncalc.files.factors import load_rule_set


def test_a_loss_beyond_the_balance_is_unbacked_with_the_projects_own_buffer() -> None:
    """+100 t, then -30 t, 20 % buffer on net, nothing else, the project's own account:
    2020: 20 t to the buffer, 80 credits, balance 20.
    2021: 30 t already credited are lost; the 20 t of the balance are cancelled and the other
    10 t are beyond it: unbacked, ceil(10) = 10 credits off. Credits 80 - 10 = 70; nothing
    for the pool."""
    w = waterfall(years=[2020, 2021], gross_tco2e=[100.0, -30.0], leakage_fraction=0.0,
                  uncertainty_fraction=0.0, buffer_fraction=0.2)  # fmt: skip
    assert (w.issued, w.unbacked_credits, w.credits) == (80, 10, 70)
    assert w.pool_covered_tco2e == 0.0
    assert w.credits_exact_tco2e == pytest.approx(70.0)


def test_a_loss_beyond_the_balance_is_covered_by_a_pooled_buffer() -> None:
    """The same project with a pooled account: the 20 t of its own deposits are cancelled and
    the pool covers the other 30 - 20 = 10 t: shown in 2021's pool_covered_tco2e (to date),
    not subtracted.
    Credits stay the 80 issued; nothing unbacked; 30 t still to make good before new credits."""
    w = waterfall(years=[2020, 2021], gross_tco2e=[100.0, -30.0], leakage_fraction=0.0,
                  uncertainty_fraction=0.0, buffer_fraction=0.2, pooled_buffer=True)  # fmt: skip
    v0, v1 = w.vintages
    assert (v1.reversal_tco2e, v1.buffer_cancelled_tco2e, v1.pool_covered_tco2e) == (
        30.0,
        20.0,
        10.0,
    )
    assert v0.pool_covered_tco2e == 0.0 and v1.buffer_balance_tco2e == 0.0
    assert (w.issued, w.unbacked_credits, w.credits) == (80, 0, 80)
    assert w.pool_covered_tco2e == 10.0 and w.shortfall_tco2e == 30.0
    assert w.on_pool_credits == 10  # not made good: 10 of the 80 credits rest on the pool
    assert w.credits_exact_tco2e == pytest.approx(80.0)  # 80 + 0 (credits) - 0 unbacked


def test_the_pool_and_the_unbacked_loss_are_both_running_totals() -> None:
    """+100, -30, -20 t, 20 % buffer on net: 2021 loses 30 credited tonnes (20 from the
    balance, 10 beyond it), 2022 another 20 (the balance is 0: all 20 beyond it). After each
    vintage, the tonnes beyond the project's buffer to date are 0, 10, 30: unbacked with the
    project's own account, covered by the pool with a pooled one; the same kind of figure."""
    kwargs: dict[str, Any] = {"years": [2020, 2021, 2022], "gross_tco2e": [100.0, -30.0, -20.0],
                              "leakage_fraction": 0.0, "uncertainty_fraction": 0.0,
                              "buffer_fraction": 0.2}  # fmt: skip
    own = waterfall(**kwargs)
    pooled = waterfall(**kwargs, pooled_buffer=True)
    assert [v.unbacked_tco2e for v in own.vintages] == [0.0, 10.0, 30.0]
    assert [v.pool_covered_tco2e for v in pooled.vintages] == [0.0, 10.0, 30.0]
    assert (own.unbacked_tco2e, pooled.pool_covered_tco2e) == (30.0, 30.0)


def test_a_pooled_loss_still_must_be_made_good_before_new_credits() -> None:
    """+100, -30, +50 t, 20 % buffer on net, pooled: 2021 as above (10 t by the pool); 2022's
    first 30 t make good the shortfall, 20 t are eligible: 4 t to the buffer, 16 credits.
    Issued 80 + 16 = 96, all of them the project's (the project's own account also gives 96,
    as the 10 t unbacked were made good). The pool covered 10 t to date after 2022 too: what
    it covered is not given back when the project makes the loss good."""
    w = waterfall(years=[2020, 2021, 2022], gross_tco2e=[100.0, -30.0, 50.0],
                  leakage_fraction=0.0, uncertainty_fraction=0.0, buffer_fraction=0.2,
                  pooled_buffer=True)  # fmt: skip
    v2 = w.vintages[2]
    assert (v2.eligible_tco2e, v2.credits, v2.pool_covered_tco2e) == (20.0, 16, 10.0)
    assert (w.issued, w.credits, w.pool_covered_tco2e) == (96, 96, 10.0)
    assert w.on_pool_credits == 0  # made good by 2022: the project's tonnes back all 96


def test_the_rule_sets_state_their_buffer_account() -> None:
    """vcs: the VCS AFOLU pooled buffer account; art-trees: the ART buffer pool; fcpf: the ER
    Program's own Reversal Buffer (factors/rules.yaml, each with its source)."""
    accounts = {name: load_rule_set(name).buffer_account for name in ("vcs", "art-trees", "fcpf")}
    assert accounts == {"vcs": "pooled", "art-trees": "pooled", "fcpf": "project"}
    vcs = load_rule_set("vcs")
    assert vcs.excess_route is not None and vcs.excess_route[0] == "compensation"
    assert "Registration and Issuance Process v4.4, section 6" in vcs.excess_route[1]


@given(gross=st_cc.signed_gross_series, rules=st_cc.waterfall_rules)
def test_a_pooled_buffer_gives_back_exactly_the_unbacked_credits(
    gross: list[float], rules: dict[str, Any]
) -> None:
    """The accounts differ only in what a loss beyond the balance does: the same issued
    credits; the project's own account subtracts its unbacked credits, the pool subtracts none;
    the pool covers at least the unbacked tonnes left at the end (some may have been made good)."""
    years = list(range(len(gross)))
    own = waterfall(years=years, gross_tco2e=gross, **rules)
    pooled = waterfall(years=years, gross_tco2e=gross, pooled_buffer=True, **rules)
    assert pooled.issued == own.issued
    assert pooled.credits == own.credits + own.unbacked_credits == pooled.issued
    assert pooled.unbacked_tco2e == 0.0
    assert pooled.pool_covered_tco2e >= own.unbacked_tco2e * (1 - 1e-9)
    fast = credits_exact_total(gross_tco2e=gross, pooled_buffer=True, **rules)
    assert fast == pooled.credits_exact_tco2e
    assert math.isfinite(pooled.pool_covered_tco2e)
