"""Deforestation and degradation by year over a boundary, from the annual change collection of
the JRC Tropical Moist Forest dataset (TMF, Vancutsem et al. 2021).

The collection is one map a year (1990 to the version's last year), each pixel in one class:
0 no data, 1 undisturbed tropical moist forest, 2 degraded TMF, 3 deforested land, 4 forest
regrowth, 5 permanent or seasonal water, 6 other land cover (the legend as the data users guide
gives it, read here through the secondary sources named in ``files/factors/datasets.yaml``).
Forest is classes 1 and 2. Counted, per year y, from the class in y - 1 to the class in y:

- deforestation in y: forest (1 or 2) in y - 1, deforested land (3) in y;
- degradation in y: undisturbed (1) in y - 1, degraded (2) in y, reported separately;
- forest to other classes in y: forest in y - 1, regrowth, water or other land (4, 5, 6) in y:
  not deforestation by the definition above, shown so that no forest is lost unseen;
- forest from other classes in y: 3 to 6 in y - 1, forest in y, which the product's logic should
  not produce (forest regrown after deforestation is class 4), shown rather than hidden.

So forest at the start + forest from other classes = deforestation + forest to other classes +
forest at the end, over any sequence of maps. Deforestation of regrowth (4 then 3) is not
counted: regrowth is not forest here.

The files. The JRC download page serves each dataset in 10° x 10° tiles; for the annual change,
one single-band GeoTIFF per year and tile, ``JRC_TMF_AnnualChange_v1_<year>_<region>_ID<n>_
<lat>_<lon>.tif`` (e.g. ``..._v1_2011_AFR_ID37_N0_E40.tif``), or all the years of a tile in one
zip of those files: found in public scripts that download from the page's service
(``download.py?type=tile&dataset=AnnualChange_<year>``, or ``dataset=AnnualChange`` for the zip),
not on the page itself. Google Earth Engine holds the collection as images with one band a year,
``Dec1990``, ``Dec1991``, ...: an export is one multi-band GeoTIFF, whose band descriptions may
keep those names. Both are read here (:func:`annual_tiles`): a single-band file's year from its
name, a multi-band file's from its band descriptions (``Dec<year>`` or ``<year>``) or, where it
has none, from ``first_year`` (band 1 is that year, band 2 the next, ...).

The pixels counted are those whose centre lies inside the boundary, each weighted by its own area
(:mod:`carboncalc.observe.areas`); a boundary across tiles is counted tile by tile
(:mod:`carboncalc.observe.grid`).

References
----------
Vancutsem, C., Achard, F., Pekel, J.-F., Vieilledent, G., Carboni, S., Simonetti, D., Gallego,
J., Aragão, L. E. O. C. and Nasi, R. 2021. Long-term (1990-2019) monitoring of forest cover
changes in the humid tropics. Science Advances 7(10):eabe1603. doi:10.1126/sciadv.abe1603

European Commission Joint Research Centre. Tropical Moist Forest (TMF v1) data users guide; its
own version and year were not read.
https://forobs.jrc.ec.europa.eu/TMF/download/TMF_DataUsersGuide.pdf, from the download page
https://forobs.jrc.ec.europa.eu/TMF/download/
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any, Final

import numpy as np
from numpy.typing import NDArray

from carboncalc.errors import ProjectFileError
from carboncalc.observe import grid

NO_DATA: Final = 0
UNDISTURBED: Final = 1
DEGRADED: Final = 2
DEFORESTED: Final = 3
CLASSES: Final = 7  # 0 (no data) to 6 (other land cover)
FOREST: Final = (UNDISTURBED, DEGRADED)
NOT_FOREST: Final = (3, 4, 5, 6)
STACK: Final = "annual_change"  # the layer of multi-band files, one band a year

_YEAR_IN_NAME = re.compile(r"AnnualChange(?:_v\d+)?_((?:19|20)\d\d)(?!\d)")
_YEAR_OF_BAND = re.compile(r"^(?:Dec)?((?:19|20)\d\d)$")


@dataclass(frozen=True)
class AnnualTiles:
    """The tiles of the annual change collection and where each year is in them."""

    tiles: list[dict[str, Any]]  # layer name -> opened dataset, as grid.tiles gives them
    bands: Mapping[int, tuple[str, int]]  # year -> (layer, band)

    @property
    def first_year(self) -> int:
        return min(self.bands)

    @property
    def last_year(self) -> int:
        return max(self.bands)


@dataclass(frozen=True)
class TmfChange:
    """What the annual change collection says over one boundary [ha]; each by-year mapping holds
    the years with a change, the year being the one of the later map."""

    first_year: int
    last_year: int
    boundary_area_ha: float  # the pixels inside the boundary
    forest_at_start_ha: float  # classes 1 and 2 in the first year
    forest_at_end_ha: float  # classes 1 and 2 in the last year
    deforestation_ha_by_year: Mapping[int, float]  # 1 or 2, then 3
    degradation_ha_by_year: Mapping[int, float]  # 1, then 2
    forest_to_other_ha_by_year: Mapping[int, float]  # 1 or 2, then 4, 5 or 6
    forest_from_other_ha_by_year: Mapping[int, float]  # 3 to 6, then 1 or 2
    coverage_fraction: float  # of the boundary the rasters cover (1 when measured)


def annual_tiles(datasets: Sequence[Any], *, first_year: int | None = None) -> AnnualTiles:
    """The tiles of the annual change collection, from its files opened with rasterio: either one
    single-band file per year and tile (the year in its name, as the JRC names them), or one
    multi-band file per tile (the years in its band descriptions, else ``first_year`` for band 1).

    Refused: a file whose years are not known, a mix of the two kinds, multi-band files whose
    years differ, fewer than two years, a year missing between the first and the last, and what
    :func:`grid.tiles` refuses (a tile without a file of every year, ...)."""
    if not datasets:
        raise ProjectFileError("no annual change raster given")
    single = [d for d in datasets if d.count == 1]
    stacks = [d for d in datasets if d.count > 1]
    if single and stacks:
        raise grid.refused(
            f"a file of {stacks[0].count} bands among files of one band: give either one file "
            "per year or one file of all the years per tile, not both",
            stacks[0],
        )
    bands: dict[int, tuple[str, int]] = {}
    layers: dict[str, list[Any]] = {}
    if single:
        for dataset in single:
            year = _year_of_file(dataset)
            bands[year] = (str(year), 1)
            layers.setdefault(str(year), []).append(dataset)
    else:
        years = _years_of_bands(stacks[0], first_year)
        for dataset in stacks[1:]:
            if _years_of_bands(dataset, first_year) != years:
                raise grid.refused(
                    f"its bands are not the years of {stacks[0].name}'s "
                    f"({years[0]}-{years[-1]}): every tile needs the same years",
                    dataset,
                )
        bands = {year: (STACK, band) for band, year in enumerate(years, start=1)}
        layers[STACK] = list(stacks)
    ordered = sorted(bands)
    if len(ordered) < 2:
        raise grid.refused(
            f"only the year {ordered[0]}: a change needs the maps of two years or more",
            datasets[0],
        )
    missing = sorted(set(range(ordered[0], ordered[-1] + 1)) - set(ordered))
    if missing:
        raise grid.refused(
            f"no map of {', '.join(map(str, missing))}: the years must follow one another "
            f"from {ordered[0]} to {ordered[-1]}",
            datasets[0],
        )
    return AnnualTiles(tiles=grid.tiles(layers), bands=dict(sorted(bands.items())))


def _year_of_file(dataset: Any) -> int:
    found = _YEAR_IN_NAME.search(PurePosixPath(str(dataset.name)).name)
    if found is None:
        description = (dataset.descriptions or (None,))[0] or ""
        by_band = _YEAR_OF_BAND.match(description.strip())
        if by_band is None:
            raise grid.refused(
                "the year of this map is not in its name (JRC_TMF_AnnualChange_v1_<year>_...) "
                "nor in its band description",
                dataset,
            )
        return int(by_band.group(1))
    return int(found.group(1))


def _years_of_bands(dataset: Any, first_year: int | None) -> list[int]:
    described = [_YEAR_OF_BAND.match((d or "").strip()) for d in dataset.descriptions]
    if all(described):
        years = [int(m.group(1)) for m in described if m]
        if first_year is not None and years[0] != first_year:
            raise grid.refused(
                f"its bands say band 1 is {years[0]}, not the first year given ({first_year})",
                dataset,
            )
        if years != list(range(years[0], years[0] + len(years))):
            raise grid.refused(
                "its band descriptions are not years that follow one another", dataset
            )
        return years
    if first_year is None:
        raise grid.refused(
            f"the years of its {dataset.count} bands are not known: its band descriptions are "
            "not years (Dec1990, ...); give the year of band 1",
            dataset,
        )
    return list(range(first_year, first_year + dataset.count))


def annual_change(found: AnnualTiles, geometry: Any) -> TmfChange:
    """Forest, deforestation and degradation by year inside ``geometry``.

    Parameters
    ----------
    found
        The tiles and years (:func:`annual_tiles`); only the window covering the boundary is read,
        two years at a time.
    geometry
        The boundary, a shapely Polygon or MultiPolygon in the rasters' coordinate system.

    Notes
    -----
    For each pair of years, one ``bincount`` per piece gives the area [ha] of each of the 7 x 7
    transitions (class in y - 1, class in y), row by row, weighted by the row's pixel area:

        deforestation(y) = A(1 -> 3) + A(2 -> 3),    degradation(y) = A(1 -> 2).

    Refused (:class:`ProjectFileError`): besides what :func:`grid.pieces` refuses, no data (0, or
    the file's no-data value) inside the boundary in any year, with the share of the boundary that
    has data in every year; a value that is not a class (whole numbers 0-6).
    """
    pieces, covered = grid.pieces(found.tiles, geometry)
    years = list(found.bands)
    first: list[NDArray[np.float64]] = []
    by_year: dict[int, list[NDArray[np.float64]]] = {}
    missing_ha: list[float] = []
    missing_at: Any = None
    for piece in pieces:
        gap = np.zeros(piece.inside.shape, dtype=bool)
        before = _read(piece, found.bands[years[0]], gap)
        for year in years[1:]:
            after = _read(piece, found.bands[year], gap)
            ha = _transitions(piece, before, after)
            if year == years[1]:
                first.append(ha)
            by_year.setdefault(year, []).append(ha)
            before = after
        if gap.any():
            missing_ha.append(piece.area_ha(gap))
            missing_at = piece.tile[found.bands[years[0]][0]]
    if missing_at is not None:
        boundary = math.fsum(p.area_ha(p.inside) for p in pieces)
        share = 1 - math.fsum(missing_ha) / boundary
        raise grid.refused(grid.partly(share, " (no-data pixels in some year)"), missing_at)
    matrices = {year: _fsum(parts) for year, parts in by_year.items()}
    start = _fsum(first)
    end = matrices[years[-1]]
    forest, other = list(FOREST), list(NOT_FOREST)

    def per_year(rows: list[int], cols: list[int]) -> dict[int, float]:
        areas = {y: math.fsum(m[np.ix_(rows, cols)].ravel().tolist()) for y, m in matrices.items()}
        return {y: ha for y, ha in areas.items() if ha > 0}

    return TmfChange(
        first_year=years[0],
        last_year=years[-1],
        boundary_area_ha=math.fsum(start.ravel().tolist()),
        forest_at_start_ha=math.fsum(start[forest, :].ravel().tolist()),
        forest_at_end_ha=math.fsum(end[:, forest].ravel().tolist()),
        deforestation_ha_by_year=per_year(forest, [DEFORESTED]),
        degradation_ha_by_year=per_year([UNDISTURBED], [DEGRADED]),
        forest_to_other_ha_by_year=per_year(forest, other[1:]),
        forest_from_other_ha_by_year=per_year(other, forest),
        coverage_fraction=covered,
    )


def _read(piece: grid.Piece, where: tuple[str, int], gap: NDArray[np.bool_]) -> Any:
    """One year's classes over the piece, as int32; its no-data pixels inside added to ``gap``
    (and set to 0). Refused: a value that is not a class."""
    layer, band = where
    dataset = piece.tile[layer]
    classes = piece.read(layer, band)
    if classes.dtype.kind not in "iu":
        raise grid.refused(
            "not an annual change layer (whole-number classes 0-6, here "
            f"{classes.dtype.name} values)",
            dataset,
        )
    classes = classes.astype(np.int32)
    nodata = dataset.nodata
    missing = classes == NO_DATA
    if nodata is not None and not math.isnan(nodata):
        missing |= classes == int(nodata)
    missing &= piece.inside
    inside = np.where(piece.inside & ~missing, classes, 0)
    if inside.min() < 0 or inside.max() >= CLASSES:
        bad = inside.min() if inside.min() < 0 else inside.max()
        raise grid.refused(
            f"a class {bad} in band {band}: not an annual change layer (classes 0-6)", dataset
        )
    gap |= missing
    return inside


def _transitions(piece: grid.Piece, before: Any, after: Any) -> NDArray[np.float64]:
    """The area [ha] of each transition (class before, class after) over the piece's pixels
    inside the boundary: a 7 x 7 matrix.

    One ``bincount``: code 0 for a pixel outside, 1 + 7 x before + after inside, plus the row's
    index times the 50 codes; a row's counts times its pixels' area are its hectares."""
    codes = CLASSES * CLASSES + 1
    rows = piece.inside.shape[0]
    wide = np.int32 if rows * codes < 2**31 else np.int64
    code: Any = np.where(piece.inside, before * CLASSES + after + 1, 0).astype(wide)
    code += (np.arange(rows, dtype=wide) * codes)[:, None]
    counts = np.bincount(code.ravel(), minlength=rows * codes).reshape(rows, codes)
    ha: NDArray[np.float64] = piece.row_areas_ha @ counts
    return ha[1:].reshape(CLASSES, CLASSES)


def _fsum(parts: Sequence[NDArray[np.float64]]) -> NDArray[np.float64]:
    """Element by element ``math.fsum`` of same-shaped arrays (the pieces' matrices)."""
    stacked = np.stack(parts).reshape(len(parts), -1)
    flat = [math.fsum(stacked[:, i].tolist()) for i in range(stacked.shape[1])]
    return np.array(flat).reshape(parts[0].shape)
