"""``carboncalc match``: a matched counterfactual from the forest rasters around a project.

It reaches the raster side (:mod:`carboncalc.observe.matching`, the optional ``match`` extra:
the raster extra and scipy) and nothing else of carboncalc loads it.
"""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

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
from carboncalc.errors import CarboncalcError, Problem

if TYPE_CHECKING:
    from carboncalc.observe.matching import MatchJob

EXTRA_MISSING = (
    "carboncalc match needs the match extra (rasterio, shapely, scipy): in carboncalc's "
    "folder, pip install '.[match]'"
)


@app.command(
    "match",
    rich_help_panel="Analysis",
    short_help="A matched counterfactual from satellite rasters.",
    help="A matched counterfactual from satellite rasters: the project's forest pixels against "
    "control pixels like them, repeated to give the spread.\n\n"
    "On the Global Forest Change tiles given (as for observe), pixels forest at the start are "
    "matched to forest pixels of a region around the project (--region-km, or a --region "
    "polygon; less --exclude polygons and an --exclude-ring) by Mahalanobis distance within a "
    "caliper, on the forest around them now and 5 and 10 years before, their distance to the "
    "forest edge, the recent loss around them and any --covariate rasters. Shows the loss by "
    "year of the project and of its matched controls with 90 % intervals over the repeats, "
    "the naive comparison, the covariate balance, and where the data allow, the difference in "
    "differences and a pre-trend check. --write DIR writes the counterfactual CSV, and the "
    "lines citing it carry its spread as a scale. Needs pip install '.[match]'.",
    epilog=examples(
        "carboncalc match my-forest.yaml \\",
        "    -r Hansen_GFC-2023-v1.11_treecover2000_00N_080W.tif \\",
        "    -r Hansen_GFC-2023-v1.11_lossyear_00N_080W.tif --write observed",
        "carboncalc match my-forest.yaml -r treecover.tif -r loss.tif --region-km 50",
    ),
)
def match_(
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
            help="Global Forest Change tiles: treecover2000 and lossyear, repeatable.",
        ),
    ],
    start: Annotated[
        int | None,
        typer.Option(
            "--start",
            metavar="YEAR",
            help="The year the project started (default: its accounting period's).",
        ),
    ] = None,
    sample: Annotated[
        int, typer.Option("--sample", min=10, max=1_000_000, help="Project pixels a repeat.")
    ] = 1_000,
    repeats: Annotated[
        int,
        typer.Option(
            "--repeats",
            min=2,
            max=10_000,
            help="Matchings, each on a new seeded sample; their spread is the interval.",
        ),
    ] = 100,
    seed: Annotated[int, typer.Option("--seed", help="The same seed, the same output.")] = 0,
    caliper: Annotated[
        float,
        typer.Option(
            "--caliper", min=0.01, max=100, help="The largest Mahalanobis distance of a match."
        ),
    ] = 1.0,
    radius_m: Annotated[
        float,
        typer.Option(
            "--radius",
            min=60,
            max=20_000,
            metavar="METRES",
            help="The neighbourhood of the forest and loss shares.",
        ),
    ] = 1_000.0,
    region: Annotated[
        Path | None,
        typer.Option(
            "--region", metavar="FILE", help="The matching region (GeoJSON, KML or shapefile)."
        ),
    ] = None,
    region_km: Annotated[
        float,
        typer.Option(
            "--region-km",
            min=1,
            max=500,
            help="Without --region: the region within this distance of the boundary.",
        ),
    ] = 25.0,
    exclude_ring_km: Annotated[
        float,
        typer.Option(
            "--exclude-ring",
            min=0,
            max=100,
            metavar="KM",
            help="Leave out candidates within this distance (leakage lands there).",
        ),
    ] = 0.0,
    exclude: Annotated[
        list[Path] | None,
        typer.Option(
            "--exclude",
            metavar="FILE",
            help="Another project's boundary, repeatable: its pixels are no controls.",
        ),
    ] = None,
    covariate: Annotated[
        list[str] | None,
        typer.Option(
            "--covariate",
            metavar="NAME=FILE",
            help="A covariate raster on the forest rasters' grid (elevation, slope, "
            "travel time...), repeatable; a name may repeat for its tiles.",
        ),
    ] = None,
    threshold: Annotated[float, typer.Option("--threshold", min=0, max=100, metavar="PCT")] = 30.0,
    write: Annotated[
        Path | None,
        typer.Option(
            "--write",
            metavar="DIR",
            help="Write the counterfactual CSV into DIR, in the project's folder.",
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
            help="One project: the k-d tree's threads; a folder: processes.",
        ),
    ] = None,
    scheduler: kit.SchedulerOpt = None,
    fmt: FormatOpt = Fmt.table,
    projects_dir: ProjectsDirOpt = None,
    quiet: QuietOpt = False,
) -> None:
    """A matched counterfactual from satellite rasters."""
    from carboncalc import render

    with _reported():
        kit.check_force(force, write)
        try:
            import scipy  # noqa: F401

            from carboncalc.observe import matching
        except ImportError:
            raise CarboncalcError(EXTRA_MISSING) from None

        built = _jobs(project, rasters, start, (sample, repeats, seed, caliper, radius_m,
                      threshold), region, region_km, exclude_ring_km, exclude or [],
                      covariate or [], write, projects_dir)  # fmt: skip
        if write is not None:  # said before the work, and again when writing
            kit.check_targets([write / f"{job.project}-matched-counterfactual.csv"
                               for job in built.jobs], force)  # fmt: skip
        if len(built.jobs) == 1 and scheduler is None:  # one project: the k-d tree's threads
            job = built.jobs[0]
            threads = replace(job.settings, workers=jobs or -1)
            built.jobs = [replace(job, settings=threads)]
        results = kit.run_jobs(matching.measure_match, built.jobs, jobs, scheduler)
        report = _report(results, built, write)
        if write is not None:
            kit.write_all(report, force)
            report = _report(results, built, write, written=True)
        render.emit(report, fmt.value)
    if write is not None:
        _note(kit.written(len(report.files), write), quiet=quiet)


class _Built:
    def __init__(self) -> None:
        self.jobs: list[MatchJob] = []
        self.periods: dict[str, tuple[int, int] | None] = {}
        self.folders: dict[str, Path] = {}


def _jobs(
    project: str,
    rasters: list[str],
    start: int | None,
    numbers: tuple[int, int, int, float, float, float],
    region: Path | None,
    region_km: float,
    exclude_ring_km: float,
    exclude: list[Path],
    covariates: list[str],
    write: Path | None,
    projects_dir: Path | None,
) -> _Built:
    from carboncalc.files.boundaries import given_boundary, project_boundary
    from carboncalc.files.projects import expand
    from carboncalc.observe import hansen
    from carboncalc.observe.matching import MatchJob, Settings
    from carboncalc.observe.run import version_of

    layers = kit.rasters_by_layer(rasters, hansen.LAYERS)
    extra = _named(covariates)
    by_name = {n: [p for k, p in extra if k == n] for n, _ in extra}
    digests = kit.digests(layers) + kit.digests(by_name)
    region_shape = excluded = None
    if region is not None:
        name, data, parts = given_boundary(region)
        region_shape = kit.shape_of(name, data, parts)
        digests.append(kit.digest(name, "region", data))
    excluded = []
    for path in exclude:
        name, data, parts = given_boundary(path)
        excluded.append(kit.shape_of(name, data, parts))
    paths = [p for ps in layers.values() for p in ps]
    _, last_year = version_of(paths)
    sample, repeats, seed, caliper, radius_m, threshold = numbers
    built = _Built()
    folder = os.path.isdir(project)
    for ref in expand([project], projects_dir) if folder else [project]:
        loaded = _load(ref, projects_dir, None)
        if folder and loaded.project.boundary is None:
            continue
        first = start or loaded.inputs.first_year
        if first is None:
            raise CarboncalcError([Problem("no accounting `period` to start from: give --start "
                                           "YEAR", str(loaded.path))])  # fmt: skip
        kit.check_inside(write, loaded.path)
        name, data, parts = project_boundary(loaded)
        settings = Settings(first, last_year, int(sample), int(repeats), int(seed),
                            float(caliper), float(radius_m), float(threshold))  # fmt: skip
        built.jobs.append(MatchJob(
            project=loaded.name, boundary=kit.shape_of(name, data, parts),
            rasters=tuple((k, p) for k, ps in layers.items() for p in ps),
            digests=(kit.digest(name, "boundary", data), *digests), settings=settings,
            region=region_shape, region_km=region_km, exclude_ring_km=exclude_ring_km or None,
            excluded=tuple(excluded), covariates=tuple(extra)))  # fmt: skip
        length = loaded.inputs.years
        begin = loaded.inputs.first_year
        built.periods[loaded.name] = (begin, begin + length - 1) if begin and length else None
        built.folders[loaded.name] = loaded.path.parent
    if not built.jobs:
        raise CarboncalcError(f"no project with a `boundary` in {project}")
    return built


def _named(given: list[str]) -> list[tuple[str, str]]:
    """``NAME=FILE`` pairs of --covariate."""
    found = []
    for text in given:
        name, sep, path = text.partition("=")
        if not sep or not name.isidentifier() or not path:
            raise CarboncalcError([Problem(
                f"{text!r}: give NAME=FILE, NAME a word such as elevation_m", None,
                field="--covariate")])  # fmt: skip
        found.append((name, path))
    return found


def _report(results: list[Any], built: _Built, write: Path | None, *, written: bool = False) -> Any:
    from carboncalc.files.datasets import load_dataset
    from carboncalc.reports.matching import MatchReport, counterfactual_file

    files = []
    if write is not None:
        for r in results:
            span = built.periods.get(r.project) or (r.start_year, r.last_year)
            first, last = max(span[0], r.start_year), min(span[1], r.last_year)
            if first > last:
                raise CarboncalcError(f"{r.project}: its accounting period {span[0]}-{span[1]} "
                                      "has no year matched: there is nothing to write")  # fmt: skip
            cited = kit.relative(write, built.folders[r.project])
            files.append(counterfactual_file(r, str(write), cited, first, last))
    return MatchReport(tuple(results), load_dataset("hansen-gfc"), tuple(files), written,
                       built.periods)  # fmt: skip
