"""Start-up cost of carboncalc against the bare imports its design requires.

Prints, measured in the same run with the runs interleaved, the median wall time of:
  1. carboncalc stock alto-mayo               (rich table)
  2. carboncalc stock alto-mayo --format json
  3. python -c "import typer, yaml, rich.table; from pydantic import BaseModel"
and the ratios 1/3 and 2/3. Targets: at most 1.1 for the table and 1.0 for JSON.

For reference it also times a minimal Typer app with the same options that does nothing: the
floor that the framework sets (Typer builds a pydantic TypeAdapter for every parameter).
Run it against a normal install (`pip install .`, which compiles bytecode): with
PYTHONDONTWRITEBYTECODE set, an editable install recompiles carboncalc on every run.

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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=21)
    args = parser.parse_args()
    bindir = Path(sys.executable).parent
    exe = bindir / "carboncalc"
    if not exe.exists():
        sys.exit(f"no carboncalc next to {sys.executable}: pip install . first")
    commands = {
        "carboncalc stock alto-mayo": [str(exe), "stock", "alto-mayo"],
        "carboncalc stock alto-mayo --format json": [str(exe), "stock", "alto-mayo", "-f", "json"],
        "bare imports": [sys.executable, "-c", BARE],
        "minimal typer app, same options (floor)": [
            sys.executable,
            "-c",
            MINIMAL_APP,
            "stock",
            "alto-mayo",
            "-f",
            "json",
        ],
    }
    env = {**os.environ, "COLUMNS": "100"}
    times: dict[str, list[float]] = {name: [] for name in commands}
    with tempfile.TemporaryDirectory() as cwd:  # no ./projects: the shipped seed projects
        for argv in commands.values():  # warm the file cache once
            subprocess.run(argv, cwd=cwd, env=env, stdout=subprocess.DEVNULL, check=True)
        for _ in range(args.runs):
            for name, argv in commands.items():
                start = time.perf_counter()
                subprocess.run(argv, cwd=cwd, env=env, stdout=subprocess.DEVNULL, check=True)
                times[name].append(time.perf_counter() - start)
    import carboncalc

    cached = list(Path(carboncalc.__file__).parent.glob("cli/__pycache__/__init__.*.pyc"))
    if not cached:
        print(
            "warning: carboncalc has no compiled bytecode here (editable install with "
            "PYTHONDONTWRITEBYTECODE?): times include compiling it on every run"
        )
    medians = {name: statistics.median(ts) for name, ts in times.items()}
    bare = medians["bare imports"]
    print(f"median wall time over {args.runs} interleaved runs (python {sys.version.split()[0]})")
    for name, median in medians.items():
        print(f"  {name:<42} {median * 1000:8.1f} ms   ratio to bare imports {median / bare:5.2f}")
    table, json_ = (medians[n] / bare for n in list(commands)[:2])
    print(
        f"targets: table <= 1.10 ({'met' if table <= 1.10 else 'NOT met'}), "
        f"json <= 1.00 ({'met' if json_ <= 1.00 else 'NOT met'})"
    )


if __name__ == "__main__":
    main()
