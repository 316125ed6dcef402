"""A command's result in Python: its JSON document, its CSV table, a pandas DataFrame, and its
table drawn in a notebook.

Units of a frame's columns: a column's name ends in its unit, as in the JSON and CSV
(``area_ha``, ``stock_tco2``, ``avoided_tco2e_per_yr``, ``uncertainty_pct``); the rule is
:data:`UNIT_SUFFIXES`, and ``df.attrs["units"]`` holds ``{column: unit}`` for every column whose
name carries one. A column without a unit in its name has none (a year, a label) or says it in
another column (``unit`` in ``check``'s table).
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

# A column name's ending and the unit it means, longest first (the first that fits wins).
UNIT_SUFFIXES: tuple[tuple[str, str], ...] = (
    ("_tco2e_per_ha_per_yr", "t CO2e/ha/yr"),
    ("_tco2e_per_yr", "t CO2e/yr"),
    ("_tco2_per_ha", "t CO2/ha"),
    ("_tc_per_ha", "t C/ha"),
    ("_ha_per_yr", "ha/yr"),
    ("_pct_per_yr", "%/yr"),
    ("_tco2e", "t CO2e"),
    ("_tco2", "t CO2"),
    ("_tc", "t C"),
    ("_ha", "ha"),
    ("_pct", "%"),
    ("_yr", "yr"),
)
# Columns whose whole name is their quantity: a credit is one tonne of CO2e; vehicles are
# cars off the road each year (the count of an equivalence).
UNIT_NAMES = {"credits": "t CO2e", "credits_per_yr": "t CO2e/yr", "tco2e": "t CO2e",
              "years": "yr", "ha_per_yr": "ha/yr", "vehicles_per_yr": "vehicles"}  # fmt: skip

# The columns that index a table's frame, by its first column: the first choice whose values
# are unique is taken (a time series by year or vintage; else the natural key).
INDEX_CHOICES: dict[str, tuple[tuple[str, ...], ...]] = {
    "year": (("year",),),
    "vintage": (("vintage",),),
    "pool": (("pool",),),
    "quantity": (("quantity",),),
    "input": (("input",),),
    "project": (("project", "claim"), ("project", "claim", "case")),
    "basis": (("basis", "equivalent"),),
    "rank": (("id",),),
    "from": (("from", "to"),),
}

# The answer lines a command prints above its table, by the result's class: the caption of its
# table in a notebook.
# Units whose figures the tables print whole, with thousands separators (tonnes, hectares).
WHOLE_UNITS = {"t CO2e", "t CO2", "t C", "ha", "t CO2e/yr", "ha/yr"}
HTML_ROWS = 60  # a notebook shows the first and last of a longer table, as pandas does


def unit_of(column: str) -> str | None:
    """The unit a column's name carries (see :data:`UNIT_SUFFIXES`), None where it has none.

    Examples
    --------
    >>> unit_of("avoided_tco2e_per_yr"), unit_of("area_ha"), unit_of("label")
    ('t CO2e/yr', 'ha', None)
    """
    if column in UNIT_NAMES:
        return UNIT_NAMES[column]
    return next((unit for end, unit in UNIT_SUFFIXES if column.endswith(end)), None)


def units_of(columns: Sequence[str]) -> dict[str, str]:
    """``{column: unit}`` for the columns whose names carry a unit."""
    return {c: u for c in columns if (u := unit_of(c)) is not None}


def pandas() -> Any:
    """pandas, or an ImportError that says how to install it."""
    try:
        import pandas as pd  # type: ignore[import-untyped, import-not-found, unused-ignore]
    except ImportError:
        raise ImportError(
            "to_frame() needs pandas: pip install 'carboncalc[frames]' (or pandas); rows() "
            "gives the same table as plain lists"
        ) from None
    return pd


def cell(value: Any, column: str) -> str:
    """A value as the tables print it: tonnes, hectares and credits whole with thousands
    separators, percentages to two places, other numbers to four significant figures."""
    from carboncalc.render.numbers import dec, sig, tonnes

    if value is None:
        return "-"
    if isinstance(value, bool) or not isinstance(value, int | float):
        return str(value)
    if column in ("year", "vintage", "first_year", "last_year", "start_year", "rank", "line"):
        return str(value)
    unit = unit_of(column) or ""
    if unit.startswith("%"):
        return dec(value)
    if unit in WHOLE_UNITS:
        return tonnes(value)
    return sig(value) if isinstance(value, float) else f"{value:,}"


@dataclass(frozen=True)
class Result:
    """One command's result, as the command line computes it.

    Parameters
    ----------
    report
        The object the command renders (``StockReport``, ``CreditsReport``, ...): every figure
        the JSON holds, as attributes.

    Examples
    --------
    >>> r = carboncalc.load("alto-mayo").stock()
    >>> bool(r.to_frame().loc["total", "stock_tco2"] == r.to_dict()["total"]["stock_tco2"])
    True
    """

    report: Any

    def to_dict(self) -> dict[str, Any]:
        """The JSON document the command prints with ``--format json``.

        Returns
        -------
        dict
            Exact values (not rounded), in the layout of the JSON output's contract.

        Examples
        --------
        >>> carboncalc.load("alto-mayo").stock().to_dict()["command"]
        'stock'
        """
        from carboncalc.render.recordkit import envelope
        from carboncalc.render.registry import record

        return envelope(record(self.report))

    def rows(self) -> tuple[list[str], list[list[Any]]]:
        """The command's CSV table, as plain lists.

        Returns
        -------
        (header, rows)
            The column names (units in their names) and one list per row, exact values.

        Examples
        --------
        >>> header, rows = carboncalc.load("alto-mayo").stock().rows()
        >>> header[0], [row[0] for row in rows]
        ('pool', ['above_ground', 'below_ground', 'total'])
        """
        from carboncalc.render import registry

        record = registry.record(self.report)
        return list(record.header), [list(row) for row in record.rows]

    def to_frame(self, index: bool = True) -> Any:
        """The command's CSV table as a pandas DataFrame (``pip install 'carboncalc[frames]'``).

        Parameters
        ----------
        index
            True (the default): indexed by ``year`` or ``vintage`` where the table is a time
            series, else by its natural key (``pool``, ``quantity``, ``input``, a check's
            ``project`` and ``claim``, a portfolio's ``project``); False: the flat table, as
            :meth:`rows` gives it, with a RangeIndex.
            A column of whole numbers with some missing (a portfolio's credits) is pandas'
            nullable ``Int64``, missing as ``<NA>``; other missing figures are NaN.

        Returns
        -------
        pandas.DataFrame
            With ``df.attrs["units"]``: ``{column: unit}`` for each column whose name carries
            a unit (see :data:`UNIT_SUFFIXES`).

        Examples
        --------
        >>> frame = carboncalc.load("alto-mayo").emissions().to_frame()
        >>> frame.index.name, frame.attrs["units"]["avoided_emissions_tco2e"]
        ('year', 't CO2e')
        >>> carboncalc.load("alto-mayo").emissions().to_frame(index=False).index
        RangeIndex(start=0, stop=20, step=1)
        """
        pd = pandas()
        header, rows = self._frame_rows()
        frame = pd.DataFrame(rows, columns=header)
        for i, column in enumerate(header):  # whole numbers stay whole where some are missing
            column_values = [row[i] for row in rows]
            if None in column_values and _whole(column_values):
                frame[column] = pd.array(column_values, dtype="Int64")
        if index:
            frame = self._indexed(frame)
        frame.attrs["units"] = units_of([str(c) for c in frame.columns])
        return frame

    def _frame_rows(self) -> tuple[list[str], list[list[Any]]]:
        return self.rows()

    def _indexed(self, frame: Any) -> Any:
        if frame.empty:
            return frame
        for columns in INDEX_CHOICES.get(str(frame.columns[0]), ()):
            if set(columns) <= set(frame.columns) and not frame.duplicated(list(columns)).any():
                return frame.set_index(list(columns))
        return frame

    def answer(self) -> list[str]:
        """The lines the command prints first, above its table.

        Returns
        -------
        list of str
            Empty where the command prints none.

        Examples
        --------
        >>> carboncalc.load("alto-mayo").stock().answer()[0]
        'Carbon stock 45.7 Mt CO2 (90 % interval 21.6-70.0 Mt) over 144,000 ha of forest'
        """
        from carboncalc.render.registry import answer

        return answer(self.report)

    def title(self) -> str:
        """What the result is: the command, and the project it is about.

        Returns
        -------
        str

        Examples
        --------
        >>> carboncalc.load("alto-mayo").stock().title()
        'stock alto-mayo'
        """
        from carboncalc.render.registry import record

        made = record(self.report)
        about = f" {made.loaded.name}" if made.loaded is not None else ""
        title = getattr(self.report, "title", None)
        return f"{made.command}{about}" + (f": {title}" if isinstance(title, str) else "")

    def _repr_html_(self) -> str:
        """The table in a notebook: the command's CSV table with units in the header and numbers
        as the tables print them, the answer lines as its caption; all text escaped."""
        header, rows = self._frame_rows()
        esc = html.escape
        caption = "".join(f"<div>{esc(line)}</div>" for line in self.answer())
        heads = "".join(f"<th>{esc(_head(c))}</th>" for c in header)
        body = "".join(
            "<tr>"
            + "".join(f"<td>{esc(cell(v, c))}</td>" for c, v in zip(header, row, strict=True))
            + "</tr>"
            for row in _shown(rows)
        )
        more = (f"<p>{len(rows):,} rows: the first and last {HTML_ROWS // 2} shown</p>"
                if len(rows) > HTML_ROWS else "")  # fmt: skip
        return (f'<div class="carboncalc"><p><b>{esc(self.title())}</b></p>'
                f"<table><caption>{caption}</caption><thead><tr>{heads}</tr></thead>"
                f"<tbody>{body}</tbody></table>{more}</div>")  # fmt: skip

    def _repr_markdown_(self) -> str:
        """The table as Markdown: the answer lines, then the table (``|`` escaped)."""
        header, rows = self._frame_rows()
        lines = [f"**{_md(self.title())}**", ""]
        lines += [_md(line) + "  " for line in self.answer()]
        lines += ["", "| " + " | ".join(_md(_head(c)) for c in header) + " |"]
        lines.append("|" + "---|" * len(header))
        for row in _shown(rows):
            lines.append(
                "| " + " | ".join(_md(cell(v, c)) for c, v in zip(header, row, strict=True)) + " |"
            )
        return "\n".join(lines) + "\n"

    def __repr__(self) -> str:
        first = next(iter(self.answer()), "")
        said = f" {first!r}" if first else ""
        return (f"<carboncalc {type(self.report).__name__} ({self.title()}){said}: .to_dict(), "
                ".rows(), .to_frame()>")  # fmt: skip


def _whole(values: list[Any]) -> bool:
    """True where every value given is an int (credits, a year) and one at least is given."""
    given = [v for v in values if v is not None]
    return bool(given) and all(isinstance(v, int) and not isinstance(v, bool) for v in given)


def _head(column: str) -> str:
    unit = unit_of(column)
    return f"{column} [{unit}]" if unit else column


def _shown(rows: list[list[Any]]) -> list[list[Any]]:
    if len(rows) <= HTML_ROWS:
        return rows
    half = HTML_ROWS // 2
    return [*rows[:half], ["..."] * len(rows[0]), *rows[-half:]]


def _md(text: str) -> str:
    """Text for a Markdown table cell: ``|`` and markup characters escaped, one line."""
    from carboncalc.printable import printable

    out = printable(text, one_line=True)
    for char in "\\|*_`[]<>#":
        out = out.replace(char, "\\" + char)
    return out


@dataclass(frozen=True)
class Portfolio(Result):
    """``compare``'s result: projects side by side. Its frame has one row per project, indexed
    by ``project`` (the total row is left out: ``df.sum()``, or ``to_dict()["total"]``), and a
    project that could not be computed is a row with its message in an ``error`` column.

    Parameters
    ----------
    report
        The ``CompareReport``.
    errors
        ``(project, message)`` of each project that failed to load or compute.
    key
        The index's name: ``project`` for projects, ``scenario`` for one project's scenarios.
    """

    errors: tuple[tuple[str, str], ...] = ()
    key: str = "project"

    def title(self) -> str:
        """How many projects, and how many failed.

        Returns
        -------
        str

        Examples
        --------
        >>> carboncalc.compare(["alto-mayo", "los-amigos"], samples=100).title()
        'compare: 2 projects'
        """
        failed = f", {len(self.errors)} not computed" if self.errors else ""
        count = len(self.report.rows) + len(self.errors)
        return f"compare: {count} project{'s' if count != 1 else ''}{failed}"

    def _frame_rows(self) -> tuple[list[str], list[list[Any]]]:
        header, rows = self.rows()
        if self.report.total is not None:
            rows = rows[:-1]  # the total row
        header = [self.key if c == "label" else c for c in header]
        if self.errors:
            header = [*header, "error"]
            rows = [[*row, None] for row in rows]
            at = header.index(self.key)
            for name, message in self.errors:
                blank: list[Any] = [None] * len(header)
                blank[at], blank[-1] = name, message
                rows.append(blank)
        return header, rows

    def _indexed(self, frame: Any) -> Any:
        return frame.set_index(self.key)


@dataclass(frozen=True)
class Sweep(Result):
    """``sweep``'s result: one row per value of the swept input, indexed by that value (named
    by the field, as given).

    Parameters
    ----------
    report
        The ``CompareReport`` of the steps.
    field
        The swept field path, such as ``deforestation.baseline.rate``.
    values
        The values as given, one per row.
    """

    field: str = ""
    values: tuple[Any, ...] = ()

    def title(self) -> str:
        """The project, the field and its values.

        Returns
        -------
        str

        Examples
        --------
        >>> carboncalc.load("alto-mayo").sweep("credits.buffer", [10, 20], samples=100).title()
        'sweep alto-mayo: credits.buffer at 10, 20'
        """
        return f"sweep {self.report.title}"

    def _frame_rows(self) -> tuple[list[str], list[list[Any]]]:
        header, rows = self.rows()
        at = header.index("label")
        header = [self.field if c == "label" else c for c in header]
        return header, [[*r[:at], v, *r[at + 1 :]] for r, v in zip(rows, self.values, strict=True)]

    def _indexed(self, frame: Any) -> Any:
        return frame.set_index(self.field)
