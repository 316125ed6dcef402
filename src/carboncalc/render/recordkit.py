"""The record kit: a result as data, and the JSON and CSV writers every result's record shares.

Every JSON document has the same envelope, built in :func:`envelope`: the carboncalc version, the
output's schema version and the command, then for a command about one project its name and
file, then the result's own fields, then the scenario and overrides that made it. JSON keeps
exact values. JSON is written with the ``json`` module straight to stdout (never through rich,
which wraps when piped), always valid: a non-finite number is refused with its place.

CSV has one header row, a ``project`` column first for a result about one project, and the
result's rows. Rounding rule: numbers are written to 12 significant digits (``68.15``, not
``68.14999999999999``), which a spreadsheet reads cleanly and which is far finer than any input;
``--format csv-full`` writes every float's shortest exact form.

Each result's own record is in its module (:mod:`.stock`, :mod:`.credits`, ...), found through
:mod:`.registry`.
"""

from __future__ import annotations

import json
import math
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from carboncalc import __version__
from carboncalc.errors import ComputationError
from carboncalc.render.csvsafe import csv_cell, csv_writer

if TYPE_CHECKING:
    from carboncalc.core.claims import ClaimCheck
    from carboncalc.core.inputs import RuleSet
    from carboncalc.files.loading import LoadedProject

Format = Literal["table", "json", "csv", "csv-full"]


@dataclass(frozen=True)
class Record:
    """A result as data: the JSON document's own fields and the CSV table."""

    command: str
    loaded: LoadedProject | None  # the project the result is about, if it is about one
    body: dict[str, Any]
    header: Sequence[str] = ()
    rows: Sequence[Sequence[Any]] = field(default_factory=list)


# The version of the JSON and CSV output's layout: raised when a field is renamed, removed or
# changes its meaning (adding a field does not raise it).
SCHEMA_VERSION = 3
CSV_DIGITS = 12


def envelope(record: Record) -> dict[str, Any]:
    """The JSON document of a record (see the module notes for its order)."""
    doc: dict[str, Any] = {
        "carboncalc_version": __version__,
        "schema_version": SCHEMA_VERSION,
        "command": record.command,
    }
    loaded = record.loaded
    if loaded is not None:
        doc.update(project=loaded.name, name=loaded.title, file=str(loaded.path))
    doc.update(record.body)
    if loaded is not None:
        doc.update(scenario=loaded.scenario, overrides=overrides(loaded))
    return doc


def write_json(record: Record) -> None:
    sys.stdout.write(json_text(envelope(record)) + "\n")


def write_csv(record: Record, *, digits: int | None = CSV_DIGITS) -> None:
    """The record's table as CSV (see the module notes); ``digits=None``: exact floats."""
    writer, loaded = csv_writer(), record.loaded
    project = [] if loaded is None or "project" in record.header else [csv_cell(loaded.name, 0)]
    writer.writerow(csv_cells((), [*(["project"] if project else []), *record.header], 0))
    for row in record.rows:
        writer.writerow([*project, *csv_cells(record.header, row, digits)])


def csv_cells(header: Sequence[str], row: Sequence[Any], digits: int | None) -> list[Any]:
    """A CSV row's cells, floats rounded to ``digits`` significant digits (None: exact), text
    safe to open in a spreadsheet; a result that is not a finite number refused with its column."""
    for name, value in zip(header, row, strict=False):
        if isinstance(value, float) and not math.isfinite(value):
            raise ComputationError(
                f"the result `{name}` is not a finite number ({value}); the inputs are at "
                "the edge of their ranges (see `carboncalc show`)"
            )
    return [csv_cell(v, digits) for v in row]  # text neutralised: see render.csvsafe


def json_text(payload: Any) -> str:
    """Always valid JSON: non-ASCII text escaped where stdout cannot hold it, and a result that
    is not a finite number refused with its place in the output, never written as NaN."""
    encoding = (getattr(sys.stdout, "encoding", None) or "").lower().replace("-", "")
    ascii_only = not encoding.startswith("utf")
    try:
        return json.dumps(payload, indent=2, ensure_ascii=ascii_only, allow_nan=False)
    except ValueError:
        raise ComputationError(
            f"the result {_non_finite(payload)} is not a finite number; the inputs are at the "
            "edge of their ranges (see `carboncalc show`)"
        ) from None


def _non_finite(node: Any, where: str = "") -> str | None:
    """The JSON path of the first value that is NaN or infinite."""
    if isinstance(node, float) and not math.isfinite(node):
        return f"`{where}` ({node})"
    items: Iterable[tuple[Any, Any]] = ()
    if isinstance(node, dict):
        items = node.items()
    elif isinstance(node, list | tuple):
        items = enumerate(node)
    for key, value in items:
        found = _non_finite(value, f"{where}.{key}" if where else str(key))
        if found:
            return found
    return None


# --- pieces that several records share ------------------------------------------------------------


def overrides(loaded: LoadedProject) -> list[dict[str, Any]]:
    return [
        {"field": o.field, "value": o.value, "unit": o.unit, "set": o.text, "spread": o.how}
        for o in loaded.overrides
    ]


def claims(checks: Iterable[ClaimCheck]) -> list[dict[str, Any]]:
    return [
        {
            "claim": c.claim_id,
            "measure": c.measure,
            "case": c.case,
            "claimed": c.claimed,
            "derived": c.derived,
            "unit": c.unit,
            "difference_pct": c.difference_pct,
            "tolerance_pct": c.tolerance_pct,
            "verdict": c.verdict,
            # carboncalc's 90 % interval (5th-95th percentiles, in `unit`); null where none
            "interval_p5": c.interval[0] if c.interval else None,
            "interval_p95": c.interval[1] if c.interval else None,
            "within_interval": c.within_interval,
            "how": c.how,
            "implied": [
                {"key": i.key, "what": i.what, "value": i.value, "unit": i.unit} for i in c.implied
            ],
            "assumptions": list(c.assumptions),
            # the claim fails as its file expects (`expect`), which does not fail `check`
            "expected": c.expected,
            "expect": None
            if c.expect_verdict is None
            else {"verdict": c.expect_verdict, "reason": c.expect_reason},
        }
        for c in checks
    ]


def rule_set(r: RuleSet) -> dict[str, Any]:
    """A credit rule set: its name, and each rule with its source."""
    return {
        "name": r.name,
        "label": r.label,
        "uncertainty": {"rule": r.uncertainty_rule, "threshold_pct": r.threshold_pct,
                        "base": r.uncertainty_base, "source": r.uncertainty_source},
        "buffer": {"base": r.buffer_base, "source": r.buffer_source},
        **{what.replace(" ", "_"): {"rule": rule, "source": source}
           for what, rule, source in r.other_rules},
    }  # fmt: skip


class ListStream:
    """A command's JSON document whose one list is written item by item as results come (and
    the same as CSV rows), byte for byte what the whole record would give, holding none of
    them: ``check`` and ``compare`` over a folder of 100,000 files."""

    def __init__(self, fmt: str, command: str, list_key: str, header: list[str]) -> None:
        self.fmt, self.header, self.count = fmt, header, 0
        if fmt == "json":
            head = json_text({"carboncalc_version": __version__, "schema_version": SCHEMA_VERSION,
                              "command": command})  # fmt: skip
            sys.stdout.write(head[: head.rindex("\n")] + f',\n  "{list_key}": [')
        else:
            self.digits = None if fmt == "csv-full" else CSV_DIGITS
            self.writer = csv_writer()
            self.writer.writerow(csv_cells((), header, 0))

    def add(self, item: dict[str, Any], rows: Iterable[Sequence[Any]]) -> None:
        """One item of the list (JSON), or its rows (CSV)."""
        if self.fmt == "json":
            text = json_text(item).replace("\n", "\n    ")
            sys.stdout.write(("," if self.count else "") + "\n    " + text)
        else:
            for row in rows:
                self.writer.writerow(csv_cells(self.header, row, self.digits))
        self.count += 1

    def close(self, tail: dict[str, Any], rows: Iterable[Sequence[Any]] = ()) -> None:
        """The document's fields after the list (JSON), or the last rows (CSV)."""
        if self.fmt == "json":
            text = json_text(tail)
            sys.stdout.write(("\n  ]" if self.count else "]") + "," + text[1:] + "\n")
        else:
            for row in rows:
                self.writer.writerow(csv_cells(self.header, row, self.digits))
