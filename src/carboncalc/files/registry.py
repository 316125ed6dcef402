"""A registry's export of credits, read by its published column headers into rows for the core.

Two exports are read, told apart by their header row:

- the Verra Registry's VCU export (registry.verra.org, the VCUs search exported as CSV). One row
  is a block of serial numbers: ``Issuance Date``, ``Vintage Start``, ``Vintage End``, ``ID``,
  ``Name``, ``Quantity Issued``, ``Retirement/Cancellation Date``, ``Retirement Beneficiary``,
  ``Retirement Reason``, ``Retirement Details`` and others (as in the sample of the export kept
  by CarbonPlan's offsets-db-data, tests/data/verra/transactions.csv). Every block was issued,
  so a vintage's issuance is the sum of its blocks; a block with a Retirement/Cancellation Date
  has left circulation. The export does not tell a retirement from a cancellation (CarbonPlan,
  OffsetsDB documentation, "Data processing: Verra, Retirements vs. Cancellations"): carboncalc
  counts such blocks as retired, and says so.
- CarbonPlan OffsetsDB's ``credits`` table (carbonplan.org/research/offsets-db): one row a
  transaction, ``project_id``, ``quantity``, ``vintage`` (a year), ``transaction_type``
  (issuance, retirement or cancellation), ``transaction_date``, ``retirement_account``,
  ``retirement_beneficiary``, ``retirement_reason``, ``retirement_note`` (offsets-db-data,
  models.py, ``credit_without_id_schema``).

The rows read are those of the project file's ``registry.project_id``. The Verra export is one
project's search: a row of another project means the wrong export, and is a problem. OffsetsDB's
table holds every project of every registry: the rows of other projects are skipped unread, and
counted in a note.

Quantities may carry thousands separators (``1,454,054``); a Verra project id may be written
``944`` or ``VCS944``. Each bad value is one problem at its line and column (the CSV column's
number), naming the column and what was expected.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal, TypeVar

from carboncalc.core.inputs import RegistryTransaction
from carboncalc.errors import MAX_PROBLEMS, Problem, ProjectFileError, more_problems, quote

Kind = Literal["verra", "offsetsdb"]
VERRA_COLUMNS = ("ID", "Vintage Start", "Vintage End", "Quantity Issued",
                 "Retirement/Cancellation Date")  # fmt: skip
OFFSETSDB_COLUMNS = ("project_id", "quantity", "vintage", "transaction_type")
LABELS = {"verra": "Verra Registry VCU export", "offsetsdb": "OffsetsDB credits table"}
TransactionType = Literal["issuance", "retirement", "cancellation"]
TRANSACTION_TYPES: dict[str, TransactionType] = {
    "issuance": "issuance", "retirement": "retirement", "cancellation": "cancellation"}  # fmt: skip
T = TypeVar("T")
COUNT = re.compile(r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.0+)?")
VERRA_ID = re.compile(r"(?:VCS[-\s]?)?0*(\d+)", re.IGNORECASE)


@dataclass(frozen=True)
class RegistryExport:
    """The rows of one project read from a registry's export."""

    kind: Kind
    rows: tuple[RegistryTransaction, ...]
    notes: tuple[str, ...]  # what the reading assumed, for the reader (the Verra export's
    # retirements that may be cancellations, the other projects' rows skipped)
    skipped: int = 0  # rows of other projects, skipped (OffsetsDB's table of all projects)

    @property
    def label(self) -> str:
        return LABELS[self.kind]


def same_project(given: str, ours: str) -> bool:
    """Whether two registry ids name one project: ``944``, ``VCS944``, ``VCS-944`` are one."""

    def key(text: str) -> str:
        found = VERRA_ID.fullmatch(text.strip())
        return found.group(1) if found else text.strip().upper()

    return key(given) == key(ours)


def read_registry_export(data: bytes, name: str, *, project_id: str) -> RegistryExport:
    """The rows of project ``project_id`` in a registry export's bytes (see the module notes);
    every problem found, each at its line and column, or none."""
    from carboncalc.files.reading import decode

    if b"\x00" in data:  # at the line of the first NUL byte
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        raise ProjectFileError([Problem("not a CSV file: it holds NUL bytes (a binary file?); "
                                        "expected a registry's CSV export", name,
                                        line)])  # fmt: skip
    text = decode(data, name).removeprefix("\ufeff")
    if not text.strip():
        raise ProjectFileError([Problem("the file is empty: expected a CSV export with its "
                                        "header row", name, 1, 1)])  # fmt: skip
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [h.strip() for h in next(reader)]
        kind = _kind(header, name)
        column = {h: i for i, h in enumerate(header)}
        read_row = _verra_row if kind == "verra" else _offsetsdb_row
        rows, problems, skipped = [], [], 0
        for values in reader:
            if not any(v.strip() for v in values):
                continue
            cell = _Cells(values, column, name, reader.line_num)
            if kind == "offsetsdb" and cell.foreign("project_id", project_id):
                skipped += 1  # a table of all projects: another's row is not read
                continue
            row = read_row(cell, project_id)
            problems += cell.problems
            if row is not None and not cell.problems:
                rows.append(row)
    except csv.Error as exc:
        raise ProjectFileError([Problem(f"not a readable CSV file: {exc}", name,
                                        reader.line_num)]) from None  # fmt: skip
    if problems:
        shown = problems[:MAX_PROBLEMS]
        if len(problems) > MAX_PROBLEMS:
            shown.append(more_problems(len(problems) - MAX_PROBLEMS, name))
        raise ProjectFileError(shown)
    if not rows and skipped:
        others = f"{skipped:,} row{'s' if skipped != 1 else ''}"
        raise ProjectFileError([Problem(f"no rows of project {project_id} among the {others} "
                                        "of other projects: is registry.project_id the "
                                        "project's id in the table (e.g. VCS944)?",
                                        name)])  # fmt: skip
    if not rows:
        raise ProjectFileError([Problem("no rows under the header: expected the project's "
                                        "issuances and retirements", name, 2)])  # fmt: skip
    notes: tuple[str, ...] = ()
    if kind == "verra" and any(r.kind == "retirement" for r in rows):
        notes = ("The Verra export does not tell retirements from cancellations: its blocks "
                 "with a Retirement/Cancellation Date are counted as retired.",)  # fmt: skip
    if skipped:
        rows_were = f"{skipped:,} rows of other projects were" if skipped != 1 else (
            "1 row of another project was")  # fmt: skip
        notes += (f"{rows_were} skipped (the {LABELS[kind]} holds every project).",)
    return RegistryExport(kind, tuple(rows), notes, skipped)


def _kind(header: Sequence[str], name: str) -> Kind:
    """Which export a header row is, or a problem for each column the nearest one lacks."""
    verra = [c for c in VERRA_COLUMNS if c not in header]
    offsets = [c for c in OFFSETSDB_COLUMNS if c not in header]
    if not verra:
        return "verra"
    if not offsets:
        return "offsetsdb"
    if len(verra) == len(VERRA_COLUMNS) and len(offsets) == len(OFFSETSDB_COLUMNS):
        expected = (f"a {LABELS['verra']} ({', '.join(VERRA_COLUMNS)}) or an "
                    f"{LABELS['offsetsdb']} ({', '.join(OFFSETSDB_COLUMNS)})")  # fmt: skip
        raise ProjectFileError([Problem(f"the header row is neither export's: expected "
                                        f"{expected}", name, 1, 1)])  # fmt: skip
    kind: Kind = "verra" if len(verra) <= len(offsets) else "offsetsdb"
    missing = verra if kind == "verra" else offsets
    raise ProjectFileError([Problem(f"no column {quote(c)}: a {LABELS[kind]} has it", name, 1,
                                    field=c) for c in missing])  # fmt: skip


class _Cells:
    """One row's values by column name, each parsed or one problem at its line and column."""

    def __init__(self, values: list[str], column: dict[str, int], name: str, line: int) -> None:
        self.values, self.column, self.name, self.line = values, column, name, line
        self.problems: list[Problem] = []

    def text(self, col: str) -> str:
        i = self.column.get(col)
        return self.values[i].strip() if i is not None and i < len(self.values) else ""

    def problem(self, col: str, message: str) -> None:
        at = self.column.get(col, 0) + 1
        self.problems.append(Problem(message, self.name, self.line, at, field=col))

    def parsed(self, col: str, parse: Callable[[str], T | None], expected: str) -> T | None:
        text = self.text(col)
        value = parse(text) if text else None
        if value is None:
            got = quote(text) if text else "empty"
            self.problem(col, f"{got}: expected {expected}")
        return value

    def count(self, col: str) -> int | None:
        return self.parsed(col, _count, "a whole number of credits, e.g. 1,454,054 or 1454054")

    def date(self, col: str) -> dt.date | None:
        return self.parsed(col, _date, "a date, YYYY-MM-DD or DD/MM/YYYY")

    def foreign(self, col: str, ours: str) -> bool:
        """Whether the row names another project (an empty id is not: it is a problem)."""
        text = self.text(col)
        return bool(text) and not same_project(text, ours)

    def project(self, col: str, ours: str) -> bool:
        """Whether the row is the project's; a problem where it names another."""
        text = self.text(col)
        if not text:
            self.problem(col, f"empty: expected the project id, {ours}")
            return False
        if not same_project(text, ours):
            message = (f"project {quote(text)}, not this project's {ours} (registry.project_id): "
                       "is the export another project's?")  # fmt: skip
            self.problem(col, message)
            return False
        return True


def _count(text: str) -> int | None:
    if not COUNT.fullmatch(text):
        return None
    return int(text.split(".")[0].replace(",", ""))


def _date(text: str) -> dt.date | None:
    for pattern in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return dt.datetime.strptime(text[:10], pattern).date()
        except ValueError:
            continue
    return None


def _verra_row(cell: _Cells, project_id: str) -> RegistryTransaction | None:
    mine = cell.project("ID", project_id)
    start, end = cell.date("Vintage Start"), cell.date("Vintage End")
    quantity = cell.count("Quantity Issued")
    left = cell.text("Retirement/Cancellation Date")
    if left and cell.date("Retirement/Cancellation Date") is None:
        return None
    if start is not None and end is not None and end < start:
        cell.problem("Vintage End", f"{end} is before the Vintage Start, {start}")
        return None
    if not mine or start is None or end is None or quantity is None:
        return None
    return RegistryTransaction("retirement" if left else "issuance", quantity, start, end,
                               beneficiary=cell.text("Retirement Beneficiary") or None)  # fmt: skip


def _offsetsdb_row(cell: _Cells, project_id: str) -> RegistryTransaction | None:
    mine = cell.project("project_id", project_id)
    quantity = cell.count("quantity")
    year = cell.parsed("vintage", _year, "a vintage year, e.g. 2015")
    kind = TRANSACTION_TYPES.get(cell.text("transaction_type").lower())
    if kind is None:
        got = quote(cell.text("transaction_type")) if cell.text("transaction_type") else "empty"
        cell.problem("transaction_type", f"{got}: expected one of {', '.join(TRANSACTION_TYPES)}")
        return None
    if not mine or quantity is None or year is None:
        return None
    return RegistryTransaction(kind, quantity, dt.date(year, 1, 1), dt.date(year, 12, 31),
                               beneficiary=cell.text("retirement_beneficiary") or None,
                               issued=kind == "issuance")  # fmt: skip


def _year(text: str) -> int | None:
    found = re.fullmatch(r"(\d{4})(?:\.0+)?", text)
    year = int(found.group(1)) if found else None
    return year if year is not None and 1900 <= year <= 2200 else None
