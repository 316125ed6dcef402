"""Time of `carboncalc observe` on projects of median size: one project's compute, and a folder
of 40 such projects with their 10 km rings on two worker processes.

The issue's aims: a project of median size (92,000 ha, about 1.2 million 30 m pixels) in under
0.3 s of compute; 40 such projects with their rings in under a minute on two cores. The tiles
are synthetic (1.2° x 1.2° of Global Forest Change pixels, 4,800 x 4,800, written once); each
project is a square of 0.27° (about 30 km, 92,000 ha at 5°S) somewhere on them.

    python benchmarks/observe_folder.py [--projects 40] [--jobs 2] [--runs 5]

Needs the raster extra (pip install '.[raster]').
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PROJECT = """\
name: Benchmark {i}
countries: [PE]
sources:
  synthetic: {{title: A synthetic project, year: 2026}}
boundary: {{file: p{i}.geojson, source: synthetic}}
area: {{value: 92000, unit: ha, source: synthetic}}
carbon:
  pools:
    above_ground: {{value: 150, unit: t C/ha, source: synthetic}}
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--projects", type=int, default=40)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    import numpy as np
    import rasterio
    import shapely
    from rasterio.transform import from_origin

    from carboncalc.observe.run import Job, Shape, measure

    pixel, side, west, north = 0.00025, 4_800, -70.0, -4.4
    rng = np.random.default_rng(0)
    cover = rng.integers(0, 101, (side, side), dtype=np.uint8)
    loss = np.where(rng.random((side, side)) < 0.05, rng.integers(1, 24, (side, side)), 0)
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        rasters = []
        for layer, array in (("treecover2000", cover), ("lossyear", loss.astype(np.uint8))):
            path = folder / f"Hansen_GFC-2023-v1.11_{layer}_00N_070W.tif"
            profile = {"driver": "GTiff", "width": side, "height": side, "count": 1,
                       "dtype": "uint8", "crs": "EPSG:4326",
                       "transform": from_origin(west, north, pixel, pixel)}  # fmt: skip
            with rasterio.open(path, "w", **profile) as out:
                out.write(array, 1)
            rasters += ["-r", str(path)]
        projects = folder / "projects"
        projects.mkdir()
        size, margin = 0.273, 0.1  # degrees: the square, and room for a 10 km ring
        for i in range(args.projects):
            x0 = west + margin + rng.random() * (side * pixel - 2 * margin - size)
            y0 = north - side * pixel + margin + rng.random() * (side * pixel - 2 * margin - size)
            ring = [[x0, y0], [x0 + size, y0], [x0 + size, y0 + size], [x0, y0 + size], [x0, y0]]
            geometry = {"type": "Polygon", "coordinates": [ring]}
            (projects / f"p{i}.geojson").write_text(json.dumps(geometry))
            (projects / f"p{i}.yaml").write_text(PROJECT.format(i=i))

        # one project's compute, without its ring: the kernel on 1.2 million pixels
        square = shapely.box(west + 0.2, north - 0.2 - size, west + 0.2 + size, north - 0.2)
        job = Job("one", Shape(shapely.to_wkb(square), "EPSG:4326", "square"),
                  (("treecover2000", rasters[1]), ("lossyear", rasters[3])), (),
                  ring_width_m=None)  # fmt: skip
        times = []
        for _ in range(args.runs):
            start = time.perf_counter()
            found = measure(job)
            times.append(time.perf_counter() - start)
        inside = found.zones[0].change
        print(f"one project: {inside.boundary_area_ha:,.0f} ha, median of {args.runs} runs "
              f"{statistics.median(times):.3f} s (aim: under 0.3 s)")  # fmt: skip

        command = [sys.executable, "-m", "carboncalc", "observe", str(projects), *rasters,
                   "--jobs", str(args.jobs), "-f", "json"]  # fmt: skip
        start = time.perf_counter()
        done = subprocess.run(command, capture_output=True, text=True, check=False)
        took = time.perf_counter() - start
        if done.returncode != 0:
            sys.exit(done.stderr)
        measured = json.loads(done.stdout)["projects"]
        print(f"{len(measured)} projects with 10 km rings on {args.jobs} processes: {took:.1f} s "
              "(aim: under 60 s)")  # fmt: skip


if __name__ == "__main__":
    main()
