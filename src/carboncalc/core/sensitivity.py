"""One input at a time: how far each moves avoided emissions and credits (a tornado).

Notes
-----
Each input is set to its low and then its high value, every other input staying central: an
uncertain input at the ends of its range (or, with an sd, its 5th and 95th percentiles), or any
input at its central value x (1 -/+ p/100) when a percentage p is given. The swing is
|result at high - result at low|; inputs are ranked by the swing of avoided emissions, then of
credits. Credits use the base case's uncertainty deduction throughout, so that the ranking shows
the inputs' own effect (and does not move with a Monte Carlo seed).
"""

from __future__ import annotations

from dataclasses import dataclass

from carboncalc.core import pipeline
from carboncalc.core.inputs import CaseLike, ProjectInputs, Value
from carboncalc.units import PERCENT


@dataclass(frozen=True)
class Swing:
    input: str
    low_value: float
    high_value: float
    avoided_low_tco2e: float
    avoided_high_tco2e: float
    credits_low: int | None
    credits_high: int | None

    @property
    def avoided_swing_tco2e(self) -> float:
        return abs(self.avoided_high_tco2e - self.avoided_low_tco2e)

    @property
    def credits_swing(self) -> int | None:
        if self.credits_low is None or self.credits_high is None:
            return None
        return abs(self.credits_high - self.credits_low)


@dataclass(frozen=True)
class Tornado:
    base_avoided_tco2e: float
    base_credits: int | None
    pct: float | None  # the +- percentage, when every input was moved by one
    swings: tuple[Swing, ...]  # largest first


def varied_inputs(inputs: ProjectInputs, *, pct: float | None) -> list[Value]:
    """Uncertain inputs; with a percentage, every input with a non-zero value. The
    counterfactual rate is left out: it enters only the comparison with the counterfactual."""
    return [
        q
        for q in inputs.values
        if not q.path.startswith("deforestation.counterfactual.")
        and (q.has_range or (pct is not None and q.central != 0))
    ]


def tornado(
    inputs: ProjectInputs,
    *,
    uncertainty_fraction: float,
    pct: float | None = None,
) -> Tornado:
    """Every input at its low and high value in turn (see the module notes)."""

    def results(case: CaseLike) -> tuple[float, int | None]:
        result = pipeline.emissions(inputs, case)
        avoided = result.avoided_emissions_tco2e
        if inputs.credits is None:
            return avoided, None
        credits = pipeline.credits_of(
            inputs, result, case=case, uncertainty_fraction=uncertainty_fraction
        ).credits
        return avoided, credits

    base_avoided, base_credits = results("central")
    swings = []
    for q in varied_inputs(inputs, pct=pct):
        if q.has_range and pct is None:
            low, high = q.at("low"), q.at("high")
        else:
            factor = (pct or 0.0) / PERCENT
            low, high = q.central * (1 - factor), q.central * (1 + factor)
        avoided_low, credits_low = results({q.path: low})
        avoided_high, credits_high = results({q.path: high})
        swing = Swing(q.path, low, high, avoided_low, avoided_high, credits_low, credits_high)
        swings.append(swing)
    swings.sort(key=lambda s: (-s.avoided_swing_tco2e, -(s.credits_swing or 0), s.input))
    return Tornado(base_avoided, base_credits, pct, tuple(swings))
