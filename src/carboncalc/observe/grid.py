"""Where a boundary falls on a set of raster tiles: the window of each tile to read, the pixels
whose centre is inside, and the area of those pixels, row by row.

A dataset comes in tiles (the Global Forest Change and JRC maps in 10° squares) and in layers
(tree cover and loss year; the biomass and its standard deviation), each layer a file per tile.
The files given are sorted into tiles by their grid: the layers of one tile must share its
coordinate system, pixel size, origin and size, and tiles must not overlap (a pixel is counted
once). A boundary across several tiles is measured tile by tile and summed, without building a
mosaic; it is measured only where the tiles cover all of it.

Nothing here knows what a pixel's value means: the kernels (:mod:`.hansen`, :mod:`.tmf`, ...)
read the layers of each :class:`Piece` and count.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final

import numpy as np
import rasterio.features
import rasterio.windows
from numpy.typing import NDArray
from rasterio.warp import transform_geom
from shapely import union_all
from shapely.geometry import box, mapping, shape

from carboncalc.errors import Problem, ProjectFileError
from carboncalc.observe.areas import row_areas_ha

COVERAGE_TOLERANCE: Final = 1e-9  # a boundary along the raster's edge is covered, not 99.99...%


def refused(message: str, dataset: Any) -> ProjectFileError:
    """One problem, located at a raster file."""
    return ProjectFileError([Problem(message, str(dataset.name))])


@dataclass(frozen=True)
class Piece:
    """The part of a boundary on one tile: the window of whole pixels around it, which of those
    pixels have their centre inside (rasterio's ``geometry_mask``), and each row's pixel area."""

    tile: Mapping[str, Any]  # layer name -> opened dataset, all on one grid
    window: rasterio.windows.Window
    inside: NDArray[np.bool_]
    row_areas_ha: NDArray[np.float64]

    def read(self, layer: str, band: int = 1) -> NDArray[Any]:
        """One band of one layer over the window."""
        return read_window(self.tile[layer], band, self.window)

    def area_ha(self, where: NDArray[np.bool_]) -> float:
        """The area [ha] of the window's pixels where ``where`` is true (inside or not)."""
        return float(self.row_areas_ha @ where.sum(axis=1))

    def centres(self, where: NDArray[np.bool_]) -> Centres:
        """The centres and areas of the window's pixels where ``where`` is true."""
        first = next(iter(self.tile.values()))
        a, b, c, d, e, f = first.window_transform(self.window)[:6]
        rows, cols = np.nonzero(where)
        col, row = cols + 0.5, rows + 0.5
        return Centres(
            crs=first.crs,
            x=a * col + b * row + c,
            y=d * col + e * row + f,
            area_ha=self.row_areas_ha[rows],
        )


@dataclass(frozen=True)
class Centres:
    """Pixels picked from a raster, to be looked up on another grid: their centres (x and y in
    the raster's coordinate system) and their areas [ha]."""

    crs: Any
    x: NDArray[np.float64]
    y: NDArray[np.float64]
    area_ha: NDArray[np.float64]

    @staticmethod
    def joined(parts: Sequence[Centres], crs: Any) -> Centres:
        """The pixels of several pieces as one set (none where ``parts`` is empty)."""
        empty = np.zeros(0)
        return Centres(
            crs=crs,
            x=np.concatenate([p.x for p in parts]) if parts else empty,
            y=np.concatenate([p.y for p in parts]) if parts else empty,
            area_ha=np.concatenate([p.area_ha for p in parts]) if parts else empty,
        )


def read_window(dataset: Any, band: int, window: Any) -> NDArray[Any]:
    """One band of a raster over a window; a file damaged or cut short where the window lies
    (GDAL opens it, and fails on reading its blocks) is one problem at its name."""
    from rasterio.errors import RasterioError

    try:
        return dataset.read(band, window=window)  # type: ignore[no-any-return]
    except (RasterioError, OSError) as exc:
        first = (str(exc).strip().splitlines() or ["unknown error"])[0][:200]
        raise refused(f"damaged or cut short: its pixels cannot be read (GDAL: {first})",
                      dataset) from None  # fmt: skip


def _grid(dataset: Any) -> tuple[Any, ...]:
    return (dataset.crs, dataset.shape, tuple(round(v, 9) for v in dataset.transform[:6]))


def tiles(layers: Mapping[str, Sequence[Any]]) -> list[dict[str, Any]]:
    """The tiles of a dataset, each with one file of every layer, from the files of each layer.

    Refused: a file without a coordinate system; a tile with a layer missing, or with two files
    of a layer; tiles in different coordinate systems."""
    found: dict[tuple[Any, ...], dict[str, Any]] = {}
    for layer, datasets in layers.items():
        for dataset in datasets:
            if dataset.crs is None:
                raise refused("the raster has no coordinate system (CRS); not measured", dataset)
            tile = found.setdefault(_grid(dataset), {})
            if layer in tile:
                raise refused(f"the same tile as {tile[layer].name}, given twice", dataset)
            tile[layer] = dataset
    for tile in found.values():
        for layer in layers:
            if layer not in tile:
                given = next(iter(tile.values()))
                raise refused(
                    f"no {layer} raster on this one's grid (its coordinate system, pixel size, "
                    f"origin and size): every tile needs each layer, {' and '.join(layers)}",
                    given,
                )
    crs = {next(iter(t.values())).crs for t in found.values()}
    if len(crs) > 1:
        raise ProjectFileError(
            f"the rasters are in {len(crs)} coordinate systems: give tiles of one grid"
        )
    result = list(found.values())
    footprints = [box(*next(iter(t.values())).bounds) for t in result]
    for i, one in enumerate(footprints):
        for j in range(i):
            if one.intersection(footprints[j]).area > 0:
                raise refused(
                    f"overlaps {next(iter(result[j].values())).name}: tiles of a dataset must "
                    "not overlap, or a pixel would be counted twice",
                    next(iter(result[i].values())),
                )
    return result


def to_raster_crs(geometry: Any, geometry_crs: str, raster_crs: Any) -> Any:
    """The boundary carried into the rasters' coordinate system (GDAL/PROJ, by rasterio)."""
    if raster_crs == rasterio.crs.CRS.from_user_input(geometry_crs):
        return geometry
    return shape(transform_geom(geometry_crs, raster_crs, mapping(geometry)))


def pieces(found: Sequence[Mapping[str, Any]], geometry: Any) -> tuple[list[Piece], float]:
    """The pieces of ``geometry`` (in the tiles' coordinate system) on the tiles, and the share
    of it the tiles cover (1).

    Refused: a boundary the tiles cover only in part (the share covered, in %), one holding no
    pixel's centre, a geographic grid not on WGS84."""
    footprints = [box(*next(iter(t.values())).bounds) for t in found]
    covered = geometry.intersection(union_all(footprints)).area / geometry.area
    if covered < 1 - COVERAGE_TOLERANCE:
        raise refused(partly(covered), next(iter(found[0].values())))
    result = []
    for tile, footprint in zip(found, footprints, strict=True):
        if not geometry.intersects(footprint):
            continue
        first = next(iter(tile.values()))
        window = _window(first, geometry.intersection(footprint).bounds)
        if window is None:
            continue
        transform = first.window_transform(window)
        shape_ = (int(window.height), int(window.width))
        inside = rasterio.features.geometry_mask(
            [geometry], out_shape=shape_, transform=transform, invert=True
        )
        if inside.any():
            result.append(Piece(tile, window, inside, row_areas(first, transform, shape_[0])))
    if not result:
        raise refused(
            "the boundary holds no pixel's centre: it is smaller than a pixel",
            next(iter(found[0].values())),
        )
    return result, min(covered, 1.0)


def _window(dataset: Any, bounds: tuple[float, ...]) -> rasterio.windows.Window | None:
    """The window of whole pixels around ``bounds``, inside the raster; None where empty."""
    window = rasterio.windows.from_bounds(*bounds, transform=dataset.transform)
    row0, col0 = max(math.floor(window.row_off), 0), max(math.floor(window.col_off), 0)
    row1 = min(math.ceil(window.row_off + window.height), dataset.height)
    col1 = min(math.ceil(window.col_off + window.width), dataset.width)
    if row1 <= row0 or col1 <= col0:
        return None
    return rasterio.windows.Window(col0, row0, col1 - col0, row1 - row0)


def row_areas(dataset: Any, transform: Any, rows: int) -> NDArray[np.float64]:
    crs = dataset.crs
    if crs.is_geographic:
        if crs.to_epsg() != 4326:
            raise refused(
                f"a geographic raster not on WGS84 ({crs}): only EPSG:4326 is measured", dataset
            )
        return row_areas_ha(transform, rows, geographic=True)
    _, metres = crs.linear_units_factor
    return row_areas_ha(transform, rows, geographic=False, metres_per_unit=metres)


def check_nodata(found: Sequence[Piece], layer: str, values: Sequence[NDArray[Any]]) -> None:
    """Refuse a layer whose no-data value falls inside the boundary, with the share that has
    data (``values``: the layer read over each piece)."""
    total = math.fsum(p.area_ha(p.inside) for p in found)
    missing = 0.0
    dataset = None
    for piece, array in zip(found, values, strict=True):
        nodata = piece.tile[layer].nodata
        if nodata is None:
            continue
        gap = piece.inside & (np.isnan(array) if math.isnan(nodata) else array == nodata)
        if gap.any():
            missing += piece.area_ha(gap)
            dataset = piece.tile[layer]
    if dataset is not None:
        raise refused(partly(1 - missing / total, " (no-data pixels)"), dataset)


def partly(covered: float, why: str = "") -> str:
    return (
        f"the rasters cover {covered * 100:.1f} % of the boundary{why}: a boundary is measured "
        "only where the rasters cover all of it (add the neighbouring tiles)"
    )
