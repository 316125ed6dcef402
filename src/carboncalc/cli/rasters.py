"""What ``observe`` and ``match`` share: the rasters and boundaries given on the command line,
their digests, running one measurement per project here, in processes or on a Dask cluster,
and writing the CSV files a project file cites, every one or none."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from carboncalc.errors import CarboncalcError, Problem, ProjectFileError

if TYPE_CHECKING:
    from carboncalc.core.observation import FileDigest
    from carboncalc.observe.run import Shape


def shape_of(name: str, data: bytes, parts: dict[str, bytes]) -> Shape:
    """A boundary's polygons from its file's bytes (and a shapefile's other parts)."""
    import shapely

    from carboncalc.observe import boundary as boundaries
    from carboncalc.observe.run import Shape

    if name.lower().endswith(".shp"):
        geometry, crs = boundaries.read_shapefile({"shp": data, **parts}, name)
    else:
        geometry, crs = boundaries.read_boundary_crs(data, name)
    return Shape(shapely.to_wkb(geometry), crs, name)


def rasters_by_layer(
    given: list[str], names: tuple[str, ...], option: str = "--raster"
) -> dict[str, list[str]]:
    """The raster files given, by layer: ``LAYER=FILE``, or the layer the name states (the
    only layer, where a dataset has one)."""
    from carboncalc.observe.run import layer_of

    layers: dict[str, list[str]] = {layer: [] for layer in names}
    problems = []
    for text in given:
        layer, _, path = text.partition("=") if "=" in text else ("", "", text)
        layer = layer or (names[0] if len(names) == 1 else layer_of(path, names)) or ""
        if layer not in layers:
            known = " or ".join(names)
            problems.append(Problem(f"which layer is it? give it as LAYER=FILE, LAYER {known}",
                                    path, field=option))  # fmt: skip
            continue
        layers[layer].append(path)
    for layer, paths in layers.items():
        if not paths and not problems:
            problems.append(Problem(f"no {layer} raster: give its tiles with {option}", None,
                                    field=option))  # fmt: skip
    if problems:
        raise ProjectFileError(problems)
    return layers


def digests(layers: dict[str, list[str]]) -> list[FileDigest]:
    from carboncalc.core.observation import FileDigest
    from carboncalc.observe.run import check_raster_path, sha256

    found = []
    for layer, paths in layers.items():
        for path in paths:
            check_raster_path(path)
            try:
                found.append(FileDigest(path, layer, sha256(path)))
            except OSError as exc:
                raise ProjectFileError([Problem(f"cannot read: {exc.strerror}", path)]) from None
    return found


def digest(name: str, role: str, data: bytes) -> FileDigest:
    import hashlib

    from carboncalc.core.observation import FileDigest

    return FileDigest(name, role, hashlib.sha256(data).hexdigest())


def run_jobs(fn: Any, jobs: list[Any], workers: int | None, scheduler: str | None) -> list[Any]:
    """``[fn(job) for job in jobs]``: here for one job, in worker processes for more, or on the
    workers of a running Dask cluster (``Client.map``, one task a job) with ``scheduler``."""
    if scheduler is not None:
        return on_cluster(fn, jobs, scheduler)
    if len(jobs) == 1:
        return [fn(jobs[0])]
    from carboncalc.cli.workers import in_parallel

    return in_parallel(fn, jobs, jobs=workers)


def on_cluster(fn: Any, jobs: list[Any], address: str) -> list[Any]:
    """The same function on the workers of a running Dask cluster, one task per project."""
    try:
        from distributed import Client
    except ImportError:
        raise CarboncalcError(
            "--scheduler needs Dask's distributed scheduler: in carboncalc's folder, "
            "pip install '.[dask]'"
        ) from None
    try:
        client = Client(address, timeout="10s")  # type: ignore[no-untyped-call,unused-ignore]
    except (OSError, TimeoutError) as exc:
        raise CarboncalcError(f"--scheduler {address}: cannot reach the cluster ({exc})") from None
    with client:
        futures = client.map(fn, jobs, pure=False)
        found: list[Any] = client.gather(futures)  # type: ignore[no-untyped-call,unused-ignore]
    return found


def relative(folder: Path, project_folder: Path) -> str | None:
    """``folder`` relative to a project file's folder (POSIX), where it is inside it."""
    try:
        inside = folder.resolve().relative_to(project_folder.resolve())
    except ValueError:
        return None
    return inside.as_posix()


ForceOpt = Annotated[
    bool, typer.Option("--force", help="With --write: replace CSV files that exist.")
]
SchedulerOpt = Annotated[
    str | None,
    typer.Option(
        "--scheduler",
        metavar="ADDRESS",
        help="Hand the projects to a running Dask cluster (tcp://host:8786); "
        "needs pip install '.[dask]'.",
    ),
]


def check_inside(write: Path | None, project_path: Path) -> None:
    """--write names a folder inside the project file's own, where the file can cite it."""
    if write is not None and relative(write, project_path.parent) is None:
        folder_of = f"{project_path.parent.resolve()}, the folder of {project_path.name}"
        message = (
            f"not inside {folder_of}: a project file cites only files in its own folder; "
            "give --write a folder there"
        )
        raise CarboncalcError([Problem(message, str(write), field="--write")])


def written(count: int, folder: Path) -> str:
    """The note after --write: ``wrote 2 CSV files in observed``."""
    return f"wrote {count} CSV file{'s' if count != 1 else ''} in {folder}"


def check_force(force: bool, write: Path | None) -> None:
    """--force without --write lets nothing be replaced: said, not ignored."""
    if force and write is None:
        raise CarboncalcError([Problem("needs --write (it lets --write replace the "
                                       "CSV files it writes)", None, field="--force")])  # fmt: skip


def check_targets(targets: list[Path], force: bool) -> None:
    """Refuse, before any work, to write into what is not a folder, or over a file without
    --force (every target is named)."""
    if not targets:
        return
    folder = targets[0].parent
    if os.path.lexists(folder) and not os.path.isdir(folder):
        raise CarboncalcError([Problem("not a folder: --write needs one", str(folder))])
    if not force:
        taken = [Problem("the file exists; --force replaces it", str(t))
                 for t in targets if os.path.lexists(t)]  # fmt: skip
        if taken:
            raise CarboncalcError(taken)


def write_all(report: Any, force: bool) -> None:
    """Every CSV, or none: each target is checked (again) before any is written."""
    from carboncalc.files.writing import write_text

    targets = [Path(f.path) for f in report.files]
    check_targets(targets, force)
    folder = targets[0].parent
    if not os.path.isdir(folder):
        try:
            folder.mkdir()
        except OSError as exc:
            raise CarboncalcError([Problem(f"cannot make the folder: {exc.strerror}",
                                           str(folder))]) from None  # fmt: skip
    for file in report.files:
        write_text(Path(file.path), file.text, replace=force, if_exists="--force replaces it")
