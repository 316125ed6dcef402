"""Observed forest loss from a CSV file next to the project file (`observed.file`).

The file has a header row and one row per year: ``year`` and the value. The value's column is
``value`` (measure and unit from the project file's `observed`), or names them: ``cleared_ha``,
``forest_km2``, ``cleared_acre``. The file is found and read by the rules for every file a
project names (:func:`carboncalc.files.projects.read_named_file`); it is read as spreadsheets write
it: any line ends (LF, CRLF, CR), a UTF-8 byte order mark, quoted fields. Problems are reported
at the CSV file's physical line (a quoted cell may span lines), at most
:data:`~carboncalc.errors.MAX_PROBLEMS` of them, each quoting no more than the start of what it
could not read; the project file is never changed.
"""

from __future__ import annotations

import csv
import math
import re
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from carboncalc.errors import MAX_PROBLEMS, Problem, ProjectFileError, more_problems, quote
from carboncalc.files.quantities import (
    FIRST_YEAR,
    LAST_YEAR,
    MAX_AREA_HA,
    MIN_MAGNITUDE,
    year_number,
)
from carboncalc.files.reading import decode
from carboncalc.files.yamlio import Document
from carboncalc.units import AREA_HA

if TYPE_CHECKING:
    from carboncalc.files.model import Project

SCENARIOS = ("baseline", "project", "counterfactual")
_COLUMN = re.compile(r"^(cleared|forest)_(ha|acre|km2)$")
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+\Z")  # one physical line, any ending
_HEADER = "expected a header `year,value` (or `year,cleared_ha`, `year,forest_km2`, ...)"


class Row(NamedTuple):
    """One year's value and the CSV line it is on."""

    value: float
    line: int


class Table(NamedTuple):
    """An observations file read: measure and unit (None where the column is plain ``value``),
    and each year's row."""

    measure: str | None
    unit: str | None
    rows: dict[str, Row]  # by year, written as a number ("2010")


def read_observed_files(doc: Document, project_path: Path) -> list[tuple[str, bytes]]:
    """Fill each scenario's `observed.values` from its `observed.file`, in the document's data,
    with each value placed at its CSV line; the files read: each name as the project file writes
    it, with the bytes read (what the cache checks on its next use, by the same rules)."""
    from carboncalc.files.projects import read_named_file

    d = doc.data.get("deforestation") if isinstance(doc.data, dict) else None
    if not isinstance(d, dict):
        return []
    read = []
    problems: list[Problem] = []
    for name in SCENARIOS:
        scenario = d.get(name)
        observed = scenario.get("observed") if isinstance(scenario, dict) else None
        if not isinstance(observed, dict) or not isinstance(observed.get("file"), str):
            continue
        loc = ("deforestation", name, "observed")
        if "values" in observed:
            message = "give the observations as `values` or in a `file`, not both"
            problems.append(_at(doc, loc, message))
            continue
        try:
            _, raw = read_named_file(project_path, observed["file"], _at(doc, (*loc, "file")))
            shown = str(project_path.parent / observed["file"])  # as the project file writes it
            unit = observed.get("unit", "ha")
            known = unit if isinstance(unit, str) and unit in AREA_HA else None
            table = read_csv(decode(raw, shown), shown, unit=known)
        except ProjectFileError as exc:
            problems += exc.problems
            continue
        read.append((observed["file"], raw))
        if table.measure is not None:
            for key, found in (("measure", table.measure), ("unit", table.unit)):
                if observed.get(key, found) != found:
                    said = quote(str(observed[key]))
                    message = f"the file's column says {key} {found!r}, the project file {said}"
                    problems.append(_at(doc, (*loc, key), message))
            observed.update(measure=table.measure, unit=table.unit)
        observed["values"] = {year: row.value for year, row in table.rows.items()}
        for year, row in table.rows.items():
            doc.placed[(*loc, "values", year)] = (shown, row.line)
    if problems:
        raise ProjectFileError(problems)
    return read


def _at(doc: Document, loc: tuple[str, ...], message: str = "") -> Problem:
    """A problem at a place in the project file, with its field."""
    where = doc.locate(loc)
    return Problem(message, where.path, where.line, where.column, ".".join(loc))


def _records(text: str) -> Iterator[str]:
    """The text's physical lines, each ending in one newline, whatever ended it."""
    for match in _LINE.finditer(text):
        yield match.group().rstrip("\r\n") + "\n"


def read_csv(text: str, name: str, *, unit: str | None = "ha") -> Table:
    """An observations file's text read; problems at its lines (``name``), in the order of the
    file, the first MAX_PROBLEMS and how many more. ``unit``: the project file's, where the
    column does not say it (None: not known, the area's bound is left to the schema)."""
    found: list[Problem] = []
    more = 0

    def problem(message: str, line: int) -> None:
        nonlocal more
        if len(found) < MAX_PROBLEMS:
            found.append(Problem(message, name, line))
        else:
            more += 1

    reader = csv.reader(_records(text.removeprefix("\ufeff")))  # Excel's "CSV UTF-8" has a BOM
    header: list[str] | None = None
    named: re.Match[str] | None = None
    rows: dict[str, Row] = {}
    while True:
        line = reader.line_num + 1  # the record's first physical line
        try:
            record = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:  # a field over the csv module's limit (131,072 characters)
            limit = f"a field of more than {csv.field_size_limit():,} characters"
            problem(limit if "field limit" in str(exc) else f"not CSV: {exc}", line)
            continue
        cells = [cell.strip(" \t") for cell in record]  # ASCII blanks only
        if header is None:
            header = cells
            column = cells[1] if len(cells) == 2 and cells[0] == "year" else ""
            named = _COLUMN.match(column)
            if column != "value" and named is None:
                got = Problem(f"{_HEADER}, got {quote(','.join(cells))}", name, line)
                raise ProjectFileError([*found, got])
            if named is not None:
                unit = named.group(2)
            continue
        if not any(cells):
            continue
        if len(cells) != 2:
            problem(f"expected 2 columns (year, value), got {len(cells)}", line)
            continue
        message = _year_problem(cells[0], rows) or _value_problem(cells[1], unit)
        if message is not None:
            problem(message, line)
            continue
        year = str(year_number(cells[0]))
        rows[year] = Row(float(cells[1]), line)
    if header is None:
        raise ProjectFileError([*found, Problem(f"the file is empty: {_HEADER}", name, 1)])
    if not rows and not found:
        raise ProjectFileError([Problem("no years: the file has a header only", name, 1)])
    if more:
        found.append(more_problems(more, name))
    if found:
        raise ProjectFileError(found)
    if named is None:
        return Table(None, None, rows)
    return Table(named.group(1), named.group(2), rows)


def _year_problem(text: str, rows: dict[str, Row]) -> str | None:
    """What is wrong with a row's year, if anything: ASCII digits, in range, given once."""
    year = year_number(text)
    if year is None:
        return f"{quote(text)} is not a year: expected {FIRST_YEAR} to {LAST_YEAR}, digits 0-9"
    if str(year) in rows:
        first = rows[str(year)].line
        return f"{quote(text)}: the year {year} is given twice (first at line {first})"
    return None


def _value_problem(text: str, unit: str | None) -> str | None:
    """What is wrong with a row's value, if anything: a finite area of 0 or more."""
    try:  # float() reads other digits, `1_000` and spaces too; a project file reads none
        value = float(text) if text.isascii() and "_" not in text and text.strip() else None
    except ValueError:
        value = None
    if value is None:
        return f"{quote(text)} is not a number"
    if not math.isfinite(value) or value < 0:
        return f"{quote(text)} is not an area: expected a finite number of 0 or more"
    if 0 < value < MIN_MAGNITUDE:
        return f"{quote(text)} is out of the range carboncalc accepts: 0, or 1e-9 to 1e15"
    if unit is not None and value * AREA_HA[unit] > MAX_AREA_HA:
        return f"{quote(text)} {unit} is more than the Earth's land"
    return None


def observed_loss_problems(doc: Document, project: Project) -> list[Problem]:
    """No scenario observes more forest than there was: the first year where the cleared areas
    observed add up to more than the forest at the start, or where the forest observed is
    larger than it (a wrong unit, most often: ha for acres), is a problem at its line (the CSV
    file's, or the project file's for `values` written in it). Both were cut to the forest at
    the start without a word.

    The forest is the file's central `forest_area` (else `area`); sums with math.fsum."""
    forest = project.forest_area or project.area
    forest_ha = forest.central * AREA_HA[forest.unit]
    problems = []
    d = project.deforestation
    raw = doc.data["deforestation"] if d is not None else {}
    for name in SCENARIOS:
        scenario = getattr(d, name, None)
        observed = getattr(scenario, "observed", None)
        if observed is None:
            continue
        keys = {int(key): key for key in raw[name]["observed"]["values"]}
        cleared: list[float] = []
        for year, area in observed.by_year.items():
            area_ha = area * AREA_HA[observed.unit]
            if observed.measure == "cleared":
                cleared.append(area_ha)
                total_ha = math.fsum(cleared)
                what = f"observed clearing adds up to {total_ha:,.6g} ha by this year,"
            else:
                total_ha = area_ha
                what = f"the forest observed, {total_ha:,.6g} ha, is"
            if total_ha > forest_ha * (1 + 1e-12):
                where = doc.locate(("deforestation", name, "observed", "values", keys[year]))
                problems.append(Problem(
                    f"{year}: {what} more than the {forest_ha:,.6g} ha of forest at the start",
                    where.path, where.line, where.column,
                    None if where.line is not None and where.path != doc.path
                    else f"deforestation.{name}.observed.values.{keys[year]}",
                ))  # fmt: skip
                break
    return problems
