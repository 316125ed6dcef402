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


def project_boundary(loaded: LoadedProject) -> tuple[str, bytes]:
    """The boundary file the project names, as the project file writes it (joined to its
    folder), and its bytes; one located problem where there is none or it cannot be read."""
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
    return str(loaded.path.parent / boundary.file), raw


def given_boundary(path: Path) -> tuple[str, bytes]:
    """A boundary file named on the command line, and its bytes."""
    from carboncalc.files.reading import read_bytes

    name = str(path)
    return name, read_bytes(path, name, limit=MAX_BOUNDARY_BYTES, what="boundary files")
