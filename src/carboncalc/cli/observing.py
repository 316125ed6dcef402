"""``carboncalc observe``: forest loss from satellite rasters over a project's boundary.

The only command that reaches the raster side (:mod:`carboncalc.observe`, the optional
``raster`` extra); without the extra it says which to install, and every other command never
loads it.
"""

from __future__ import annotations

import os
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NamedTuple

import typer

from carboncalc.cli import (
    Fmt,
    FormatOpt,
    ProjectsDirOpt,
    QuietOpt,
    _load,
    _note,
    _reported,
    app,
    examples,
)
from carboncalc.cli import rasters as kit
from carboncalc.errors import CarboncalcError

if TYPE_CHECKING:
    from carboncalc.core.observation import Observation
    from carboncalc.observe.run import Job

EXTRA_MISSING = (
    "carboncalc observe needs the raster extra (rasterio, shapely, pyshp): in carboncalc's "
    "folder, pip install '.[raster]'"
)


class DatasetOpt(StrEnum):
    hansen = "hansen"
    tmf = "tmf"
    vt0007 = "vt0007"


DATASET_IDS = {"hansen": "hansen-gfc", "tmf": "jrc-tmf", "vt0007": "verra-vt0007"}


@app.command(
    rich_help_panel="Analysis",
    short_help="Forest loss by year from satellite rasters.",
    help="Forest loss by year from satellite rasters, inside the project's boundary and in a "
    "ring around it.\n\n"
    "Reads the tiles given over the boundary the project file names (boundary: {file: ...}, "
    "GeoJSON, KML or a shapefile), each pixel weighted by its own area: Global Forest Change "
    "(treecover2000 and lossyear; the layer is taken from the file's name, or given as "
    "LAYER=FILE), JRC TMF annual change (--dataset tmf: deforestation, degradation apart) or "
    "an allocated risk map (--dataset vt0007: the baseline in ha/yr); --biomass adds the "
    "biomass of the forest lost. Shows the answer first, the loss by year, the rasters' "
    "coverage and the SHA-256 of every file read; --write DIR (in the project's folder) writes "
    "the CSV files the project file's observed: loss reads, and the lines citing them are "
    "printed. PROJECT may be a folder: every project in it with a boundary. Needs the raster "
    "extra: pip install '.[raster]'.",
    epilog=examples(
        "carboncalc observe my-forest.yaml \\",
        "    -r Hansen_GFC-2023-v1.11_treecover2000_00N_080W.tif \\",
        "    -r Hansen_GFC-2023-v1.11_lossyear_00N_080W.tif --write observed",
        "carboncalc observe projects/ -r treecover2000.tif -r lossyear.tif --jobs 4",
    ),
)
def observe(
    project: Annotated[
        str,
        typer.Argument(metavar="PROJECT", help="Project name, project file, or folder of them."),
    ],
    rasters: Annotated[
        list[str],
        typer.Option(
            "--raster",
            "-r",
            metavar="[LAYER=]FILE",
            help="A raster tile, repeatable: for hansen, treecover2000 and lossyear of every "
            "tile the boundary and its ring touch; for tmf, the annual change files (one a year, "
            "or one stack of years a tile); for vt0007, the allocated risk map.",
        ),
    ],
    dataset: Annotated[
        DatasetOpt,
        typer.Option(
            "--dataset",
            "-d",
            help="What the rasters are: hansen (Global Forest "
            "Change), tmf (JRC Tropical Moist Forest annual change) or vt0007 (Verra's "
            "allocated deforestation risk map, ha/yr per pixel).",
        ),
    ] = DatasetOpt.hansen,
    biomass: Annotated[
        list[str] | None,
        typer.Option(
            "--biomass",
            metavar="[LAYER=]FILE",
            help="With hansen: an above-ground biomass map (ESA CCI Biomass AGB and "
            "AGB_SD tiles), repeatable; gives the biomass of the forest lost.",
        ),
    ] = None,
    first_year: Annotated[
        int | None,
        typer.Option(
            "--first-year",
            metavar="YEAR",
            help="With tmf: the year of band 1 of a stack whose bands do not say.",
        ),
    ] = None,
    threshold: Annotated[
        float,
        typer.Option(
            "--threshold",
            min=0,
            max=100,
            metavar="PCT",
            help="Canopy cover in 2000 [%] at or above which a pixel is forest.",
        ),
    ] = 30.0,
    ring_km: Annotated[
        float,
        typer.Option(
            "--ring",
            min=0,
            max=500,
            metavar="KM",
            help="Width of the comparison ring around the boundary [km]; 0: none.",
        ),
    ] = 10.0,
    control: Annotated[
        Path | None,
        typer.Option(
            "--control",
            metavar="FILE",
            help="A control polygon (GeoJSON or KML) to compare with, instead of the ring.",
        ),
    ] = None,
    boundary: Annotated[
        Path | None,
        typer.Option(
            "--boundary",
            metavar="FILE",
            help="Measure this boundary (GeoJSON or KML) instead of the project's.",
        ),
    ] = None,
    from_year: Annotated[
        int | None, typer.Option("--from", help="First year shown (default: 2001).")
    ] = None,
    to_year: Annotated[
        int | None,
        typer.Option("--to", help="Last year shown (default: the dataset's last year)."),
    ] = None,
    write: Annotated[
        Path | None,
        typer.Option(
            "--write",
            metavar="DIR",
            help="Write each zone's loss as a CSV (year,cleared_ha) into DIR, for the "
            "accounting period of each project that has one.",
        ),
    ] = None,
    force: kit.ForceOpt = False,
    jobs: Annotated[
        int | None,
        typer.Option(
            "--jobs",
            "-j",
            min=1,
            max=512,
            help="Worker processes for a folder of projects (default: one per CPU).",
        ),
    ] = None,
    scheduler: kit.SchedulerOpt = None,
    fmt: FormatOpt = Fmt.table,
    projects_dir: ProjectsDirOpt = None,
    quiet: QuietOpt = False,
) -> None:
    """Forest loss by year from satellite rasters over a project's boundary."""
    from carboncalc import render

    with _reported():
        kit.check_force(force, write)
        if ring_km and control is not None:
            ring_km = 0.0  # a control polygon replaces the ring
        if from_year is not None and to_year is not None and from_year > to_year:
            raise CarboncalcError(f"--from {from_year} is after --to {to_year}")
        if dataset is not DatasetOpt.hansen and biomass:
            raise CarboncalcError("--biomass goes with --dataset hansen (the loss it weighs)")
        if dataset is DatasetOpt.vt0007:
            ring_km, control = 0.0, None  # an allocation is the project's alone
            if write is not None:
                raise CarboncalcError(
                    "--write writes observed loss by year; an allocated risk map gives one "
                    "figure, ha/yr: add the line printed to the project file"
                )
        options = _Options(DATASET_IDS[dataset.value], threshold, ring_km, first_year,
                           (from_year, to_year), write)  # fmt: skip
        run = _prepare(project, rasters, biomass or [], boundary, control, options, projects_dir)
        if write is not None:  # said before the work, and again when writing
            zones = ["project"] + (["control"] if control else ["ring"] if ring_km else [])
            kit.check_targets([write / f"{job.project}-{zone}-loss.csv"
                               for job in run.jobs for zone in zones], force)  # fmt: skip
        if run.skipped:
            _note(f"{len(run.skipped)} project files without a `boundary` left out: "
                  f"{', '.join(run.skipped)}", quiet=quiet)  # fmt: skip
        observations = _measure(run.jobs, jobs, scheduler)
        report = _report(observations, run, from_year, to_year, write)
        if write is not None:
            kit.write_all(report, force)
            report = _report(observations, run, from_year, to_year, write, written=True)
        render.emit(report, fmt.value)
    if write is not None:
        _note(kit.written(len(report.files), write), quiet=quiet)


class _Run:
    """The jobs of one command, with what the report needs about each project."""

    def __init__(self) -> None:
        self.jobs: list[Job] = []
        self.periods: dict[str, tuple[int, int] | None] = {}
        self.folders: dict[str, Path] = {}
        self.skipped: list[str] = []  # project files of a folder without a boundary
        self.starts: dict[str, str] = {}  # accounting periods that start after 1 January


class _Options(NamedTuple):
    dataset: str
    threshold: float
    ring_km: float
    first_year: int | None
    years: tuple[int | None, int | None]
    write: Path | None


def _prepare(
    project: str,
    rasters: list[str],
    biomass: list[str],
    boundary: Path | None,
    control: Path | None,
    options: _Options,
    projects_dir: Path | None,
) -> _Run:
    try:  # the raster extra, asked for before anything is read
        import rasterio  # noqa: F401
        import shapely  # noqa: F401

        from carboncalc.observe.run import Job
    except ImportError:
        raise CarboncalcError(EXTRA_MISSING) from None
    from carboncalc.files.boundaries import given_boundary, project_boundary
    from carboncalc.files.projects import expand
    from carboncalc.observe.biomass import LAYERS as BIOMASS_LAYERS
    from carboncalc.observe.run import LAYERS

    layers = kit.rasters_by_layer(rasters, LAYERS[options.dataset])
    digests = kit.digests(layers)
    biomass_layers = kit.rasters_by_layer(biomass, BIOMASS_LAYERS, "--biomass") if biomass else {}
    digests += kit.digests(biomass_layers)
    first, last = options.years

    control_shape = None
    if control is not None:
        name, data, parts = given_boundary(control)
        control_shape = kit.shape_of(name, data, parts)
        digests.append(kit.digest(name, "control", data))
    folder = os.path.isdir(project)
    run = _Run()
    skipped = []
    for ref in expand([project], projects_dir) if folder else [project]:
        loaded = _load(ref, projects_dir, None)
        if folder and loaded.project.boundary is None:
            skipped.append(loaded.path.name)  # a folder: the projects with a boundary
            continue
        if boundary is not None:
            name, data, parts = given_boundary(boundary)
        else:
            name, data, parts = project_boundary(loaded)
        job = Job(
            project=loaded.name,
            boundary=kit.shape_of(name, data, parts),
            rasters=tuple((layer, path) for layer, paths in layers.items() for path in paths),
            digests=(kit.digest(name, "boundary", data), *digests),
            threshold_pct=options.threshold,
            ring_width_m=options.ring_km * 1000 if options.ring_km else None,
            control=control_shape,
            dataset=options.dataset,
            biomass=tuple((k, p) for k, paths in biomass_layers.items() for p in paths),
            biomass_years=(first, last) if first is not None and last is not None else None,
            first_year=options.first_year,
        )
        run.jobs.append(job)
        start, length = loaded.inputs.first_year, loaded.inputs.years
        run.periods[loaded.name] = (start, start + length - 1) if start and length else None
        if loaded.inputs.start is not None and loaded.inputs.start.timetuple()[1:3] != (1, 1):
            run.starts[loaded.name] = loaded.inputs.start.strftime("%d %B").lstrip("0")
        run.folders[loaded.name] = loaded.path.parent
        kit.check_inside(options.write, loaded.path)
    if not run.jobs:
        raise CarboncalcError(f"no project with a `boundary` in {project}")
    if skipped:
        run.skipped = skipped
    return run


def _measure(jobs: list[Job], workers: int | None, scheduler: str | None) -> list[Observation]:
    from carboncalc.observe.run import measure

    found: list[Observation] = kit.run_jobs(measure, jobs, workers, scheduler)
    return found


def _report(
    observations: list[Observation],
    run: _Run,
    from_year: int | None,
    to_year: int | None,
    write: Path | None,
    *,
    written: bool = False,
) -> Any:
    from carboncalc.files.datasets import load_dataset
    from carboncalc.reports.observation import ObserveReport, loss_files

    dataset = load_dataset(observations[0].dataset)
    weighed = any(o.biomass is not None for o in observations)
    biomass = load_dataset("esa-cci-biomass") if weighed else None
    if all(o.allocation is not None for o in observations):  # one figure each, no years
        return ObserveReport(tuple(observations), observations[0].dataset, dataset, 0, 0,
                             periods=run.periods)  # fmt: skip
    data_first = min(o.first_year for o in observations)
    data_last = max(o.last_year for o in observations)
    first = data_first if from_year is None else from_year
    last = data_last if to_year is None else to_year
    if not data_first <= first <= last <= data_last:
        options = (("--from", from_year), ("--to", to_year))
        given = " ".join(f"{option} {year}" for option, year in options if year is not None)
        raise CarboncalcError(
            f"{given}: give years within the rasters' {data_first}-{data_last}, the first "
            "not after the last"
        )
    files: tuple[Any, ...] = ()
    if write is not None:
        found: list[Any] = []
        for o in observations:
            span = run.periods.get(o.project) or (first, last)
            years = (max(span[0], data_first), min(span[1], data_last))
            if years[0] > years[1]:
                raise CarboncalcError(
                    f"{o.project}: its accounting period {span[0]}-{span[1]} has no year in "
                    f"the rasters' {data_first}-{data_last}: there is no observed loss to write"
                )
            cited = kit.relative(write, run.folders[o.project])
            found += loss_files((o,), str(write), cited, *years)
        files = tuple(found)
    return ObserveReport(tuple(observations), observations[0].dataset, dataset, first, last,
                         files, written, run.periods, biomass, run.starts)  # fmt: skip
