"""Sweeps of 100 steps over Alto Mayo, as real commands: wall time at the default Monte Carlo
size (10,000 samples since issue 24) and at the old default of 1,000 samples (the floor), with
the ratio of the two against issue 24's target (a sweep must not become ten times slower:
below 10x), and the floor's wall time against issue 13's target (under 3 s).

- a credit input (credits.buffer): the deduction does not depend on it, so its Monte Carlo
  runs once;
- a deforestation rate: each step's deduction depends on it, so each step runs its own Monte
  Carlo; the steps are spread over the processors (--jobs, default one per processor), and
  timed also with --jobs 1.

Usage: python benchmarks/sweep.py   (uses the carboncalc next to this python)
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def main() -> None:
    exe = str(Path(sys.executable).parent / "carboncalc")
    runs = {
        "credits.buffer 10%..30%": ["credits.buffer", "10%", "30%"],
        "baseline rate 0.5..1.5 %/yr": ["deforestation.baseline.rate", "0.5%/yr", "1.5%/yr"],
        "baseline rate, --jobs 1": ["deforestation.baseline.rate", "0.5%/yr", "1.5%/yr",
                                    "--jobs", "1"],
    }  # fmt: skip
    print(
        f"100 steps, {os.cpu_count()} processors; wall time with the cache off at 1,000 "
        "samples (the floor) and at the default (10,000), and the default, cache warm"
    )
    cold = {**os.environ, "CARBONCALC_CACHE": "0"}

    def timed(argv: list[str], env: dict[str, str]) -> float:
        start = time.perf_counter()
        subprocess.run(argv, env=env, stdout=subprocess.DEVNULL, check=True)
        return time.perf_counter() - start

    for label, args in runs.items():
        argv = [exe, "sweep", "alto-mayo", *args[:3], "--steps", "100", "-f", "json",
                *args[3:]]  # fmt: skip
        floor = timed([*argv, "--samples", "1000"], cold)
        wall = timed(argv, cold)
        with tempfile.TemporaryDirectory() as cache:  # a first run fills it
            warm_env = {**os.environ, "CARBONCALC_CACHE_DIR": cache}
            timed(argv, warm_env)
            warm = timed(argv, warm_env)
        ratio = wall / floor
        print(f"  {label:<28} {floor:6.2f} s {'met' if floor < 3 else 'NOT met'} (< 3 s); "
              f"default {wall:6.2f} s, {ratio:4.1f}x {'met' if ratio < 10 else 'NOT met'} "
              f"(< 10x); warm {warm:5.2f} s")  # fmt: skip


if __name__ == "__main__":
    main()
