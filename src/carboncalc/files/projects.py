"""Project files on disk: where names are looked up, listing a folder, writing a new file.

A project is named by a plain name (looked up in the project folders, first match wins) or by a
path to a YAML file. A file that is a link leading out of its own folder is never read.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

from carboncalc.errors import Problem, ProjectNotFoundError

ENV_PROJECTS_DIR = "CARBONCALC_PROJECTS_DIR"
# \Z, not $: $ also matches before a final newline, which took "x\n" for a name
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}\Z")


def package_projects_dir() -> Path:
    """The seed projects shipped with carboncalc (in a source checkout: the repo's projects/)."""
    here = Path(__file__).resolve().parents[1]  # the package
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


# A registry's ledger written by `carboncalc ledger --write`: a fragment to paste under
# `credits:`, not a project, so a folder of projects leaves it out.
LEDGER_SUFFIX = ".ledger.yaml"


def list_project_files(projects_dir: Path | None = None) -> list[tuple[str, Path]]:
    """Every project (name, path) in the project set, by name; an earlier folder wins. Ledger
    files (``*.ledger.yaml``) are not projects."""
    found: dict[str, Path] = {}
    for folder in project_dirs(projects_dir):
        for path in sorted(folder.glob("*.yaml")):
            if not path.name.endswith(LEDGER_SUFFIX):
                found.setdefault(path.stem, path)
    return sorted(found.items())


def check_link(path: Path) -> None:
    """Refuse a project file that is a link leading out of its own folder, without reading it,
    so that no command (a folder scan in CI included) can be made to read and echo a file
    elsewhere on the machine. ``stock NAME``, ``stock PATH`` and ``check FOLDER`` alike."""
    if not os.path.islink(path):
        return  # not a link: it is where its folder is
    try:
        inside = path.resolve().is_relative_to(path.parent.resolve())
    except (OSError, RuntimeError):  # RuntimeError: a loop of links (Python 3.11)
        inside = False
    if not inside:
        raise ProjectNotFoundError(
            [Problem("the project file is a link to outside its folder; not read", str(path))]
        )


def read_named_file(
    project_path: Path, name: str, at: Problem, *, limit: int | None = None
) -> tuple[Path, bytes]:
    """A file a project file names (an `observed.file`): where it is (links resolved) and its
    bytes, by the rules for project files, or one problem at ``at``, the name's place.

    The name is a path relative to the project file's folder that stays inside it: no NUL, no
    absolute path, no ``..`` or link (at any step) leading out. The file is then read as a project
    file is (:func:`carboncalc.files.reading.read_bytes`: a regular file of at most 1 MB, never a
    FIFO or a device), through the path checked, so nothing of a file refused is ever read.
    ``limit``: the most bytes read, where not the project file's (a boundary's polygons)."""
    from dataclasses import replace

    from carboncalc.errors import ProjectFileError, quote
    from carboncalc.files.reading import MAX_FILE_BYTES, read_bytes

    def refused(message: str) -> ProjectFileError:
        return ProjectFileError([replace(at, message=f"{quote(name)}: {message}")])

    if "\0" in name or not name.strip():
        raise refused("not a file name" + (" (a NUL character in it)" if name.strip() else ""))
    if name.endswith(("/", os.sep)):
        raise refused("not a file name (it ends with a slash, as a folder's does)")
    if os.path.isabs(name):
        raise refused("an absolute path; name a file in the project file's folder, relative to it")
    folder = project_path.parent.resolve()
    if not Path(os.path.normpath(folder / name)).is_relative_to(folder):
        raise refused("`..` leads out of the project file's folder; not read")
    try:
        path = (folder / name).resolve()
    except (OSError, RuntimeError):  # RuntimeError: a loop of links (Python 3.11)
        raise refused("a loop of links; not read") from None
    if not path.is_relative_to(folder):
        raise refused("a link to outside the project file's folder; not read")
    try:
        raw = read_bytes(path, name, what="files a project names", follow=False,
                         limit=limit or MAX_FILE_BYTES)  # fmt: skip
        return path, raw
    except ProjectFileError as exc:
        raise refused(exc.problems[0].message) from None


def file_digests(path: Path, named: list[str]) -> tuple[tuple[str, str], ...]:
    """The SHA-256 of a project file and of the files it names, each read by the rules for
    it, for a report to say what it was made from: the project file as people read its path
    (:func:`display_path`; its name alone where that is absolute: a report travels), each named
    file as the project file names it."""
    import hashlib

    from carboncalc.files.reading import read_bytes

    shown = display_path(path)
    if Path(shown).is_absolute():
        shown = path.name
    found = [(shown, hashlib.sha256(read_bytes(path, str(path))).hexdigest())]
    for name in dict.fromkeys(named):
        _, raw = read_named_file(path, name, Problem("", str(path)))
        found.append((name, hashlib.sha256(raw).hexdigest()))
    return tuple(found)


def named_files(project: Any) -> list[str]:
    """The files a validated project file names that its figures are computed from: each
    scenario's `observed.file` and an `equivalents.factors` edition of the user's own."""
    named = []
    d = project.deforestation
    for scenario in (d.baseline, d.project, d.counterfactual) if d is not None else ():
        observed = getattr(scenario, "observed", None)
        if observed is not None and observed.file:
            named.append(observed.file)
    factors = project.equivalents.factors if project.equivalents is not None else None
    if factors is not None and factors.endswith((".yaml", ".yml")):
        named.append(factors)
    return named


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


def _plain_path(ref: str) -> bool:
    """A path ending in .yaml or .yml with no control character or line separator: ``new``
    writes the file's name into its comments, where either would end the line."""
    from carboncalc.printable import printable

    return (
        ref.endswith((".yaml", ".yml"))
        and printable(ref, one_line=True) == ref
        and not {"\u2028", "\u2029"} & set(ref)
    )


def new_project_file(
    ref: str,
    projects_dir: Path | None = None,
    *,
    evidence: str | None = None,
    countries: list[str] | None = None,
) -> Path:
    """Write the commented starting file for a new project; never overwrite a file. With
    ``evidence`` (a registry id of the bundled evidence set), a file pre-filled from it; with
    ``countries`` (ISO 3166-1 alpha-2), the countries and their IPCC Tier 1 density."""
    import json
    from string import Template

    from carboncalc.printable import printable

    text_from_evidence = None
    if evidence is not None:
        text_from_evidence = evidence_project_text(evidence)  # an unknown id: before writing
    templates = Path(__file__).resolve().parent / "templates"
    blocks = {"countries": "[XX]", "ipcc_source": "",
              "pools": (templates / "pools.yaml").read_text("utf-8")}  # fmt: skip
    if countries:
        from carboncalc.files.tier1 import country_blocks

        blocks = country_blocks(countries)  # an unknown country: before writing

    if _plain_path(ref):
        path = Path(ref)
        if not path.parent.is_dir():
            raise ProjectNotFoundError(f"no folder {str(path.parent)!r} to write {path.name} in")
    else:
        if not _NAME.match(ref) or ref.strip(".") == "":
            raise ProjectNotFoundError(
                f"{ref!r} is not a plain project name (letters, digits, '-', '_', '.') "
                "nor a path ending in .yaml without control characters"
            )
        if projects_dir is None and os.environ.get(ENV_PROJECTS_DIR):
            projects_dir = Path(os.environ[ENV_PROJECTS_DIR])
        if projects_dir is None:
            local = Path.cwd() / "projects"
            projects_dir = local if local.is_dir() else Path.cwd()
        if not projects_dir.is_dir():
            raise ProjectNotFoundError(f"projects folder {str(projects_dir)!r} does not exist")
        path = projects_dir / f"{ref}.yaml"
    if path.name.endswith(LEDGER_SUFFIX):
        raise ProjectNotFoundError(
            f"{path.name}: a name ending {LEDGER_SUFFIX} is a registry ledger's, which folders "
            "of projects leave out; give the project another name"
        )
    if text_from_evidence is not None:
        from carboncalc.files.writing import write_text

        write_text(path, text_from_evidence, replace=False,
                   if_exists="carboncalc new never overwrites a file")  # fmt: skip
        return path
    template = (templates / "project.yaml").read_text("utf-8")
    name = path.stem
    title = name.replace("-", " ").capitalize()
    text = Template(template).substitute(
        # a JSON string is a YAML double-quoted scalar: any name gives a valid file (2024, null
        # and 1e3 stay text; ": " and "#" stay inside the string)
        quoted_title=json.dumps(title),
        comment_title=printable(title, one_line=True),
        comment_name=printable(name, one_line=True),
        **blocks,
    )
    from carboncalc.files.writing import write_text

    write_text(path, text, replace=False, if_exists="carboncalc new never overwrites a file")
    return path


def evidence_project_text(pid: str, evaluation: str | None = None) -> str:
    """A project file for a project of the evidence set: its area, start, country and registry
    id as the evaluation's sources give them; the matched controls' rate as the baseline (and
    the counterfactual, both with the range of the matching specifications where an evaluation
    gives one) and the project's own rate, over the years evaluated; an IPCC Tier 1 density for its
    continent; a placeholder buffer. Every value cites its source or is marked an assumption,
    with why."""
    import json

    from carboncalc.core.evidence_inputs import Spread
    from carboncalc.files.factors import DensitiesFile, EvidenceFile, load_reference
    from carboncalc.printable import printable
    from carboncalc.units import PERCENT

    found = load_reference("evidence", EvidenceFile)
    densities = load_reference("densities", DensitiesFile)
    chosen = next((e for e in found.evaluations if evaluation in (None, e.id)), None)
    if pid not in found.projects or chosen is None or pid not in chosen.rates:
        raise ProjectNotFoundError(
            f"--from-evidence: no project {pid!r} in the evidence set (`carboncalc evidence` "
            "lists the registry ids)"
        )
    p, rates = found.projects[pid], chosen.rates[pid]
    agb = densities.above_ground_t_dm_per_ha[p.tier1_region]
    registry = "Plan Vivo" if pid.startswith("PL") else "Verified Carbon Standard (Verra)"
    years = 5  # the evaluation's window: five years after the start
    q = json.dumps  # a JSON string is a valid YAML double-quoted scalar

    def source(sid: str, s: Any) -> str:
        fields = [("title", s.title), ("publisher", s.publisher), ("year", s.year),
                  ("url", s.url), ("note", s.note)]  # fmt: skip
        body = "\n".join(f"    {k}: {q(v) if isinstance(v, str) else v}"
                         for k, v in fields if v is not None)  # fmt: skip
        return f"  {sid}:\n{body}"

    ev, ipcc = chosen.source, "ipcc-2006-v4-ch4"
    control_pct, project_pct = rates.control * PERCENT, rates.project * PERCENT  # fraction -> %/yr
    with_spread = [e for e in (chosen, *found.evaluations)
                   if pid in e.rates and e.rates[pid].control_over_specifications]  # fmt: skip
    spread_from = with_spread[0] if with_spread else None
    cited = [ev]
    spread = note_spread = ""  # the counterfactual's range, where an evaluation gives one
    if spread_from is not None:
        s = spread_from.rates[pid].control_over_specifications
        assert s is not None
        low, high = Spread(s.count, s.min, s.p5, s.p95, s.max).drawn_between(rates.control)
        widened = ", widened to take in the value" if (low, high) != (s.p5, s.p95) else ""
        cited += [spread_from.source] if spread_from.source != ev else []
        spread = f"""
      low: {low * PERCENT!r}
      high: {high * PERCENT!r}"""
        note_spread = (
            f"; low-high: the 5th-95th percentiles of the controls' rate over {s.count} matching "
            f"specifications ({spread_from.source}){widened}, drawn uniformly in the Monte "
            "Carlo: carboncalc's reading"
        )
    sources = "\n".join([*(source(sid, found.sources[sid]) for sid in cited),
                         source(ipcc, densities.sources[ipcc])])  # fmt: skip
    controls = f"deforestation in the matched controls over the {years} years after the start"
    counterfactual_note = q(controls + note_spread)
    baseline_note = q(f"{controls}, taken as what would have happened without the project: an "
                      f"assumption beyond those years{note_spread}")  # fmt: skip
    rules = "  rules: vcs                    # the VCS standard's credit rules\n"
    if pid.startswith("PL"):
        rules = "  # Plan Vivo: carboncalc has no rule set of its own for it; the default applies\n"
    return f"""# yaml-language-server: $schema=project.schema.json
# {printable(p.name, one_line=True)}
# Written by `carboncalc new --from-evidence {pid}` from carboncalc's evidence set
# ({chosen.label}). Area, start and rates are the evaluation's figures, cited; the density is
# an IPCC Tier 1 default and the buffer a placeholder, both marked as assumptions. Replace
# them with the project's own documents where you have them; `carboncalc check` fails, and
# reports are marked DRAFT, until the buffer's `placeholder: true` is gone.
name: {q(p.name)}
countries: [{p.iso2}]
registry:
  name: {registry}
  project_id: {q(pid)}

sources:
{sources}

area:
  value: {p.area_ha!r}
  unit: ha
  source: {ev}
  note: the project's GIS area as the evaluation's data give it

carbon:
  pools:
    above_ground:
      value: {agb.value:g}
      low: {agb.low:g}
      high: {agb.high:g}
      unit: t dm/ha
      carbon_fraction: {{value: {densities.carbon_fraction.value:g}, source: {ipcc},
        note: {q(densities.carbon_fraction.note or "")}}}
      source: {ipcc}
      assumption: true
      note: {q(f"IPCC Tier 1 default, {agb.note}, for want of the project's own inventory")}
    below_ground:
      root_to_shoot: {{value: {densities.root_to_shoot.value:g}, source: {ipcc},
        note: {q(densities.root_to_shoot.note or "")}}}

deforestation:
  baseline:
    rate:
      value: {control_pct!r}{spread}
      unit: "%/yr"
      basis: remaining
      source: {ev}
      assumption: true
      note: {baseline_note}
  project:
    rate:
      value: {project_pct!r}
      unit: "%/yr"
      basis: remaining
      source: {ev}
      note: deforestation in the project over the {years} years after the start
  counterfactual:
    rate:
      value: {control_pct!r}{spread}
      unit: "%/yr"
      basis: remaining
      source: {ev}
      note: {counterfactual_note}
  residual_carbon:
    value: 0
    unit: t C/ha
    assumption: true
    note: IPCC Tier 1 assumes no biomass is left immediately after conversion

period:
  start: {p.start_year}-01-01
  length_yr: {years}
  # the evaluation gives the start year only: 1 January is an assumption

credits:
{rules}  buffer:
    value: 20
    unit: "%"
    assumption: true
    note: placeholder - replace with the Non-Permanence Risk Tool's result and its source
    placeholder: true

claims: []
"""
