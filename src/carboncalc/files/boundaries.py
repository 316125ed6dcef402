"""The bytes of a boundary: the file a project file names in `boundary.file`, by the rules for
every file a project names (inside the project file's folder, a regular file, read once), or a
file given on the command line. The polygons in them are read by the raster side."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Final

from carboncalc.errors import Problem, ProjectFileError

if TYPE_CHECKING:
    from carboncalc.files.loading import LoadedProject

# A boundary of a million vertices (the most carboncalc reads) is about 40 MB of GeoJSON.
MAX_BOUNDARY_BYTES: Final = 100_000_000


# The parts of a shapefile read beside its .shp, where they are.
SHAPEFILE_PARTS: Final = ("shx", "dbf", "prj")


def project_boundary(loaded: LoadedProject) -> tuple[str, bytes, dict[str, bytes]]:
    """The boundary file the project names, as the project file writes it (joined to its
    folder), its bytes, and for a shapefile (``.shp``) the bytes of the parts beside it, by the
    same rules; one located problem where there is none or one cannot be read."""
    from carboncalc.files.projects import read_named_file
    from carboncalc.files.yamlio import read_yaml

    boundary = loaded.project.boundary
    if boundary is None:
        message = (
            "no `boundary` in the project file: add `boundary: {file: boundary.geojson, source: "
            "...}` naming a GeoJSON or KML file in its folder, or give one with --boundary FILE"
        )
        raise ProjectFileError([Problem(message, str(loaded.path))])
    where = read_yaml(loaded.path).locate(("boundary", "file"))
    at = Problem("", where.path, where.line, where.column, "boundary.file")
    _, raw = read_named_file(loaded.path, boundary.file, at, limit=MAX_BOUNDARY_BYTES)
    parts = {}
    if boundary.file.lower().endswith(".shp"):
        for ext in SHAPEFILE_PARTS:
            beside = str(Path(boundary.file).with_suffix(f".{ext}"))
            if (loaded.path.parent / beside).exists():
                _, parts[ext] = read_named_file(loaded.path, beside, at, limit=MAX_BOUNDARY_BYTES)
    return str(loaded.path.parent / boundary.file), raw, parts


def given_boundary(path: Path) -> tuple[str, bytes, dict[str, bytes]]:
    """A boundary file named on the command line, its bytes, and a shapefile's other parts."""
    from carboncalc.files.reading import read_bytes

    def read(one: Path) -> bytes:
        return read_bytes(one, str(one), limit=MAX_BOUNDARY_BYTES, what="boundary files")

    parts = {}
    if path.suffix.lower() == ".shp":
        for ext in SHAPEFILE_PARTS:
            if path.with_suffix(f".{ext}").exists():
                parts[ext] = read(path.with_suffix(f".{ext}"))
    return str(path), read(path), parts
