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
round 0.09 ha; a boundary across tiles is counted tile by tile (:mod:`carboncalc.observe.grid`).

References
----------
Hansen, M. C., Potapov, P. V., Moore, R., Hancher, M., Turubanova, S. A., Tyukavina, A., Thau,
D., Stehman, S. V., Goetz, S. J., Loveland, T. R., Kommareddy, A., Egorov, A., Chini, L.,
Justice, C. O. and Townshend, J. R. G. 2013. High-resolution global maps of 21st-century forest
cover change. Science 342:850-853. doi:10.1126/science.1244693
"""

from __future__ import annotations

import math
from collections.abc import Collection, Iterator, Mapping, Sequence
from typing import Any, Final

import numpy as np

from carboncalc.core.observation import ForestChange
from carboncalc.errors import ProjectFileError
from carboncalc.observe import grid

FIRST_YEAR: Final = 2000  # lossyear N is the year FIRST_YEAR + N
DEFAULT_THRESHOLD_PCT: Final = 30.0  # canopy cover
LAYERS: Final = ("treecover2000", "lossyear")


def forest_change(
    tiles: Sequence[Mapping[str, Any]],
    geometry: Any,
    *,
    threshold_pct: float = DEFAULT_THRESHOLD_PCT,
) -> ForestChange:
    """Forest in 2000 and tree cover loss by year inside ``geometry``.

    Parameters
    ----------
    tiles
        The tiles (:func:`carboncalc.observe.grid.tiles`), each with opened rasterio datasets of
        ``treecover2000`` [%] and ``lossyear`` [years after 2000] on one grid; only the window
        covering the boundary is read.
    geometry
        The boundary, a shapely Polygon or MultiPolygon in the rasters' coordinate system.
    threshold_pct
        Canopy cover [%] at or above which a pixel is forest.

    Refused (:class:`ProjectFileError`): besides what :func:`grid.pieces` refuses, no-data in
    the tree cover inside the boundary, a tree cover outside 0-100 %, a loss year that is not a
    whole number from 0.
    """
    _check_threshold(threshold_pct)
    pieces, covered = grid.pieces(tiles, geometry)
    boundary: list[float] = []
    forest: list[float] = []
    non_forest: list[float] = []
    by_year: dict[int, list[float]] = {}
    for piece, cover, loss in _layers(pieces):
        ha = _class_areas(piece, piece.inside & (cover >= threshold_pct), loss)
        boundary.append(math.fsum(ha[1:].tolist()))
        forest.append(math.fsum(ha[2:].tolist()))
        non_forest.append(float(ha[1]))
        for n in range(1, len(ha) - 2):
            if ha[2 + n] > 0:
                by_year.setdefault(FIRST_YEAR + n, []).append(float(ha[2 + n]))
    return ForestChange(
        threshold_pct=threshold_pct,
        boundary_area_ha=math.fsum(boundary),
        forest_at_start_ha=math.fsum(forest),
        non_forest_ha=math.fsum(non_forest),
        loss_ha_by_year={year: math.fsum(parts) for year, parts in sorted(by_year.items())},
        coverage_fraction=covered,
    )


def lost_pixels(
    tiles: Sequence[Mapping[str, Any]],
    geometry: Any,
    *,
    years: Collection[int] | None = None,
    threshold_pct: float = DEFAULT_THRESHOLD_PCT,
) -> grid.Centres:
    """The centres and areas of the forest pixels inside ``geometry`` whose tree cover was lost
    in one of ``years`` (every year where None), to look up on another grid (a biomass map's).

    The pixels are those :func:`forest_change` counts as loss; refused as it refuses."""
    _check_threshold(threshold_pct)
    pieces, _ = grid.pieces(tiles, geometry)
    wanted = None if years is None else np.array(sorted(y - FIRST_YEAR for y in years))
    parts = []
    for piece, cover, loss in _layers(pieces):
        lost = piece.inside & (cover >= threshold_pct) & (loss > 0)
        if wanted is not None:
            lost &= np.isin(loss, wanted)
        parts.append(piece.centres(lost))
    return grid.Centres.joined(parts, next(iter(pieces[0].tile.values())).crs)


def _check_threshold(threshold_pct: float) -> None:
    if not 0 <= threshold_pct <= 100:
        raise ProjectFileError(f"a forest threshold of {threshold_pct:g} %: give one in 0-100 %")


def _layers(pieces: Sequence[grid.Piece]) -> Iterator[tuple[grid.Piece, Any, Any]]:
    """Each piece with its tree cover and loss year, checked: no-data in the tree cover inside
    the boundary refused (with the share that has data), and values out of their range."""
    covers = [piece.read("treecover2000") for piece in pieces]
    grid.check_nodata(pieces, "treecover2000", covers)
    for piece, cover in zip(pieces, covers, strict=True):
        loss = piece.read("lossyear")
        _check_values(piece, cover, loss)
        yield piece, cover, loss


def _check_values(piece: grid.Piece, cover: Any, loss: Any) -> None:
    too_high = np.where(piece.inside, cover, 0).max()
    if too_high > 100:
        raise grid.refused(
            f"a tree cover of {too_high} %: not a treecover2000 layer (0-100 %)",
            piece.tile["treecover2000"],
        )
    if loss.dtype.kind not in "iu" or loss.min() < 0:
        raise grid.refused(
            "not a lossyear layer (whole numbers of years from 0)", piece.tile["lossyear"]
        )


def _class_areas(piece: grid.Piece, forest: Any, loss: Any) -> Any:
    """The area [ha] of each class over one piece: 0 outside the boundary, 1 not forest, 2 + N
    forest lost in year N (2: never lost).

    Each pixel's class is counted per row with one ``bincount`` (the row's index times the
    number of classes added to the class); a row's counts times its pixels' area are its
    hectares. The class is built in place, without a branch: (N + 1) x forest + inside is
    N + 2 on forest (``forest`` holds only pixels inside), 1 on other pixels inside, 0 outside.
    """
    inside = piece.inside
    classes = int(loss.max()) + 3
    rows = inside.shape[0]
    wide = np.int32 if rows * classes < 2**31 else np.int64
    code = loss.astype(wide)
    code += 1
    code *= forest
    code += inside
    code += (np.arange(rows, dtype=wide) * classes)[:, None]
    counts = np.bincount(code.ravel(), minlength=rows * classes).reshape(rows, classes)
    return piece.row_areas_ha @ counts
