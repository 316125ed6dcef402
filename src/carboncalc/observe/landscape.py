"""The landscape a matching draws from: the Global Forest Change layers and any covariate
rasters over one window around a project, on one grid, with the project's pixels and the
candidate controls' marked.

The window is the region's bounds snapped outwards to the tiles' grid, so that a mosaic of tiles
(rasterio's ``merge``) keeps every pixel where it is, without resampling. Covariate rasters must
be on that grid (the same coordinate system, pixel size and alignment): a covariate resampled
by carboncalc would be a choice the user did not make.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import rasterio.features
from numpy.typing import NDArray
from rasterio.merge import merge

from carboncalc.errors import Problem, ProjectFileError
from carboncalc.observe import grid


@dataclass(frozen=True)
class Landscape:
    """Layers on one grid over the window, and the masks of the zones."""

    transform: Any
    crs: Any
    row_areas_ha: NDArray[np.float64]  # one pixel's area in each row
    cover: NDArray[Any]  # treecover2000 [%]
    lossyear: NDArray[Any]  # 0, or N for a loss in 2000 + N
    project: NDArray[np.bool_]  # pixels whose centre is inside the project's boundary
    candidates: NDArray[np.bool_]  # inside the matching region, outside every exclusion
    extra: Mapping[str, NDArray[np.float64]]  # covariate rasters, by name

    @property
    def pixel_m(self) -> tuple[float, float]:
        """A pixel's height and width [m] at the window's middle row (for neighbourhoods and
        distances; on a geographic grid, from the WGS84 ellipsoid's radii of curvature)."""
        a, _, _, _, e, f = (float(v) for v in self.transform[:6])
        if not self.crs.is_geographic:
            _, metres = self.crs.linear_units_factor
            return abs(e) * metres, abs(a) * metres
        lat = math.radians(f + e * self.cover.shape[0] / 2)
        e2 = 0.00669437999014  # WGS84 first eccentricity squared
        w = math.sqrt(1 - e2 * math.sin(lat) ** 2)
        meridian = 6_378_137.0 * (1 - e2) / w**3  # radius of curvature in the meridian [m]
        normal = 6_378_137.0 / w  # in the prime vertical [m]
        return abs(e) * math.radians(1) * meridian, abs(a) * math.radians(1) * normal * math.cos(
            lat
        )


def build(
    tiles: Sequence[Mapping[str, Any]],
    project: Any,
    region: Any,
    excluded: Sequence[Any],
    covariates: Mapping[str, Sequence[Any]],
) -> Landscape:
    """The landscape over ``region`` (which holds ``project``), all in the tiles' coordinate
    system; candidates are the region's pixels outside the project and ``excluded``.

    The tiles must cover the region (:func:`grid.pieces` says how much they do). Refused: a
    covariate raster not on the tiles' grid or with no-data in the window."""
    first = next(iter(tiles[0].values()))
    bounds = _snapped(region.union(project).bounds, first.transform)
    layers = {}
    for layer in ("treecover2000", "lossyear"):
        array, transform = merge([t[layer] for t in tiles], bounds=bounds)
        layers[layer] = array[0]
    shape = layers["lossyear"].shape
    mask = _masks(transform, shape)
    inside = mask([project])
    candidates = mask([region]) & ~inside
    for zone in excluded:
        candidates &= ~mask([zone])
    extra = {name: _covariate(name, datasets, first, bounds, shape)
             for name, datasets in covariates.items()}  # fmt: skip
    rows = grid.row_areas(first, transform, shape[0])
    return Landscape(transform, first.crs, rows, layers["treecover2000"], layers["lossyear"],
                     inside, candidates, extra)  # fmt: skip


def _masks(transform: Any, shape: tuple[int, int]) -> Any:
    def mask(geometries: list[Any]) -> NDArray[np.bool_]:
        return rasterio.features.geometry_mask(  # type: ignore[no-any-return]
            geometries, out_shape=shape, transform=transform, invert=True
        )

    return mask


def _snapped(bounds: tuple[float, ...], transform: Any) -> tuple[float, float, float, float]:
    """Bounds grown outwards to whole pixels of the grid of ``transform`` (north-up)."""
    a, _, c, _, e, f = (float(v) for v in transform[:6])
    west = c + math.floor((bounds[0] - c) / a) * a
    east = c + math.ceil((bounds[2] - c) / a) * a
    north = f + math.floor((bounds[3] - f) / e) * e
    south = f + math.ceil((bounds[1] - f) / e) * e
    return west, south, east, north


def _covariate(
    name: str, datasets: Sequence[Any], like: Any, bounds: tuple[float, ...], shape: Any
) -> NDArray[np.float64]:
    for dataset in datasets:
        same = dataset.crs == like.crs and dataset.transform[:6:4] == like.transform[:6:4]
        ours, theirs = like.transform, dataset.transform
        offset = ((theirs.c - ours.c) / ours.a, (theirs.f - ours.f) / ours.e)
        if not same or any(abs(o - round(o)) > 1e-6 for o in offset):
            raise ProjectFileError([Problem(
                f"covariate {name}: not on the grid of the forest rasters (their coordinate "
                "system, pixel size and alignment); reproject it onto that grid first",
                str(dataset.name))])  # fmt: skip
    array, _ = merge(list(datasets), bounds=bounds, nodata=math.nan, dtype="float64")
    values = array[0]
    if values.shape != shape or np.isnan(values).any():
        raise ProjectFileError([Problem(
            f"covariate {name}: no data over part of the matching region; give tiles that "
            "cover it", str(datasets[0].name))])  # fmt: skip
    return values  # type: ignore[no-any-return]
