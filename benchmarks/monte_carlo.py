"""Time for `carboncalc uncertainty` to propagate 10,000 samples over a 20-year period.

Alto Mayo (20-year period) with its uncertain inputs and credit rules: every sample computes the
stock, 20 projection years of avoided emissions and the credit waterfall. Target: under 2 s.

Usage: python benchmarks/monte_carlo.py [--samples N] [--runs R]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--samples", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    from carboncalc.credit_reports import deduction_rules
    from carboncalc.loading import load_project

    inputs = load_project("alto-mayo").inputs
    assert inputs.years == 20
    times = []
    for run in range(args.runs):
        start = time.perf_counter()
        *_, mc = deduction_rules(inputs, samples=args.samples, seed=run, monte_carlo=True)
        times.append(time.perf_counter() - start)
    median = statistics.median(times)
    assert mc is not None
    print(f"{args.samples:,} samples x {inputs.years} years, uncertain inputs: "
          f"{', '.join(mc.inputs)}")  # fmt: skip
    print(
        f"median of {args.runs} runs: {median:.2f} s (python {sys.version.split()[0]}); "
        f"target < 2 s: {'met' if median < 2 else 'NOT met'}"
    )


if __name__ == "__main__":
    main()
