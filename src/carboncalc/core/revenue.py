"""Revenue from credits at a price, and its present value.

Notes
-----
Revenue at a price p [USD/t CO2e] and a discount rate r [%/yr]: credits_v x p for each vintage
v (whole credits, as issued: :class:`carboncalc.core.credits.Waterfall`); present value at the
first vintage v0: sum of credits_v x p / (1 + r)^(v - v0). Sums use ``math.fsum``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from carboncalc.core.credits import Waterfall
from carboncalc.core.inputs import CASES, Value
from carboncalc.units import PERCENT


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
