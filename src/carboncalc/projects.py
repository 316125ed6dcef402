"""Project files on disk: where names are looked up, listing a folder, writing a new file.

A project is named by a plain name (looked up in the project folders, first match wins) or by a
path to a YAML file. A file that is a link leading out of its own folder is never read.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from carboncalc.errors import Problem, ProjectNotFoundError

ENV_PROJECTS_DIR = "CARBONCALC_PROJECTS_DIR"
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$")


def package_projects_dir() -> Path:
    """The seed projects shipped with carboncalc (in a source checkout: the repo's projects/)."""
    here = Path(__file__).resolve().parent
    shipped = here / "projects"
    return shipped if shipped.is_dir() else here.parents[1] / "projects"


def project_dirs(projects_dir: Path | None = None) -> list[Path]:
    """Where project names are looked up, first match wins.

    ``--projects-dir`` (or ``CARBONCALC_PROJECTS_DIR``) alone when given; otherwise a ``projects/``
    folder in the current directory, then the seed projects shipped with carboncalc.
    """
    if projects_dir is None and os.environ.get(ENV_PROJECTS_DIR):
        projects_dir = Path(os.environ[ENV_PROJECTS_DIR])
    if projects_dir is not None:
        if not os.path.isdir(projects_dir):
            raise ProjectNotFoundError(f"projects folder {str(projects_dir)!r} does not exist")
        return [projects_dir]
    local = Path.cwd() / "projects"
    dirs = [local] if os.path.isdir(local) else []
    shipped = package_projects_dir()
    if shipped.is_dir() and all(shipped.resolve() != d.resolve() for d in dirs):
        dirs.append(shipped)
    return dirs


def lookup_dirs(projects_dir: Path | None = None) -> list[Path]:
    """Where a bare project NAME is looked up, first match wins: ``--projects-dir`` alone when
    given; otherwise ``./projects/``, then the current directory (where ``carboncalc new NAME``
    writes when there is no ``projects/``), then the seed projects shipped with carboncalc.
    Listing a project set (``list``, ``check``) never reads the current directory's files."""
    dirs = project_dirs(projects_dir)
    if projects_dir is None and not os.environ.get(ENV_PROJECTS_DIR):
        here = Path.cwd()
        shipped = package_projects_dir()
        at = len(dirs) - 1 if dirs and dirs[-1] == shipped else len(dirs)
        if all(here.resolve() != d.resolve() for d in dirs):
            dirs.insert(at, here)
    return dirs


def display_path(path: Path) -> str:
    """A project file's path as people read it: ``seed:alto-mayo`` for a seed shipped with
    carboncalc, relative to the current directory when inside it, else as given."""
    resolved = path.resolve()
    if resolved.parent == package_projects_dir().resolve():
        return f"seed:{path.stem}"
    try:
        return str(resolved.relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def list_project_files(projects_dir: Path | None = None) -> list[tuple[str, Path]]:
    """Every project (name, path) in the project set, by name; an earlier folder wins."""
    found: dict[str, Path] = {}
    for folder in project_dirs(projects_dir):
        for path in sorted(folder.glob("*.yaml")):
            found.setdefault(path.stem, path)
    return sorted(found.items())


def check_link(path: Path) -> None:
    """Refuse a project file that is a link leading out of its own folder, without reading it,
    so that no command (a folder scan in CI included) can be made to read and echo a file
    elsewhere on the machine. ``stock NAME``, ``stock PATH`` and ``check FOLDER`` alike."""
    try:
        inside = path.resolve().is_relative_to(path.parent.resolve())
    except (OSError, RuntimeError):  # RuntimeError: a loop of links (Python 3.11)
        inside = False
    if not inside:
        raise ProjectNotFoundError(
            [Problem("the project file is a link to outside its folder; not read", str(path))]
        )


def find_project(ref: str, projects_dir: Path | None = None) -> tuple[str, Path]:
    """A project by name (``alto-mayo``) or by path to a YAML file."""
    if ref.endswith((".yaml", ".yml")) and "\0" not in ref:
        path = Path(ref)
        if not os.path.isfile(path):
            raise ProjectNotFoundError(f"no project file {ref!r}")
        check_link(path)
        return path.stem, path
    if not _NAME.match(ref) or ref.strip(".") == "":
        raise ProjectNotFoundError(
            f"{ref!r} is not a plain project name (letters, digits, '-', '_', '.') "
            "nor a path to a .yaml or .yml file"
        )
    dirs = lookup_dirs(projects_dir)
    for folder in dirs:
        path = folder / f"{ref}.yaml"
        if os.path.isfile(path):
            check_link(path)
            return ref, path
    import difflib

    known = [name for name, _ in list_project_files(projects_dir)]
    hint = difflib.get_close_matches(ref, known, n=1)
    suggestion = f"; did you mean {hint[0]!r}?" if hint else ""
    places = ", ".join(str(d) for d in dirs) or "no projects folder"
    raise ProjectNotFoundError(
        f"no project {ref!r} in {places} (known: {', '.join(known) or 'none'}){suggestion}"
    )


def expand(targets: list[str], projects_dir: Path | None = None) -> list[str]:
    """Project references from names, paths and folders (a folder: each of its files); with no
    targets, every project in the project set."""
    refs: list[str] = []
    for target in targets or [""]:
        folder = Path(target) if target else None
        if folder is None or os.path.isdir(folder):
            refs += [str(p) for _, p in list_project_files(folder or projects_dir)]
        else:
            refs.append(target)
    return refs


def new_project_file(ref: str, projects_dir: Path | None = None) -> Path:
    """Write the commented starting file for a new project; never overwrite a file."""
    import json
    from string import Template

    from carboncalc.printable import printable

    if ref.endswith((".yaml", ".yml")) and "\0" not in ref:
        path = Path(ref)
        if not path.parent.is_dir():
            raise ProjectNotFoundError(f"no folder {str(path.parent)!r} to write {path.name} in")
    else:
        if not _NAME.match(ref) or ref.strip(".") == "":
            raise ProjectNotFoundError(
                f"{ref!r} is not a plain project name (letters, digits, '-', '_', '.') "
                "nor a path ending in .yaml"
            )
        if projects_dir is None and os.environ.get(ENV_PROJECTS_DIR):
            projects_dir = Path(os.environ[ENV_PROJECTS_DIR])
        if projects_dir is None:
            local = Path.cwd() / "projects"
            projects_dir = local if local.is_dir() else Path.cwd()
        if not projects_dir.is_dir():
            raise ProjectNotFoundError(f"projects folder {str(projects_dir)!r} does not exist")
        path = projects_dir / f"{ref}.yaml"
    template = (Path(__file__).resolve().parent / "templates" / "project.yaml").read_text("utf-8")
    name = path.stem
    title = name.replace("-", " ").capitalize()
    text = Template(template).substitute(
        # a JSON string is a YAML double-quoted scalar: any name gives a valid file (2024, null
        # and 1e3 stay text; ": " and "#" stay inside the string)
        quoted_title=json.dumps(title),
        comment_title=printable(title, one_line=True),
        comment_name=printable(name, one_line=True),
    )
    from carboncalc.writing import write_text

    write_text(path, text, replace=False, if_exists="carboncalc new never overwrites a file")
    return path
