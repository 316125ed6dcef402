"""Monte Carlo results kept in the result cache, so that a repeated command draws no samples.

A run's result depends only on the resolved inputs (what-ifs included), the code, the sample
count and seed, which baseline it is against, whether it carries the credits over its samples
and into which vintages a per-year deduction splits avoided emissions: its key holds each of
these (:func:`carboncalc.files.cache.result_key`, with the code's fingerprint). A kept result is
the run's own figures as JSON, read back to the bit (floats round-trip exactly), so a command
prints the same with the cache cold, warm or off. Any problem with an entry is a miss.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from carboncalc.core.uncertainty import MonteCarlo, MonteCarloRun, Summary, run_job


def kept_run(job: MonteCarloRun) -> MonteCarlo:
    """The Monte Carlo from the result cache where it was kept, else run and kept (a
    :data:`carboncalc.core.uncertainty.Runner`)."""
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
