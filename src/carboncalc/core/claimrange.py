"""The 90 % interval of carboncalc's figure for each published claim, so that a verdict can say
whether the published figure lies within the project's own uncertainty.

Each sample draws the project's uncertain inputs exactly as :func:`carboncalc.core.uncertainty.run`
does (the same streams and seed), so a claim over the whole accounting period gets the interval
``carboncalc uncertainty`` prints. A claim of a stock or an area takes the sample's stock or area;
a claim of avoided emissions sums the sample's avoided emissions over the claim's years. A count
of vehicles restates the claim's own published tonnes: it has no interval, nor has a figure that
no uncertain input moves. Only a claim's central case gets one (a published range is compared
end to end, case by case).

The interval is the 5th and 95th percentiles (inclusive method) of the samples, in the unit the
check compares in (t C, t CO2, t CO2e, ha).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from carboncalc.core import pipeline
from carboncalc.core.claims import ClaimCheck
from carboncalc.core.inputs import ClaimInputs, Draws, ProjectInputs
from carboncalc.core.sampling import Summary
from carboncalc.core.stocks import Stock
from carboncalc.units import c_to_co2

EMISSIONS = ("avoided_emissions", "avoided_emissions_per_yr")
MEASURES = ("stock", "area", *EMISSIONS)

# one claim's figure from one sample: the draws, the sample's stock, its avoided emissions by year
Figure = Callable[[Draws, Stock, dict[int, float]], float]


def _figure(inputs: ProjectInputs, claim: ClaimInputs, check: ClaimCheck) -> Figure:
    if claim.measure == "area":
        return lambda draws, _s, _e: pipeline.area_ha(inputs, draws)
    if claim.measure == "stock":
        co2 = check.unit == "t CO2"

        def stock(_d: Draws, carbon: Stock, _e: dict[int, float]) -> float:
            tc = carbon.stock_tc if claim.pool == "all" else carbon.pool(claim.pool).stock_tc
            return c_to_co2(tc) if co2 else tc

        return stock
    first, last = claim.years if claim.years else (-math.inf, math.inf)
    per_yr = claim.measure == "avoided_emissions_per_yr"

    def avoided(_d: Draws, _s: Stock, by_year: dict[int, float]) -> float:
        years = [t for t in by_year if first <= t <= last]
        total = math.fsum(by_year[t] for t in years)
        return total / len(years) if per_yr else total

    return avoided


@dataclass(frozen=True)
class Ranges:
    """The claims with their intervals, and the 90 % intervals of the stock and of the avoided
    emissions over the years asked for (None where not asked, or no uncertain input)."""

    checks: tuple[ClaimCheck, ...]
    stock_tco2: Summary | None = None
    avoided_tco2e: Summary | None = None
    # the avoided emissions over the accounting period against the counterfactual, its
    # uncertain rate drawn too (what `uncertainty --baseline counterfactual` gives)
    counterfactual_tco2e: Summary | None = None


def ranges(
    inputs: ProjectInputs,
    checks: Sequence[ClaimCheck] = (),
    *,
    samples: int,
    seed: int,
    avoided: tuple[int, int] | None = None,
    counterfactual: bool = False,
) -> Ranges:
    """One Monte Carlo of the project's uncertain inputs: each claim's interval (its central
    case), the stock's and, with ``avoided`` (first and last year), the avoided emissions'; with
    ``counterfactual``, where the file has one, the avoided emissions against it too. Each input
    has its own stream, so drawing the counterfactual's rate moves no other input's draws."""
    from carboncalc.core.uncertainty import draw, percentile, streams

    claims = {c.id: c for c in inputs.claims}
    wanted = [
        i for i, c in enumerate(checks)
        if c.case == "central" and c.derived is not None and c.measure in MEASURES
        and (c.measure not in EMISSIONS or inputs.has_emissions)
    ]  # fmt: skip
    d = inputs.deforestation
    against = counterfactual and d is not None and d.counterfactual is not None
    against = against and inputs.has_emissions
    drawn = streams(inputs, seed, counterfactual=against)
    if not drawn:  # no uncertain input: every figure is its point
        return Ranges(tuple(checks))
    figures = {i: _figure(inputs, claims[checks[i].claim_id], checks[i]) for i in wanted}
    needs_emissions = avoided is not None or any(checks[i].measure in EMISSIONS for i in wanted)
    values: dict[int, list[float]] = {i: [] for i in wanted}
    stocks: list[float] = []
    totals: list[float] = []
    supported: list[float] = []
    for _ in range(samples):
        draws = {q.path: draw(q, rng) for q, rng in drawn}
        carbon = pipeline.stock(inputs, draws)
        stocks.append(carbon.stock_tco2)
        by_year: dict[int, float] = {}
        if needs_emissions:
            rows = pipeline.emissions(inputs, draws, carbon=carbon).rows
            by_year = {r.year: r.avoided_emissions_tco2e for r in rows}
        if against:
            cf = pipeline.emissions(inputs, draws, carbon=carbon, counterfactual=True)
            supported.append(cf.avoided_emissions_tco2e)
        if avoided is not None:
            totals.append(math.fsum(e for t, e in by_year.items() if avoided[0] <= t <= avoided[1]))
        for i in wanted:
            values[i].append(figures[i](draws, carbon, by_year))
    out = list(checks)
    for i in wanted:
        ordered = sorted(values[i])
        low, high = percentile(ordered, 0.05), percentile(ordered, 0.95)
        if low < high:  # a figure no uncertain input moves has no interval
            out[i] = replace(out[i], interval=(low, high))
    return Ranges(tuple(out), _moved(stocks), _moved(totals) if totals else None,
                  _moved(supported) if supported else None)  # fmt: skip


def _moved(values: list[float]) -> Summary | None:
    """The summary of values some uncertain input moves; None where none does."""
    from carboncalc.core.uncertainty import summarise

    summary = summarise(values)
    return summary if summary.p5 < summary.p95 else None
