"""Observed forest loss from a CSV file next to the project file (`observed.file`).

The file has a header row and one row per year: ``year`` and the value. The value's column is
``value`` (measure and unit from the project file's `observed`), or names them: ``cleared_ha``,
``forest_km2``, ``cleared_acre``. Problems are reported at the CSV file's line; the project file
is never changed.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path
from typing import Any

from carboncalc.errors import Problem, ProjectFileError
from carboncalc.yamlio import decode, read_bytes

SCENARIOS = ("baseline", "project", "counterfactual")
_COLUMN = re.compile(r"^(cleared|forest)_(ha|acre|km2)$")


def read_observed_files(data: Any, project_path: Path) -> list[Path]:
    """Fill each scenario's `observed.values` from its `observed.file`, in the raw data; the
    files read."""
    d = data.get("deforestation") if isinstance(data, dict) else None
    if not isinstance(d, dict):
        return []
    read = []
    for name in SCENARIOS:
        scenario = d.get(name)
        observed = scenario.get("observed") if isinstance(scenario, dict) else None
        if not isinstance(observed, dict) or not isinstance(observed.get("file"), str):
            continue
        if "values" in observed:
            raise ProjectFileError([Problem(
                "give the observations as `values` or in a `file`, not both",
                str(project_path), field=f"deforestation.{name}.observed",
            )])  # fmt: skip
        path = project_path.parent / observed["file"]
        measure, unit, values = read_csv(path, str(path))
        read.append(path)
        if measure is not None:
            for key, found in (("measure", measure), ("unit", unit)):
                if observed.get(key, found) != found:
                    raise ProjectFileError([Problem(
                        f"the file's column says {key} {found!r}, the project file "
                        f"{observed[key]!r}", str(project_path),
                        field=f"deforestation.{name}.observed.{key}",
                    )])  # fmt: skip
            observed.update(measure=measure, unit=unit)
        observed["values"] = values
    return read


def read_csv(path: Path, name: str) -> tuple[str | None, str | None, dict[str, float]]:
    """(measure, unit, {year: value}) from an observations file; measure and unit are None
    where the column is plain ``value``."""
    text = decode(read_bytes(path, name), name)
    rows = list(csv.reader(io.StringIO(text)))
    if not rows:
        raise ProjectFileError([Problem("the file is empty: expected a header `year,value`", name)])
    header = [h.strip() for h in rows[0]]
    column = header[1] if len(header) == 2 and header[0] == "year" else None
    named = _COLUMN.match(column) if column else None
    if column is None or (column != "value" and named is None):
        raise ProjectFileError([Problem(
            f"expected a header `year,value` (or `year,cleared_ha`, `year,forest_km2`, ...), "
            f"got {','.join(header)!r}", name, 1,
        )])  # fmt: skip
    values: dict[str, float] = {}
    problems = []
    for line, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        cells = [c.strip() for c in row]
        if len(cells) != 2:
            problems.append(Problem(f"expected 2 columns, got {len(cells)}", name, line))
            continue
        year, value = cells
        try:
            number = float(value.replace("_", ""))
        except ValueError:
            problems.append(Problem(f"{value!r} is not a number", name, line))
            continue
        if not year.isdigit():
            problems.append(Problem(f"{year!r} is not a year", name, line))
        elif year in values:
            problems.append(Problem(f"{year} appears twice", name, line))
        else:
            values[year] = number
    if problems:
        raise ProjectFileError(problems)
    if named is None:
        return None, None, values
    return named.group(1), named.group(2), values
