"""Time for `carboncalc uncertainty` to propagate samples over a 20-year period.

Alto Mayo (20-year period) with its uncertain inputs and credit rules: every sample computes the
stock, 20 projection years of avoided emissions and the credit waterfall. Prints the compute
time in-process (median of --runs) and, separately, the wall time of the real command for
--wall-samples. Targets (issue 13): 10,000 samples in at most 0.4 s of compute; 100,000 samples
in under 5 s wall. 10,000 is every command's default since issue 24 (ART TREES v2.0, Section 8:
carboncalc.core.sampling.DEFAULT_SAMPLES), so the compute time is what one Monte Carlo of a
`credits`, `compare` row or `sweep` step costs.

Usage: python benchmarks/monte_carlo.py [--samples N] [--runs R] [--wall-samples M]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    from carboncalc.core.sampling import DEFAULT_SAMPLES

    parser.add_argument("--samples", type=int, default=DEFAULT_SAMPLES)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--wall-samples", type=int, default=100_000)
    args = parser.parse_args()

    from carboncalc.files.loading import load_project
    from carboncalc.reports.credits import deduction_rules

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
        f"compute, median of {args.runs} runs: {median:.2f} s (python {sys.version.split()[0]})"
        f"; target 10,000 samples <= 0.4 s: "
        + ("met" if args.samples == 10_000 and median <= 0.4 else "NOT met"
           if args.samples == 10_000 else "n/a for this sample count")
    )  # fmt: skip
    import subprocess
    from pathlib import Path

    script = Path(sys.executable).with_name("carboncalc")
    start = time.perf_counter()
    done = subprocess.run(
        [str(script), "uncertainty", "alto-mayo", "--samples", str(args.wall_samples),
         "--format", "json"], capture_output=True, check=False,
    )  # fmt: skip
    wall = time.perf_counter() - start
    assert done.returncode == 0, done.stderr
    verdict = ("met" if wall < 5 else "NOT met") if args.wall_samples == 100_000 else "n/a"
    print(f"wall, carboncalc uncertainty --samples {args.wall_samples:,}: {wall:.2f} s; "
          f"target 100,000 samples < 5 s: {verdict}")  # fmt: skip


if __name__ == "__main__":
    main()
