"""Matched control pixels for a project: covariates from the forest rasters, nearest neighbours
by Mahalanobis distance within a caliper, repeated so that the spread of the result is known.

The method, as carboncalc runs it (simpler than the published evaluations it follows; see
docs/satellite.md):

1. Exact matching on forest state: only pixels that are forest at the match year (canopy cover
   in 2000 at or above the threshold, and not lost before that year) are matched, inside the
   project and among the candidates (the matching region, less the project and exclusions).
2. Covariates of each pixel: the share of forest within ``radius_m`` at the match year and 5
   and 10 years before (2000 where the data begin later), the distance to the nearest
   non-forest pixel at the match year [m], the share of the neighbourhood lost in the 5 years
   before it, and any covariate rasters given (elevation, slope, travel time...).
3. Each repeat bootstraps (seeded) both sides: ``sample`` project pixels drawn with
   replacement, and the candidates by a Poisson bootstrap (each in the repeat's pool with
   probability 1 - e^-1). Each project pixel takes the nearest candidate of the pool in the
   covariates whitened by the pooled covariance (Mahalanobis distance), controls with
   replacement, if that distance is within the caliper (scipy's k-d tree, built once over
   every candidate, or a seeded subset of 5 million, queried for the 8 nearest). Unmatched
   project pixels are dropped. Pixels are taken as independent, which neighbouring pixels
   are not, so the interval is narrower than one that allowed for their correlation.
4. For each year after the match year, the share of the matched project pixels lost and of
   their controls (each pair weighted by the project pixel's area); over the repeats, their
   mean and 5th-95th percentiles. Balance: each covariate's standardised mean difference
   (difference of means over the pooled standard deviation before matching, Stuart 2010)
   before and after matching.

With a pre-period (five years before the start, within the data), the same is done from its
first year, and the difference in differences and the pre-period gap follow.

References
----------
Stuart, E. A. 2010. Matching methods for causal inference: a review and a look forward.
Statistical Science 25:1-21. doi:10.1214/09-STS313

Guizar-Coutiño, A., Jones, J. P. G., Balmford, A., Carmenta, R. and Coomes, D. A. 2022. A global
evaluation of the effectiveness of voluntary REDD+ projects at reducing deforestation and
degradation in the moist tropics. Conservation Biology 36:e13970. doi:10.1111/cobi.13970
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Final

import numpy as np
from numpy.typing import NDArray
from scipy import ndimage
from scipy.spatial import cKDTree

from carboncalc.core.matching import Balance, MatchedCounterfactual, Spread, YearShares
from carboncalc.core.observation import FileDigest
from carboncalc.errors import ProjectFileError
from carboncalc.observe.hansen import FIRST_YEAR
from carboncalc.observe.landscape import Landscape

BUILT_IN: Final = ("forest_share_start", "forest_share_5y_before", "forest_share_10y_before",
                   "edge_distance_m", "recent_loss_share")  # fmt: skip
PRE_YEARS: Final = 5
NEIGHBOURS: Final = 8  # queried, of which the nearest in the repeat's bootstrap of candidates
MAX_CANDIDATES: Final = 5_000_000  # in the k-d tree; beyond, a seeded subset of them


@dataclass(frozen=True)
class Settings:
    start_year: int
    last_year: int | None  # of the data; None: the last year of loss seen in the window
    sample: int = 1_000
    repeats: int = 100
    seed: int = 0
    caliper: float = 1.0  # Mahalanobis distance
    radius_m: float = 1_000.0
    threshold_pct: float = 30.0
    workers: int = 1  # the k-d tree's query threads


def forest_at(land: Landscape, year: int, threshold_pct: float) -> NDArray[np.bool_]:
    """Forest at the start of ``year``: cover at or above the threshold in 2000, not lost in a
    year before it."""
    lost_before = (land.lossyear > 0) & (land.lossyear < year - FIRST_YEAR)
    forest: NDArray[np.bool_] = (land.cover >= threshold_pct) & ~lost_before
    return forest


def covariates(land: Landscape, year: int, s: Settings) -> dict[str, NDArray[np.float64]]:
    """Each covariate over the window, at the match year ``year``."""
    dy, dx = land.pixel_m
    size = (2 * round(s.radius_m / dy) + 1, 2 * round(s.radius_m / dx) + 1)

    def share(mask: NDArray[np.bool_]) -> NDArray[np.float64]:
        found: NDArray[np.float64] = ndimage.uniform_filter(
            mask.astype(np.float32), size=size, mode="nearest"
        )
        return found

    forest = forest_at(land, year, s.threshold_pct)
    recent = (land.lossyear >= max(year - PRE_YEARS, FIRST_YEAR + 1) - FIRST_YEAR) & (
        land.lossyear < year - FIRST_YEAR
    )
    found = {
        "forest_share_start": share(forest),
        "forest_share_5y_before": share(
            forest_at(land, max(year - 5, FIRST_YEAR + 1), s.threshold_pct)
        ),
        "forest_share_10y_before": share(
            forest_at(land, max(year - 10, FIRST_YEAR + 1), s.threshold_pct)
        ),
        "edge_distance_m": ndimage.distance_transform_edt(forest, sampling=(dy, dx)),
        "recent_loss_share": share(recent),
    }
    return {**found, **land.extra}


def _table(covs: dict[str, NDArray[Any]], where: NDArray[np.bool_]) -> NDArray[np.float64]:
    return np.column_stack([c[where] for c in covs.values()]).astype(np.float64)


def _redundant(covs: dict[str, NDArray[Any]], where: NDArray[np.bool_]) -> list[str]:
    """The built-in covariates that add nothing over the pixels matched: the same everywhere,
    or a linear function of those kept before them (the forest 5 and 10 years before are the
    same map where both years fall before the data begin). The covariates given come first and
    are kept: one of them constant or collinear is refused in :func:`_whitening`."""
    given = [n for n in covs if n not in BUILT_IN]
    kept = [covs[n][where].astype(np.float64) for n in given]
    dropped = []
    for name in BUILT_IN:
        column = covs[name][where].astype(np.float64)
        if column.min() == column.max() or _collinear([*kept, column]):
            dropped.append(name)
        else:
            kept.append(column)
    return dropped


def _collinear(columns: list[NDArray[np.float64]]) -> bool:
    """True where the columns' correlation matrix is singular (to 1e-9): one is a linear
    function of the others."""
    if any(c.min() == c.max() for c in columns):
        return True
    corr = np.atleast_2d(np.corrcoef(np.column_stack(columns), rowvar=False))
    return bool(np.linalg.eigvalsh(corr).min() < 1e-9)


def _whitening(
    x: NDArray[np.float64], names: list[str]
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """The mean and the matrix W with (x - mean) W whitened (W Wᵀ = Σ⁻¹); refused where a
    covariate is constant or the covariates are collinear (a singular covariance)."""
    sd = x.std(axis=0)
    constant = [n for n, v in zip(names, sd, strict=True) if not v > 0]
    if constant:
        raise ProjectFileError(
            f"covariate {', '.join(constant)} is the same for every pixel matched: it cannot "
            "tell pixels apart (drop it, or widen the matching region)"
        )
    cov = np.cov(x, rowvar=False).reshape(len(names), len(names))
    try:
        w = np.linalg.cholesky(np.linalg.inv(cov))
    except np.linalg.LinAlgError:
        raise ProjectFileError(
            "the covariates are collinear (their covariance matrix is singular): drop one of "
            f"{', '.join(names)}"
        ) from None
    return x.mean(axis=0), w


def _smd(
    a: NDArray[np.float64], b: NDArray[np.float64], pooled: NDArray[np.float64]
) -> NDArray[np.float64]:
    return (a.mean(axis=0) - b.mean(axis=0)) / pooled  # type: ignore[no-any-return]


def _match_from(land: Landscape, year: int, years: range, s: Settings, salt: int) -> dict[str, Any]:
    """One matching from ``year``: per repeat, the shares lost in ``years``; the balance."""
    forest = forest_at(land, year, s.threshold_pct)
    inside, outside = land.project & forest, land.candidates & forest
    if not inside.any():
        raise ProjectFileError(f"the project has no forest in {year} to match")
    n_project, n_candidates = int(inside.sum()), int(outside.sum())
    sample = s.sample
    if n_candidates < sample:
        raise ProjectFileError(
            f"{n_candidates:,} candidate forest pixels in the matching region in {year}, fewer "
            f"than the sample of {sample:,}: widen the region, or sample fewer"
        )
    covs = covariates(land, year, s)
    dropped = _redundant(covs, inside | outside)
    for name in dropped:
        del covs[name]
    names = list(covs)
    xp, xc = _table(covs, inside), _table(covs, outside)
    mean, w = _whitening(np.vstack([xp, xc]), names)
    zp, zc = (xp - mean) @ w, (xc - mean) @ w
    pooled = np.sqrt((xp.var(axis=0) + xc.var(axis=0)) / 2)
    area = np.broadcast_to(land.row_areas_ha[:, None], land.cover.shape)
    wp = area[inside]
    loss_p, loss_c = land.lossyear[inside], land.lossyear[outside]
    codes = [y - FIRST_YEAR for y in years]
    naive = [float(np.average(loss_c == c, weights=area[outside])) for c in codes]
    project_shares, control_shares, smd_after, matched = [], [], [], []
    pool = np.arange(n_candidates)
    seed = s.seed % 2**64  # numpy takes no negative seed; --seed takes any whole number
    if n_candidates > MAX_CANDIDATES:  # a seeded subset, the same for every repeat
        pool = np.random.default_rng([seed, salt]).choice(n_candidates, MAX_CANDIDATES, False)
    tree = cKDTree(zc[pool])
    neighbours = min(NEIGHBOURS, len(pool))
    for r in range(s.repeats):
        rng = np.random.default_rng([seed, salt, r])
        pick = rng.choice(n_project, size=sample, replace=True)
        distances, indices = tree.query(zp[pick], k=neighbours, workers=s.workers)
        distances, indices = distances.reshape(sample, -1), indices.reshape(sample, -1)
        # a Poisson bootstrap of the candidates: each is in this repeat's pool with
        # probability 1 - e^-1; a project pixel takes the nearest of its neighbours that is
        available = rng.poisson(1.0, len(pool)) > 0
        usable = available[indices] & (distances <= s.caliper)
        first = usable.argmax(axis=1)
        ok = usable[np.arange(sample), first]
        index = indices[np.arange(sample), first]
        matched.append(float(ok.mean()))
        if not ok.any():
            raise ProjectFileError(
                f"no project pixel has a candidate within the caliper of {s.caliper:g}: widen "
                "the caliper or the matching region"
            )
        treated, controls = pick[ok], pool[index[ok]]
        weights = wp[treated]
        project_shares.append(
            [float(np.average(loss_p[treated] == c, weights=weights)) for c in codes]
        )
        control_shares.append(
            [float(np.average(loss_c[controls] == c, weights=weights)) for c in codes]
        )
        smd_after.append(_smd(xp[treated], xc[controls], pooled))
    before = _smd(xp, xc, pooled)
    after = np.mean(smd_after, axis=0)
    return {
        "years": list(years),
        "project": np.array(project_shares),
        "control": np.array(control_shares),
        "naive": naive,
        "balance": tuple(
            Balance(n, float(b), float(a)) for n, b, a in zip(names, before, after, strict=True)
        ),
        "matched": float(np.mean(matched)),
        "sample": sample,
        "candidates": n_candidates,
        "names": tuple(names),
        "dropped": tuple(dropped),
        "forest_ha": float(wp.sum()),
    }


def _shares(run: dict[str, Any]) -> tuple[YearShares, ...]:
    return tuple(
        YearShares(
            year,
            Spread.of(run["project"][:, i].tolist()),
            Spread.of(run["control"][:, i].tolist()),
            run["naive"][i],
        )
        for i, year in enumerate(run["years"])
    )


def matched_counterfactual(
    land: Landscape, s: Settings, project: str, files: tuple[FileDigest, ...]
) -> MatchedCounterfactual:
    """The matched counterfactual of one project from ``s.start_year`` to ``s.last_year``."""
    last = s.last_year or FIRST_YEAR + int(land.lossyear.max())
    if not FIRST_YEAR < s.start_year <= last:
        raise ProjectFileError(
            f"a start in {s.start_year}: the rasters' years of loss are {FIRST_YEAR + 1}-{last}"
        )
    post = _match_from(land, s.start_year, range(s.start_year, last + 1), s, salt=0)
    gap_post = post["control"] - post["project"]  # repeats x years
    forest_ha = post["forest_ha"]
    pre_start = s.start_year - PRE_YEARS
    pre = did = gap = None
    if pre_start > FIRST_YEAR:
        pre = _match_from(land, pre_start, range(pre_start, s.start_year), s, salt=1)
        gap_pre = (pre["control"] - pre["project"]).mean(axis=1)
        did = Spread.of((gap_post.mean(axis=1) - gap_pre).tolist())
        gap = Spread.of(gap_pre.tolist())
    return MatchedCounterfactual(
        project=project,
        start_year=s.start_year,
        last_year=last,
        project_forest_ha=forest_ha,
        post=_shares(post),
        pre=_shares(pre) if pre is not None else (),
        balance=post["balance"],
        pre_balance=pre["balance"] if pre is not None else (),
        avoided_ha=Spread.of((gap_post.sum(axis=1) * forest_ha).tolist()),
        naive_avoided_ha=float(
            (np.array(post["naive"]) - post["project"].mean(axis=0)).sum() * forest_ha
        ),
        did_per_yr=did,
        pre_gap_per_yr=gap,
        matched_fraction=post["matched"],
        sample=post["sample"],
        candidates=post["candidates"],
        repeats=s.repeats,
        seed=s.seed,
        caliper=s.caliper,
        covariates=post["names"],
        constant=post["dropped"],
        files=files,
        counterfactual_total=Spread.of(post["control"].sum(axis=1).tolist()),
    )


@dataclass(frozen=True)
class MatchJob:
    """What :func:`measure_match` needs for one project: plain values, to run in a worker
    process or on a Dask cluster as :func:`carboncalc.observe.run.measure` does."""

    project: str
    boundary: Any  # run.Shape
    rasters: tuple[tuple[str, str], ...]  # treecover2000 and lossyear tiles
    digests: tuple[FileDigest, ...]
    settings: Settings
    region: Any = None  # run.Shape of the matching region, else a distance around the project
    region_km: float = 25.0
    exclude_ring_km: float | None = None
    excluded: tuple[Any, ...] = ()  # run.Shape of other projects' boundaries
    covariates: tuple[tuple[str, str], ...] = ()  # (name, path)


def measure_match(job: MatchJob) -> MatchedCounterfactual:
    """Open the rasters, build the landscape around the project, and match."""
    from contextlib import ExitStack

    import rasterio
    import shapely

    from carboncalc.observe import grid, landscape, zones
    from carboncalc.observe.run import LONLAT, about_zone, open_raster

    with ExitStack() as stack:
        layers: dict[str, list[Any]] = {}
        for layer, path in job.rasters:
            layers.setdefault(layer, []).append(stack.enter_context(open_raster(path)))
        extra: dict[str, list[Any]] = {}
        for name, path in job.covariates:
            extra.setdefault(name, []).append(stack.enter_context(open_raster(path)))
        tiles = grid.tiles(layers)
        crs = next(iter(tiles[0].values())).crs
        lonlat_crs = rasterio.crs.CRS.from_user_input(LONLAT)

        def in_rasters(shape: Any) -> Any:
            return grid.to_raster_crs(shapely.from_wkb(shape.wkb), shape.crs, crs)

        boundary = shapely.from_wkb(job.boundary.wkb)
        lonlat = grid.to_raster_crs(boundary, job.boundary.crs, lonlat_crs)
        if job.region is not None:
            region = in_rasters(job.region)
        else:
            around = zones.ring(lonlat, job.region_km * 1000).union(lonlat)
            region = grid.to_raster_crs(around, LONLAT, crs)
        excluded = [in_rasters(shape) for shape in job.excluded]
        if job.exclude_ring_km:
            ring = zones.ring(lonlat, job.exclude_ring_km * 1000)
            excluded.append(grid.to_raster_crs(ring, LONLAT, crs))
        inside = in_rasters(job.boundary)
        with about_zone("the matching region"):
            grid.pieces(tiles, region.union(inside))  # refuses a region not wholly covered
        land = landscape.build(tiles, inside, region, excluded, extra)
    return matched_counterfactual(land, job.settings, job.project, job.digests)
