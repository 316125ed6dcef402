"""Start-up cost of carboncalc against a minimal Typer app and the bare imports of the design.

Prints, measured in the same run with the runs interleaved, the median wall time of:
  - carboncalc stock alto-mayo                (rich table)
  - carboncalc stock alto-mayo --format json  (with the cache warm, and with it off)
  - carboncalc --help, carboncalc --version
  - a minimal Typer app with the same options that does nothing, and its --help
  - python -c "import typer, yaml, rich.table; from pydantic import BaseModel"
and each one's ratio to the minimal app and to the bare imports, against the targets of
issue 13: JSON at most 1.1x the minimal app and 1.3x the bare imports, the table at most 1.25x
the minimal app, --help and --version no slower than the minimal app's --help.

Then, to show what stands between carboncalc and those targets, it runs `stock -f json` inside
one process after the minimal app has run there (so typer and pydantic are loaded and warm), and
prints what carboncalc itself adds: the whole, the same command run a second time (its work,
without imports), the carboncalc modules imported, and the time Python's dataclasses machinery
takes to make carboncalc's frozen dataclasses (it compiles each class's methods at import).

The cache (carboncalc.files.cache) lives in a temporary folder for the run; "cache off" sets
CARBONCALC_CACHE=0. Run it against a normal install (`pip install .`, which compiles
bytecode): with PYTHONDONTWRITEBYTECODE set, an editable install recompiles carboncalc on
every run.

Usage: python benchmarks/startup.py [--runs N]   (uses the carboncalc next to this python)
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

BARE = "import typer, yaml, rich.table; from pydantic import BaseModel"
MINIMAL_APP = """
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional
import typer

class Fmt(str, Enum):
    table = "table"
    json = "json"

app = typer.Typer(add_completion=False)

@app.callback()
def main() -> None: ...

@app.command()
def stock(
    project: str,
    fmt: Annotated[Fmt, typer.Option("--format", "-f")] = Fmt.table,
    sets: Annotated[Optional[list[str]], typer.Option("--set")] = None,
    factors: Annotated[Optional[str], typer.Option("--factors")] = None,
    projects_dir: Annotated[Optional[Path], typer.Option("--projects-dir")] = None,
) -> None:
    pass

app()
"""


OWN_COST = """
import contextlib, dataclasses, os, sys, time
from collections import Counter

argv = {argv}
{minimal}
quiet = open(os.devnull, "w")
with contextlib.redirect_stdout(quiet):
    app(argv, standalone_mode=False)  # the minimal app: typer and pydantic loaded and warm
start = time.perf_counter()
if "-f" not in argv:  # a table: rich, timed on its own
    import rich.console, rich.table
rich_ms = 1000 * (time.perf_counter() - start)

made = Counter()
spent = [0.0]
process_class = dataclasses._process_class  # private; patched in this measurement only

def timed(cls, *args, **kwargs):
    start = time.perf_counter()
    try:
        return process_class(cls, *args, **kwargs)
    finally:
        spent[0] += time.perf_counter() - start
        made[cls.__module__] += 1

dataclasses._process_class = timed
before = set(sys.modules)
sys.argv = ["carboncalc", *argv]
times = []
for _ in range(2):
    start = time.perf_counter()
    with contextlib.redirect_stdout(quiet):
        try:
            import carboncalc.cli
            carboncalc.cli.main()
        except SystemExit:
            pass
    times.append(time.perf_counter() - start)
own = [m for m in set(sys.modules) - before if m.startswith("carboncalc")]
mine = {m: n for m, n in made.items() if m.startswith("carboncalc")}
by_module = " ".join(f"{m}:{n}" for m, n in sorted(mine.items(), key=lambda x: -x[1]))
print(f"{1000 * times[0]:.1f} {1000 * times[1]:.1f} {1000 * spent[0]:.1f} {rich_ms:.1f}",
      len(own), sum(mine.values()), by_module)
"""


def own_cost(env: dict[str, str], cwd: str, runs: int) -> None:
    """What carboncalc itself adds to `stock` (JSON and table), measured inside one process,
    after the minimal app has run there (medians)."""
    minimal = MINIMAL_APP.replace("\napp()\n", "\n")
    found = {}
    for label, argv in (("-f json", ["stock", "alto-mayo", "-f", "json"]),
                        ("table", ["stock", "alto-mayo"])):  # fmt: skip
        script = OWN_COST.replace("{minimal}", minimal).replace("{argv}", repr(argv))
        command = [sys.executable, "-c", script]
        rows = [
            subprocess.run(
                command, cwd=cwd, env=env, check=True, capture_output=True, text=True
            ).stdout.split()
            for _ in range(runs)
        ]
        found[label] = [statistics.median(float(r[i]) for r in rows) for i in range(4)]
        found[label] += [int(rows[0][4]), int(rows[0][5]), " ".join(rows[0][6:])]
    json_, table = found["-f json"], found["table"]
    print("what carboncalc adds to `stock` inside one process, after the minimal app ran (ms):")
    print(f"  {'':<44} {'-f json':>8} {'table':>8}")
    print(f"  {'rich: import rich.console, rich.table':<44} {'-':>8} {table[3]:8.1f}")
    print(f"  {'carboncalc, all of it (rich already loaded)':<44} {json_[0]:8.1f} {table[0]:8.1f}")
    print(f"  {'  the same command again (no imports)':<44} {json_[1]:8.1f} {table[1]:8.1f}")
    print(f"  {'  making its frozen dataclasses':<44} {json_[2]:8.1f} {table[2]:8.1f}")
    print(f"  {'  frozen dataclasses made':<44} {json_[5]:8d} {table[5]:8d}")
    print(f"  {'  carboncalc modules imported':<44} {json_[4]:8d} {table[4]:8d}")
    print(f"  dataclasses by module (-f json): {json_[6]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=21)
    args = parser.parse_args()
    bindir = Path(sys.executable).parent
    exe = bindir / "carboncalc"
    if not exe.exists():
        sys.exit(f"no carboncalc next to {sys.executable}: pip install . first")
    minimal = [sys.executable, "-c", MINIMAL_APP]
    commands = {
        "stock (table)": ([str(exe), "stock", "alto-mayo"], {}),
        "stock -f json": ([str(exe), "stock", "alto-mayo", "-f", "json"], {}),
        "stock -f json, cache off": (
            [str(exe), "stock", "alto-mayo", "-f", "json"],
            {"CARBONCALC_CACHE": "0"},
        ),
        "carboncalc --help": ([str(exe), "--help"], {}),
        "carboncalc --version": ([str(exe), "--version"], {}),
        "minimal app: stock -f json": ([*minimal, "stock", "alto-mayo", "-f", "json"], {}),
        "minimal app: --help": ([*minimal, "--help"], {}),
        "bare imports": ([sys.executable, "-c", BARE], {}),
    }
    times: dict[str, list[float]] = {name: [] for name in commands}
    with tempfile.TemporaryDirectory() as cwd:  # no ./projects: the shipped seed projects
        base = {**os.environ, "COLUMNS": "100", "CARBONCALC_CACHE_DIR": str(Path(cwd) / "cache")}
        for argv, extra in commands.values():  # warm the OS's file cache and carboncalc's
            subprocess.run(argv, cwd=cwd, env={**base, **extra}, stdout=subprocess.DEVNULL,
                           check=True)  # fmt: skip
        for _ in range(args.runs):
            for name, (argv, extra) in commands.items():
                start = time.perf_counter()
                subprocess.run(argv, cwd=cwd, env={**base, **extra}, stdout=subprocess.DEVNULL,
                               check=True)  # fmt: skip
                times[name].append(time.perf_counter() - start)
    import carboncalc

    cached = list(Path(carboncalc.__file__).parent.glob("cli/__pycache__/__init__.*.pyc"))
    if not cached:
        print(
            "warning: carboncalc has no compiled bytecode here (editable install with "
            "PYTHONDONTWRITEBYTECODE?): times include compiling it on every run"
        )
    medians = {name: statistics.median(ts) for name, ts in times.items()}
    bare, app = medians["bare imports"], medians["minimal app: stock -f json"]
    print(f"median wall time over {args.runs} interleaved runs (python {sys.version.split()[0]})")
    print(f"  {'':<28} {'ms':>8}  {'x minimal app':>13}  {'x bare imports':>14}")
    for name, median in medians.items():
        print(f"  {name:<28} {median * 1000:8.1f}  {median / app:13.2f}  {median / bare:14.2f}")
    help_floor = medians["minimal app: --help"]
    goals = [
        ("json <= 1.1x minimal app", medians["stock -f json"] / app, 1.1),
        ("json <= 1.3x bare imports", medians["stock -f json"] / bare, 1.3),
        ("table <= 1.25x minimal app", medians["stock (table)"] / app, 1.25),
        ("--help <= minimal --help", medians["carboncalc --help"] / help_floor, 1.0),
        ("--version <= minimal --help", medians["carboncalc --version"] / help_floor, 1.0),
    ]
    for label, ratio, target in goals:
        print(f"target {label:<30} {ratio:5.2f}  {'met' if ratio <= target else 'NOT met'}")
    print(f"(1.1x the minimal app leaves carboncalc {(1.1 - 1) * app * 1000:.1f} ms of its own)")
    with tempfile.TemporaryDirectory() as cwd:
        env = {**os.environ, "CARBONCALC_CACHE_DIR": str(Path(cwd) / "cache")}
        subprocess.run([str(exe), "stock", "alto-mayo", "-f", "json"], cwd=cwd, env=env,
                       stdout=subprocess.DEVNULL, check=True)  # fmt: skip
        own_cost(env, cwd, max(args.runs // 3, 3))


if __name__ == "__main__":
    main()
