"""Monte Carlo propagation of every uncertain input to stock, avoided emissions and credits.

Notes
-----
Each sample draws every uncertain input once (independently) and runs the same stock, emission
and credit code as the deterministic result, with the draw in place of the central values.

    uniform(low, high); triangular(low, high, mode = value or the midpoint);
    normal(mean = value, sd), truncated at 0 (every carboncalc input is non-negative);
    lognormal with mean `value` and standard deviation `sd`:
        sigma^2 = ln(1 + sd^2 / mean^2),  mu = ln(mean) - sigma^2 / 2

Results are summarised by mean, median and the 5th and 95th percentiles (inclusive method).
The half-width of the 90 % interval as a share of the mean, (p95 - p5) / 2 / mean, is what the
FCPF conservativeness table turns into an uncertainty deduction. Pure Python ``random`` with a
seed: the same seed gives the same numbers.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from carboncalc.claims import area_ha, project_emissions
from carboncalc.credits import waterfall
from carboncalc.model import Project, Ranged, Sample, walk
from carboncalc.stocks import carbon_stock
from carboncalc.units import PERCENT

# The sections whose inputs feed stock, emissions and credits (claims are outputs, not inputs).
INPUT_SECTIONS = ("area", "carbon", "deforestation", "credits")


@dataclass(frozen=True)
class Summary:
    mean: float
    median: float
    p5: float
    p95: float

    @property
    def half_width_pct(self) -> float | None:
        """Half-width of the 90 % interval as a share of the mean [%]."""
        if self.mean == 0:
            return None
        return (self.p95 - self.p5) / 2 / abs(self.mean) * PERCENT


def percentile(ordered: Sequence[float], q: float) -> float:
    """The q-quantile (0..1) of sorted values, interpolated between neighbours (the
    "inclusive" method): lo + (hi - lo) x f, kept between lo and hi, so that percentiles are
    ordered to the last bit and equal neighbours give exactly their value."""
    position = (len(ordered) - 1) * q
    j = math.floor(position)
    lo, hi = ordered[j], ordered[min(j + 1, len(ordered) - 1)]
    return min(max(lo + (hi - lo) * (position - j), lo), hi)


def summarise(values: Sequence[float]) -> Summary:
    """Mean, median, 5th and 95th percentiles; identical samples summarise to themselves
    exactly (a mean computed as sum / n could differ in the last bit)."""
    if min(values) == max(values):
        return Summary(values[0], values[0], values[0], values[0])
    ordered = sorted(values)
    return Summary(
        mean=math.fsum(values) / len(values),
        median=percentile(ordered, 0.5),
        p5=percentile(ordered, 0.05),
        p95=percentile(ordered, 0.95),
    )


def uncertain_inputs(project: Project) -> list[tuple[str, Ranged]]:
    """Every input with a spread (a range or a standard deviation), by field path."""
    return [
        (".".join(map(str, loc)), obj)
        for loc, obj in walk(project)
        if loc and loc[0] in INPUT_SECTIONS and isinstance(obj, Ranged) and obj.has_range
    ]


def draw(q: Ranged, rng: random.Random) -> float:
    """One value of an uncertain input (see the module notes for each distribution)."""
    kind = q.distribution or ("normal" if q.sd else "uniform")
    if kind in ("uniform", "triangular"):
        assert q.low is not None and q.high is not None
        if kind == "uniform":
            return rng.uniform(q.low, q.high)
        return rng.triangular(q.low, q.high, q.central)
    assert q.value is not None and q.sd is not None
    if kind == "lognormal":
        sigma2 = math.log1p((q.sd / q.value) ** 2)
        return rng.lognormvariate(math.log(q.value) - sigma2 / 2, math.sqrt(sigma2))
    while True:
        value = rng.gauss(q.value, q.sd)
        if value >= 0:
            return value


@dataclass(frozen=True)
class MonteCarlo:
    samples: int
    seed: int
    inputs: tuple[str, ...]
    stock_tco2: Summary
    avoided_tco2e: Summary | None  # None when the project has no deforestation scenario
    credits_exact_tco2e: Summary | None  # after all deductions, before rounding


def run(
    project: Project,
    *,
    samples: int,
    seed: int,
    uncertainty_fraction: Callable[[Summary], float] | None = None,
    leakage_pct: float | None = None,
    progress: Callable[[int], None] | None = None,
) -> MonteCarlo:
    """Propagate every uncertain input through stock, avoided emissions and (when the project
    has credit rules) credits.

    ``uncertainty_fraction`` turns the avoided-emissions summary into the uncertainty deduction
    applied in every sample (the file's fixed deduction, or the FCPF table); ``leakage_pct`` is
    the pooled default when the file gives no leakage.
    """
    rng = random.Random(seed)
    uncertain = uncertain_inputs(project)
    has_emissions = project.deforestation is not None and project.period is not None
    stocks: list[float] = []
    avoided: list[float] = []
    gross_by_sample: list[tuple[list[float], float, float]] = []
    years: list[int] = []
    credit_rules = project.credits
    for i in range(samples):
        sample = Sample({id(q): draw(q, rng) for _, q in uncertain})
        stocks.append(carbon_stock(project.carbon, area_ha=area_ha(project, sample), case=sample)
                      .stock_tco2)  # fmt: skip
        if has_emissions:
            result = project_emissions(project, case=sample)
            avoided.append(result.avoided_emissions_tco2e)
            if credit_rules is not None:
                years = [r.year for r in result.rows]
                leak = (
                    credit_rules.leakage.at(sample)
                    if credit_rules.leakage is not None
                    else leakage_pct or 0.0
                )
                gross_by_sample.append(
                    (
                        [r.avoided_emissions_tco2e for r in result.rows],
                        leak / PERCENT,
                        credit_rules.buffer.at(sample) / PERCENT,
                    )
                )
        if progress is not None:
            progress(i + 1)
    avoided_summary = summarise(avoided) if avoided else None
    credits_summary = None
    if gross_by_sample and avoided_summary is not None and uncertainty_fraction is not None:
        deduction = uncertainty_fraction(avoided_summary)
        credits_summary = summarise(
            [
                waterfall(
                    years=years,
                    gross_tco2e=gross,
                    leakage_fraction=leak,
                    uncertainty_fraction=deduction,
                    buffer_fraction=buffer,
                ).total("credits_exact_tco2e")
                for gross, leak, buffer in gross_by_sample
            ]
        )
    return MonteCarlo(
        samples=samples,
        seed=seed,
        inputs=tuple(path for path, _ in uncertain),
        stock_tco2=summarise(stocks),
        avoided_tco2e=avoided_summary,
        credits_exact_tco2e=credits_summary,
    )
