"""Validating a project file: every problem, each at its line and column, in file order.

:func:`validate` takes the document as read (plain data with the line and column of every key)
and gives the validated :class:`~carboncalc.files.model.Project`, or raises one
``ProjectFileError`` holding every problem found, up to a stated number, sorted by position:
those found while reading, those that need the whole file in its raw form, the schema's, and,
for a file the schema accepts, those that need a valid project (:func:`project_problems`).
"""

from __future__ import annotations

import datetime as dt
import functools
from typing import TYPE_CHECKING, Any

from carboncalc.errors import MAX_PROBLEMS, Problem, ProjectFileError, more_problems
from carboncalc.files.yamlio import Document, Loc, dotted

if TYPE_CHECKING:
    from carboncalc.files.model import Baseline, Project, ProjectScenario


@functools.cache
def _vocabulary() -> list[str]:
    from pydantic import BaseModel

    from carboncalc.files import deforestation, model, quantities

    names: set[str] = set()
    for module in (model, quantities, deforestation):
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
        if key.endswith("_g_per_kg_dm") and not key.startswith(("ch4", "n2o")):
            return (
                f"unknown field {key!r}: the own emission factors are ch4_g_per_kg_dm and "
                "n2o_g_per_kg_dm (carboncalc counts CH4 and N2O from burning; its CO2 is the "
                "pools' own loss)"
            )
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
        named = [p for p in error["loc"] if isinstance(p, str) and p.isidentifier()]
        expected = _expected_forms().get(named[-1]) if named else None
        if expected is not None:
            return f"expected {expected}, got {shown}"
        return f"expected a mapping of fields (such as value: and unit:), got {shown}"
    got = error.get("input")
    shown = repr(got) if not isinstance(got, dict | list) else type(got).__name__
    return f"{msg[0].lower()}{msg[1:]} (got {shown}){_yaml11_hint(got)}"


@functools.cache
def _expected_forms() -> dict[str, str]:
    """What a field that takes more than one form expects, in the file's words."""
    from carboncalc.files.deforestation import EMISSION_FACTOR_TABLES

    return {
        "emission_factors": f"a table name ({', '.join(EMISSION_FACTOR_TABLES)}) or a mapping "
        "with ch4_g_per_kg_dm, n2o_g_per_kg_dm and source",
    }


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
    """Validate plain data as a project: every problem, each with its location, in file order.

    First the file's own problems (from reading it), those that need the whole file in its raw
    form (references, rates without a period) and the schema's, together; where there are none,
    those that need a valid project (:func:`project_problems`), together."""
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
    found = doc.problems + references
    if not found:  # what needs a valid project: rule set, monitoring, schedules, observed loss
        found = project_problems(doc, project)
    if found:
        raise ProjectFileError(_first_problems(doc, found, []))
    return project


def document_problems(doc: Document, errors: list[Any]) -> list[Problem]:
    """A file's problems from reading it and a model's validation ``errors``, worded and placed
    as a project file's are (for the other files a user gives: a factor edition)."""
    return _first_problems(doc, list(doc.problems), errors)


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
        if error["type"] == "extra_forbidden" and error["loc"]:  # the key, not a union's tag
            loc = (*_data_loc(doc.data, tuple(error["loc"][:-1])), error["loc"][-1])
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


def project_problems(doc: Document, project: Project) -> list[Problem]:
    """What needs a valid project, found in one pass and reported together: the rule set the
    file names, monitoring periods inside the accounting period, rates and observations that
    cover it, and observed clearing no larger than the forest."""
    from carboncalc.files.observations import observed_loss_problems

    found = []
    if project.credits is not None and project.credits.rules is not None:
        found += _rule_set_problems(doc, project.credits.rules, project.methodology)
    found += _monitoring_problems(doc, project)
    found += _schedule_problems(doc, project)
    found += observed_loss_problems(doc, project)
    return found


def _spans(years: list[int]) -> str:
    """[1992, 1993, 1995] -> "1992-1993, 1995"."""
    spans: list[list[int]] = []
    for y in years:
        if spans and y == spans[-1][1] + 1:
            spans[-1][1] = y
        else:
            spans.append([y, y])
    return ", ".join(f"{a}" if a == b else f"{a}-{b}" for a, b in spans)


def _schedule_problems(doc: Document, project: Project) -> list[Problem]:
    """Each scenario's rates by period and observations cover every year of the accounting
    period and lie inside it; else one problem per scenario, at its line."""
    d, period = project.deforestation, project.period
    if d is None or period is None:
        return []
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
    return problems


def _monitoring_problems(doc: Document, project: Project) -> list[Problem]:
    """Monitoring periods lie inside the accounting period; else one problem each, at its line."""
    from carboncalc.units import anniversary

    if project.credits is None or not project.credits.monitoring_periods:
        return []
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
    return problems


def check_rules_option(name: str, spelled: str = "--rules") -> None:
    """--rules NAME names a rule set carboncalc has; else one problem, about the option as the
    caller spelled it (``rules=`` from Python)."""
    from carboncalc.files.factors import load_rule_set

    try:
        load_rule_set(name)
    except ProjectFileError as exc:
        raise ProjectFileError([Problem(exc.problems[0].message, spelled)]) from None


def _rule_set_problems(doc: Document, name: str, methodology: str | None) -> list[Problem]:
    """The file's credits.rules names a rule set carboncalc has, and not one that contradicts
    the file's methodology (a VCS methodology with the FCPF rules); else one problem at its line.
    To see a project under another standard's rules, ``--rules`` leaves the file as it is."""
    from carboncalc.files.factors import load_rule_set, methodology_rule_set

    where = doc.locate(("credits", "rules"))
    try:
        load_rule_set(name)
    except ProjectFileError as exc:
        message = exc.problems[0].message
        return [Problem(message, where.path, where.line, where.column, "credits.rules")]
    standard = methodology_rule_set(methodology)
    if standard is not None and standard != name:
        message = (
            f"rule set {name!r} contradicts the file's methodology {methodology}, whose "
            f"standard's rule set is {standard!r}: remove `credits.rules`, and run with "
            f"--rules {name} to see the project under other rules"
        )
        return [Problem(message, where.path, where.line, where.column, "credits.rules")]
    return []
