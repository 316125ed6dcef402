"""Forest at the start and tree cover loss by year over a boundary, from the Global Forest Change
maps (Hansen et al. 2013).

Two layers on one grid: ``treecover2000``, the canopy closure of vegetation taller than 5 m in
2000 [%, 0-100], and ``lossyear``, 0 where no loss was seen and N where the loss was in year
2000 + N. A pixel is forest when its cover is at least a threshold (30 % by default, a usual
choice, stated with every result); loss is counted on forest pixels only, so that sum of loss
by year + forest never lost + non-forest = the boundary's area.

Tree cover loss is not deforestation: it counts any removal of the canopy, plantations
harvested and replanted and forest burnt that grows back included. A figure from it must be
called tree cover loss wherever it is shown.

The pixels counted are those whose centre lies inside the boundary (rasterio's
``geometry_mask``), each weighted by its own area (:mod:`carboncalc.observe.areas`), never by a
round 0.09 ha.

References
----------
Hansen, M. C., Potapov, P. V., Moore, R., Hancher, M., Turubanova, S. A., Tyukavina, A., Thau,
D., Stehman, S. V., Goetz, S. J., Loveland, T. R., Kommareddy, A., Egorov, A., Chini, L.,
Justice, C. O. and Townshend, J. R. G. 2013. High-resolution global maps of 21st-century forest
cover change. Science 342:850-853. doi:10.1126/science.1244693
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Final

import numpy as np
import rasterio.features
import rasterio.windows
from shapely.geometry import box

from carboncalc.errors import Problem, ProjectFileError
from carboncalc.observe.areas import row_areas_ha

FIRST_YEAR: Final = 2000  # lossyear N is the year FIRST_YEAR + N
DEFAULT_THRESHOLD_PCT: Final = 30.0  # canopy cover
COVERAGE_TOLERANCE: Final = 1e-9  # a boundary along the raster's edge is covered, not 99.99...%


@dataclass(frozen=True)
class ForestChange:
    """What the two layers say over one boundary [ha]."""

    threshold_pct: float  # canopy cover at or above which a pixel is forest
    boundary_area_ha: float  # the pixels inside the boundary
    forest_at_start_ha: float  # forest in 2000
    non_forest_ha: float
    loss_ha_by_year: Mapping[int, float]  # tree cover loss on forest, by year; years with loss
    coverage_fraction: float  # of the boundary the rasters cover (1 when measured)

    @property
    def forest_never_lost_ha(self) -> float:
        return self.forest_at_start_ha - math.fsum(self.loss_ha_by_year.values())


def _refused(message: str, dataset: Any) -> ProjectFileError:
    return ProjectFileError([Problem(message, str(dataset.name))])


def _check_grid(treecover: Any, lossyear: Any) -> None:
    for dataset in (treecover, lossyear):
        if dataset.crs is None:
            raise _refused("the raster has no coordinate system (CRS); not measured", dataset)
    same = (
        treecover.crs == lossyear.crs
        and treecover.shape == lossyear.shape
        and treecover.transform.almost_equals(lossyear.transform)
    )
    if not same:
        raise _refused(
            f"not on the grid of {treecover.name} (its coordinate system, pixel size, origin or "
            "size differ): the tree cover and loss rasters must be tiles of the same grid",
            lossyear,
        )


def _pixel_areas(dataset: Any, transform: Any, rows: int) -> np.ndarray[Any, Any]:
    crs = dataset.crs
    if crs.is_geographic:
        if crs.to_epsg() != 4326:
            raise _refused(
                f"a geographic raster not on WGS84 ({crs}): only EPSG:4326 is measured", dataset
            )
        return row_areas_ha(transform, rows, geographic=True)
    _, metres = crs.linear_units_factor
    return row_areas_ha(transform, rows, geographic=False, metres_per_unit=metres)


def forest_change(
    treecover: Any, lossyear: Any, geometry: Any, *, threshold_pct: float = DEFAULT_THRESHOLD_PCT
) -> ForestChange:
    """Forest in 2000 and tree cover loss by year inside ``geometry``.

    Parameters
    ----------
    treecover, lossyear
        Opened rasterio datasets of ``treecover2000`` [%] and ``lossyear`` [years after 2000],
        on the same grid; only the window covering the boundary is read.
    geometry
        The boundary, a shapely Polygon or MultiPolygon in the rasters' coordinate system.
    threshold_pct
        Canopy cover [%] at or above which a pixel is forest.

    Refused (:class:`ProjectFileError`): a raster without a coordinate system, rasters on
    different grids, a boundary the rasters cover only in part (the share covered, in the
    rasters' coordinates and leaving out pixels of the tree cover's no-data value, is given in
    %), a boundary holding no pixel's centre, a tree cover outside 0-100 %, a loss year that
    is not a whole number from 0.
    """
    if not 0 <= threshold_pct <= 100:
        raise ProjectFileError(f"a forest threshold of {threshold_pct:g} %: give one in 0-100 %")
    _check_grid(treecover, lossyear)
    footprint = box(*treecover.bounds)
    covered = geometry.intersection(footprint).area / geometry.area
    if covered < 1 - COVERAGE_TOLERANCE:
        raise _refused(_partly(covered), treecover)

    # the window of whole pixels around the boundary, inside the raster
    window = rasterio.windows.from_bounds(*geometry.bounds, transform=treecover.transform)
    row0, col0 = max(math.floor(window.row_off), 0), max(math.floor(window.col_off), 0)
    row1 = min(math.ceil(window.row_off + window.height), treecover.height)
    col1 = min(math.ceil(window.col_off + window.width), treecover.width)
    window = rasterio.windows.Window(col0, row0, col1 - col0, row1 - row0)
    transform = treecover.window_transform(window)
    shape = (row1 - row0, col1 - col0)

    inside = rasterio.features.geometry_mask(
        [geometry], out_shape=shape, transform=transform, invert=True
    )
    cover = treecover.read(1, window=window)
    loss = lossyear.read(1, window=window)
    if treecover.nodata is not None:
        missing = inside & (cover == treecover.nodata)
        if missing.any():
            raise _refused(
                _partly(1 - missing.sum() / inside.sum(), " (no-data pixels)"), treecover
            )
    if not inside.any():
        raise _refused(
            "the boundary holds no pixel's centre: it is smaller than a pixel", treecover
        )
    too_high = np.where(inside, cover, 0).max()
    if too_high > 100:
        raise _refused(
            f"a tree cover of {too_high} %: not a treecover2000 layer (0-100 %)", treecover
        )
    if loss.dtype.kind not in "iu" or loss.min() < 0:
        raise _refused("not a lossyear layer (whole numbers of years from 0)", lossyear)

    # Each pixel's class: 0 outside the boundary, 1 not forest, 2 + N forest lost in year N (0
    # never), counted per row; a row's counts times its pixels' area are its hectares.
    classes = int(loss.max()) + 3
    rows = shape[0]
    wide = np.int32 if rows * classes < 2**31 else np.int64
    code = np.where(inside & (cover >= threshold_pct), loss.astype(wide) + 2, inside.astype(wide))
    code += (np.arange(rows, dtype=wide) * classes)[:, None]
    counts = np.bincount(code.ravel(), minlength=rows * classes).reshape(rows, classes)
    ha = _pixel_areas(treecover, transform, rows) @ counts  # [ha] of each class
    pixels = counts.sum(axis=0)
    return ForestChange(
        threshold_pct=threshold_pct,
        boundary_area_ha=math.fsum(ha[1:].tolist()),
        forest_at_start_ha=math.fsum(ha[2:].tolist()),
        non_forest_ha=float(ha[1]),
        loss_ha_by_year={
            FIRST_YEAR + n: float(ha[2 + n]) for n in range(1, classes - 2) if pixels[2 + n]
        },
        coverage_fraction=min(covered, 1.0),
    )


def _partly(covered: float, why: str = "") -> str:
    return (
        f"the rasters cover {covered * 100:.1f} % of the boundary{why}: a boundary is measured "
        "only where the rasters cover all of it (add the neighbouring tiles)"
    )
