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
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from typing import Any, Final

import rasterio
import shapely
from rasterio.errors import RasterioError

from carboncalc.core.observation import (
    Allocation,
    BiomassLost,
    FileDigest,
    ForestChange,
    Observation,
    Zone,
)
from carboncalc.errors import Problem, ProjectFileError
from carboncalc.observe import biomass, grid, hansen, tmf, vt0007, zones

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
    dataset: str = "hansen-gfc"  # or jrc-tmf, verra-vt0007
    biomass: tuple[tuple[str, str], ...] = ()  # (layer, path): agb and agb_sd tiles
    biomass_years: tuple[int, int] | None = None  # the loss years whose biomass is asked
    first_year: int | None = None  # of a TMF stack whose bands do not name their years


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
    """The layer a file's name states (``..._lossyear_10N_080W.tif``), where one does: the
    longest name found in it (``agb_sd`` before ``agb``), if no other of that length is."""
    base = os.path.basename(path).lower()
    found = sorted((layer for layer in layers if layer.lower() in base), key=len, reverse=True)
    if not found or (len(found) > 1 and len(found[0]) == len(found[1])):
        return None
    return found[0]


def version_of(paths: list[str]) -> tuple[str | None, int | None]:
    """The Global Forest Change version the file names state (``GFC-2023-v1.11``) and its last
    year of loss; (None, None) where they state none or disagree."""
    found = {m.group(0): int(m.group("year"))
             for m in (_HANSEN_NAME.search(os.path.basename(p)) for p in paths) if m}  # fmt: skip
    if len(found) != 1:
        return None, None
    return next(iter(found.items()))


LAYERS: Final = {
    "hansen-gfc": hansen.LAYERS,
    "jrc-tmf": ("annual_change",),
    "verra-vt0007": (vt0007.LAYER,),
}


def measure(job: Job) -> Observation:
    """What one dataset says over one project: forest and its loss in each zone (and the
    biomass lost, where a biomass map is given), or the allocation of a risk map."""
    with ExitStack() as stack:

        def opened(pairs: tuple[tuple[str, str], ...]) -> dict[str, list[Any]]:
            layers: dict[str, list[Any]] = {}
            for layer, path in pairs:
                layers.setdefault(layer, []).append(stack.enter_context(open_raster(path)))
            return layers

        layers = opened(job.rasters)
        if job.dataset == "verra-vt0007":
            return _allocated(job, grid.tiles(layers))
        last: int | None
        if job.dataset == "jrc-tmf":
            annual = tmf.annual_tiles(layers["annual_change"], first_year=job.first_year)
            tiles, first = annual.tiles, annual.first_year + 1
            version, last = tmf_version(job), annual.last_year
        else:
            tiles = grid.tiles(layers)
            version, last = version_of([path for _, path in job.rasters])
            first = hansen.FIRST_YEAR + 1
        crs = next(iter(tiles[0].values())).crs

        def change(shape: Shape, zone: str | None = None) -> ForestChange:
            geometry = _in_crs(shape, crs)
            with about_zone(zone):
                if job.dataset == "jrc-tmf":
                    return _from_tmf(tmf.annual_change(annual, geometry))
                return hansen.forest_change(tiles, geometry, threshold_pct=job.threshold_pct)

        measured = [Zone("project", "inside the project's boundary", change(job.boundary))]
        comparison = _comparison(job)
        if comparison is not None:
            kind, description, shape = comparison
            zone = "the control polygon" if kind == "control" else f"the {_km(job):g} km ring"
            measured.append(Zone(kind, description, change(shape, zone)))
        seen = max((y for z in measured for y in z.change.loss_ha_by_year), default=first)
        if last is not None and seen > last:
            lossyear = next(path for layer, path in job.rasters if layer == "lossyear")
            raise ProjectFileError([Problem(
                f"a loss in {seen}, after {last}, the last year of {version}: not that "
                "version's lossyear layer (or the file is misnamed)", lossyear)])  # fmt: skip
        last = seen if last is None else last  # files not named by their version: the last seen
        lost = None
        if job.biomass:
            found = grid.tiles(opened(job.biomass))
            years = job.biomass_years or (first, last)
            lost = _biomass(tiles, found, _in_crs(job.boundary, crs), years, job.threshold_pct)
    return Observation(
        project=job.project,
        dataset=job.dataset,
        version=version,
        first_year=first,
        last_year=last,
        zones=tuple(measured),
        files=job.digests,
        raster_crs=str(crs),
        ring_width_km=_km(job) if comparison is not None and job.control is None else None,
        biomass=lost,
    )


def tmf_version(job: Job) -> str | None:
    """``v1`` from names such as JRC_TMF_AnnualChange_v1_2019_SAM_ID47_N0_W60.tif."""
    found = {m.group(1) for _, p in job.rasters
             if (m := re.search(r"AnnualChange_(v\d+)", os.path.basename(p)))}  # fmt: skip
    return next(iter(found)) if len(found) == 1 else None


def _from_tmf(change: tmf.TmfChange) -> ForestChange:
    return ForestChange(
        threshold_pct=None,
        boundary_area_ha=change.boundary_area_ha,
        forest_at_start_ha=change.forest_at_start_ha,
        non_forest_ha=change.boundary_area_ha - change.forest_at_start_ha,
        loss_ha_by_year=dict(change.deforestation_ha_by_year),
        coverage_fraction=change.coverage_fraction,
        degradation_ha_by_year=dict(change.degradation_ha_by_year),
    )


def _biomass(
    loss_tiles: Any, biomass_tiles: Any, geometry: Any, years: tuple[int, int], threshold: float
) -> BiomassLost:
    wanted = range(years[0], years[1] + 1)
    found = biomass.biomass_lost(
        loss_tiles, biomass_tiles, geometry, years=wanted, threshold_pct=threshold
    )
    return BiomassLost(
        first_year=years[0],
        last_year=years[1],
        area_ha=found.area_ha,
        pixel_count=found.pixel_count,
        cell_count=found.cell_count,
        agb_mean_mg_per_ha=found.agb_mean_mg_per_ha,
        agb_spatial_sd_mg_per_ha=found.agb_spatial_sd_mg_per_ha,
        agb_sd_mean_mg_per_ha=found.agb_sd_mean_mg_per_ha,
    )


def _allocated(job: Job, tiles: list[dict[str, Any]]) -> Observation:
    crs = next(iter(tiles[0].values())).crs
    found = vt0007.allocated_baseline(tiles, _in_crs(job.boundary, crs))
    return Observation(
        project=job.project,
        dataset=job.dataset,
        version=None,
        first_year=0,
        last_year=0,
        zones=(),
        files=job.digests,
        raster_crs=str(crs),
        ring_width_km=None,
        allocation=Allocation(
            found.baseline_ha_per_yr,
            found.boundary_area_ha,
            found.pixel_count,
            found.coverage_fraction,
        ),
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


def _in_crs(shape: Shape, raster_crs: Any) -> Any:
    """A shape's geometry in the rasters' coordinate system."""
    try:
        return grid.to_raster_crs(shapely.from_wkb(shape.wkb), shape.crs, raster_crs)
    except (RasterioError, ValueError) as exc:
        message = f"cannot carry the boundary from {shape.crs} to the rasters' {raster_crs}: {exc}"
        raise ProjectFileError([Problem(message, shape.name, field="crs")]) from None


@contextmanager
def about_zone(zone: str | None) -> Iterator[None]:
    """A problem measuring a comparison zone says which zone it is in."""
    try:
        yield
    except ProjectFileError as exc:
        if zone is None:
            raise
        problems = [Problem(f"{zone}: {_for_zone(p.message, zone)}", p.path)
                    for p in exc.problems]  # fmt: skip
        raise ProjectFileError(problems) from None


def _for_zone(message: str, zone: str) -> str:
    """A coverage message about a comparison zone, with that zone's way out."""
    found = re.match(r"the rasters cover ([\d.]+ %) of the boundary(.*?):", message)
    if found is None:
        return message
    if "ring" in zone:
        narrower = "give a narrower --ring (--ring 0 for none)"
    elif "region" in zone:
        narrower = "give a smaller --region-km, or a --region inside them"
    else:
        narrower = "give a control polygon inside them"
    return (
        f"the rasters cover {found.group(1)} of it{found.group(2)}: add the neighbouring "
        f"tiles, or {narrower}"
    )


def _first_line(exc: Exception) -> str:
    return (str(exc).strip().splitlines() or ["unknown error"])[0][:200]
