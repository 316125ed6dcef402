"""Sweeps of 100 steps over Alto Mayo, as real commands: wall time against issue 13's target
(under 3 s with the default deduction, 1,000 samples).

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
    print(f"100 steps, 1,000 samples, {os.cpu_count()} processors")
    with tempfile.TemporaryDirectory() as cache:
        env = {**os.environ, "CARBONCALC_CACHE_DIR": cache}
        for label, args in runs.items():
            argv = [exe, "sweep", "alto-mayo", *args[:3], "--steps", "100", "-f", "json",
                    *args[3:]]  # fmt: skip
            start = time.perf_counter()
            subprocess.run(argv, env=env, stdout=subprocess.DEVNULL, check=True)
            wall = time.perf_counter() - start
            print(f"  {label:<30} {wall:6.2f} s  {'met' if wall < 3 else 'NOT met'} (< 3 s)")


if __name__ == "__main__":
    main()
