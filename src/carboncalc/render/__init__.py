"""The only place that formats output: rich tables for people, JSON and CSV for scripts.

:func:`emit` is the one format switch. JSON and CSV come from one record per result
(:mod:`~carboncalc.render.records`), tables from :mod:`~carboncalc.render.tables` (the only
module that imports rich), the Markdown and HTML report from
:mod:`~carboncalc.render.document`, pictures from :mod:`~carboncalc.render.plot`. Numbers are
rounded only here, at the edge (:mod:`~carboncalc.render.numbers`).
"""

from __future__ import annotations

from typing import Literal

Format = Literal["table", "json", "csv"]


def emit(result: object, fmt: Format) -> None:
    """Write a result to stdout as a table, JSON or CSV."""
    if fmt in ("json", "csv"):
        from carboncalc.render import records

        record = records.record(result)
        (records.write_json if fmt == "json" else records.write_csv)(record)
    else:
        from carboncalc.render import credit_tables, tables  # noqa: F401 - both register tables

        tables.show(result)
