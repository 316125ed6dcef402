"""The only place that formats output: rich tables for people, JSON and CSV for scripts.

:func:`emit` is the one format switch. JSON and CSV come from one record per result
(:mod:`~carboncalc.render.records`), tables from :mod:`~carboncalc.render.tables` (the only
module that imports rich), the Markdown and HTML report from
:mod:`~carboncalc.render.document`, pictures from :mod:`~carboncalc.render.plot`. Numbers are
rounded only here, at the edge (:mod:`~carboncalc.render.numbers`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from carboncalc.reports.check import CheckResult
    from carboncalc.reports.compare import CompareRow

Format = Literal["table", "json", "csv", "csv-full"]


def emit(result: object, fmt: Format) -> None:
    """Write a result to stdout as a table, JSON or CSV (``csv-full``: floats unrounded)."""
    if fmt in ("json", "csv", "csv-full"):
        from carboncalc.render import records

        record = records.record(result)
        if fmt == "json":
            records.write_json(record)
        else:
            records.write_csv(record, digits=None if fmt == "csv-full" else records.CSV_DIGITS)
    else:
        from carboncalc.render import tables

        tables.show(result)


class CheckWriter:
    """``check``'s output written file by file as the results come (issue 13: a folder of
    100,000 files is checked without holding every result), the same as :func:`emit` of the
    whole report would write."""

    def __init__(self, fmt: Format) -> None:
        self.fmt = fmt
        if fmt == "table":
            from carboncalc.render import tables

            self.console = tables.make_console()
        else:
            from carboncalc.render import records

            self.stream = records.ListStream(fmt, "check", "projects",
                                             ["project", *records.CHECK_KEYS])  # fmt: skip

    def add(self, result: CheckResult) -> None:
        if self.fmt == "table":
            from carboncalc.render import tables

            tables.print_check_result(self.console, result)
        else:
            from carboncalc.render.records import check_project, check_rows

            self.stream.add(check_project(result), check_rows(result))

    def close(self, summary: dict[str, int], exit_code: int) -> None:
        if self.fmt == "table":
            from carboncalc.render import tables

            tables.print_check_summary(self.console, summary, exit_code)
        else:
            self.stream.close({"summary": summary, "exit_code": exit_code})


class CompareWriter:
    """A portfolio's ``compare`` written row by row as projects come (JSON and CSV hold no
    rows; the table, which must measure its columns, keeps them), the same as :func:`emit` of
    the whole report would write."""

    def __init__(self, fmt: Format) -> None:
        from carboncalc.reports.compare import RunningTotal

        self.fmt = fmt
        self.total = RunningTotal()
        self.rows: list[CompareRow] = []
        if fmt != "table":
            from carboncalc.render import records

            self.stream = records.ListStream(fmt, "compare", "rows", records.COMPARE_KEYS)

    def add(self, row: CompareRow) -> None:
        self.total.add(row)
        if self.fmt == "table":
            self.rows.append(row)
        else:
            from carboncalc.render.records import compare_fields

            fields = compare_fields(row)
            self.stream.add(fields, [list(fields.values())])

    def close(self) -> None:
        total = self.total.row() if self.total.count > 1 else None
        if self.fmt == "table":
            from carboncalc.reports.compare import CompareReport

            title = "Portfolio" if self.total.count > 1 else "Project"
            emit(CompareReport(title, tuple(self.rows), total), self.fmt)
        else:
            from carboncalc.render.records import compare_tail

            tail = compare_tail(total, None, self.total.mixed_periods)
            last = [] if total is None else [list(tail["total"].values())]
            self.stream.close(tail, last)
