"""Time of the Global Forest Change kernel (carboncalc.observe.hansen.forest_change) on a
synthetic tile of 4,000 x 4,000 pixels of 0.00025°, against the floor of the same work done
bare: reading the two layers' window and one ``np.bincount(lossyear, weights=area)``.

The tile (random tree cover, loss in a random 20 % of pixels over 23 years) is written as two
GeoTIFFs in a temporary folder; the boundary is a 64-sided polygon inscribed in the tile, so the
window read is the whole tile and the mask matters. Prints the median of --runs for each and
their ratio. Needs the raster extra: pip install '.[raster]'.

Usage: python benchmarks/observe.py [--side N] [--runs R]
"""

from __future__ import annotations

import argparse
import math
import statistics
import tempfile
import time
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--side", type=int, default=4_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    import numpy as np
    import rasterio
    from rasterio.transform import from_origin
    from shapely.geometry import Polygon

    from carboncalc.observe.areas import row_areas_ha
    from carboncalc.observe.grid import tiles
    from carboncalc.observe.hansen import forest_change

    side, pixel, west, north = args.side, 0.00025, -60.0, -5.0
    rng = np.random.default_rng(0)
    cover = rng.integers(0, 101, (side, side), dtype=np.uint8)
    loss = np.where(rng.random((side, side)) < 0.2, rng.integers(1, 24, (side, side)), 0)
    loss = loss.astype(np.uint8)
    transform = from_origin(west, north, pixel, pixel)
    half = side * pixel / 2
    centre = (west + half, north - half)
    boundary = Polygon(
        [(centre[0] + half * math.cos(2 * math.pi * k / 64),
          centre[1] + half * math.sin(2 * math.pi * k / 64)) for k in range(64)]
    )  # fmt: skip

    with tempfile.TemporaryDirectory() as folder:
        paths = {}
        for name, array in (("treecover2000", cover), ("lossyear", loss)):
            paths[name] = Path(folder) / f"{name}.tif"
            profile = {"driver": "GTiff", "width": side, "height": side, "count": 1,
                       "dtype": "uint8", "crs": "EPSG:4326", "transform": transform}  # fmt: skip
            with rasterio.open(paths[name], "w", **profile) as out:
                out.write(array, 1)
        kernel, floor = [], []
        with rasterio.open(paths["treecover2000"]) as tc, rasterio.open(paths["lossyear"]) as ly:
            for _ in range(args.runs):
                start = time.perf_counter()
                change = forest_change(tiles({"treecover2000": [tc], "lossyear": [ly]}), boundary)
                kernel.append(time.perf_counter() - start)

                start = time.perf_counter()
                tc.read(1)
                year = ly.read(1)
                area = np.broadcast_to(row_areas_ha(tc.transform, side, geographic=True)[:, None],
                                       (side, side))  # fmt: skip
                np.bincount(year.ravel(), weights=area.ravel())
                floor.append(time.perf_counter() - start)

    k, f = statistics.median(kernel), statistics.median(floor)
    print(f"{side:,} x {side:,} pixels, boundary {change.boundary_area_ha:,.1f} ha, "
          f"forest at 30 %: {change.forest_at_start_ha:,.1f} ha, "
          f"loss {sum(change.loss_ha_by_year.values()):,.1f} ha in "
          f"{len(change.loss_ha_by_year)} years")  # fmt: skip
    print(f"median of {args.runs} runs: forest_change {k:.3f} s; bare read + bincount {f:.3f} s; "
          f"ratio {k / f:.2f}")  # fmt: skip


if __name__ == "__main__":
    main()
