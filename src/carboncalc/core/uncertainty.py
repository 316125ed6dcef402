"""Monte Carlo propagation of every uncertain input to stock, avoided emissions and credits.

Notes
-----
Each sample draws every uncertain input once (independently) and runs the same stock, emission
and credit code as the deterministic result, with the draw in place of the central values.

    uniform(low, high); triangular(low, high, mode = value or the midpoint);
    normal(mean = value, sd), truncated at 0 (every carboncalc input is non-negative);
    lognormal with mean `value` and standard deviation `sd`:
        sigma^2 = ln(1 + sd^2 / mean^2),  mu = ln(mean) - sigma^2 / 2

Each input has its own stream of random numbers, seeded by the seed and the input's path
(``random.Random("0:area")``), so that a what-if that moves, fixes or adds one input leaves every
other input's draws as they were (common random numbers): a difference between a what-if and
the base case is the inputs', not the sampling's. With a spread scaled or shifted to a new
central value, the input's own draws scale or shift with it.

Avoided emissions are against the file's baseline, or with ``counterfactual`` against the
counterfactual rate (what happened in matched forests outside the project). The counterfactual
rate is drawn only then: against the baseline it moves nothing. A counterfactual taken from the
evidence set has the spread of the matching specifications evaluated
(:meth:`carboncalc.core.evidence_inputs.Spread.drawn_between`), so the half-width, and the
deduction of the credits it supports, carry it.

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

from carboncalc.core import pipeline
from carboncalc.core.inputs import Draws, ProjectInputs, Value
from carboncalc.core.sampling import Summary as Summary  # where it was first defined


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


def draw(q: Value, rng: random.Random) -> float:
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
    counterfactual: bool = False  # avoided emissions against the counterfactual rate
    # each vintage's avoided emissions, where the rule set takes the deduction per year (ART
    # TREES v2.0 eq. 10-11); () otherwise
    avoided_by_vintage_tco2e: tuple[Summary, ...] = ()


@dataclass(frozen=True)
class Sample:
    """One draw of a Monte Carlo: each uncertain input's drawn value (by field path, in the
    unit the file gives it) and what the draw gives."""

    values: Draws
    stock_tco2: float
    avoided_tco2e: float | None  # None without deforestation
    credits_exact_tco2e: float | None  # after all deductions, before rounding; None without rules


COUNTERFACTUAL = "deforestation.counterfactual."  # the field paths of the counterfactual


def streams(
    inputs: ProjectInputs, seed: int, *, counterfactual: bool = False
) -> list[tuple[Value, random.Random]]:
    """Each uncertain input with its own stream of random numbers (see the module notes); the
    counterfactual's inputs only where avoided emissions are against it."""
    return [
        (q, random.Random(f"{seed}:{q.path}"))
        for q in inputs.uncertain()
        if counterfactual or not q.path.startswith(COUNTERFACTUAL)
    ]


def run(
    inputs: ProjectInputs,
    *,
    samples: int,
    seed: int,
    uncertainty_fraction: Callable[[Summary], float] | None = None,
    progress: Callable[[int], None] | None = None,
    counterfactual: bool = False,
    by_vintage: Callable[[Sequence[float]], Sequence[float]] | None = None,
    kept: list[Sample] | None = None,
) -> MonteCarlo:
    """Propagate every uncertain input through stock, avoided emissions and (when the project
    has credit rules) credits.

    ``uncertainty_fraction`` turns the avoided-emissions summary into the uncertainty deduction
    applied in every sample (the file's fixed deduction, or the conservativeness table).
    ``counterfactual``: avoided emissions against the file's counterfactual rather than its
    baseline (the credits a counterfactual supports carry its uncertainty).
    ``by_vintage``: where the rule set takes the deduction per year, the function that turns a
    sample's avoided emissions by projection year into its vintages' (the identity for
    projection-year vintages); each vintage's summary over the samples then gives that
    vintage's deduction, through ``uncertainty_fraction``.
    ``kept``: where given, each sample is appended to it (the draws behind the summaries).
    """
    drawn = streams(inputs, seed, counterfactual=counterfactual)
    stocks: list[float] = []
    avoided: list[float] = []
    gross_by_sample: list[tuple[list[float], list[float], Draws]] = []
    every: list[Draws] = []
    for i in range(samples):
        draws = {q.path: draw(q, rng) for q, rng in drawn}
        if kept is not None:
            every.append(draws)
        carbon = pipeline.stock(inputs, draws)
        stocks.append(carbon.stock_tco2)
        if inputs.has_emissions:
            result = pipeline.emissions(inputs, draws, carbon=carbon, counterfactual=counterfactual)
            gross = [r.baseline_emissions_tco2e - r.project_emissions_tco2e for r in result.rows]
            avoided.append(math.fsum(gross))  # = result.avoided_emissions_tco2e, to the bit
            if inputs.credits is not None:
                non_co2 = [r.avoided_non_co2_tco2e for r in result.rows]
                if by_vintage is not None:
                    gross, non_co2 = list(by_vintage(gross)), list(by_vintage(non_co2))
                gross_by_sample.append((gross, non_co2, draws))
        if progress is not None:
            progress(i + 1)
    avoided_summary = summarise(avoided) if avoided else None
    vintages: tuple[Summary, ...] = ()
    if by_vintage is not None and gross_by_sample:
        vintages = tuple(
            summarise(column) for column in zip(*(g for g, _, _ in gross_by_sample), strict=True)
        )
    credits_summary = None
    credits: list[float] = []
    if gross_by_sample and avoided_summary is not None and uncertainty_fraction is not None:
        deduction = uncertainty_fraction(avoided_summary)
        each = tuple(uncertainty_fraction(v) for v in vintages) if vintages else None
        credits = [
            pipeline.credits_exact(
                inputs,
                gross_tco2e=gross,
                non_co2_tco2e=non_co2,
                case=draws,
                uncertainty_fraction=deduction,
                uncertainty_fractions=each,
            )
            for gross, non_co2, draws in gross_by_sample
        ]
        credits_summary = summarise(credits)
    if kept is not None:
        for i, values in enumerate(every):
            kept.append(Sample(values, stocks[i], avoided[i] if avoided else None,
                               credits[i] if credits else None))  # fmt: skip
    return MonteCarlo(
        samples=samples,
        seed=seed,
        inputs=tuple(q.path for q, _ in drawn),
        stock_tco2=summarise(stocks),
        avoided_tco2e=avoided_summary,
        credits_exact_tco2e=credits_summary,
        counterfactual=counterfactual,
        avoided_by_vintage_tco2e=vintages,
    )


@dataclass(frozen=True)
class MonteCarloRun:
    """One Monte Carlo asked for: what :func:`run` takes, and ``vintages``, the name of what
    ``by_vintage`` does (None for one deduction), so that a runner which keeps results can tell
    runs apart by their inputs and options."""

    inputs: ProjectInputs
    samples: int
    seed: int
    uncertainty_fraction: Callable[[Summary], float] | None = None
    progress: Callable[[int], None] | None = None
    counterfactual: bool = False
    by_vintage: Callable[[Sequence[float]], Sequence[float]] | None = None
    vintages: str | None = None


# What runs a Monte Carlo: :func:`run_job`, or a caller's stand-in that keeps results (the same
# figures, to the bit).
Runner = Callable[[MonteCarloRun], MonteCarlo]


def run_job(job: MonteCarloRun) -> MonteCarlo:
    """The Monte Carlo asked for, run."""
    return run(job.inputs, samples=job.samples, seed=job.seed,
               uncertainty_fraction=job.uncertainty_fraction, progress=job.progress,
               counterfactual=job.counterfactual, by_vintage=job.by_vintage)  # fmt: skip
