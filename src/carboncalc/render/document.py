"""``carboncalc report``: one self-contained Markdown or HTML document about a project.

The document is a list of blocks (headings, paragraphs, tables, preformatted text, inline SVG),
written by one of two small backends. It reuses the reports the commands compute and the text
charts of the renderer; nothing here computes.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from carboncalc import __version__
from carboncalc.printable import printable
from carboncalc.render.charts import line_chart
from carboncalc.render.inputs import input_rows, source_text
from carboncalc.render.numbers import dec, pct, sig, tonnes
from carboncalc.render.records import Record, account_notes, record

if TYPE_CHECKING:
    from carboncalc.credit_reports import CreditsReport
    from carboncalc.loading import LoadedProject
    from carboncalc.reports import (
        CheckResult,
        EmissionsReport,
        EquivalentsReport,
        StockReport,
    )


@dataclass(frozen=True)
class Block:
    kind: str  # "h1", "h2", "p", "table", "pre", "svg"
    text: str = ""
    header: tuple[str, ...] = ()
    rows: tuple[tuple[str, ...], ...] = ()


def _svg(draw: object, *args: object) -> str | None:
    """An inline SVG from a plot function, or None without matplotlib."""
    import tempfile

    from carboncalc.errors import CarboncalcError

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "chart.svg"
        try:
            draw(*args[:-1], path, args[-1])  # type: ignore[operator]
        except CarboncalcError:
            return None
        text = path.read_text(encoding="utf-8")
    return text[text.index("<svg") :]


def _identity(loaded: LoadedProject) -> list[Block]:
    p = loaded.project
    facts = [", ".join(p.countries) + (f", {p.region}" if p.region else "")]
    if p.registry:
        facts.append(f"{p.registry.name} {p.registry.project_id or ''}".rstrip())
    if p.methodology:
        facts.append(f"methodology {p.methodology}")
    facts.append(f"project file {loaded.path}; carboncalc {__version__}")
    out = [Block("h1", p.name), Block("p", ". ".join(facts) + ".")]
    if loaded.overrides:
        out.append(Block("p", "What-if: " + ", ".join(o.text for o in loaded.overrides)))
    return out


def _inputs(loaded: LoadedProject) -> list[Block]:
    p = loaded.project
    rows = [
        (r.field, r.value, r.unit, r.source_id, "yes" if r.assumption else "", r.note)
        for r in input_rows(p)
    ]
    sources = [(sid, source_text(p, sid)) for sid in p.sources]
    return [
        Block("h2", "Inputs"),
        Block("p", "Every value with its source; assumptions are marked."),
        Block("table", header=("field", "value", "unit", "source", "assumption", "note"),
              rows=tuple(rows)),
        Block("h2", "Sources"),
        Block("table", header=("id", "source"), rows=tuple(sources)),
    ]  # fmt: skip


def _columns(
    record: Record, picks: Sequence[tuple[str, str, Callable[[Any], str]]]
) -> tuple[tuple[str, ...], tuple[tuple[str, ...], ...]]:
    """Columns of a record's rows, chosen by name, each with its label and its format: the
    document shows the same figures as JSON and CSV, rounded for reading."""
    index = {name: i for i, name in enumerate(record.header)}
    header = tuple(label for _, label, _ in picks)
    rows = tuple(tuple(show(row[index[name]]) for name, _, show in picks) for row in record.rows)
    return header, rows


def _stock(report: StockReport) -> list[Block]:
    header, rows = _columns(
        record(report),
        [("pool", "pool", str), ("density_tc_per_ha", "t C/ha", dec),
         ("density_tco2_per_ha", "t CO2/ha", dec), ("stock_tc", "t C", tonnes),
         ("stock_tco2", "t CO2", tonnes)],
    )  # fmt: skip
    return [Block("h2", "Carbon stock"), Block("table", header=header, rows=rows)]


def _emissions(report: EmissionsReport, name: str, charts: bool) -> list[Block]:
    from carboncalc.render.plot import emissions_plot

    res = report.result
    one_place: Callable[[Any], str] = lambda x: dec(x, 1)  # noqa: E731
    observed = any(r.baseline_observed or r.project_observed for r in res.rows)
    header, rows = _columns(
        record(report),
        [("year", "year", str), ("baseline_cleared_ha", "baseline ha", one_place),
         ("project_cleared_ha", "project ha", one_place),
         ("baseline_emissions_tco2e", "baseline t CO2e", tonnes),
         ("project_emissions_tco2e", "project t CO2e", tonnes),
         ("avoided_emissions_tco2e", "avoided t CO2e", tonnes),
         *([("baseline_data", "baseline data", str), ("project_data", "project data", str)]
           if observed else [])],
    )  # fmt: skip
    out = [
        Block("h2", f"Emissions {res.first_year}-{res.last_year}"),
        Block("p", f"Emission factor {dec(res.ef_tco2e_per_ha)} t CO2e per ha cleared."),
        Block("table", header=header, rows=rows),
    ]
    if charts:
        svg = _svg(emissions_plot, report, f"{name}: forest and avoided emissions")
        if svg is not None:
            out.append(Block("svg", svg))
        years = [r.year for r in res.rows]
        forest = [("baseline", "b", [r.baseline_forest_ha for r in res.rows]),
                  ("project", "p", [r.project_forest_ha for r in res.rows])]  # fmt: skip
        out.append(Block("pre", line_chart("Forest area, ha", years, forest)))
    return out


def _credits(report: CreditsReport) -> list[Block]:
    rec = record(report)
    credits: Callable[[Any], str] = "{:,}".format
    columns: list[tuple[str, str, Callable[[Any], str]]] = [
        ("label", "vintage", str), ("gross_tco2e", "gross", tonnes),
        ("leakage_tco2e", "leakage", tonnes), ("uncertainty_tco2e", "uncertainty", tonnes),
        ("net_tco2e", "net", tonnes), ("buffer_tco2e", "buffer", tonnes),
        ("credits", "credits", credits),
    ]  # fmt: skip
    header, rows = _columns(rec, columns)
    totals = rec.body["totals"]
    total = ("total", *(show(totals[name]) for name, _, show in columns[1:]))
    rules = (
        f"Rule set {report.rule_set.name} ({report.rule_set.label}). "
        f"Leakage {report.leakage.pct:g} %: {report.leakage.how}. Uncertainty deduction "
        f"{report.uncertainty.pct:g} %: {report.uncertainty.how}. Buffer {report.buffer.pct:g} "
        f"%: {report.buffer.how}."
        + "".join(f" {what.capitalize()}: {rule} [{source}]."
                  for what, rule, source in report.rule_set.other_rules)
    )  # fmt: skip
    w = report.waterfall
    ends: tuple[tuple[str, ...], ...] = (total,)
    if w.unbacked_credits:  # issued, less the credits a loss beyond the buffer left unbacked
        blank = ("",) * (len(total) - 2)
        ends = (("issued", *total[1:-1], f"{w.issued:,}"),
                ("unbacked", *blank, f"-{w.unbacked_credits:,}"),
                ("total", *blank, f"{w.credits:,}"))  # fmt: skip
    out = [Block("h2", "Credits"), Block("p", rules),
           Block("table", header=header, rows=(*rows, *ends))]  # fmt: skip
    out += [Block("p", note) for note in account_notes(w)]
    if report.claimed is not None and report.supported is not None:
        ratio = report.over_crediting_ratio
        verdict = (f"over-crediting ratio {ratio:.2f}." if ratio is not None
                   else "the counterfactual supports no credits.")  # fmt: skip
        supported, claimed = report.supported.credits, report.claimed.credits
        text = f"Against the counterfactual: {supported:,} credits supported, {claimed:,} claimed"
        out.append(Block("p", f"{text}; {verdict}"))
    return out


def _equivalents(report: EquivalentsReport) -> list[Block]:
    first = report.rows[0][1]
    rows = [
        (item.label, *(tonnes(e.items[i].count) for _, e in report.rows))
        for i, item in enumerate(first.items)
    ]
    header = ("equivalent", *(b.what for b, _ in report.rows))
    return [Block("h2", f"Everyday equivalents (factors {first.version_id})"),
            Block("table", header=header, rows=tuple(rows))]  # fmt: skip


def _claims(check: CheckResult) -> list[Block]:
    rows = []
    for c in check.claims:
        derived = c.derived_as_published
        shown = "-" if derived is None else sig(derived)
        rows.append((c.claim_id, c.case, sig(c.claimed_as_published), shown,
                     c.published_unit, pct(c.difference_pct),
                     f"{c.tolerance_pct:.2f} %", c.verdict))  # fmt: skip
    header = ("claim", "case", "published", "carboncalc", "unit", "difference", "tolerance",
              "verdict")  # fmt: skip
    return [Block("h2", "Published claims"), Block("table", header=header, rows=tuple(rows))]


def blocks(
    loaded: LoadedProject,
    *,
    stock: StockReport,
    emissions: EmissionsReport | None,
    credits: CreditsReport | None,
    equivalents: EquivalentsReport | None,
    check: CheckResult,
    charts: bool,
) -> list[Block]:
    """The document: identity, inputs with sources, results, the claims check, charts."""
    out = _identity(loaded) + _inputs(loaded) + _stock(stock)
    if emissions is not None:
        out += _emissions(emissions, loaded.project.name, charts)
    if credits is not None:
        out += _credits(credits)
    if equivalents is not None and equivalents.rows:
        out += _equivalents(equivalents)
    return out + _claims(check)


# Characters that make Markdown out of text: links and images ([...](...)), HTML (<...>),
# emphasis, code, tables and headings. Text from a project file is escaped, so that its name or
# region cannot add an image, a link or HTML to a report that promises none.
# An underscore inside a word (above_ground) cannot start emphasis, so it is left as it is.
_MARKDOWN = re.compile(r"([\\`*\[\]<>!|#~]|(?<!\w)_|_(?!\w))")


def md_text(text: str) -> str:
    """Text as Markdown shows it literally (control characters escaped too)."""
    return _MARKDOWN.sub(r"\\\1", printable(text))


def _fence(text: str) -> str:
    """A code fence longer than any run of backticks in the text, so the text cannot end it."""
    runs = re.findall(r"`+", text)
    return "`" * max([3, *(len(r) + 1 for r in runs)])


def markdown(doc: list[Block]) -> str:
    def cell(text: str) -> str:
        return md_text(text).replace("\n", " ")

    parts = []
    for b in doc:
        if b.kind == "h1":
            parts.append(f"# {cell(b.text)}")
        elif b.kind == "h2":
            parts.append(f"## {cell(b.text)}")
        elif b.kind == "p":
            parts.append(md_text(b.text))
        elif b.kind == "pre":
            fence = _fence(b.text)
            parts.append(f"{fence}\n{printable(b.text)}\n{fence}")
        elif b.kind == "table":
            lines = ["| " + " | ".join(cell(h) for h in b.header) + " |",
                     "|" + "---|" * len(b.header)]  # fmt: skip
            lines += ["| " + " | ".join(cell(x) for x in row) + " |" for row in b.rows]
            parts.append("\n".join(lines))
        # inline SVG has no place in plain Markdown: the text chart stands in for it
    return "\n\n".join(parts) + "\n"


# A cell that holds a number (1,234.5, -78.03 %, [60-230]) is right-aligned.
NUMBER = re.compile(r"^[-+\[]?[\d,.]+(?:-[\d,.]+\])?(?: %)?$")

STYLE = (
    "body{font-family:system-ui,sans-serif;max-width:72rem;margin:2rem auto;padding:0 1rem}"
    "table{border-collapse:collapse;margin:1rem 0}td,th{border:1px solid #ccc;padding:.2rem .5rem}"
    "td.n{text-align:right;white-space:nowrap}pre{background:#f6f6f6;padding:.5rem}"
    "svg{max-width:100%;height:auto}"
)


def _h(text: str) -> str:
    """Text as HTML shows it literally (control characters escaped too)."""
    return html.escape(printable(text))


def _td(text: str) -> str:
    numeric = ' class="n"' if NUMBER.match(text) else ""
    return f"<td{numeric}>{_h(text)}</td>"


def html_page(doc: list[Block]) -> str:
    title = next((b.text for b in doc if b.kind == "h1"), "carboncalc report")
    parts = [f"<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
             f"<title>{_h(title)}</title><style>{STYLE}</style></head><body>"]  # fmt: skip
    for b in doc:
        if b.kind in ("h1", "h2"):
            parts.append(f"<{b.kind}>{_h(b.text)}</{b.kind}>")
        elif b.kind == "p":
            parts.append(f"<p>{_h(b.text)}</p>")
        elif b.kind == "pre":
            parts.append(f"<pre>{_h(b.text)}</pre>")
        elif b.kind == "svg":
            parts.append(b.text)
        elif b.kind == "table":
            head = "".join(f"<th>{_h(h)}</th>" for h in b.header)
            body = "".join("<tr>" + "".join(_td(x) for x in row) + "</tr>" for row in b.rows)
            parts.append(f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>")
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"
