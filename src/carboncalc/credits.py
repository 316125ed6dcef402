"""From avoided emissions to credits: leakage, the uncertainty deduction, the buffer.

Notes
-----
For each vintage (projection year) v with gross avoided emissions G_v [t CO2e]:

    leakage_v     = G_v x L                       (L: leakage share)
    uncertainty_v = (G_v - leakage_v) x U         (U: uncertainty deduction), or G_v x U where
                                                  the rule set takes it on gross (ART TREES),
                                                  never more than G_v - leakage_v
    net_v         = G_v - leakage_v - uncertainty_v
    buffer_v      = net_v x B                     (B: non-permanence buffer share), or G_v x B
                                                  where the rule set takes it on gross (VCS),
                                                  never more than net_v
    credits_v     = whole_tonnes(net_v - buffer_v)

So each vintage adds up: G_v = leakage_v + uncertainty_v + buffer_v + (net_v - buffer_v).
The uncertainty deduction U follows from the half-width HW of the 90 % interval of avoided
emissions (% of the mean) by the rule set's rule: the FCPF conservativeness bands; the part of
HW above a threshold (VCS, 15 %); or 0.524417 x HW / 1.645006 (ART TREES v2.0 eq. 11).

A vintage with negative gross avoided emissions (the project cleared more than the baseline)
earns no credits and takes no deductions. Totals are sums over vintages (``math.fsum``); total
credits are the sum of each vintage's whole credits, as registries issue them by vintage.

Revenue at a price p [USD/t CO2e] and a discount rate r [%/yr]: credits_v x p for each vintage;
present value at the first vintage v0: sum of credits_v x p / (1 + r)^(v - v0).

Rounding rule: credits are whole tonnes rounded down, where a value at most 10^-6 t below a
whole tonne counts as that tonne, so that a total that is exactly 365 t in real arithmetic is
never issued as 364 because of floating-point error (``sum([0.01] * 36500)`` is 364.9999999998).
The tolerance is absolute and far below a tonne, so it can never add a credit: floating-point
spacing stays below it for any vintage up to 10^9 t.

References
----------
Haya et al. (2023), Quality Assessment of REDD+ Carbon Credit Projects, Table 3.4 (leakage).
FCPF Carbon Fund Methodological Framework, conservativeness factors (uncertainty deduction).
VCS AFOLU Non-Permanence Risk Tool v4.2 (2023) (buffer).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from carboncalc.inputs import CASES, Band, RuleSet, Value
from carboncalc.units import PERCENT

ROUNDING_TOLERANCE_TCO2E = 1e-6


def whole_tonnes(tco2e: float) -> int:
    """Credits from t CO2e: rounded down, within the stated tolerance; never below 0."""
    if tco2e <= 0:
        return 0
    return math.floor(tco2e + ROUNDING_TOLERANCE_TCO2E)


@dataclass(frozen=True)
class Vintage:
    year: int
    gross_tco2e: float
    leakage_tco2e: float
    uncertainty_tco2e: float
    buffer_tco2e: float

    @property
    def net_tco2e(self) -> float:
        """Net emission reductions: gross - leakage - uncertainty deduction."""
        return self.gross_tco2e - self.leakage_tco2e - self.uncertainty_tco2e

    @property
    def credits_exact_tco2e(self) -> float:
        """Net reductions after the buffer, before rounding to whole credits."""
        return self.net_tco2e - self.buffer_tco2e

    @property
    def credits(self) -> int:
        return whole_tonnes(self.credits_exact_tco2e)


@dataclass(frozen=True)
class Waterfall:
    leakage_fraction: float
    uncertainty_fraction: float
    buffer_fraction: float
    vintages: tuple[Vintage, ...]

    def total(self, field: str) -> float:
        return math.fsum(getattr(v, field) for v in self.vintages)

    @property
    def credits(self) -> int:
        return sum(v.credits for v in self.vintages)


def waterfall(
    *,
    years: Sequence[int],
    gross_tco2e: Sequence[float],
    leakage_fraction: float,
    uncertainty_fraction: float,
    buffer_fraction: float,
    uncertainty_on_gross: bool = False,
    buffer_on_gross: bool = False,
) -> Waterfall:
    """The credit waterfall for each vintage (see the module notes for the rule)."""
    vintages = []
    for year, gross in zip(years, gross_tco2e, strict=True):
        base = max(gross, 0.0)
        leakage = base * leakage_fraction
        uncertainty = (base if uncertainty_on_gross else base - leakage) * uncertainty_fraction
        uncertainty = min(uncertainty, base - leakage)  # no deduction takes more than is left
        net = base - leakage - uncertainty
        buffer = min((base if buffer_on_gross else net) * buffer_fraction, net)
        vintages.append(Vintage(year, gross, leakage, uncertainty, buffer))
    return Waterfall(
        leakage_fraction=leakage_fraction,
        uncertainty_fraction=uncertainty_fraction,
        buffer_fraction=buffer_fraction,
        vintages=tuple(vintages),
    )


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


@dataclass(frozen=True)
class Revenue:
    case: str
    price_usd_per_tco2e: float
    by_vintage_usd: tuple[tuple[int, float], ...]  # (vintage, credits_v x price)
    present_value_usd: float | None  # discounted to the first vintage, when a rate is given

    @property
    def revenue_usd(self) -> float:
        return math.fsum(usd for _, usd in self.by_vintage_usd)


def revenue(
    credits: Waterfall, *, price_usd_per_tco2e: Value, discount_rate_pct: Value | None
) -> tuple[Revenue, ...]:
    """Revenue at each case of the price, and its present value where a rate is given (see the
    module notes)."""
    if not credits.vintages:
        return ()
    price = price_usd_per_tco2e
    first = credits.vintages[0].year
    rate = discount_rate_pct.central / PERCENT if discount_rate_pct is not None else None
    out = []
    for case in CASES if price.has_range else ("central",):
        p = price.at(case)
        by_vintage = tuple((v.year, v.credits * p) for v in credits.vintages)
        pv = None
        if rate is not None:
            pv = math.fsum(usd / (1 + rate) ** (year - first) for year, usd in by_vintage)
        out.append(Revenue(case, p, by_vintage, pv))
    return tuple(out)
