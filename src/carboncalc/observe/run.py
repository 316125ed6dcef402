"""One project measured on a dataset's rasters: a :class:`Job` in, an
:class:`~carboncalc.core.observation.Observation` out.

:func:`measure` is a pure function of its job (file paths and geometries as bytes, no open file,
no state), so that the same function runs here, in worker processes for a folder of projects,
or on the workers of a Dask cluster (``Client.map``), with the same result.

The zones: the project's boundary; then either the ring of a stated width around it (the project
excluded), or a control polygon given. A boundary given in another coordinate system than the
rasters' is carried into theirs (GDAL/PROJ, by rasterio); the ring is drawn in metres around
the boundary in longitude and latitude (:mod:`.zones`), then carried the same way.
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
from contextlib import ExitStack
from dataclasses import dataclass
from typing import Any, Final

import rasterio
import shapely
from rasterio.errors import RasterioError

from carboncalc.core.observation import FileDigest, ForestChange, Observation, Zone
from carboncalc.errors import Problem, ProjectFileError
from carboncalc.observe import grid, hansen, zones

LONLAT: Final = "EPSG:4326"
# Global Forest Change files are named Hansen_GFC-2023-v1.11_lossyear_10N_080W.tif: the last year
# of loss and the version.
_HANSEN_NAME = re.compile(r"GFC-(?P<year>\d{4})-v(?P<version>\d+(?:\.\d+)*)")


@dataclass(frozen=True)
class Shape:
    """A polygon to measure over: its geometry as WKB, its coordinate system, and the file it
    came from (for messages)."""

    wkb: bytes
    crs: str
    name: str


@dataclass(frozen=True)
class Job:
    """What :func:`measure` needs for one project."""

    project: str
    boundary: Shape
    rasters: tuple[tuple[str, str], ...]  # (layer, path) of every tile of every layer
    digests: tuple[FileDigest, ...]  # of the rasters and the shapes, made once by the caller
    threshold_pct: float = hansen.DEFAULT_THRESHOLD_PCT
    ring_width_m: float | None = 10_000.0
    control: Shape | None = None


def sha256(path: str) -> str:
    """The SHA-256 of a file, read in blocks."""
    digest = hashlib.sha256()
    with open(path, "rb") as file:
        while block := file.read(1 << 20):
            digest.update(block)
    return digest.hexdigest()


def check_raster_path(path: str) -> None:
    """A raster given is a regular file (a FIFO would block GDAL's open), or one problem."""
    try:
        info = os.stat(path)
    except OSError as exc:
        raise ProjectFileError([Problem(f"cannot read the raster: {exc.strerror}", path)]) from None
    if not stat.S_ISREG(info.st_mode):
        raise ProjectFileError([Problem("not a regular file: give a GeoTIFF", path)])


def layer_of(path: str, layers: tuple[str, ...]) -> str | None:
    """The layer a file's name states (``..._lossyear_10N_080W.tif``), where exactly one does."""
    base = os.path.basename(path).lower()
    found = [layer for layer in layers if layer.lower() in base]
    return found[0] if len(found) == 1 else None


def version_of(paths: list[str]) -> tuple[str | None, int | None]:
    """The Global Forest Change version the file names state (``GFC-2023-v1.11``) and its last
    year of loss; (None, None) where they state none or disagree."""
    found = {m.group(0): int(m.group("year"))
             for m in (_HANSEN_NAME.search(os.path.basename(p)) for p in paths) if m}  # fmt: skip
    if len(found) != 1:
        return None, None
    return next(iter(found.items()))


def measure(job: Job) -> Observation:
    """The forest at the start and the loss by year in each zone of one project."""
    with ExitStack() as stack:
        layers: dict[str, list[Any]] = {layer: [] for layer in hansen.LAYERS}
        for layer, path in job.rasters:
            layers[layer].append(stack.enter_context(open_raster(path)))
        tiles = grid.tiles(layers)
        crs = next(iter(tiles[0].values())).crs
        inside = Zone(
            "project", "inside the project's boundary", _change(tiles, job.boundary, crs, job)
        )
        measured = [inside]
        comparison = _comparison(job)
        if comparison is not None:
            kind, description, shape = comparison
            zone = "the control polygon" if kind == "control" else f"the {_km(job):g} km ring"
            change = _change(tiles, shape, crs, job, zone=zone)
            measured.append(Zone(kind, description, change))
    version, last = version_of([path for _, path in job.rasters])
    seen = [year for z in measured for year in z.change.loss_ha_by_year]
    return Observation(
        project=job.project,
        dataset="hansen-gfc",
        version=version,
        first_year=hansen.FIRST_YEAR + 1,
        last_year=last or max(seen, default=hansen.FIRST_YEAR + 1),
        zones=tuple(measured),
        files=job.digests,
        raster_crs=str(crs),
        ring_width_km=_km(job) if comparison is not None and job.control is None else None,
    )


def open_raster(path: str) -> Any:
    """A raster opened with rasterio, or one problem at its name."""
    check_raster_path(path)
    try:
        return rasterio.open(path)
    except RasterioError as exc:
        message = f"not a raster carboncalc can read (GDAL: {_first_line(exc)})"
        raise ProjectFileError([Problem(message, path)]) from None


def _km(job: Job) -> float:
    return (job.ring_width_m or 0) / 1000


def _comparison(job: Job) -> tuple[str, str, Shape] | None:
    """The comparison zone: the control polygon given, else the ring, else none."""
    if job.control is not None:
        return "control", f"the control polygon in {job.control.name}", job.control
    if job.ring_width_m is None:
        return None
    boundary = shapely.from_wkb(job.boundary.wkb)
    lonlat = grid.to_raster_crs(boundary, job.boundary.crs, rasterio.crs.CRS.from_epsg(4326))
    ring = zones.ring(lonlat, job.ring_width_m)
    description = f"a ring {_km(job):g} km wide around the boundary, the project excluded"
    return "ring", description, Shape(shapely.to_wkb(ring), LONLAT, job.boundary.name)


def _change(
    tiles: list[dict[str, Any]], shape: Shape, raster_crs: Any, job: Job, *, zone: str | None = None
) -> ForestChange:
    try:
        in_rasters = grid.to_raster_crs(shapely.from_wkb(shape.wkb), shape.crs, raster_crs)
    except (RasterioError, ValueError) as exc:
        message = f"cannot carry the boundary from {shape.crs} to the rasters' {raster_crs}: {exc}"
        raise ProjectFileError([Problem(message, shape.name, field="crs")]) from None
    try:
        return hansen.forest_change(tiles, in_rasters, threshold_pct=job.threshold_pct)
    except ProjectFileError as exc:
        if zone is None:
            raise
        problems = [Problem(f"{zone}: {p.message}", p.path) for p in exc.problems]
        raise ProjectFileError(problems) from None


def _first_line(exc: Exception) -> str:
    return (str(exc).strip().splitlines() or ["unknown error"])[0][:200]
