"""The credit waterfall: its rule, the rounding to whole credits, deductions and invariants."""

from __future__ import annotations

import functools
import math
import operator
from fractions import Fraction
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import strategies as st_cc
from carboncalc.core import pipeline
from carboncalc.core.credits import (
    ROUNDING_TOLERANCE_TCO2E,
    conservativeness_deduction_pct,
    waterfall,
    whole_tonnes,
)
from carboncalc.core.inputs import Band, RuleSet
from carboncalc.files.factors import ConservativenessTable, load_reference
from carboncalc.files.model import Project
from carboncalc.files.resolve import resolve

FCPF = tuple(
    Band(b.up_to_pct, b.deduction_pct)
    for b in load_reference("conservativeness", ConservativenessTable).bands
)


def test_365_tonnes_stay_365() -> None:
    """36,500 hundredths of a tonne are 365 tonnes in real arithmetic and 365 whole credits,
    however the floats were added: one by one (364.9999999998, on every Python), by sum()
    (the same before Python 3.12, exactly 365.0 since its compensated sum) or by fsum."""
    parts = [0.01] * 36500
    assert sum(Fraction("0.01") for _ in parts) == 365
    one_by_one = functools.reduce(operator.add, parts)
    assert one_by_one < 365  # plain IEEE addition: the float error this rule is for
    for total in (one_by_one, sum(parts), math.fsum(parts)):
        assert whole_tonnes(total) == 365


@pytest.mark.parametrize(
    ("tco2e", "credits"),
    [(365 - 2e-6, 364), (365 - 1e-6, 365), (365 - 5e-7, 365), (365.0, 365), (365.999, 365),
     (0.9999, 0), (0.0, 0), (-5.0, 0), (1e9 + 0.5, 1_000_000_000)],
)  # fmt: skip
def test_rounding_rule_on_its_boundaries(tco2e: float, credits: int) -> None:
    assert whole_tonnes(tco2e) == credits


@given(st_cc.near_whole_tonnes)
def test_rounding_rule_near_whole_tonnes(whole_and_offset: tuple[int, float]) -> None:
    """Down to whole tonnes, except within the stated tolerance below a whole tonne. (Float
    error at 1e9 t is about 1e-7 t, so the cases stay a tenth of the tolerance from its edge.)"""
    n, offset = whole_and_offset
    credits = whole_tonnes(n + offset)
    if offset >= -0.9 * ROUNDING_TOLERANCE_TCO2E:
        assert credits == n
    elif offset <= -1.1 * ROUNDING_TOLERANCE_TCO2E:
        assert credits == n - 1
    else:  # the edge itself: decided by how n + offset is represented
        assert credits in (n - 1, n)


def test_waterfall_rule() -> None:
    """1,000 t gross, 10 % leakage, 4 % uncertainty, 20 % buffer:
    leakage 100; uncertainty 4 % of 900 = 36; net 864; buffer 172.8; credits 691."""
    w = waterfall(years=[2020], gross_tco2e=[1000.0], leakage_fraction=0.10,
                  uncertainty_fraction=0.04, buffer_fraction=0.20)  # fmt: skip
    (v,) = w.vintages
    assert (v.leakage_tco2e, v.uncertainty_tco2e) == pytest.approx((100.0, 36.0))
    assert v.net_tco2e == pytest.approx(864.0)
    assert v.buffer_tco2e == pytest.approx(172.8)
    assert v.credits == 691 and w.credits == 691


def test_negative_vintage_is_carried_forward() -> None:
    """-50 t then 100 t: the second vintage first makes good the 50 t, so 50 t are eligible;
    10 % leakage leaves 45 credits (it was 90 when a negative vintage was set to zero)."""
    w = waterfall(years=[2020, 2021], gross_tco2e=[-50.0, 100.0], leakage_fraction=0.1,
                  uncertainty_fraction=0.0, buffer_fraction=0.0)  # fmt: skip
    assert [v.credits for v in w.vintages] == [0, 45]
    assert [v.eligible_tco2e for v in w.vintages] == [0.0, 50.0]
    assert [v.shortfall_tco2e for v in w.vintages] == [50.0, 0.0]
    assert w.vintages[0].leakage_tco2e == 0.0
    assert w.vintages[0].reversal_tco2e == 0.0  # nothing had been credited yet


@given(st_cc.gross_series, st_cc.shares, st_cc.shares, st_cc.shares)
def test_credits_at_most_net_at_most_gross(
    gross: list[float], leak: float, unc: float, buf: float
) -> None:
    w = waterfall(years=list(range(len(gross))), gross_tco2e=gross, leakage_fraction=leak,
                  uncertainty_fraction=unc, buffer_fraction=buf)  # fmt: skip
    for v in w.vintages:
        assert v.credits <= v.net_tco2e + ROUNDING_TOLERANCE_TCO2E
        assert v.net_tco2e <= v.gross_tco2e
    assert w.credits <= w.total("net_tco2e") + len(gross) * ROUNDING_TOLERANCE_TCO2E
    assert w.total("net_tco2e") <= w.total("gross_tco2e") * (1 + 1e-12)


@given(st_cc.gross_series, st.lists(st_cc.shares, min_size=3, max_size=3),
       st.sampled_from(["leakage", "uncertainty", "buffer"]), st_cc.shares)  # fmt: skip
def test_credits_never_rise_when_a_deduction_rises(
    gross: list[float], fractions: list[float], which: str, extra: float
) -> None:
    rules = dict(zip(["leakage", "uncertainty", "buffer"], fractions, strict=True))
    higher = {**rules, which: min(1.0, rules[which] + extra)}

    def credits(r: dict[str, float]) -> int:
        return waterfall(years=list(range(len(gross))), gross_tco2e=gross,
                         leakage_fraction=r["leakage"], uncertainty_fraction=r["uncertainty"],
                         buffer_fraction=r["buffer"]).credits  # fmt: skip

    assert credits(higher) <= credits(rules)


@given(
    area=st.floats(min_value=100, max_value=1e7),
    split=st.floats(min_value=0.01, max_value=0.99),
    basis=st_cc.bases,
    years=st.integers(min_value=1, max_value=30),
)
def test_splitting_a_project_changes_credits_by_at_most_the_rounding(
    area: float, split: float, basis: str, years: int
) -> None:
    """Two projects of a and A - a hectares earn what one of A does, but for the rounding of each
    vintage: floor(x + y) - floor(x) - floor(y) is 0 or 1 per vintage."""

    def credits(area_ha: float) -> int:
        p = st_cc.inputs(area_ha=area_ha, baseline_pct=2.0, project_pct=0.5, basis=basis,
                         length_yr=years)  # fmt: skip
        rows = pipeline.emissions(p).rows
        return waterfall(years=[r.year for r in rows],
                         gross_tco2e=[r.avoided_emissions_tco2e for r in rows],
                         leakage_fraction=0.05, uncertainty_fraction=0.04,
                         buffer_fraction=0.2).credits  # fmt: skip

    whole, a, b = credits(area), credits(area * split), credits(area * (1 - split))
    assert 0 <= whole - (a + b) <= years


@pytest.mark.parametrize(
    ("methodology", "expected"),
    [("VM0015", (3.5, "VM0015")), ("VM0007", (9.0, "VM0007")), ("VM0006", (14.8, "VM0006")),
     ("VM0009", (2.4, "VM0009")), ("VM0048", (6.6, "all methodologies")),
     (None, (6.6, "all methodologies"))],
)  # fmt: skip
def test_pooled_leakage_haya_2023(methodology: str | None, expected: tuple[float, str]) -> None:
    """Haya et al. (2023) Table 3.4: VM0006 14.8, VM0007 9.0, VM0009 2.4, VM0015 3.5, all 6.6 %.
    Filled in when the file is resolved, where the file gives no leakage."""
    project = with_credits().model_copy(update={"methodology": methodology})
    rules = resolve(project).credits
    assert rules is not None
    assert rules.leakage.pct.central == expected[0]
    assert rules.leakage.how.startswith(f"pooled default for {expected[1]} [")


@pytest.mark.parametrize(
    ("half_width_pct", "deduction_pct"),
    [(0, 0), (15, 0), (15.0001, 4), (30, 4), (30.5, 8), (60, 8), (60.1, 12), (100, 12),
     (100.01, 15), (1e6, 15)],
)  # fmt: skip
def test_fcpf_conservativeness_bands(half_width_pct: float, deduction_pct: float) -> None:
    """FCPF: <= 15 % -> 0; 15-30 % -> 4; 30-60 % -> 8; 60-100 % -> 12; > 100 % -> 15."""
    assert conservativeness_deduction_pct(FCPF, half_width_pct) == deduction_pct


def with_credits(**credits: object) -> Project:
    data = st_cc.project_data(area_ha=1e6, baseline_pct=1.0, project_pct=0.25, basis="initial")
    data["deforestation"]["counterfactual"] = {
        "rate": {"value": 0.5, "unit": "%/yr", "basis": "initial", "source": "src"}
    }
    data["credits"] = {"buffer": {"value": 20, "source": "src"}, **credits}
    return Project.model_validate(data)


def report(project: Project, **kwargs: object):  # type: ignore[no-untyped-def]
    from pathlib import Path

    from carboncalc.files.loading import LoadedProject
    from carboncalc.reports.credits import credits_report

    loaded = LoadedProject(
        "t",
        Path("t.yaml"),
        resolve(project),
        project.name,
        tuple(project.countries),
        validated=project,
    )
    return credits_report(loaded, samples=200, **kwargs)  # type: ignore[arg-type]


def test_over_crediting_ratio_against_the_counterfactual() -> None:
    """Linear rates: avoided clearing is (baseline - project) every year, so credits against a
    1 %/yr baseline and a 0.5 %/yr counterfactual, for a 0.25 %/yr project, are 0.75 : 0.25."""
    r = report(with_credits(leakage={"value": 0, "source": "src"}))
    assert r.uncertainty.pct == 0  # no uncertain inputs: FCPF band 0
    assert r.over_crediting_ratio == pytest.approx(3.0, rel=1e-6)
    counter = report(with_credits(leakage={"value": 0, "source": "src"}),
                     baseline="counterfactual")  # fmt: skip
    assert counter.waterfall.credits == r.supported.credits  # type: ignore[union-attr]


def test_leakage_default_and_fixed_uncertainty_are_named() -> None:
    r = report(with_credits(uncertainty={"value": 8, "source": "src"}))
    assert r.leakage.pct == 6.6 and "pooled default for all methodologies" in r.leakage.how
    assert r.uncertainty.pct == 8 and r.uncertainty.how == "project file [src]"
    assert r.buffer.pct == 20


def test_revenue_and_present_value() -> None:
    """Revenue = credits x price; present value = sum of credits_v x price / (1 + r)^(v - v0)."""
    r = report(with_credits(price={"low": 5, "high": 15, "source": "src"},
                            discount_rate={"value": 5, "source": "src"}))  # fmt: skip
    by_case = {x.case: x for x in r.revenue}
    assert by_case["central"].price_usd_per_tco2e == 10
    assert by_case["high"].revenue_usd == pytest.approx(r.waterfall.credits * 15)
    central = by_case["central"]
    assert [usd for _, usd in central.by_vintage_usd] == [
        v.credits * 10 for v in r.waterfall.vintages
    ]
    expected_pv = math.fsum(v.credits * 10 / 1.05**i for i, v in enumerate(r.waterfall.vintages))
    assert by_case["central"].present_value_usd == pytest.approx(expected_pv)


def rule_set(name: str) -> RuleSet:
    from carboncalc.files.factors import load_rule_set

    return load_rule_set(name)


@pytest.mark.parametrize(
    ("name", "half_width_pct", "deduction_pct"),
    [
        ("fcpf", 52.8, 8.0),  # the 30-60 % band
        ("vcs", 52.8, 37.8),  # the part above 15 %
        ("vcs", 15.0, 0.0),
        ("vcs", 10.0, 0.0),  # never below 0
        ("vcs", 200.0, 100.0),  # never above 100
        ("art-trees", 52.8, 0.524417 * 52.8 / 1.645006),  # 16.8329, eq. 11
        ("art-trees", 0.0, 0.0),
    ],
)
def test_uncertainty_deduction_of_each_rule_set(
    name: str, half_width_pct: float, deduction_pct: float
) -> None:
    """Alto Mayo's 52.8 % half-width, worked by hand: FCPF 8 %, VCS 52.8 - 15 = 37.8 %,
    ART TREES 0.524417 x 52.8 / 1.645006 = 16.83 % (the figures issue 10 gives)."""
    from carboncalc.core.credits import uncertainty_deduction_pct

    found = uncertainty_deduction_pct(rule_set(name), FCPF, half_width_pct)
    assert found == pytest.approx(deduction_pct, abs=1e-12)


@pytest.mark.parametrize(
    ("name", "leakage", "uncertainty", "buffer", "credits"),
    [
        # 1,000 t, 10 % leakage, 4 % uncertainty, 20 % buffer, by hand:
        ("fcpf", 100.0, 36.0, 172.8, 691),  # U on 900; buffer on net 864
        ("vcs", 100.0, 36.0, 200.0, 664),  # U on 900; buffer on the stock change 1,000 (no fire)
        ("art-trees", 100.0, 40.0, 200.0, 660),  # U on gross; buffer on gross
    ],
)
def test_waterfall_of_each_rule_set(
    name: str, leakage: float, uncertainty: float, buffer: float, credits: int
) -> None:
    rules = rule_set(name)
    w = waterfall(years=[2020], gross_tco2e=[1000.0], leakage_fraction=0.10,
                  uncertainty_fraction=0.04, buffer_fraction=0.20,
                  uncertainty_on_gross=rules.uncertainty_base == "gross",
                  buffer_base=rules.buffer_base)  # fmt: skip
    (v,) = w.vintages
    assert (v.leakage_tco2e, v.uncertainty_tco2e, v.buffer_tco2e) == pytest.approx(
        (leakage, uncertainty, buffer)
    )
    assert v.credits == credits


@given(
    gross=st_cc.gross_series,
    rules=st_cc.waterfall_rules,
)
def test_every_rule_sets_waterfall_adds_up_and_never_exceeds_its_gross(
    gross: list[float], rules: dict[str, Any]
) -> None:
    """Each vintage: gross = leakage + uncertainty + buffer + (net - buffer); the buffer is
    never more than what is left; credits are never more than the net, nor the net the gross."""
    w = waterfall(years=list(range(len(gross))), gross_tco2e=gross, **rules)
    for v in w.vintages:
        parts = math.fsum([v.leakage_tco2e, v.uncertainty_tco2e, v.buffer_tco2e,
                           v.credits_exact_tco2e])  # fmt: skip
        assert parts == pytest.approx(v.eligible_tco2e, rel=1e-9, abs=1e-6)
        assert v.eligible_tco2e == v.gross_tco2e  # no negative vintage: nothing carried
        assert 0 <= v.buffer_tco2e <= max(v.net_tco2e, 0) + 1e-6
        assert v.credits <= max(v.net_tco2e, 0) + 1e-6 <= v.gross_tco2e + 1e-6


# --- vintages that net, and the buffer account ------------------------------------------------


@given(
    gross=st_cc.signed_gross_series,
    rules=st_cc.waterfall_rules,
)
def test_credits_never_exceed_the_net_avoided_emissions(
    gross: list[float], rules: dict[str, Any]
) -> None:
    """Whatever the order of gains and losses: credits <= (1 - leakage) x the net avoided
    emissions over the period, and the waterfall adds up to the gross: sum(gross) =
    leakage + uncertainty + buffer + credits before rounding - the shortfall left at the end."""
    w = waterfall(years=list(range(len(gross))), gross_tco2e=gross, **rules)
    net = math.fsum(gross)
    scale = math.fsum(abs(g) for g in gross)
    tol = 1e-9 * scale + 1e-6
    assert w.credits <= max(net, 0.0) * (1 - rules["leakage_fraction"]) + tol
    assert w.credits_exact_tco2e <= max(net, 0.0) * (1 - rules["leakage_fraction"]) + tol
    parts = math.fsum([w.total("leakage_tco2e"), w.total("uncertainty_tco2e"),
                       w.total("buffer_tco2e"), w.total("credits_exact_tco2e"),
                       -w.shortfall_tco2e])  # fmt: skip
    assert parts == pytest.approx(net, rel=1e-9, abs=tol)
    # the buffer account: deposits - cancellations = balance, never below 0
    assert w.buffer_balance_tco2e == pytest.approx(
        w.total("buffer_tco2e") - w.total("buffer_cancelled_tco2e"), rel=1e-9, abs=tol
    )
    assert all(v.buffer_balance_tco2e >= 0 for v in w.vintages)
    assert 0 <= w.credits <= w.issued


@given(
    baseline_pct=st.floats(min_value=0.0, max_value=30.0),
    project_pct=st.floats(min_value=0.0, max_value=30.0),
    basis=st_cc.bases,
    years=st.integers(min_value=1, max_value=60),
    buffer=st_cc.shares,
)
def test_credits_of_any_rates_and_period_never_exceed_the_net(
    baseline_pct: float, project_pct: float, basis: str, years: int, buffer: float
) -> None:
    """Through the real pipeline, with compound or linear rates either way round over any
    period: total credits <= total net avoided emissions."""
    p = st_cc.inputs(area_ha=10_000.0, baseline_pct=baseline_pct, project_pct=project_pct,
                     basis=basis, length_yr=years)  # fmt: skip
    result = pipeline.emissions(p)
    w = waterfall(years=[r.year for r in result.rows],
                  gross_tco2e=[r.avoided_emissions_tco2e for r in result.rows],
                  leakage_fraction=0.0, uncertainty_fraction=0.0,
                  buffer_fraction=buffer)  # fmt: skip
    assert w.credits <= max(result.avoided_emissions_tco2e, 0.0) + 1e-6


def test_thirty_year_compound_case() -> None:
    """Issue 10: 8 %/yr of the remaining forest in the baseline against 2 %/yr in the project,
    over 30 years, at 30,000,000 t CO2e of forest (100,000 ha x 300 t CO2e/ha). Avoided
    emissions in year t are 30e6 x (0.08 x 0.92^t - 0.02 x 0.98^t), negative from year 23;
    over the period 30e6 x (0.98^30 - 0.92^30) = 13,905,543 t. Setting negative vintages to
    zero issued 14,443,812 credits; netting keeps the total at most 13,905,543."""
    gross = [30e6 * (0.08 * 0.92**t - 0.02 * 0.98**t) for t in range(30)]
    net = 30e6 * (0.98**30 - 0.92**30)
    assert math.floor(net) == 13_905_543
    w = waterfall(years=list(range(2000, 2030)), gross_tco2e=gross, leakage_fraction=0.0,
                  uncertainty_fraction=0.0, buffer_fraction=0.0)  # fmt: skip
    assert w.issued == sum(math.floor(g) for g in gross if g > 0) == 14_443_812
    loss = -math.fsum(g for g in gross if g < 0)  # all after issuance, with no buffer
    assert w.unbacked_tco2e == pytest.approx(loss)
    assert w.credits == 14_443_812 - math.ceil(loss) <= 13_905_543


def test_a_loss_after_issuance_cancels_buffer_credits() -> None:
    """By hand, with a 20 % buffer on net and no other deduction:
    2020: +100 t: 20 t to the buffer, 80 credits, balance 20.
    2021: -30 t: 30 t already credited are lost; the buffer's 20 t are cancelled, 10 t are
    beyond it (unbacked), and 30 t must be made good before any new credit.
    2022: +50 t: the first 30 t make good the loss (the 10 t unbacked first), 20 t are eligible:
    4 t to the buffer, 16 credits. Credits 96 <= 120 t net."""
    w = waterfall(years=[2020, 2021, 2022], gross_tco2e=[100.0, -30.0, 50.0],
                  leakage_fraction=0.0, uncertainty_fraction=0.0, buffer_fraction=0.2)  # fmt: skip
    v0, v1, v2 = w.vintages
    assert (v0.credits, v0.buffer_tco2e, v0.buffer_balance_tco2e) == (80, 20.0, 20.0)
    assert (v1.reversal_tco2e, v1.buffer_cancelled_tco2e, v1.buffer_balance_tco2e) == (
        30.0, 20.0, 0.0)  # fmt: skip
    assert (v1.unbacked_tco2e, v1.shortfall_tco2e, v1.credits) == (10.0, 30.0, 0)
    assert (v2.eligible_tco2e, v2.unbacked_tco2e, v2.shortfall_tco2e) == (20.0, 0.0, 0.0)
    assert v2.buffer_tco2e == pytest.approx(4.0) and v2.credits == 16
    assert (w.issued, w.unbacked_credits, w.credits) == (96, 0, 96)


def test_a_loss_beyond_the_buffer_is_not_credited() -> None:
    """+100 t then -30 t with a 20 % buffer: 80 credits issued, the 20 t buffer cancelled, and
    10 t beyond it: 70 credits, exactly the 70 t net."""
    w = waterfall(years=[2020, 2021], gross_tco2e=[100.0, -30.0], leakage_fraction=0.0,
                  uncertainty_fraction=0.0, buffer_fraction=0.2)  # fmt: skip
    assert (w.issued, w.unbacked_credits, w.credits) == (80, 10, 70)
    assert w.shortfall_tco2e == 30.0


@given(
    gross=st_cc.gross_series,
    rules=st_cc.waterfall_rules,
    burned=st_cc.shares,
)
def test_the_gains_only_waterfall_is_the_general_one_to_the_bit(
    gross: list[float], rules: dict[str, Any], burned: float
) -> None:
    """Where no vintage is negative the waterfall skips the carrying and buffer bookkeeping
    (issue 13: most Monte Carlo samples); its vintages equal the general loop's exactly, with
    a share ``burned`` of each vintage's gross CH4 and N2O from burning."""
    from carboncalc.core.credits import _gains_only, _with_losses, stock_shares

    years = list(range(len(gross)))
    names = [""] * len(gross)
    shares = stock_shares(gross, [g * burned for g in gross])
    order = ("leakage_fraction", "uncertainty_fraction", "buffer_fraction",
             "uncertainty_on_gross", "buffer_base")  # fmt: skip
    packed = tuple(rules[key] for key in order)  # credits.Rules
    assert _gains_only(years, gross, shares, names, packed) == _with_losses(
        years, gross, shares, names, packed
    )


@given(
    gross=st_cc.signed_gross_series,
    rules=st_cc.waterfall_rules,
    burned=st_cc.shares,
)
def test_credits_exact_total_is_the_waterfalls_to_the_bit(
    gross: list[float], rules: dict[str, Any], burned: float
) -> None:
    """What each Monte Carlo sample computes (issue 13) is exactly the waterfall's total, with
    a share ``burned`` of each vintage's gross CH4 and N2O from burning."""
    from carboncalc.core.credits import credits_exact_total

    rules = {**rules, "non_co2_tco2e": [g * burned for g in gross]}
    fast = credits_exact_total(gross_tco2e=gross, **rules)
    full = waterfall(years=list(range(len(gross))), gross_tco2e=gross, **rules)
    assert fast == full.credits_exact_tco2e and math.copysign(1, fast) == math.copysign(
        1, full.credits_exact_tco2e
    )
