"""The only place that formats output: rich tables for people, JSON and CSV for scripts.

:func:`emit` is the one format switch. JSON and CSV come from one record per result
(:mod:`~carboncalc.render.records`), tables from :mod:`~carboncalc.render.tables` (the only
module that imports rich), the Markdown and HTML report from
:mod:`~carboncalc.render.document`, pictures from :mod:`~carboncalc.render.plot`. Numbers are
rounded only here, at the edge (:mod:`~carboncalc.render.numbers`).
"""

from __future__ import annotations

from typing import Literal

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
        from carboncalc.render import credit_tables, tables  # noqa: F401 - both register tables

        tables.show(result)
