"""A synthetic project on synthetic Global Forest Change tiles, written into a folder, with the
figures a reader can work out by hand.

The tile is 880 x 880 pixels of 0.00025° whose south edge is the equator, at 10-10.22°E. A
pixel there is 769.317 m² (the equator's, worked from the ellipsoid in test_areas.py) to within
2e-6 (at 0.1°N the area is smaller by about 1 - cos 0.1° = 1.5e-6). The project is the square
of pixels rows 400-479, columns 400-479 (80 x 80 = 6,400 pixels, 492.36 ha); the tile reaches
0.1° (11.1 km) beyond it on every side, so a ring of 10 km is covered. Forest (cover 80 %)
everywhere but columns 0-99 (cover 10 %). Loss inside the project: 40 pixels in 2005 (row 440,
columns 400-439) and 20 in 2012 (row 441, columns 400-419); in the ring: 100 pixels in 2005
along row 340.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import numpy as np
import rasterio
from rasterio.io import MemoryFile
from rasterio.transform import from_origin

PIXEL = 0.00025
SIDE = 880
WEST, SOUTH = 10.0, 0.0
NORTH = SOUTH + SIDE * PIXEL
TOP, LEFT, SIZE = 400, 400, 80  # the project's pixels
VERSION = "GFC-2023-v1.11"
LOSS_PIXELS = {"project": {2005: 40, 2012: 20}, "ring": {2005: 100}}

PROJECT_YAML = """\
name: Synthetic square
countries: [PE]
sources:
  synthetic:
    title: A synthetic project for carboncalc's tests
    year: 2026
boundary:
  file: boundary.geojson
  source: synthetic
area:
  value: 492
  unit: ha
  source: synthetic
carbon:
  pools:
    above_ground: {value: 150, unit: t C/ha, source: synthetic}
deforestation:
  baseline:
    rate: {value: 1, unit: "%/yr", basis: initial, source: synthetic}
  project:
    rate: {value: 0, unit: "%/yr", basis: initial, source: synthetic}
  residual_carbon: {value: 0, unit: t C/ha, source: synthetic}
period:
  start: 2004-01-01
  length_yr: 10
  source: synthetic
credits:
  buffer: {value: 20, unit: "%", source: synthetic}
"""


@contextmanager
def in_memory(
    array: Any,
    transform: Any,
    *,
    crs: str | None = "EPSG:4326",
    nodata: float | None = None,
    filename: str | None = None,
    descriptions: Sequence[str] | None = None,
) -> Iterator[Any]:
    """A GeoTIFF in memory, opened for reading: ``array`` of (rows, cols), or of (bands, rows,
    cols) with each band's description."""
    bands = array if array.ndim == 3 else array[None]
    count, rows, cols = bands.shape
    with MemoryFile(filename=filename) as memory:
        with memory.open(driver="GTiff", width=cols, height=rows, count=count,
                         dtype=array.dtype, crs=crs, transform=transform,
                         nodata=nodata) as out:  # fmt: skip
            out.write(bands)
            for band, text in enumerate(descriptions or [], start=1):
                out.set_band_description(band, text)
        with memory.open() as dataset:
            yield dataset


def layers() -> tuple[Any, Any]:
    cover = np.full((SIDE, SIDE), 80, dtype=np.uint8)
    cover[:, :100] = 10
    loss = np.zeros((SIDE, SIDE), dtype=np.uint8)
    loss[440, 400:440] = 5
    loss[441, 400:420] = 12
    loss[340, 390:490] = 5
    return cover, loss


def corner(row: int, col: int) -> tuple[float, float]:
    """The north-west corner of a pixel: (longitude, latitude)."""
    return WEST + col * PIXEL, NORTH - row * PIXEL


def square(top: int, left: int, size: int) -> list[list[float]]:
    (x0, y1), (x1, y0) = corner(top, left), corner(top + size, left + size)
    return [[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]]


def write_tiles(folder: Path, cover: Any = None, loss: Any = None) -> list[Path]:
    """The two layers of one tile, named as the dataset names them."""
    default_cover, default_loss = layers()
    paths = []
    for layer, array in (("treecover2000", default_cover if cover is None else cover),
                         ("lossyear", default_loss if loss is None else loss)):  # fmt: skip
        path = folder / f"Hansen_{VERSION}_{layer}_10N_010E.tif"
        profile = {"driver": "GTiff", "width": SIDE, "height": SIDE, "count": 1,
                   "dtype": "uint8", "crs": "EPSG:4326",
                   "transform": from_origin(WEST, NORTH, PIXEL, PIXEL)}  # fmt: skip
        with rasterio.open(path, "w", **profile) as out:
            out.write(array, 1)
        paths.append(path)
    return paths


def write_project(folder: Path, *, ring: list[list[float]] | None = None) -> Path:
    """The project file and its boundary (the square of pixels, in longitude and latitude)."""
    folder.mkdir(parents=True, exist_ok=True)
    geometry = {"type": "Polygon", "coordinates": [ring or square(TOP, LEFT, SIZE)]}
    (folder / "boundary.geojson").write_text(json.dumps({"type": "Feature", "properties": {},
                                                         "geometry": geometry}))  # fmt: skip
    path = folder / "square.yaml"
    path.write_text(PROJECT_YAML)
    return path


def _write(path: Path, array: Any, pixel: float = PIXEL, nodata: float | None = None) -> Path:
    rows, cols = array.shape
    profile = {"driver": "GTiff", "width": cols, "height": rows, "count": 1,
               "dtype": str(array.dtype), "crs": "EPSG:4326", "nodata": nodata,
               "transform": from_origin(WEST, NORTH, pixel, pixel)}  # fmt: skip
    with rasterio.open(path, "w", **profile) as out:
        out.write(array, 1)
    return path


# JRC TMF annual change, one file a year 2019-2022 on the same grid: all undisturbed forest (1)
# in 2019; inside the project 40 pixels deforested (3) in 2020 (row 440, columns 400-439), 20
# degraded (2) in 2021 and deforested in 2022 (row 441, columns 400-419); in the ring 100 pixels
# deforested in 2020 (row 340, columns 390-489).
TMF_DEFORESTED = {"project": {2020: 40, 2022: 20}, "ring": {2020: 100}}
TMF_DEGRADED = {"project": {2021: 20}, "ring": {}}


def write_tmf(folder: Path) -> list[Path]:
    year_maps = {}
    current = np.ones((SIDE, SIDE), dtype=np.uint8)
    for year in range(2019, 2023):
        if year == 2020:
            current[440, 400:440] = 3
            current[340, 390:490] = 3
        if year == 2021:
            current[441, 400:420] = 2
        if year == 2022:
            current[441, 400:420] = 3
        year_maps[year] = current.copy()
    return [_write(folder / f"JRC_TMF_AnnualChange_v1_{year}_AFR_ID1_N0_E10.tif", array)
            for year, array in year_maps.items()]  # fmt: skip


# Above-ground biomass on cells of 0.001° (4 x 4 loss pixels): 300 t/ha (SD 30) in the cells
# over columns 400-419 of row 110 (the loss pixels of rows 440-443), 100 t/ha (SD 10) over
# columns 420-439, 200 (SD 20) elsewhere. The project's loss (2005: 20 pixels on 300, 20 on 100;
# 2012: 20 on 300) has a mean of (40 x 300 + 20 x 100) / 60 = 233.33 t/ha, a spread of
# sqrt((40 x 66.67² + 20 x 133.33²) / 60) = 94.28, a mean map SD of (40 x 30 + 20 x 10) / 60
# = 23.33; 2005 alone: 200, 100 and 20.
def write_biomass(folder: Path) -> list[Path]:
    cells = SIDE // 4
    agb = np.full((cells, cells), 200, dtype=np.float32)
    sd = np.full((cells, cells), 20, dtype=np.float32)
    agb[110, 100:105], sd[110, 100:105] = 300, 30
    agb[110, 105:110], sd[110, 105:110] = 100, 10
    name = "N10E010_ESACCI-BIOMASS-L4-{}-MERGED-100m-2020-fv5.0.tif"
    return [_write(folder / name.format("AGB"), agb, PIXEL * 4, nodata=-1),
            _write(folder / name.format("AGB_SD"), sd, PIXEL * 4, nodata=-1)]  # fmt: skip


# Verra's allocated risk: 0.001 ha/yr on every pixel: 6,400 pixels inside give 6.4 ha/yr.
def write_allocation(folder: Path) -> Path:
    return _write(folder / "allocated_risk.tif", np.full((SIDE, SIDE), 0.001, dtype=np.float32),
                  nodata=-1)  # fmt: skip


# A landscape for matching: 400 x 400 pixels, forest in 2000 but for 5 % scattered at random (so
# that the forest maps of 2001 and 2006 differ from place to place), a road along column 30, and a
# yearly hazard of loss of 3 % x exp(-distance to the road / 4 km); the project (rows 170-229,
# columns 250-309) lies far from the road, and from START on its hazard is EFFECT times the
# landscape's. Each pixel's first year of loss is drawn from one uniform number a year, the same
# with and without the project, so the loss the project avoided is known exactly, and in
# expectation from the hazard.
ROAD_SIDE, ROAD_COL, START = 400, 30, 2011
ROAD_PROJECT = (170, 250, 60)  # top row, left column, side


def write_road_landscape(folder: Path, *, seed: int = 0, effect: float = 0.3) -> dict[str, Any]:
    """The tiles, a distance-to-road covariate, the project and the matching region (the whole
    tile) in ``folder``; returns the paths and the true avoided loss [ha]."""
    side = ROAD_SIDE
    rng = np.random.default_rng(seed)
    column = np.broadcast_to(np.arange(side)[None, :], (side, side))
    road_m = (np.abs(column - ROAD_COL) * PIXEL * 111_320.0).astype(np.float32)
    hazard = 0.03 * np.exp(-road_m / 4_000.0)
    top, left, size = ROAD_PROJECT
    project = np.zeros((side, side), dtype=bool)
    project[top : top + size, left : left + size] = True
    years = np.arange(FIRST_LOSS_YEAR, LAST_LOSS_YEAR + 1)
    draws = rng.random((side, side, len(years)))
    without = hazard[..., None] > draws
    with_project = (hazard[..., None] * np.where(project[..., None] & (years >= START), effect, 1)
                    > draws)  # fmt: skip

    def first_year(lost: Any) -> Any:
        return np.where(lost.any(-1), lost.argmax(-1) + 1, 0).astype(np.uint8)

    loss, loss_without = first_year(with_project), first_year(without)
    cover = np.full((side, side), 80, dtype=np.uint8)
    cover[rng.random((side, side)) < 0.05] = 10  # scattered pixels that were never forest
    paths = {}
    for layer, array in (("treecover2000", cover), ("lossyear", loss)):
        paths[layer] = _write(folder / f"Hansen_{VERSION}_{layer}_10N_010E.tif", array)
    paths["road"] = _write(folder / "road_m.tif", road_m)
    rows = np.broadcast_to(row_areas(side)[:, None], (side, side))
    forest = project & (cover >= 30) & ((loss == 0) | (loss >= START - 2000))
    avoided = sum(float(rows[forest & (loss_without == y - 2000)].sum())
                  - float(rows[forest & (loss == y - 2000)].sum())
                  for y in range(START, LAST_LOSS_YEAR + 1))  # fmt: skip
    tile = [[WEST, NORTH - side * PIXEL], [WEST + side * PIXEL, NORTH - side * PIXEL],
            [WEST + side * PIXEL, NORTH], [WEST, NORTH], [WEST, NORTH - side * PIXEL]]  # fmt: skip
    (folder / "region.geojson").write_text(json.dumps({"type": "Polygon", "coordinates": [tile]}))
    paths["region"] = folder / "region.geojson"
    paths["project"] = write_project(folder / "road", ring=square(top, left, size))
    text = paths["project"].read_text().replace("start: 2004-01-01", f"start: {START}-01-01")
    paths["project"].write_text(text)
    # the planted effect in expectation: a pixel forest at START (it survived 10 years of h)
    # is lost by LAST_LOSS_YEAR with probability 1 - (1 - h)^13 without the project and
    # 1 - (1 - EFFECT h)^13 with it
    h, n = hazard[project & (cover >= 30)], LAST_LOSS_YEAR - START + 1
    survived = (1 - h) ** (START - FIRST_LOSS_YEAR)
    share = float(np.sum(survived * ((1 - effect * h) ** n - (1 - h) ** n)) / np.sum(survived))
    forest_ha = float(rows[forest].sum())
    return {
        "paths": paths,
        "avoided_ha": avoided,
        "expected_avoided_ha": share * forest_ha,
        "forest_ha": forest_ha,
    }


FIRST_LOSS_YEAR, LAST_LOSS_YEAR = 2001, 2023


def row_areas(rows: int) -> Any:
    """Each row's pixel area [ha] on the tile's grid (carboncalc's own function: the hand
    figures of the tests above check it)."""
    from carboncalc.observe.areas import row_areas_ha

    return row_areas_ha(from_origin(WEST, NORTH, PIXEL, PIXEL), rows, geographic=True)
