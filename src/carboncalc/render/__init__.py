"""The only place that formats output: rich tables for people, JSON and CSV for scripts.

One module per result holds everything that result writes: its record (the JSON document and
the CSV rows), its table and its section of the report (:mod:`.stock`, :mod:`.emissions`,
:mod:`.credits`, ...). :mod:`.registry` says which module renders which result; the kits hold
what they share: :mod:`.recordkit` (the JSON envelope, the JSON and CSV writers),
:mod:`.tablekit` (the console and tables: the only module that imports rich at load time),
:mod:`.documentkit` (the report's blocks). :mod:`.document` writes the Markdown and HTML report,
:mod:`.plot` the pictures. Numbers are rounded only here, at the edge (:mod:`.numbers`).

:func:`emit` is the one format switch.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from carboncalc.render.recordkit import Format


def emit(result: object, fmt: Format) -> None:
    """Write a result to stdout as a table, JSON or CSV (``csv-full``: floats unrounded)."""
    from carboncalc.render import registry

    if fmt in ("json", "csv", "csv-full"):
        from carboncalc.render import recordkit

        record = registry.record(result)
        if fmt == "json":
            recordkit.write_json(record)
        else:
            recordkit.write_csv(record, digits=None if fmt == "csv-full" else recordkit.CSV_DIGITS)
    else:
        registry.show(result)
