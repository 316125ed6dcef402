"""From avoided emissions to credits: leakage, the uncertainty deduction, the buffer account.

Notes
-----
Vintages (projection years) are taken in order. Let S_v be the cumulative gross avoided
emissions up to vintage v [t CO2e] and P_v = max(0, S_1, ..., S_v) its high-water mark: the
tonnes credited so far. Vintage v's eligible reductions are what it adds above the mark,

    E_v = P_v - P_(v-1)

so a vintage with negative avoided emissions (the project cleared more than the baseline) is
carried forward: later vintages first make good the shortfall P - S, and only what lies above
it earns credits. On E_v:

    leakage_v     = E_v x L                       (L: leakage share)
    uncertainty_v = (E_v - leakage_v) x U         (U: uncertainty deduction), or E_v x U where
                                                  the rule set takes it on gross (ART TREES),
                                                  never more than E_v - leakage_v
    net_v         = E_v - leakage_v - uncertainty_v
    buffer_v      = net_v x B                     (B: non-permanence buffer share), or E_v x B
                                                  where the rule set takes it on gross (ART
                                                  TREES), or E_v x (1 - N_v / G_v) x B where it
                                                  takes it on the change in carbon stocks only
                                                  (VCS); never more than net_v, nor below 0
    credits_v     = whole_tonnes(net_v - buffer_v)   issued for the vintage

so each vintage's eligible reductions add up: E_v = leakage_v + uncertainty_v + buffer_v +
(net_v - buffer_v), and over the period sum(G_v) = sum(E_v) - (P_N - S_N).

The change in carbon stocks. N_v is the part of vintage v's gross avoided emissions that is CH4
and N2O from burning (in CO2e), not a loss of carbon stocks; G_v - N_v is the avoided change in
carbon stocks. Where a vintage's eligible reductions are less than its gross (a shortfall made
good first), they are taken to hold the same share of stock change as its gross, 1 - N_v / G_v
(G_v > 0 wherever E_v > 0). Without burning N_v = 0 and the base is E_v, as on gross.

Reversals. The buffer deposits buffer_v into the project's buffer account. A negative vintage
that takes S below the mark after credits were issued is a loss of credited tonnes:

    reversal_v = max(min(S_(v-1), P_(v-1)), 0) - max(min(S_v, P_v), 0)

Buffer credits equal to the loss are cancelled from the account, up to the project's own
balance. What happens to a loss beyond the balance depends on whose the account is:

- the project's own account: the loss beyond it is *unbacked*, issued credits no longer backed
  by this project's tonnes. When later vintages make good a loss, the unbacked tonnes are made
  good first. The project's credits are

      credits = sum(credits_v) - ceil(unbacked at the end),  never below 0

- a pooled account (the VCS AFOLU pooled buffer account): the pool cancels the rest from
  other projects' deposits,

      pool_v = reversal_v - cancelled_v      covered by the pool, shown, not subtracted

  shown, as the unbacked loss is, to date: the pool's cover after vintage v is the sum of
  pool_u for u <= v (a later making good gives nothing back to the pool)

  and credits = sum(credits_v): the project's issued credits stay backed by the pool. Later
  vintages still make good the shortfall before new credits (the carrying forward).

With the project's own account, credits are never more than the net avoided emissions
sum(G_v), nor than (1 - L) sum(G_v): the loss beyond the buffer is at least the shortfall left at
the end less what the buffer held. With a pooled account they can be: by what the pool covered.

The uncertainty deduction U follows from the half-width HW of the 90 % interval of avoided
emissions (% of the mean) by the rule set's rule: the FCPF conservativeness bands; the part of
HW above a threshold (VCS, 15 %); or 0.524417 x HW / 1.645006 (ART TREES v2.0 eq. 11). A rule
set that takes it per year (ART TREES v2.0 eq. 10-11: UNC_t = ER_t x UA_t) gives each vintage
its own U_v, from the half-width of that vintage's avoided emissions over the Monte Carlo
samples; ``uncertainty_fractions`` carries them, in place of the one U.
Totals are sums over vintages (``math.fsum``); issued credits are the sum of each vintage's
whole credits, as registries issue them by vintage.

Revenue at a price is in :mod:`carboncalc.core.revenue`.

Rounding rule: credits are whole tonnes rounded down, where a value at most 10^-6 t below a
whole tonne counts as that tonne, so that a total that is exactly 365 t in real arithmetic is
never issued as 364 because of floating-point error (``sum([0.01] * 36500)`` is 364.9999999998).
The tolerance is absolute and far below a tonne, so it can never add a credit: floating-point
spacing stays below it for any vintage up to 10^9 t. Unbacked tonnes are rounded up, with the
same tolerance.

References
----------
Haya et al. (2023), Quality Assessment of REDD+ Carbon Credit Projects, Table 3.4 (leakage).
FCPF Carbon Fund Methodological Framework, conservativeness factors (uncertainty deduction).
VCS AFOLU Non-Permanence Risk Tool v4.2 (2023) and VCS Standard (buffer on the change in
carbon stocks only; factors/rules.yaml gives the sections). The carrying forward of negative
vintages and the cancellation of buffer credits for a loss are in factors/rules.yaml, with
their sources and what is assumed.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from operator import attrgetter
from typing import NamedTuple

from carboncalc.core.inputs import Band, BufferBase, RuleSet
from carboncalc.units import PERCENT

ROUNDING_TOLERANCE_TCO2E = 1e-6


def whole_tonnes(tco2e: float) -> int:
    """Credits from t CO2e: rounded down, within the stated tolerance; never below 0."""
    if tco2e <= 0:
        return 0
    return math.floor(tco2e + ROUNDING_TOLERANCE_TCO2E)


def whole_tonnes_up(tco2e: float) -> int:
    """Tonnes owed, as whole credits: rounded up, within the stated tolerance; never below 0."""
    if tco2e <= ROUNDING_TOLERANCE_TCO2E:
        return 0
    return math.ceil(tco2e - ROUNDING_TOLERANCE_TCO2E)


class Vintage(NamedTuple):
    year: int  # the calendar year the vintage starts in
    gross_tco2e: float
    eligible_tco2e: float  # above the high-water mark: what the deductions are taken from
    leakage_tco2e: float
    uncertainty_tco2e: float
    buffer_tco2e: float  # deposited into the buffer account
    reversal_tco2e: float = 0.0  # credited tonnes lost in this vintage
    buffer_cancelled_tco2e: float = 0.0  # buffer credits cancelled for the loss
    buffer_balance_tco2e: float = 0.0  # the account after this vintage
    shortfall_tco2e: float = 0.0  # still to make good before new credits, after this vintage
    unbacked_tco2e: float = 0.0  # loss beyond the buffer not yet made good, after this vintage
    label: str = ""  # a monitoring period's dates; "" for a year, shown as the year
    pool_covered_tco2e: float = 0.0  # loss beyond the project's balance covered by a pooled
    # buffer to date, after this vintage (a running total, as unbacked_tco2e is)
    buffer_base_tco2e: float = 0.0  # what the buffer is a share of, by the rule set's base

    @property
    def name(self) -> str:
        """How the vintage is shown: its year, or its period's dates."""
        return self.label or str(self.year)

    @property
    def net_tco2e(self) -> float:
        """Net emission reductions: eligible - leakage - uncertainty deduction."""
        return self.eligible_tco2e - self.leakage_tco2e - self.uncertainty_tco2e

    @property
    def credits_exact_tco2e(self) -> float:
        """Net reductions after the buffer, before rounding to whole credits."""
        return self.net_tco2e - self.buffer_tco2e

    @property
    def carried_tco2e(self) -> float:
        """The part of a negative vintage that adds to the shortfall rather than reversing
        credited tonnes (0 within the rounding tolerance)."""
        carried = -self.gross_tco2e - self.reversal_tco2e
        return carried if carried > ROUNDING_TOLERANCE_TCO2E else 0.0

    @property
    def credits(self) -> int:
        """Credits issued for the vintage."""
        return whole_tonnes(self.credits_exact_tco2e)


@dataclass(frozen=True)
class Waterfall:
    leakage_fraction: float
    uncertainty_fraction: float
    buffer_fraction: float
    vintages: tuple[Vintage, ...]
    # each vintage's uncertainty deduction, where the rule set takes one per year (ART TREES);
    # None where one deduction, ``uncertainty_fraction``, applies to every vintage
    uncertainty_fractions: tuple[float, ...] | None = None

    def total(self, field: str) -> float:
        return math.fsum(map(attrgetter(field), self.vintages))

    @property
    def uncertainty_pct_by_vintage(self) -> tuple[float, ...]:
        """The uncertainty deduction each vintage took [%]."""
        each = self.uncertainty_fractions or [self.uncertainty_fraction] * len(self.vintages)
        return tuple(u * PERCENT for u in each)

    @property
    def issued(self) -> int:
        """Credits issued, vintage by vintage."""
        return sum(v.credits for v in self.vintages)

    @property
    def unbacked_tco2e(self) -> float:
        """Loss beyond the buffer account, not made good by the end."""
        return self.vintages[-1].unbacked_tco2e if self.vintages else 0.0

    @property
    def shortfall_tco2e(self) -> float:
        """Tonnes still to make good at the end, before any new credit."""
        return self.vintages[-1].shortfall_tco2e if self.vintages else 0.0

    @property
    def buffer_balance_tco2e(self) -> float:
        return self.vintages[-1].buffer_balance_tco2e if self.vintages else 0.0

    @property
    def pool_covered_tco2e(self) -> float:
        """Losses beyond the project's buffer balance that a pooled buffer covered, to the end."""
        return self.vintages[-1].pool_covered_tco2e if self.vintages else 0.0

    @property
    def on_pool_tco2e(self) -> float:
        """Loss covered by a pooled buffer and not made good by the end: what the project's own
        account would leave unbacked (later vintages make good the pool's part as they would
        the unbacked part, first)."""
        on_pool, mark, covered = 0.0, 0.0, 0.0
        to_date: list[float] = []
        for v in self.vintages:
            before = math.fsum(to_date)
            to_date.append(v.gross_tco2e)
            after = math.fsum(to_date)
            made_good = max(max(min(after, mark), 0.0) - max(min(before, mark), 0.0), 0.0)
            mark = max(mark, after)
            on_pool = max(on_pool - made_good, 0.0) + v.pool_covered_tco2e - covered
            covered = v.pool_covered_tco2e
        return on_pool

    @property
    def on_pool_credits(self) -> int:
        """Issued credits that rest on the pooled buffer at the end (other projects' deposits),
        not on the project's own tonnes."""
        return min(whole_tonnes_up(self.on_pool_tco2e), self.issued)

    @property
    def unbacked_credits(self) -> int:
        """Issued credits the project's tonnes no longer back (see the module notes)."""
        return min(whole_tonnes_up(self.unbacked_tco2e), self.issued)

    @property
    def credits(self) -> int:
        """The project's credits: issued, less those its tonnes no longer back."""
        return self.issued - self.unbacked_credits

    @property
    def credits_exact_tco2e(self) -> float:
        """Credits before rounding: after every deduction and the unbacked loss; never below 0."""
        return max(self.total("credits_exact_tco2e") - self.unbacked_tco2e, 0.0)


def waterfall(
    *,
    years: Sequence[int],
    gross_tco2e: Sequence[float],
    leakage_fraction: float,
    uncertainty_fraction: float,
    buffer_fraction: float,
    uncertainty_on_gross: bool = False,
    buffer_base: BufferBase = "net",
    non_co2_tco2e: Sequence[float] | None = None,
    pooled_buffer: bool = False,
    labels: Sequence[str] | None = None,
    uncertainty_fractions: Sequence[float] | None = None,
) -> Waterfall:
    """The credit waterfall and buffer account by vintage (see the module notes for the rule);
    ``non_co2_tco2e``: of each vintage's gross, the CH4 and N2O from burning [t CO2e] (none
    where not given); ``pooled_buffer``: a loss beyond the project's balance is the pool's, not
    unbacked; ``labels`` name vintages that are not years (monitoring periods);
    ``uncertainty_fractions`` give each vintage its own uncertainty deduction in place of
    ``uncertainty_fraction`` (a rule set that takes it per year)."""
    rules = (leakage_fraction, uncertainty_fraction, buffer_fraction, uncertainty_on_gross,
             buffer_base)  # fmt: skip
    names = labels if labels is not None else [""] * len(years)
    shares = stock_shares(gross_tco2e, non_co2_tco2e)
    if all(gross >= 0 for gross in gross_tco2e):
        vintages = _gains_only(years, gross_tco2e, shares, names, rules, uncertainty_fractions)
    else:
        vintages = _with_losses(years, gross_tco2e, shares, names, rules, uncertainty_fractions,
                                pooled=pooled_buffer)  # fmt: skip
    return Waterfall(
        leakage_fraction=leakage_fraction,
        uncertainty_fraction=uncertainty_fraction,
        buffer_fraction=buffer_fraction,
        vintages=tuple(vintages),
        uncertainty_fractions=(
            tuple(uncertainty_fractions) if uncertainty_fractions is not None else None
        ),
    )


Rules = tuple[float, float, float, bool, BufferBase]


def _by_vintage(n: int, rules: Rules, uncertainty_fractions: Sequence[float] | None) -> list[Rules]:
    """Each vintage's rules: the same for all, or each with its own uncertainty deduction."""
    if uncertainty_fractions is None:
        return [rules] * n
    if len(uncertainty_fractions) != n:
        raise ValueError(f"{len(uncertainty_fractions)} uncertainty deductions for {n} vintages")
    leakage, _, buffer, on_gross, buffer_base = rules
    return [(leakage, u, buffer, on_gross, buffer_base) for u in uncertainty_fractions]


def credits_exact_total(
    *,
    gross_tco2e: Sequence[float],
    leakage_fraction: float,
    uncertainty_fraction: float,
    buffer_fraction: float,
    uncertainty_on_gross: bool = False,
    buffer_base: BufferBase = "net",
    non_co2_tco2e: Sequence[float] | None = None,
    pooled_buffer: bool = False,
    uncertainty_fractions: Sequence[float] | None = None,
) -> float:
    """``waterfall(...).credits_exact_tco2e``, to the bit, without building the vintages where
    none is negative: what each Monte Carlo sample needs, 10,000 times a run."""
    if not all(gross >= 0 for gross in gross_tco2e):  # losses: the whole waterfall
        whole = waterfall(years=range(len(gross_tco2e)), gross_tco2e=gross_tco2e,
                          leakage_fraction=leakage_fraction,
                          uncertainty_fraction=uncertainty_fraction,
                          buffer_fraction=buffer_fraction,
                          uncertainty_on_gross=uncertainty_on_gross,
                          buffer_base=buffer_base, non_co2_tco2e=non_co2_tco2e,
                          pooled_buffer=pooled_buffer,
                          uncertainty_fractions=uncertainty_fractions)  # fmt: skip
        return whole.credits_exact_tco2e
    rules = _by_vintage(len(gross_tco2e), (leakage_fraction, uncertainty_fraction,
                        buffer_fraction, uncertainty_on_gross, buffer_base),
                        uncertainty_fractions)  # fmt: skip
    exact = []
    shares = stock_shares(gross_tco2e, non_co2_tco2e)
    for gross, share, rules_v in zip(gross_tco2e, shares, rules, strict=True):
        leakage, uncertainty, _, buffer, _ = _deductions(gross, share, rules_v)
        exact.append(gross - leakage - uncertainty - buffer)  # as Vintage.credits_exact_tco2e
    return max(math.fsum(exact) - 0.0, 0.0)  # as Waterfall.credits_exact_tco2e, nothing unbacked


def stock_shares(
    gross_tco2e: Sequence[float], non_co2_tco2e: Sequence[float] | None
) -> list[float]:
    """Each vintage's share of its gross avoided emissions that is a change in carbon stocks,
    1 - N_v / G_v (1 where nothing is burned, or where G_v is not positive: nothing is
    eligible there)."""
    if non_co2_tco2e is None:
        return [1.0] * len(gross_tco2e)
    return [1.0 - non_co2 / gross if gross > 0 and non_co2 else 1.0
            for gross, non_co2 in zip(gross_tco2e, non_co2_tco2e, strict=True)]  # fmt: skip


def _deductions(
    eligible: float, stock_share: float, rules: Rules
) -> tuple[float, float, float, float, float]:
    """Leakage, uncertainty deduction, net, buffer and the buffer's base of a vintage's
    eligible reductions, of which ``stock_share`` is a change in carbon stocks."""
    leakage_fraction, uncertainty_fraction, buffer_fraction, on_gross, buffer_base = rules
    leakage = eligible * leakage_fraction
    left = eligible - leakage
    uncertainty = (eligible if on_gross else left) * uncertainty_fraction
    if left < uncertainty:  # no deduction takes more than is left (min(), as min() picks)
        uncertainty = left
    net = eligible - leakage - uncertainty
    if buffer_base == "net":
        base = net
    elif buffer_base == "gross":
        base = eligible
    else:  # the change in carbon stocks only
        base = eligible * stock_share if stock_share > 0 else 0.0
    buffer = base * buffer_fraction
    if net < buffer:
        buffer = net
    return leakage, uncertainty, net, buffer, base


def _gains_only(
    years: Sequence[int],
    gross_tco2e: Sequence[float],
    shares: Sequence[float],
    names: Sequence[str],
    rules: Rules,
    uncertainty_fractions: Sequence[float] | None = None,
) -> list[Vintage]:
    """The waterfall where no vintage is negative: every vintage is eligible as it is, and
    nothing is carried, lost or cancelled. The same figures as :func:`_with_losses` gives
    (cumulative sums never fall, so the mark is the sum and every gap is exactly 0.0), without
    the bookkeeping: most projects, and every Monte Carlo sample of them."""
    vintages = []
    balance = 0.0
    each = _by_vintage(len(gross_tco2e), rules, uncertainty_fractions)
    for year, gross, share, label, rules_v in zip(years, gross_tco2e, shares, names, each,
                                                  strict=True):  # fmt: skip
        leakage, uncertainty, _, buffer, base = _deductions(gross, share, rules_v)
        balance = balance + buffer
        vintages.append(Vintage(year, gross, gross, leakage, uncertainty, buffer, 0.0, 0.0,
                                balance, 0.0, 0.0, label, 0.0, base))  # fmt: skip
    return vintages


def _with_losses(
    years: Sequence[int],
    gross_tco2e: Sequence[float],
    shares: Sequence[float],
    names: Sequence[str],
    rules: Rules,
    uncertainty_fractions: Sequence[float] | None = None,
    *,
    pooled: bool = False,
) -> list[Vintage]:
    """The waterfall with carrying forward, reversals and the buffer account (the project's
    own, or a pooled one that covers a loss beyond the project's balance)."""
    vintages = []
    to_date: list[float] = []  # gross by vintage so far, for S with math.fsum
    mark = 0.0  # P: the high-water mark of S, the tonnes credited so far
    cumulative = 0.0  # S
    balance = 0.0  # the buffer account
    unbacked = 0.0
    pool_to_date = 0.0
    each = _by_vintage(len(gross_tco2e), rules, uncertainty_fractions)
    for year, gross, share, label, rules_v in zip(years, gross_tco2e, shares, names, each,
                                                  strict=True):  # fmt: skip
        before = cumulative
        to_date.append(gross)
        cumulative = math.fsum(to_date)
        # with nothing to make good, a vintage's reductions are eligible exactly as they are
        eligible = max(gross, 0.0) if before >= mark else max(cumulative - mark, 0.0)
        # the change of S that lies between 0 and the mark: tonnes credited before, lost or
        # made good again
        covered_before = max(min(before, mark), 0.0)
        covered_after = max(min(cumulative, mark), 0.0)
        reversal = max(covered_before - covered_after, 0.0)
        made_good = max(covered_after - covered_before, 0.0)
        mark = max(mark, cumulative)
        leakage, uncertainty, _, buffer, base = _deductions(eligible, share, rules_v)
        cancelled = min(reversal, balance)
        balance = balance - cancelled + buffer
        beyond = reversal - cancelled
        pool = beyond if pooled else 0.0
        unbacked = max(unbacked - made_good, 0.0) + beyond - pool
        pool_to_date += pool
        vintages.append(
            Vintage(
                year=year,
                gross_tco2e=gross,
                eligible_tco2e=eligible,
                leakage_tco2e=leakage,
                uncertainty_tco2e=uncertainty,
                buffer_tco2e=buffer,
                reversal_tco2e=reversal,
                buffer_cancelled_tco2e=cancelled,
                buffer_balance_tco2e=balance,
                shortfall_tco2e=mark - cumulative,
                unbacked_tco2e=unbacked,
                label=label,
                pool_covered_tco2e=pool_to_date,
                buffer_base_tco2e=base,
            )
        )
    return vintages


def conservativeness_deduction_pct(bands: Sequence[Band], half_width_pct: float) -> float:
    """Uncertainty deduction [%] for the half-width of the 90 % interval [% of the mean], from
    a conservativeness table's bands (ordered, the last unbounded)."""
    for band in bands:
        if band.up_to_pct is None or half_width_pct <= band.up_to_pct:
            return band.deduction_pct
    raise AssertionError("the last band is unbounded")  # the table's schema guarantees it


# ART TREES v2.0 eq. 11: UA = 0.524417 x HW90 / 1.645006 (see factors/rules.yaml for the source)
ART_TREES_SCALE = 0.524417
ART_TREES_T90 = 1.645006


def uncertainty_deduction_pct(
    rules: RuleSet, bands: Sequence[Band], half_width_pct: float
) -> float:
    """The uncertainty deduction [%] a rule set gives for a 90 % half-width [% of the mean]."""
    if rules.uncertainty_rule == "bands":
        return conservativeness_deduction_pct(bands, half_width_pct)
    if rules.uncertainty_rule == "excess_over":
        assert rules.threshold_pct is not None
        deduction = half_width_pct - rules.threshold_pct
    else:
        deduction = ART_TREES_SCALE * half_width_pct / ART_TREES_T90
    return min(max(deduction, 0.0), 100.0)
