"""Loading a project: read the file, apply a scenario and --set, validate, resolve.

Every problem is reported with ``file:line:column: field.path: message``, all of them (up to a
stated number), not only the first; checks that need the whole file read the raw data, so that
they are reported together with the schema's.
"""

from __future__ import annotations

import copy
import datetime as dt
import functools
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from carboncalc.errors import MAX_PROBLEMS, Problem, ProjectFileError, more_problems
from carboncalc.files.reading import decode, read_bytes
from carboncalc.files.yamlio import Document, Loc, dotted, parse_yaml

if TYPE_CHECKING:
    from carboncalc.core.inputs import ProjectInputs, Provenance
    from carboncalc.files.model import Baseline, Project, ProjectScenario
    from carboncalc.files.overrides import Override


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


# --- validation ----------------------------------------------------------------------------------


@functools.cache
def _vocabulary() -> list[str]:
    from pydantic import BaseModel

    from carboncalc.files import model, quantities

    names: set[str] = set()
    for module in (model, quantities):
        for obj in vars(module).values():
            if isinstance(obj, type) and issubclass(obj, BaseModel):
                names.update(obj.model_fields)
    return sorted(names)


def _message(error: Any) -> str:
    kind, msg = error["type"], error["msg"]
    if kind == "value_error":
        return str(msg).removeprefix("Value error, ")
    if kind == "extra_forbidden":
        import difflib

        key = str(error["loc"][-1]) if error["loc"] else ""
        close = difflib.get_close_matches(key, _vocabulary(), n=2) if len(key) >= 3 else []
        hint = [h for h in close if h != key][:1]
        return f"unknown field {key!r}" + (f"; did you mean {hint[0]!r}?" if hint else "")
    if kind == "missing":
        return "required field is missing"
    if kind in ("float_type", "int_type"):
        return _not_a_number(error.get("input"), whole=kind == "int_type")
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        got = error.get("input")
        shown = type(got).__name__ if isinstance(got, list) else repr(got)
        return f"expected a mapping of fields (such as value: and unit:), got {shown}"
    got = error.get("input")
    shown = repr(got) if not isinstance(got, dict | list) else type(got).__name__
    return f"{msg[0].lower()}{msg[1:]} (got {shown}){_yaml11_hint(got)}"


def _not_a_number(got: Any, *, whole: bool) -> str:
    """Why a value is not taken as a number: carboncalc converts nothing to a number."""
    expected = "a whole number" if whole else "a number"
    if isinstance(got, bool):
        return f"expected {expected}, got {str(got).lower()} (a yes/no value)"
    if isinstance(got, float) and whole:
        return f"expected {expected}, got {got:g}"
    if isinstance(got, str):
        from carboncalc.files.yamlio import resolve_scalar

        try:
            quoted_number = isinstance(resolve_scalar(got.strip()), int | float)
        except ValueError:
            quoted_number = False
        if quoted_number:
            return f"expected {expected}, got the text {got!r}: write it without quotes"
        return f"expected {expected}, got the text {got!r}{_yaml11_hint(got)}"
    shown = type(got).__name__ if isinstance(got, dict | list) else repr(got)
    return f"expected {expected}, got {shown}"


_YAML11_BOOLS = {"y", "Y", "yes", "Yes", "YES", "n", "N", "no", "No", "NO",
                 "on", "On", "ON", "off", "Off", "OFF"}  # fmt: skip


def _yaml11_hint(got: Any) -> str:
    """Why a YAML 1.1 reading would differ, for text where a number was expected."""
    if not isinstance(got, str):
        return ""
    if got in _YAML11_BOOLS:
        return f"; carboncalc reads YAML 1.2, where {got} is text (YAML 1.1 tools read a boolean)"
    if ":" in got and all(part.strip().isdigit() for part in got.split(":")):
        return (
            f"; {got} is text here (YAML 1.1 tools read it as a base-60 number); "
            "write the number itself"
        )
    return ""


def _data_loc(data: Any, loc: tuple[Any, ...]) -> Loc:
    """The part of a pydantic error location that names keys in the data (not union members)."""
    out: list[str | int] = []
    node = data
    for part in loc:
        in_dict = isinstance(node, dict) and part in node
        in_list = isinstance(node, list) and isinstance(part, int) and part < len(node)
        if in_dict or in_list:
            node = node[part]
        elif isinstance(node, dict) and isinstance(part, str) and part.isidentifier():
            out.append(part)  # a missing key
            break
        else:
            continue
        out.append(part)
    return tuple(out)


def _at(node: Any, *keys: str) -> Any:
    """node[k1][k2]... in raw data, or None where a level is missing or not a mapping."""
    for key in keys:
        node = node.get(key) if isinstance(node, dict) else None
    return node


Found = list[tuple[Loc, str]]


def _source_references(data: dict[str, Any]) -> Found:
    """Every `source:` that names no entry of `sources`."""
    sources = data.get("sources")
    known = set(sources) if isinstance(sources, dict) else set()
    names = ", ".join(sorted(known)) or "none"
    found: Found = []

    def visit(node: Any, loc: Loc) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "source" and isinstance(value, str) and value not in known and loc:
                    found.append(
                        ((*loc, key), f"no source {value!r} in `sources` (known: {names})")
                    )
                elif key != "sources":
                    visit(value, (*loc, key))
        elif isinstance(node, list):
            for i, item in enumerate(node):
                visit(item, (*loc, i))

    visit(data, ())
    return found


def _claim_references(data: dict[str, Any]) -> Found:
    """Claim ids used twice, bases that name no (emissions) claim, stock claims' pools."""
    raw = data.get("claims")
    claims = [c if isinstance(c, dict) else {} for c in raw] if isinstance(raw, list) else []
    ids = [c.get("id") for c in claims]
    pools = _at(data, "carbon", "pools")
    found: Found = []
    for i, claim in enumerate(claims):
        cid, basis, pool = claim.get("id"), claim.get("basis"), claim.get("pool", "all")
        if isinstance(cid, str) and ids.count(cid) > 1:
            found.append((("claims", i, "id"), f"claim id {cid!r} is used more than once"))
        if isinstance(basis, str) and basis not in ids:
            found.append((("claims", i, "basis"), f"no claim with id {basis!r}"))
        elif isinstance(basis, str):
            measure = claims[ids.index(basis)].get("measure")
            if isinstance(measure, str) and measure != "avoided_emissions":
                message = (
                    "the basis of an equivalence is an avoided_emissions claim; "
                    f"{basis!r} is a {measure} claim"
                )
                found.append((("claims", i, "basis"), message))
        stock = claim.get("measure") == "stock" and pool != "all"
        if stock and isinstance(pools, dict) and pool not in pools:
            message = f"no pool {pool!r} in carbon.pools (pools: {', '.join(map(str, pools))})"
            found.append((("claims", i, "pool"), message))
    return found


def _rates(data: dict[str, Any]) -> Found:
    """Rates without an accounting period. (A project rate above its baseline is valid: an
    ex-post evaluation can find a project that lost forest faster than its baseline; it gives
    negative avoided emissions and no credits, with a warning, see reports.warnings.)"""
    found: Found = []
    if isinstance(data.get("deforestation"), dict) and data.get("period") is None:
        found.append((("period",), "deforestation rates need an accounting `period`"))
    return found


def whole_file_problems(doc: Document) -> list[Problem]:
    """Problems that need the whole file, found in the raw data, so that they are reported
    together with every other problem in it."""
    data = doc.data if isinstance(doc.data, dict) else {}
    problems = []
    for loc, message in _source_references(data) + _claim_references(data) + _rates(data):
        where = doc.locate(loc)
        problems.append(Problem(message, where.path, where.line, where.column, dotted(loc)))
    return problems


def validate(doc: Document) -> Project:
    """Validate plain data as a project: every problem, each with its location."""
    from pydantic import ValidationError

    from carboncalc.files.model import Project

    if not isinstance(doc.data, dict):
        kind = "a list" if isinstance(doc.data, list) else type(doc.data).__name__
        raise ProjectFileError(
            [
                *doc.problems,
                Problem(
                    f"expected a mapping of fields (name:, area:, ...), got {kind}", doc.path, 1, 1
                ),
            ]
        )
    references = whole_file_problems(doc)
    try:
        project = Project.model_validate(doc.data)
    except ValidationError as exc:
        raise ProjectFileError(
            _first_problems(doc, doc.problems + references, exc.errors(include_url=False))
        ) from None
    if doc.problems or references:
        raise ProjectFileError(_first_problems(doc, doc.problems + references, []))
    return project


def _first_problems(doc: Document, found: list[Problem], errors: list[Any]) -> list[Problem]:
    """The first MAX_PROBLEMS problems in file order, each once, then how many more there are.

    Validation errors are placed first and worded only if shown, so that a file of 30,000
    problems costs time in proportion to its size (wording an unknown key looks for the closest
    known one)."""
    items: list[tuple[tuple[int, int], Problem | tuple[Problem, Loc, Any]]] = [
        ((p.line or 0, p.column or 0), p) for p in found
    ]
    for error in errors:
        loc = _data_loc(doc.data, error["loc"])
        if error["type"] == "extra_forbidden":
            loc = tuple(error["loc"])
        if doc.is_broken(loc):
            continue  # already reported where the file was read
        where = doc.locate(loc)
        items.append(((where.line or 0, where.column or 0), (where, loc, error)))
    items.sort(key=lambda item: item[0])
    shown: dict[Problem, None] = {}
    more = 0
    for _, item in items:
        if len(shown) >= MAX_PROBLEMS:
            more += 1
            continue
        if not isinstance(item, Problem):
            where, loc, error = item
            item = Problem(
                _message(error), where.path, where.line, where.column, dotted(loc) or None
            )
        shown[item] = None
    problems = list(shown)
    if more:
        problems.append(more_problems(more, doc.path))
    return problems


@dataclass(frozen=True)
class Source:
    """A project file found and read: its name, where it is, and its bytes."""

    name: str
    path: Path
    raw: bytes


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
) -> LoadedProject:
    """Find, read, override (a named scenario, then --set) and validate one project.

    With ``check_scenarios`` (as ``check`` asks), every scenario in the file is also applied to
    the file as written and validated, and its problems are reported at its own line. ``rules``
    names a credit rule set in place of the file's. With ``cache`` (the command line's choice),
    a file loaded before with the same bytes, code and options comes from
    :mod:`carboncalc.files.cache`, and one loaded now is kept there; a what-if is never cached.
    ``source``: the file already read (:func:`read_source`), in place of ``ref``."""
    if rules is not None:
        check_rules_option(rules)
    found = source or read_source(ref, projects_dir)
    name, path, raw = found.name, found.path, found.raw
    options = {"rules": rules, "check_scenarios": check_scenarios}
    key = None
    if cache and not sets and scenario is None:
        from carboncalc.files import cache as entries

        key = entries.key(path, raw, options) if entries.enabled() else None
    if key is not None:
        hit = entries.lookup(key)
        if hit is not None:
            return LoadedProject(name, path, hit.inputs, hit.title, hit.countries,
                                 hit.registry_id, hit.sources, rules=rules)  # fmt: skip
    doc = parse_yaml(decode(raw, str(path)), str(path))
    from carboncalc.files.observations import check_observed_loss, read_observed_files

    deps = read_observed_files(doc, path)
    # the file as written, for checking each scenario on its own (none to copy without them)
    pristine = copy.deepcopy(doc.data) if check_scenarios and scenario_names(doc.data) else None
    overrides = scenario_overrides(doc, scenario) if scenario is not None else []
    overrides += [(text, f"--set {text}") for text in sets or []]
    applied = apply_overrides(doc, overrides)
    project = validate(doc)
    if project.credits is not None and project.credits.rules is not None:
        _check_rule_set(doc, project.credits.rules, project.methodology)
    _check_monitoring_periods(doc, project)
    _check_schedules(doc, project)
    check_observed_loss(doc, project)
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
    from carboncalc.files.resolve import evidence_id, resolve

    loaded = LoadedProject(
        name=name,
        path=path,
        inputs=resolve(project, rules=rules),
        title=project.name,
        countries=tuple(project.countries),
        registry_id=evidence_id(project),
        overrides=tuple(applied),
        scenario=scenario,
        rules=rules,
        validated=project,
    )
    if key is not None:
        entry = entries.Entry(loaded.inputs, loaded.title, loaded.countries, loaded.registry_id,
                              lambda: loaded.provenance)  # fmt: skip
        entries.store(key, path, entry, deps)
    return loaded


def _spans(years: list[int]) -> str:
    """[1992, 1993, 1995] -> "1992-1993, 1995"."""
    spans: list[list[int]] = []
    for y in years:
        if spans and y == spans[-1][1] + 1:
            spans[-1][1] = y
        else:
            spans.append([y, y])
    return ", ".join(f"{a}" if a == b else f"{a}-{b}" for a, b in spans)


def _check_schedules(doc: Document, project: Project) -> None:
    """Each scenario's rates by period and observations cover every year of the accounting
    period and lie inside it; else one problem per scenario, at its line."""
    d, period = project.deforestation, project.period
    if d is None or period is None:
        return
    period_years = set(range(period.first_year, period.last_year + 1))
    problems = []
    scenarios: list[tuple[str, Baseline | ProjectScenario | None]] = [
        ("baseline", d.baseline), ("counterfactual", d.counterfactual)]  # fmt: skip
    scenarios.append(("project", d.project))
    for name, s in scenarios:
        if s is None:
            continue
        covered = set(s.observed.by_year) if s.observed is not None else set()
        if s.rate is not None or getattr(s, "reduction", None) is not None:
            covered |= period_years
        for r in s.rates or []:
            covered |= set(range(r.years.first, r.years.last + 1))
        where = doc.locate(("deforestation", name))
        missing = sorted(period_years - covered)
        outside = sorted(covered - period_years)
        if missing:
            message = (
                f"no rate or observation for {_spans(missing)} of the accounting period "
                f"{period.first_year}-{period.last_year}: give a `rate` for the whole period, "
                "or `rates` whose years cover it"
            )
        elif outside:
            message = (
                f"rates or observations for {_spans(outside)}, outside the accounting period "
                f"{period.first_year}-{period.last_year}"
            )
        else:
            continue
        problems.append(Problem(message, where.path, where.line, where.column,
                                f"deforestation.{name}"))  # fmt: skip
    if problems:
        raise ProjectFileError(problems)


def _check_monitoring_periods(doc: Document, project: Project) -> None:
    """Monitoring periods lie inside the accounting period; else one problem each, at its line."""
    from carboncalc.units import anniversary

    if project.credits is None or not project.credits.monitoring_periods:
        return
    period = project.period
    problems = []
    for i, p in enumerate(project.credits.monitoring_periods):
        where = doc.locate(("credits", "monitoring_periods", i))
        field = f"credits.monitoring_periods.{i}"
        if period is None:
            message = "monitoring periods need the accounting `period` they lie in"
        else:
            last = anniversary(period.start, period.length_yr) - dt.timedelta(days=1)
            if period.start <= p.start and p.end <= last:
                continue
            message = (
                f"{p.start} to {p.end} is not inside the accounting period {period.start} to {last}"
            )
        problems.append(Problem(message, where.path, where.line, where.column, field))
    if problems:
        raise ProjectFileError(problems)


def check_rules_option(name: str) -> None:
    """--rules NAME names a rule set carboncalc has; else one problem, about the option."""
    from carboncalc.files.factors import load_rule_set

    try:
        load_rule_set(name)
    except ProjectFileError as exc:
        raise ProjectFileError([Problem(exc.problems[0].message, "--rules")]) from None


def _check_rule_set(doc: Document, name: str, methodology: str | None) -> None:
    """The file's credits.rules names a rule set carboncalc has, and not one that contradicts
    the file's methodology (a VCS methodology with the FCPF rules); else one problem at its line.
    To see a project under another standard's rules, ``--rules`` leaves the file as it is."""
    from carboncalc.files.factors import load_rule_set, methodology_rule_set

    where = doc.locate(("credits", "rules"))
    try:
        load_rule_set(name)
    except ProjectFileError as exc:
        message = exc.problems[0].message
        raise ProjectFileError(
            [Problem(message, where.path, where.line, where.column, "credits.rules")]
        ) from None
    standard = methodology_rule_set(methodology)
    if standard is not None and standard != name:
        message = (
            f"rule set {name!r} contradicts the file's methodology {methodology}, whose "
            f"standard's rule set is {standard!r}: remove `credits.rules`, and run with "
            f"--rules {name} to see the project under other rules"
        )
        raise ProjectFileError(
            [Problem(message, where.path, where.line, where.column, "credits.rules")]
        )


def apply_overrides(doc: Document, overrides: list[tuple[str, str]]) -> list[Override]:
    """Apply overrides, each a ``FIELD=VALUE`` text with the label its problems carry (the
    --set itself, or a scenario's file, line and name)."""
    if not overrides:
        return []
    from carboncalc.files import overrides as ov

    if not isinstance(doc.data, dict):
        validate(doc)  # reports the file's own problem
    applied = []
    for text, label in overrides:
        try:
            (override,) = ov.apply(doc.data, [text])
        except ProjectFileError as exc:
            raise ProjectFileError([_relabelled(p, text, label) for p in exc.problems]) from None
        doc.origins[override.path] = label
        applied.append(override)
    return applied


def _relabelled(problem: Problem, text: str, label: str) -> Problem:
    if not (problem.path or "").startswith("--set"):
        return problem
    field = None if problem.field == text else problem.field
    return Problem(problem.message, label, field=field)


def scenario_names(data: Any) -> list[str]:
    scenarios = data.get("scenarios") if isinstance(data, dict) else None
    return [str(name) for name in scenarios] if isinstance(scenarios, dict) else []


def scenario_overrides(doc: Document, scenario: str) -> list[tuple[str, str]]:
    """The overrides of a named scenario in the raw file (before the file is validated), each
    labelled with its place in the file."""
    sets = scenario_sets(doc, scenario)
    labelled = []
    for i, text in enumerate(sets):
        where = doc.locate(("scenarios", scenario, "set", i))
        position = f"{where.line}:{where.column}: " if where.line else ""
        labelled.append((text, f"{doc.path}:{position}scenario {scenario!r}: {text}"))
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
