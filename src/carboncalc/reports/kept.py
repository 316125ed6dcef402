"""Monte Carlo results kept in the result cache, so that a repeated command draws no samples.

A run's result depends only on the resolved inputs (what-ifs included), the code, the sample
count and seed, which baseline it is against, whether it carries the credits over its samples
and into which vintages a per-year deduction splits avoided emissions: its key holds each of
these (:func:`carboncalc.files.cache.result_key`, with the code's fingerprint). A kept result is
the run's own figures as JSON, read back to the bit (floats round-trip exactly), so a command
prints the same with the cache cold, warm or off. Any problem with an entry is a miss.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, replace
from typing import TYPE_CHECKING, Any

from carboncalc.core.claimrange import Ranges, ranges
from carboncalc.core.claims import ClaimCheck
from carboncalc.core.inputs import ProjectInputs
from carboncalc.core.sampling import Summary

if TYPE_CHECKING:  # the calculation is imported where a run is asked for: not by a warm stock
    from carboncalc.core.uncertainty import MonteCarlo, MonteCarloRun


def kept_run(job: MonteCarloRun) -> MonteCarlo:
    """The Monte Carlo from the result cache where it was kept, else run and kept (a
    :data:`carboncalc.core.uncertainty.Runner`)."""
    from carboncalc.core.uncertainty import run_job
    from carboncalc.files import cache

    options = {"result": "monte_carlo", "samples": job.samples, "seed": job.seed,
               "counterfactual": job.counterfactual,
               "credits": job.uncertainty_fraction is not None,
               "vintages": job.vintages}  # fmt: skip
    key = cache.result_key(job.inputs, options)
    if key is not None:
        found = _decoded(cache.lookup_result(key))
        if found is not None and (found.samples, found.seed, found.counterfactual) == (
            job.samples,
            job.seed,
            job.counterfactual,
        ):
            return found
    mc = run_job(job)
    if key is not None:
        cache.store_result(key, asdict(mc))
    return mc


def _summary(data: Any) -> Summary | None:
    if data is None:
        return None
    return Summary(*(float(data[f]) for f in ("mean", "median", "p5", "p95")))


def _decoded(data: Any) -> MonteCarlo | None:
    """A kept run as it was, or None where the entry is not as this code keeps it."""
    from carboncalc.core.uncertainty import MonteCarlo

    if data is None:
        return None
    try:
        stock = _summary(data["stock_tco2"])
        if stock is None:
            return None
        return MonteCarlo(
            samples=int(data["samples"]),
            seed=int(data["seed"]),
            inputs=tuple(str(path) for path in data["inputs"]),
            stock_tco2=stock,
            avoided_tco2e=_summary(data["avoided_tco2e"]),
            credits_exact_tco2e=_summary(data["credits_exact_tco2e"]),
            counterfactual=bool(data["counterfactual"]),
            avoided_by_vintage_tco2e=tuple(
                s for s in map(_summary, data["avoided_by_vintage_tco2e"]) if s is not None
            ),
        )
    except Exception:  # anything not as this code keeps it (an infinite count, a wrong type)
        return None


def kept_ranges(
    inputs: ProjectInputs,
    checks: Sequence[ClaimCheck] = (),
    *,
    samples: int,
    seed: int,
    avoided: tuple[int, int] | None = None,
    counterfactual: bool = False,
) -> Ranges:
    """:func:`carboncalc.core.claimrange.ranges`, from the result cache where a run with the
    same inputs, claims, samples, seed and years kept it, else run and kept."""
    from carboncalc.files import cache

    options = {"result": "ranges", "samples": samples, "seed": seed,
               "avoided": list(avoided) if avoided else None, "counterfactual": counterfactual,
               "checks": [[c.claim_id, c.case] for c in checks]}  # fmt: skip
    key = cache.result_key(inputs, options)
    if key is not None:
        found = _ranges(cache.lookup_result(key), checks)
        if found is not None:
            return found
    out = ranges(
        inputs, checks, samples=samples, seed=seed, avoided=avoided, counterfactual=counterfactual
    )
    if key is not None:
        cache.store_result(key, {
            "intervals": [list(c.interval) if c.interval else None for c in out.checks],
            "stock_tco2": asdict(out.stock_tco2) if out.stock_tco2 else None,
            "avoided_tco2e": asdict(out.avoided_tco2e) if out.avoided_tco2e else None,
            "counterfactual_tco2e": (
                asdict(out.counterfactual_tco2e) if out.counterfactual_tco2e else None
            ),
        })  # fmt: skip
    return out


def _ranges(data: Any, checks: Sequence[ClaimCheck]) -> Ranges | None:
    """The kept ranges, or None where the entry is not as this code keeps it."""
    try:
        if data is None or len(data["intervals"]) != len(checks):
            return None
        out = []
        for c, ends in zip(checks, data["intervals"], strict=True):
            low, high = (float(x) for x in ends) if ends is not None else (None, None)
            out.append(replace(c, interval=None if low is None or high is None else (low, high)))
        return Ranges(
            tuple(out),
            _summary(data["stock_tco2"]),
            _summary(data["avoided_tco2e"]),
            _summary(data["counterfactual_tco2e"]),
        )
    except Exception:  # anything not as this code keeps it
        return None
