"""Time of `carboncalc match`'s kernel: 25,000 project pixels against 250,000 candidates, 100
repeats, on two threads, against the floor of its k-d tree queries alone (the same tree built
once, and the same 100 queries of 25,000 points).

The landscape is synthetic and in memory (a window of 524 x 524 pixels, the project a square of
158 x 158 in it, loss at random, a covariate raster of random values), so that the time is the
matching's and not reading files. The kernel matches twice (from the start and from the
pre-period's first year), so its time is compared with twice the floor. --scale 10 runs ten
times the pixels (with fewer --repeats, memory does not depend on them) and the peak memory of
the process is printed either way.

On this landscape the recent loss is a linear function of the forest shares (the forest never
comes back), so the kernel leaves it out, as the floor does.

    python benchmarks/match.py [--scale 1] [--repeats 100] [--workers 2]

Needs the match extra (pip install '.[match]').
"""

from __future__ import annotations

import argparse
import math
import resource
import time


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=1)
    parser.add_argument("--repeats", type=int, default=100)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()

    import numpy as np
    from rasterio.crs import CRS
    from rasterio.transform import from_origin
    from scipy.spatial import cKDTree

    from carboncalc.observe import matching
    from carboncalc.observe.areas import row_areas_ha
    from carboncalc.observe.landscape import Landscape

    project_px = 25_000 * args.scale
    side = round(math.sqrt(11 * project_px))  # project + 250,000 x scale candidates
    inner = round(math.sqrt(project_px))
    rng = np.random.default_rng(0)
    cover = np.full((side, side), 80, dtype=np.uint8)
    loss = np.where(rng.random((side, side)) < 0.1, rng.integers(1, 24, (side, side)), 0)
    project = np.zeros((side, side), dtype=bool)
    top = (side - inner) // 2
    project[top : top + inner, top : top + inner] = True
    transform = from_origin(-60.0, -5.0, 0.00025, 0.00025)
    land = Landscape(
        transform, CRS.from_epsg(4326), row_areas_ha(transform, side, geographic=True), cover,
        loss.astype(np.uint8), project, ~project,
        {"noise": rng.random((side, side))},
    )  # fmt: skip
    settings = matching.Settings(2011, 2023, sample=project_px, repeats=args.repeats,
                                 workers=args.workers)  # fmt: skip

    start = time.perf_counter()
    result = matching.matched_counterfactual(land, settings, "bench", ())
    kernel = time.perf_counter() - start

    # the floor: the same candidates' covariates in a tree, queried as the kernel queries it
    # (its 8 nearest, of which a repeat takes the nearest in its bootstrap of candidates)
    covs = matching.covariates(land, 2011, settings)
    forest = matching.forest_at(land, 2011, settings.threshold_pct)
    dropped = matching._redundant(covs, forest)  # the kernel's covariates, no more
    names = [n for n in covs if n not in dropped]
    xc = np.column_stack([covs[n][~project & forest] for n in names]).astype(np.float64)
    xp = np.column_stack([covs[n][project & forest] for n in names]).astype(np.float64)
    mean, w = matching._whitening(np.vstack([xp, xc]), names)  # as the kernel whitens them
    xc, xp = (xc - mean) @ w, (xp - mean) @ w
    start = time.perf_counter()
    tree = cKDTree(xc)
    for r in range(args.repeats):
        pick = np.random.default_rng([0, r]).choice(len(xp), size=project_px, replace=True)
        tree.query(xp[pick], k=matching.NEIGHBOURS, workers=args.workers)
    floor = time.perf_counter() - start

    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{project_px:,} project pixels against {result.candidates:,} candidates, "
          f"{args.repeats} repeats, {args.workers} threads; with a pre-period: "
          f"{result.did_per_yr is not None}")  # fmt: skip
    print(f"kernel {kernel:.2f} s (two matchings: from the start and from the pre-period); "
          f"tree build and queries alone {floor:.2f} s; ratio {kernel / floor / 2:.2f} a "
          f"matching; peak memory {peak_mb:,.0f} MB")  # fmt: skip


if __name__ == "__main__":
    main()
