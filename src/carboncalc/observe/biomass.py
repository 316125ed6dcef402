"""Above-ground biomass where forest was lost, from a biomass map and its standard deviation
(the ESA Climate Change Initiative Biomass maps, Santoro and Cartus).

Two layers on one grid: ``agb``, the above-ground biomass [Mg/ha]: the oven-dry mass of the
woody parts (stem, bark, branches and twigs) of all living trees, stump and roots excluded; and
``agb_sd``, the per-pixel standard deviation of that estimate [Mg/ha] (both as the dataset's
catalogue record defines them). The maps are global, at 100 m (a pixel of 1/1125°), in
10° x 10° GeoTIFF tiles, one file per layer, year and tile, named
``<tile>_ESACCI-BIOMASS-L4-AGB-MERGED-100m-<year>-fv<version>.tif`` and
``<tile>_ESACCI-BIOMASS-L4-AGB_SD-MERGED-100m-<year>-fv<version>.tif`` (e.g. ``N00W050_...-2020-
fv4.0.tif``), from the CEDA archive (``.../neodc/esacci/biomass/data/agb/maps/<version>/geotiff/
<year>/``); the names as public scripts that use them write them.

The biomass grid is not the loss grid (Hansen's 0.00025° pixels, about 3.6 to a cell's side):
each lost pixel takes the biomass of the cell its centre falls in (no resampling), and
counts with its own area, so that a cell counts for the lost area inside it. A cell's biomass is
its mean over the whole cell, lost part or not.

Notes
-----
Over lost pixels i of area w_i [ha], biomass a_i and the map's standard deviation s_i [Mg/ha]:

    mean = Σ w_i a_i / Σ w_i,
    spatial SD = sqrt(Σ w_i (a_i - mean)² / Σ w_i),    the spread of biomass among the pixels,
    mean map SD = Σ w_i s_i / Σ w_i.

The mean map SD is the standard error of ``mean`` if the map's errors are fully correlated
between cells; errors less correlated (but not negatively) give a smaller error, down to
sqrt(Σ_c W_c² s_c²) / Σ_c W_c over cells c holding lost area W_c when independent. So it is an
upper bound on the error of the mean, under that assumption; it says nothing of the map's bias.

References
----------
Santoro, M. and Cartus, O. 2025. ESA Biomass Climate Change Initiative (Biomass_cci): Global
datasets of forest above-ground biomass for the years 2007, 2010, 2015, 2016, 2017, 2018, 2019,
2020, 2021 and 2022, v6.0. NERC EDS Centre for Environmental Data Analysis.
doi:10.5285/95913ffb6467447ca72c4e9d8cf30501 (the catalogue record, read: the layers' definitions)

Santoro, M. et al. 2021. The global forest above-ground biomass pool for 2010 estimated from
high-resolution satellite observations. Earth System Science Data 13:3927-3950.
doi:10.5194/essd-13-3927-2021

The CCI Biomass Product User Guide was not read: its version and the files' no-data values are
not taken from it; the files' own no-data values are used.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final

import numpy as np
import rasterio.windows
from numpy.typing import NDArray

from carboncalc.errors import ProjectFileError
from carboncalc.observe import grid, hansen

LAYERS: Final = ("agb", "agb_sd")


@dataclass(frozen=True)
class BiomassAtPixels:
    """The biomass map read at a set of pixels (the forest lost); None where there are none."""

    area_ha: float  # of the pixels
    pixel_count: int
    cell_count: int  # the biomass map's cells they fall in
    agb_mean_mg_per_ha: float | None  # area-weighted
    agb_spatial_sd_mg_per_ha: float | None  # area-weighted spread among the pixels
    agb_sd_mean_mg_per_ha: float | None  # area-weighted mean of the map's SD: see the notes


def biomass_lost(
    loss_tiles: Sequence[Mapping[str, Any]],
    biomass_tiles: Sequence[Mapping[str, Any]],
    geometry: Any,
    *,
    years: Collection[int] | None = None,
    threshold_pct: float = hansen.DEFAULT_THRESHOLD_PCT,
) -> BiomassAtPixels:
    """The biomass of the forest pixels inside ``geometry`` (in the loss tiles' coordinate
    system) whose tree cover was lost in ``years`` (:func:`hansen.lost_pixels`), from the biomass
    tiles (:func:`grid.tiles` of ``agb`` and ``agb_sd``)."""
    pixels = hansen.lost_pixels(loss_tiles, geometry, years=years, threshold_pct=threshold_pct)
    return biomass_at(biomass_tiles, pixels)


def biomass_at(tiles: Sequence[Mapping[str, Any]], pixels: grid.Centres) -> BiomassAtPixels:
    """The area-weighted biomass and its spread at ``pixels`` (their centres carried into the
    biomass map's coordinate system where it differs), each pixel taking its cell's values.

    Refused (:class:`ProjectFileError`): pixels no tile covers (with the share of their area
    covered), no data in either layer at a pixel (with the share that has data), a negative
    biomass or standard deviation."""
    count = len(pixels.area_ha)
    if count == 0:
        return BiomassAtPixels(0.0, 0, 0, None, None, None)
    first = tiles[0]["agb"]
    x, y = _in_crs(pixels, first.crs)
    agb = np.full(count, np.nan)
    sd = np.full(count, np.nan)
    cell = np.full(count, -1, dtype=np.int64)
    missing = np.zeros(count, dtype=bool)
    found = np.zeros(count, dtype=bool)
    missing_at = first
    for number, tile in enumerate(tiles):
        rows, cols, here = _cells(tile["agb"], x, y, ~found)
        if not here.any():
            continue
        found |= here
        window = rasterio.windows.Window(
            cols[here].min(), rows[here].min(), np.ptp(cols[here]) + 1, np.ptp(rows[here]) + 1
        )
        at = (rows[here] - window.row_off, cols[here] - window.col_off)
        values = {}
        for layer in LAYERS:
            read, gap = _read(tile[layer], window)
            values[layer], gaps = read[at], gap[at]
            if gaps.any():
                missing[here] |= gaps
                missing_at = tile[layer]
            lowest = np.where(gaps, 0, values[layer]).min()
            if lowest < 0:
                raise grid.refused(
                    f"a value of {lowest:g} Mg/ha where forest was lost: not an {layer} layer "
                    "(Mg/ha, from 0)",
                    tile[layer],
                )
        agb[here], sd[here] = values["agb"], values["agb_sd"]
        cell[here] = (number * tile["agb"].height + rows[here]) * tile["agb"].width + cols[here]
    area = math.fsum(pixels.area_ha.tolist())
    if not found.all():
        share = math.fsum(pixels.area_ha[found].tolist()) / area
        raise grid.refused(
            f"the biomass rasters cover {share * 100:.1f} % of the area looked up (the pixels "
            "lost): add the neighbouring tiles",
            first,
        )
    if missing.any():
        share = 1 - math.fsum(pixels.area_ha[missing].tolist()) / area
        raise grid.refused(
            f"the biomass rasters have data at {share * 100:.1f} % of the area looked up (no-data "
            "pixels where forest was lost): not measured",
            missing_at,
        )
    return _weighted(pixels.area_ha, agb, sd, cell, area)


def _in_crs(pixels: grid.Centres, crs: Any) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """The pixels' centres in ``crs`` (GDAL/PROJ, by rasterio, where it differs)."""
    if crs is None:
        raise ProjectFileError("a biomass raster has no coordinate system (CRS): not measured")
    if pixels.crs == crs:
        return pixels.x, pixels.y
    from rasterio.warp import transform

    xs, ys = transform(pixels.crs, crs, pixels.x.tolist(), pixels.y.tolist())
    return np.asarray(xs, dtype=np.float64), np.asarray(ys, dtype=np.float64)


def _cells(dataset: Any, x: Any, y: Any, wanted: Any) -> tuple[Any, Any, Any]:
    """The row and column of the cell holding each point, and which points the raster holds
    (of those ``wanted``): a point on the edge between two cells goes to the east or south one."""
    a, b, c, d, e, f = (~dataset.transform)[:6]
    cols = np.floor(a * x + b * y + c).astype(np.int64)
    rows = np.floor(d * x + e * y + f).astype(np.int64)
    here = wanted & (rows >= 0) & (rows < dataset.height) & (cols >= 0) & (cols < dataset.width)
    return rows, cols, here


def _read(dataset: Any, window: Any) -> tuple[NDArray[np.float64], NDArray[np.bool_]]:
    """One layer over ``window``, in its unit (scale and offset applied), and its no-data."""
    raw = grid.read_window(dataset, 1, window)
    nodata = dataset.nodata
    gap = np.isnan(raw) if raw.dtype.kind == "f" else np.zeros(raw.shape, dtype=bool)
    if nodata is not None and not math.isnan(nodata):
        gap |= raw == nodata
    scale, offset = dataset.scales[0], dataset.offsets[0]
    return raw.astype(np.float64) * scale + offset, gap


def _weighted(w: Any, agb: Any, sd: Any, cell: Any, area: float) -> BiomassAtPixels:
    """The area-weighted statistics of the module's notes, each sum a ``math.fsum``."""
    mean = math.fsum((w * agb).tolist()) / area
    spread = math.fsum((w * (agb - mean) ** 2).tolist()) / area
    return BiomassAtPixels(
        area_ha=area,
        pixel_count=len(w),
        cell_count=len(np.unique(cell)),
        agb_mean_mg_per_ha=mean,
        agb_spatial_sd_mg_per_ha=math.sqrt(spread),
        agb_sd_mean_mg_per_ha=math.fsum((w * sd).tolist()) / area,
    )
