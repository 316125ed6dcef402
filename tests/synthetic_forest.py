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
from pathlib import Path
from typing import Any

import numpy as np
import rasterio
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
