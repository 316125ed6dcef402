"""``ledger``: a registry's export as the project's ``credits.ledger``: the YAML to paste (or
write), its record (JSON, CSV) and its table."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from carboncalc.render.recordkit import Record

if TYPE_CHECKING:
    from carboncalc.reports.ledger import LedgerImport


def _printable(ch: str) -> bool:
    """Whether YAML reads ``ch`` as itself inside a double-quoted scalar: printable, and not a
    line break (YAML 1.1 counts NEL, U+2028 and U+2029 as ones) or a byte order mark."""
    code = ord(ch)
    if code in (0x85, 0x2028, 0x2029, 0xFEFF):
        return False
    return (0x20 <= code <= 0x7E or 0xA0 <= code <= 0xD7FF or 0xE000 <= code <= 0xFFFD
            or code >= 0x10000)  # fmt: skip


def _escape(ch: str) -> str:
    if ch in '"\\':
        return "\\" + ch
    if _printable(ch):
        return ch
    code = ord(ch)
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def _scalar(text: str) -> str:
    """A string as a YAML double-quoted scalar that reads back as itself: quotes, backslashes,
    line breaks and every character YAML would not read as written are escapes, so no text can
    end the scalar or the line it is on."""
    return '"' + "".join(_escape(ch) for ch in text) + '"'


def _rows(count: int) -> str:
    return f"{count:,} row{'s' if count != 1 else ''}"


def ledger_yaml(result: LedgerImport) -> str:
    """The ``ledger:`` section, indented to sit under ``credits:`` in the project file."""
    export = result.export
    out = [
        f"# carboncalc ledger: {_rows(len(export.rows))} of the {export.label} "
        f"{_scalar(result.file)}, project {_scalar(result.project_id)}",
        "# Paste under `credits:`; add the source to `sources:` (title, publisher, year, url).",
        *(f"# {_scalar(note)}" for note in export.notes),
        "  ledger:",
        f"    source: {_scalar(result.source)}",
        f"    note: {_scalar(f'from the {export.label} {result.file}, {_rows(len(export.rows))}')}",
        "    entries:",
    ]
    for line in result.lines:
        out += [
            f"      - vintage: {line.vintage}",
            f"        issued: {line.issued}",
            f"        retired: {line.retired}",
            f"        cancelled: {line.cancelled}",
        ]
        if line.retired_by:
            out.append("        retired_by:")
            out += [f"          - {{beneficiary: {_scalar(who)}, retired: {n}}}"
                    for who, n in line.retired_by]  # fmt: skip
    return "\n".join(out) + "\n"


def ledger_record(result: LedgerImport) -> Record:
    body: dict[str, Any] = {
        "export": {"file": result.file, "kind": result.export.kind,
                   "rows": len(result.export.rows), "notes": list(result.export.notes)},
        "source": result.source,
        "issued": result.issued,
        "retired": result.retired,
        "cancelled": result.cancelled,
        "vintages": [
            {"vintage": line.vintage, "issued": line.issued, "retired": line.retired,
             "cancelled": line.cancelled, "active": line.active,
             "retired_by": [{"beneficiary": who, "retired": n} for who, n in line.retired_by]}
            for line in result.lines
        ],
    }  # fmt: skip
    header = ["vintage", "issued", "retired", "cancelled", "active"]
    rows = [[line.vintage, line.issued, line.retired, line.cancelled, line.active]
            for line in result.lines]  # fmt: skip
    return Record("ledger", result.loaded, body, header, rows)


def ledger_table(result: LedgerImport) -> None:
    from carboncalc.render import tablekit as tk

    console = tk.make_console()
    table = tk.make_table(
        f"{result.loaded.title}: credits by vintage from the {result.export.label}",
        [("vintage", "r"), ("issued", "r"), ("retired", "r"), ("cancelled", "r"),
         ("active", "r"), ("most retired by", "l")],
        caption=f"{result.file}: {_rows(len(result.export.rows))}",
    )  # fmt: skip
    for line in result.lines:
        top = f"{line.retired_by[0][0]} ({line.retired_by[0][1]:,})" if line.retired_by else ""
        counts = (line.issued, line.retired, line.cancelled, line.active)
        table.add_row(str(line.vintage), *(f"{n:,}" for n in counts), top)
    active = result.issued - result.retired - result.cancelled
    totals = (result.issued, result.retired, result.cancelled, active)
    table.add_row("total", *(f"{n:,}" for n in totals), "", style="bold")
    tk.print_table(console, table)
    for note in result.export.notes:
        tk.plain(console, tk.indented(note, 0, console))
