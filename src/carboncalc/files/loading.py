"""Loading a project: read the file, apply a scenario and --set, validate, resolve.

Every problem is reported with ``file:line:column: field.path: message``, all of them (up to a
stated number), not only the first; checks that need the whole file read the raw data, so that
they are reported together with the schema's.
"""

from __future__ import annotations

import copy
import functools
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from carboncalc.errors import Problem, ProjectFileError
from carboncalc.files.reading import decode, read_bytes
from carboncalc.files.validation import check_rules_option, validate
from carboncalc.files.yamlio import Document, parse_yaml

if TYPE_CHECKING:
    from carboncalc.core.inputs import ProjectInputs, Provenance
    from carboncalc.files.model import Project
    from carboncalc.files.overrides import Override, Spelling
    from carboncalc.files.placeholders import Placeholder


@dataclass(frozen=True)
class LoadedProject:
    """A validated project with where it came from and the overrides applied to it.

    ``inputs`` is what every computation reads. The file as written (``project``, the schema's
    object, for showing its inputs and sources) is there at once after a full load; after a
    load from the cache it is validated again on first use."""

    name: str
    path: Path
    inputs: ProjectInputs  # the file, resolved for the core
    title: str  # the project's own name, `name:` in the file
    countries: tuple[str, ...]
    # its id in the evidence set (a VCS number, PL... for Plan Vivo), where its registry is one
    registry_id: str | None = None
    # where its values come from, for the tables: made on first use (from the cache's copy,
    # else from the schema object), as JSON and CSV never need it
    sources: Callable[[], Provenance] | None = field(default=None, repr=False, compare=False)
    overrides: tuple[Override, ...] = ()
    scenario: str | None = None
    rules: str | None = None  # --rules, where given
    validated: Project | None = field(default=None, repr=False, compare=False)
    # the values still as `carboncalc new` wrote them (:mod:`carboncalc.files.placeholders`)
    placeholders: tuple[Placeholder, ...] = ()

    @functools.cached_property
    def project(self) -> Project:
        """The file as written (with overrides), validated."""
        if self.validated is not None:
            return self.validated
        # from the cache, so no what-if and a file that was valid: read and validate it only
        from carboncalc.files.observations import read_observed_files

        name = str(self.path)
        doc = parse_yaml(decode(read_bytes(self.path, name), name), name)
        read_observed_files(doc, self.path)
        return validate(doc)

    @functools.cached_property
    def provenance(self) -> Provenance:
        """Where the file's values come from (kept with the inputs, so that a table needs no
        schema object)."""
        if self.sources is not None:
            return self.sources()
        from carboncalc.files.resolve import provenance

        return provenance(self.project)

    def base_case(self, rules: str | None = None) -> LoadedProject | None:
        """For a what-if (a scenario or --set), the same file as written, whose deduction
        the what-if's is compared with; None when nothing was overridden."""
        if not self.overrides and self.scenario is None:
            return None
        return load_project(str(self.path), rules=rules)


@dataclass(frozen=True)
class Source:
    """A project file found and read: its name, where it is, and its bytes."""

    name: str
    path: Path
    raw: bytes

    @functools.cached_property
    def document(self) -> tuple[Document, Any]:
        """The file parsed, with the files its observations name read in, and those files (for
        the cache): parsed once, however many what-ifs are loaded from it (a copy each)."""
        from carboncalc.files.observations import read_observed_files

        doc = parse_yaml(decode(self.raw, str(self.path)), str(self.path))
        return doc, read_observed_files(doc, self.path)


def read_source(ref: str, projects_dir: Path | None = None) -> Source:
    """Find a project by name or path and read its bytes (once, for a command that loads the
    same file many times, a sweep)."""
    from carboncalc.files.projects import find_project

    name, path = find_project(ref, projects_dir)
    return Source(name, path, read_bytes(path, str(path)))


def load_project(
    ref: str,
    *,
    projects_dir: Path | None = None,
    sets: list[str] | None = None,
    scenario: str | None = None,
    check_scenarios: bool = False,
    rules: str | None = None,
    cache: bool = False,
    source: Source | None = None,
    values: list[tuple[str, Spelling]] | None = None,
) -> LoadedProject:
    """Find, read, override (a named scenario, then --set) and validate one project.

    With ``check_scenarios`` (as ``check`` asks), every scenario in the file is also applied to
    the file as written and validated, and its problems are reported at its own line. ``rules``
    names a credit rule set in place of the file's. With ``cache`` (the command line's choice),
    a file loaded before with the same bytes, code and options comes from
    :mod:`carboncalc.files.cache`, and one loaded now is kept there; a what-if is never cached.
    ``source``: the file already read (:func:`read_source`), in place of ``ref``; it is parsed
    once, and each load applies its what-ifs to a copy. ``values``: overrides after ``sets``,
    each with how its caller spelled it (a Python argument)."""
    if rules is not None:
        check_rules_option(rules)
    found = source or read_source(ref, projects_dir)
    name, path, raw = found.name, found.path, found.raw
    options = {"rules": rules, "check_scenarios": check_scenarios}
    key = None
    if cache and not sets and not values and scenario is None:
        from carboncalc.files import cache as entries

        key = entries.key(path, raw, options) if entries.enabled() else None
    if key is not None:
        hit = entries.lookup(key, path)
        if hit is not None:
            from carboncalc.files.placeholders import Placeholder

            marked = tuple(Placeholder(f, str(path), line) for f, line in hit.placeholders)
            return LoadedProject(name, path, hit.inputs, hit.title, hit.countries,
                                 hit.registry_id, hit.sources, rules=rules,
                                 placeholders=marked)  # fmt: skip
    parsed, deps = found.document
    doc = copy.deepcopy(parsed) if source is not None else parsed  # a source given: reused
    # the file as written, for checking each scenario on its own (none to copy without them)
    pristine = copy.deepcopy(doc.data) if check_scenarios and scenario_names(doc.data) else None
    overrides = scenario_overrides(doc, scenario) if scenario is not None else []
    if sets or values:
        from carboncalc.files.overrides import COMMAND_LINE

        overrides += [(text, COMMAND_LINE) for text in sets or []]
        overrides += values or []
    applied = apply_overrides(doc, overrides)
    project = validate(doc)  # the schema's problems, then the whole project's, in one pass
    if check_scenarios:
        problems: list[Problem] = []
        for other in scenario_names(pristine):
            trial = Document(doc.path, copy.deepcopy(pristine), doc.marks, placed=doc.placed)
            try:
                apply_overrides(trial, scenario_overrides(trial, other))
                validate(trial)
            except ProjectFileError as exc:
                problems += exc.problems
        if problems:
            raise ProjectFileError(problems)
    from carboncalc.files.placeholders import find_placeholders
    from carboncalc.files.resolve import evidence_id, resolve

    loaded = LoadedProject(
        name=name,
        path=path,
        inputs=claims_placed(resolve(project, rules=rules), doc),
        title=project.name,
        countries=tuple(project.countries),
        registry_id=evidence_id(project),
        overrides=tuple(applied),
        scenario=scenario,
        rules=rules,
        validated=project,
        placeholders=find_placeholders(doc),
    )
    if key is not None:
        entry = entries.Entry(loaded.inputs, loaded.title, loaded.countries, loaded.registry_id,
                              lambda: loaded.provenance,
                              tuple((p.field, p.line) for p in loaded.placeholders))  # fmt: skip
        entries.store(key, path, entry, deps)
    return loaded


def claims_placed(inputs: ProjectInputs, doc: Document) -> ProjectInputs:
    """The inputs with each claim's line and column in its file: where its ``- id:`` item
    starts, found as a placeholder's line is (a CI annotation points there)."""
    if not inputs.claims:
        return inputs
    placed = []
    for i, claim in enumerate(inputs.claims):
        line, column = doc.marks.get(("claims", i), (None, None))
        placed.append(replace(claim, line=line, column=column))
    return replace(inputs, claims=tuple(placed))


def apply_overrides(doc: Document, overrides: list[tuple[str, Spelling]]) -> list[Override]:
    """Apply overrides, each a ``FIELD=VALUE`` text with how its caller gave it (a --set, a
    scenario's line in the file, a Python argument), which its problems say."""
    if not overrides:
        return []
    from carboncalc.files import overrides as ov

    if not isinstance(doc.data, dict):
        validate(doc)  # reports the file's own problem
    applied = []
    for text, spelling in overrides:
        (override,) = ov.apply(doc.data, [text], spelling)
        doc.origins[override.origin] = spelling.label(text)
        applied.append(override)
    return applied


def scenario_names(data: Any) -> list[str]:
    scenarios = data.get("scenarios") if isinstance(data, dict) else None
    return [str(name) for name in scenarios] if isinstance(scenarios, dict) else []


def scenario_overrides(doc: Document, scenario: str) -> list[tuple[str, Spelling]]:
    """The overrides of a named scenario in the raw file (before the file is validated), each
    labelled with its place in the file."""
    from carboncalc.files.overrides import Spelling

    sets = scenario_sets(doc, scenario)
    labelled = []
    for i, text in enumerate(sets):
        where = doc.locate(("scenarios", scenario, "set", i))
        position = f"{where.line}:{where.column}: " if where.line else ""
        labelled.append((text, Spelling(at=f"{doc.path}:{position}scenario {scenario!r}: {text}")))
    return labelled


def scenario_sets(doc: Document, scenario: str) -> list[str]:
    """The overrides of a named scenario in the raw file (before the file is validated)."""
    scenarios = doc.data.get("scenarios") if isinstance(doc.data, dict) else None
    known = sorted(scenarios) if isinstance(scenarios, dict) else []
    entry = scenarios.get(scenario) if isinstance(scenarios, dict) else None
    sets = entry.get("set") if isinstance(entry, dict) else None
    if not isinstance(sets, list) or not all(isinstance(s, str) for s in sets):
        where = doc.locate(("scenarios", scenario))
        if entry is None:
            message = f"no scenario {scenario!r} (scenarios: {', '.join(known) or 'none'})"
        else:
            message = f"scenario {scenario!r} needs `set:`, a list of FIELD=VALUE texts"
        raise ProjectFileError([Problem(message, where.path, where.line, where.column)])
    return sets
