"""What the default Monte Carlo size (10,000 samples, ART TREES v2.0 Section 8) costs where a
command repeats it, against the same command at the old default of 1,000 samples (the floor).

Each command runs as its own process, interleaved with its floor, with the cache off (cold) and
with a warm cache in a temporary folder; the script prints each one's median CPU time (user +
system, its worker processes included) and wall time over --runs, and the ratio of the default
to the floor. Target (issue 24): a portfolio `compare` and a `sweep` at most 10x the floor
(they must not become ten times slower with the tenfold sample count); `credits` is shown for
reference.

  credits alto-mayo                                  one project, both of its baselines
  compare alto-mayo los-amigos sacred-headwaters     the seed portfolio (one project with credits)
  sweep alto-mayo deforestation.baseline.rate 0.5%/yr 1.5%/yr --steps 20
                                                     a Monte Carlo per step, over the processors

Usage: python benchmarks/default_samples.py [--runs 3] [--steps 20]
(uses the carboncalc next to this python)
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

FLOOR_SAMPLES = "1000"  # the default before issue 24
TARGET_RATIO = 10.0


def run(argv: list[str], env: dict[str, str]) -> tuple[float, float]:
    """(CPU seconds, wall seconds) of one process and the workers it waited for."""
    start = time.perf_counter()
    process = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    assert process.stderr is not None
    errors = process.stderr.read().decode()
    if os.waitstatus_to_exitcode(status) not in (0, 1):
        sys.exit(f"{' '.join(argv)} failed:\n{errors[:2000]}")
    return usage.ru_utime + usage.ru_stime, wall


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--steps", type=int, default=20)
    args = parser.parse_args()
    exe = str(Path(sys.executable).parent / "carboncalc")
    commands = {
        "credits": ["credits", "alto-mayo"],
        "compare": ["compare", "alto-mayo", "los-amigos", "sacred-headwaters"],
        f"sweep ({args.steps} steps)": ["sweep", "alto-mayo", "deforestation.baseline.rate",
                                        "0.5%/yr", "1.5%/yr", "--steps", str(args.steps)],
    }  # fmt: skip
    print(f"median of {args.runs} runs, {os.cpu_count()} processors; floor: --samples "
          f"{FLOOR_SAMPLES}; CPU s (wall s)")  # fmt: skip
    print(f"  {'':<18} {'':<5} {'floor':>14} {'default':>14} {'ratio':>6}")
    with tempfile.TemporaryDirectory() as cache:
        warm_env = {**os.environ, "CARBONCALC_CACHE_DIR": cache}
        cold_env = {**os.environ, "CARBONCALC_CACHE": "0"}
        for label, command in commands.items():
            argv = [exe, *command, "-f", "json"]
            floor_argv = [*argv, "--samples", FLOOR_SAMPLES]
            run(argv, warm_env)  # fills the cache for the warm runs
            for state, env in (("cold", cold_env), ("warm", warm_env)):
                floor, default = [], []
                for _ in range(args.runs):  # interleaved, so a busy machine slows both alike
                    floor.append(run(floor_argv, env))
                    default.append(run(argv, env))
                f_cpu, f_wall = (statistics.median(x[i] for x in floor) for i in (0, 1))
                d_cpu, d_wall = (statistics.median(x[i] for x in default) for i in (0, 1))
                ratio = d_cpu / f_cpu
                verdict = "" if label == "credits" else (
                    " met" if ratio <= TARGET_RATIO else " NOT met")  # fmt: skip
                print(f"  {label:<18} {state:<5} {f_cpu:6.2f} ({f_wall:5.2f}) "
                      f"{d_cpu:6.2f} ({d_wall:5.2f}) {ratio:5.1f}x{verdict}")  # fmt: skip


if __name__ == "__main__":
    main()
