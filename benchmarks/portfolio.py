"""A portfolio of generated project files through the real commands: `check` and `compare`
with --format json, against plainly parsing the same files with PyYAML's C loader.

Portfolios of increasing size are generated in a temporary folder (each file a 20-year project
with two pools, a ranged baseline, a fixed credit waterfall and three claims). For each size the
script runs, interleaved, each as its own process:
  - a Python process that parses every file with yaml.CSafeLoader (the floor);
  - `carboncalc check --projects-dir DIR -f json`, with the cache off, empty (a first run that
    fills it, as on a CI runner that keeps nothing) and warm;
  - `carboncalc compare DIR -f json`, with the cache off and warm;
and prints each one's CPU time (user + system) per file, its ratio to the floor, and its peak
memory (maximum resident set). Time per file stays flat when time grows linearly with the number
of files; peak memory stays flat when results are streamed. Targets of issue 13: check and
compare at most 1.5x the floor, peak memory under 150 MB at 100,000 files.

Then, with --stages (on 1,000 generated files, inside this process), it times what `check`
does to each file with the cache off, stage by stage, beside the C loader's parse: what stands
between a first run and the parse-only floor.

Usage: python benchmarks/portfolio.py [--sizes 1000,10000] [--runs 3] [--stages]
(uses the carboncalc next to this python; --sizes 1000,10000,100000 for the full check)
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

TEMPLATE = """# yaml-language-server: $schema=project.schema.json
name: Generated forest {i}
countries: [PE]
sources:
  src: {{title: Generated source, year: 2024}}
area: {{value: {area}, unit: ha, source: src}}
carbon:
  pools:
    above_ground:
      {{value: {agb}, unit: t dm/ha, carbon_fraction: {{value: 0.47, source: src}}, source: src}}
    below_ground:
      root_to_shoot: {{value: 0.37, source: src}}
deforestation:
  baseline:
    rate: {{low: {low}, high: {high}, unit: "%/yr", basis: remaining, source: src}}
  project:
    reduction: {{value: 60, unit: "%", source: src}}
  residual_carbon: {{value: 0, unit: t C/ha, assumption: true, note: Tier 1}}
credits:
  leakage: {{value: 5, unit: "%", source: src}}
  uncertainty: {{value: 4, unit: "%", source: src}}
  buffer: {{value: 20, unit: "%", source: src}}
period: {{start: 2020-01-01, length_yr: 20}}
claims:
  - {{id: stock, measure: stock, value: {stock_mt}, unit: Mt C, source: src}}
  - {{id: er, measure: avoided_emissions, value: 1, unit: Mt CO2e,
     years: {{first: 2020, last: 2024}}, source: src}}
  - {{id: area, measure: area, value: {area}, unit: ha, source: src}}
"""


def generate(folder: Path, n: int, rng: random.Random) -> list[Path]:
    paths = []
    for i in range(n):
        area, agb = rng.randint(1_000, 500_000), rng.randint(100, 400)
        low = round(rng.uniform(0.1, 1.0), 3)
        stock_mt = round(area * agb * 0.47 * 1.37 / 1e6, 2)
        path = folder / f"forest-{i:05d}.yaml"
        path.write_text(TEMPLATE.format(i=i, area=area, agb=agb, low=low, high=low * 2,
                                        stock_mt=stock_mt), encoding="utf-8")  # fmt: skip
        paths.append(path)
    return paths


PARSE = """
import sys, yaml
from pathlib import Path
for path in sorted(Path(sys.argv[1]).glob("*.yaml")):
    yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
"""


def run(argv: list[str], env: dict[str, str]) -> tuple[float, float, int]:
    """(CPU seconds, wall seconds, peak resident kB) of one process; output discarded."""
    start = time.perf_counter()
    process = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    assert process.stderr is not None
    errors = process.stderr.read().decode()
    if process.returncode not in (0, 1):
        sys.exit(f"{' '.join(argv)} failed ({process.returncode}):\n{errors[:2000]}")
    return usage.ru_utime + usage.ru_stime, wall, usage.ru_maxrss


def stages(folder: Path) -> None:
    """Milliseconds per file of each stage of a first `check`, timed inside this process."""
    import contextlib
    import io

    import yaml

    from carboncalc import render
    from carboncalc.files.factor_editions import load_factor_table
    from carboncalc.files.loading import LoadedProject, read_source
    from carboncalc.files.reading import decode
    from carboncalc.files.resolve import resolve
    from carboncalc.files.validation import validate
    from carboncalc.files.yamlio import parse_yaml
    from carboncalc.reports.check import check_result
    from carboncalc.reports.projects import warnings

    table = load_factor_table()
    paths = sorted(folder.glob("*.yaml"))
    spent: dict[str, float] = {}

    def timed(stage: str, fn: Any, *args: Any, **kwargs: Any) -> Any:
        start = time.perf_counter()
        result = fn(*args, **kwargs)
        spent[stage] = spent.get(stage, 0.0) + time.perf_counter() - start
        return result

    with contextlib.redirect_stdout(io.StringIO()):
        writer = render.CheckWriter("json")
        for path in paths:
            text = path.read_text(encoding="utf-8")
            timed("floor: parse (C loader)", yaml.load, text, yaml.CSafeLoader)
            source = timed("find and read", read_source, str(path))
            doc = timed("parse, with line marks", parse_yaml, decode(source.raw, str(path)),
                        str(path))  # fmt: skip
            project = timed("validate (pydantic, references)", validate, doc)
            inputs = timed("resolve", resolve, project)
            loaded = LoadedProject(source.name, path, inputs, project.name,
                                   tuple(project.countries), validated=project)  # fmt: skip
            timed("warnings", warnings, loaded)
            result = timed("claims", check_result, loaded, table=table)
            timed("write JSON", writer.add, result)
    n = len(paths)
    floor = spent.pop("floor: parse (C loader)")
    print(f"a first check, stage by stage, over {n:,} files (ms per file, x the C loader's parse):")
    print(f"  {'floor: parse (C loader)':<34} {floor / n * 1e3:6.3f}  1.00")
    for stage, seconds in spent.items():
        print(f"  {stage:<34} {seconds / n * 1e3:6.3f}  {seconds / floor:4.2f}")
    total = sum(spent.values())
    print(f"  {'all':<34} {total / n * 1e3:6.3f}  {total / floor:4.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000")
    parser.add_argument("--runs", type=int, default=3, help="runs of each, interleaved")
    parser.add_argument("--stages", action="store_true", help="time a first check's stages")
    args = parser.parse_args()
    exe = str(Path(sys.executable).parent / "carboncalc")
    print(f"{'files':>7}  {'run':<24} {'CPU ms/file':>11} {'x parse':>8} {'wall s':>7} "
          f"{'peak MB':>8}")  # fmt: skip
    for n in (int(s) for s in args.sizes.split(",")):
        with tempfile.TemporaryDirectory() as folder:
            projects = Path(folder) / "projects"
            projects.mkdir()
            generate(projects, n, random.Random(n))
            env = {**os.environ, "CARBONCALC_CACHE_DIR": str(Path(folder) / "cache")}
            off = {**env, "CARBONCALC_CACHE": "0"}
            empty = {**env, "CARBONCALC_CACHE_DIR": str(Path(folder) / "empty")}
            runs = {
                "parse (C loader)": ([sys.executable, "-c", PARSE, str(projects)], off),
                "check, cache off": ([exe, "check", "--projects-dir", str(projects), "-f",
                                      "json"], off),
                "check, cache empty": ([exe, "check", "--projects-dir", str(projects), "-f",
                                        "json"], empty),
                "check, cache warm": ([exe, "check", "--projects-dir", str(projects), "-f",
                                       "json"], env),
                "compare, cache off": ([exe, "compare", str(projects), "-f", "json"], off),
                "compare, cache warm": ([exe, "compare", str(projects), "-f", "json"], env),
            }  # fmt: skip
            for name in ("check, cache warm", "compare, cache warm"):  # fill the caches
                run(runs[name][0], env)
            results: dict[str, list[tuple[float, float, int]]] = {name: [] for name in runs}
            for _ in range(args.runs):
                for name, (argv, run_env) in runs.items():
                    shutil.rmtree(empty["CARBONCALC_CACHE_DIR"], ignore_errors=True)
                    results[name].append(run(argv, run_env))
            floor = statistics.median(r[0] for r in results["parse (C loader)"])
            for name, got in results.items():
                cpu = statistics.median(r[0] for r in got)
                wall = statistics.median(r[1] for r in got)
                peak = max(r[2] for r in got) / 1024
                print(f"{n:>7}  {name:<24} {cpu / n * 1e3:11.3f} {cpu / floor:8.2f} "
                      f"{wall:7.2f} {peak:8.1f}")  # fmt: skip
    print("targets: check and compare <= 1.5x parse; peak memory < 150 MB at 100,000 files")
    if args.stages:
        with tempfile.TemporaryDirectory() as folder:
            generate(Path(folder), 1000, random.Random(1000))
            stages(Path(folder))


if __name__ == "__main__":
    main()
