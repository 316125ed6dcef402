"""Checking and comparing a portfolio of generated project files: time per project, and the
ratio to plainly parsing the same files with PyYAML's C loader. Target: at most 2.

Portfolios of increasing size are generated in a temporary folder (each file a 20-year project
with two pools, a ranged baseline, a fixed credit waterfall and three claims). For each, the
script times `check` and `compare` on every file, in process (the command-line start-up is
measured by startup.py), and prints the time per project, which stays flat when the time grows
linearly with the number of files.

Usage: python benchmarks/portfolio.py [--sizes 1000,2500,5000,10000]
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from pathlib import Path

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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,2500,5000,10000")
    args = parser.parse_args()
    import yaml

    from carboncalc.factors import load_factor_table
    from carboncalc.loading import load_project
    from carboncalc.reports import check_result, compare_row, portfolio_total

    table = load_factor_table()
    print(f"{'files':>6}  {'parse (C loader)':>18}  {'check + compare':>17}  ratio")
    for n in (int(s) for s in args.sizes.split(",")):
        with tempfile.TemporaryDirectory() as folder:
            paths = generate(Path(folder), n, random.Random(n))
            start = time.perf_counter()
            for path in paths:
                yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
            parse = time.perf_counter() - start
            start = time.perf_counter()
            rows = []
            for path in paths:
                loaded = load_project(str(path))
                check_result(loaded, table=table)
                rows.append(compare_row(loaded, loaded.name, table=table, samples=1, seed=0))
            portfolio_total(rows)
            ours = time.perf_counter() - start
        print(f"{n:>6}  {parse / n * 1e3:>13.3f} ms/f  {ours / n * 1e3:>12.3f} ms/f  "
              f"{ours / parse:5.1f}")  # fmt: skip
    print("target: ratio <= 2")


if __name__ == "__main__":
    main()
