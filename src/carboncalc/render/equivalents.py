"""``carboncalc equivalents``: tonnes as everyday equivalents, at a stated version of the factors;
as a record (JSON, CSV), a table and a section of the report."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from carboncalc.core.equivalents import shown_factor
from carboncalc.render.numbers import tonnes
from carboncalc.render.recordkit import Record, claims

if TYPE_CHECKING:
    from carboncalc.core.equivalents import Equivalents
    from carboncalc.render.documentkit import Block
    from carboncalc.reports.projects import EquivalentsReport


def equivalents_record(result: EquivalentsReport) -> Record:
    rows = [
        {
            "basis": basis.what,
            "tco2e": basis.tco2e,
            "years": basis.years,
            "factors_version": eqs.version_id,
            "equivalent": item.key,
            "label": item.label,
            "factor": item.factor,
            "factor_unit": item.factor_unit,
            "per_yr": item.per_yr,
            "count": item.count,
            "factor_stated": item.stated,
            "factor_derived": item.derived,
            "derivation": item.derivation,
            "factor_note": item.note,
        }
        for basis, eqs in result.rows
        for item in eqs.items
    ]
    body: dict[str, Any] = {}
    if result.rows:
        version = result.rows[0][1]
        body.update(
            factors_version=version.version_id,
            factors_label=version.version.label,
            factors_source=version.version.source.as_dict(),
        )
    body.update(
        equivalents=rows,
        not_available=list(result.unavailable),
        claims=claims(result.claims),
        claims_at_current_factors=claims(result.claims_current),
    )
    keys = list(rows[0]) if rows else ["basis"]
    return Record("equivalents", result.loaded, body, keys, [[r[k] for k in keys] for r in rows])


def equivalents_table(report: EquivalentsReport) -> None:
    from carboncalc.render import tablekit as tk

    console = tk.make_console()
    if report.loaded is not None:
        tk.print_header(console, report.loaded)
    if report.rows:
        _, first = report.rows[0]
        columns = [("equivalent", "l")] + [(f"[{i}]", "r") for i in range(1, len(report.rows) + 1)]
        table = tk.make_table(
            f"Everyday equivalents (factors {first.version_id})",
            columns,
            caption=f"Factors {first.version_id}: {first.version.label}; "
            f'{_cited(first)}. Equivalents "for one year" count each year of the '
            "span: t CO2e / years / factor.",
        )
        for i, item in enumerate(first.items):
            table.add_row(
                f"{item.label} ({shown_factor(item.factor, stated=item.stated is not None)} "
                f"{item.factor_unit})",
                *(tonnes(eqs.items[i].count) for _, eqs in report.rows),
            )
        tk.print_table(console, table)
        tk.plain(
            console,
            "\n".join(
                f"  [{i}] {tonnes(b.tco2e)} t CO2e, {b.what}, over {b.years} yr"
                for i, (b, _) in enumerate(report.rows, start=1)
            ),
        )
        for line in (*derivations(first), *report.unavailable):
            tk.plain(console, tk.indented(line, 2, console))
    if report.loaded is not None and report.claims:
        provenance = report.loaded.provenance
        for title, checks in (
            (
                "Published equivalence claims, at the factors they appear to use"
                if report.claims_factors is None
                else f"Published equivalence claims, at factors {report.claims_factors}",
                report.claims,
            ),
            ("The same claims at the current factors", report.claims_current),
        ):
            tk.print_table(console, tk.claims_table(provenance, checks, title))
            tk.print_claim_notes(console, checks)


def _cited(eqs: Equivalents) -> str:
    """The edition's source: its title, and its publisher and year where given."""
    s = eqs.version.source
    where = ", ".join(str(x) for x in (s.publisher, s.year) if x is not None)
    return s.title + (f" ({where})" if where else "")


def derivations(eqs: Equivalents) -> list[str]:
    """Each factor computed from its published inputs: the arithmetic, and where the source
    states a value, both ("4.29 as stated; from its inputs ... = 4.282"), with the factor's
    note (why the two differ); a factor without inputs, its note alone."""
    lines = []
    for item in eqs.items:
        note = f" ({item.note})" if item.note else ""
        if item.derivation is None:
            if item.note:
                lines.append(f"{item.label}: {item.note}")
            continue
        stated = "" if item.stated is None else f"{item.stated:g} as the source states it; "
        used = "" if item.stated is not None else ", the factor used"
        lines.append(
            f"{item.label}: {stated}from its published inputs, {item.derivation}{used}{note}"
        )
    return lines


def equivalents_section(report: EquivalentsReport, *, charts: bool) -> list[Block]:
    from carboncalc.render.documentkit import Block, placed

    first = report.rows[0][1]
    rows = [
        (item.label, *(tonnes(e.items[i].count) for _, e in report.rows))
        for i, item in enumerate(first.items)
    ]
    header = ("equivalent", *(b.what for b, _ in report.rows))
    return placed([Block("h3", f"Everyday equivalents (factors {first.version_id})"),
                   Block("table", header=header, rows=tuple(rows)),
                   *(Block("p", line) for line in (*derivations(first), *report.unavailable))],
                  "appendix")  # fmt: skip
