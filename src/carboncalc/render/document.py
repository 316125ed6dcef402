"""``carboncalc report``: one self-contained Markdown or HTML document about a project.

The document is a list of blocks (headings, paragraphs, tables, preformatted text, inline SVG),
written by one of two small backends. Its key figures, inputs and sources are made here; each
result's section comes from that result's module, through :mod:`.registry`. It reuses the
reports the commands compute and the text charts of the renderer; nothing here computes.
"""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import TYPE_CHECKING

from carboncalc import __version__
from carboncalc.files.projects import display_path
from carboncalc.printable import printable
from carboncalc.render.documentkit import Block
from carboncalc.render.draft import DRAFT_STYLE, MARK, draft_blocks
from carboncalc.render.inputs import input_rows, source_text
from carboncalc.render.numbers import tonnes

if TYPE_CHECKING:
    from carboncalc.core.uncertainty import Summary
    from carboncalc.files.loading import LoadedProject
    from carboncalc.reports.check import CheckResult
    from carboncalc.reports.credits import (
        CreditsReport,
        SensitivityReport,
        UncertaintyReport,
    )
    from carboncalc.reports.projects import EmissionsReport, EquivalentsReport, StockReport


def _identity(loaded: LoadedProject) -> list[Block]:
    p = loaded.project
    facts = [", ".join(p.countries) + (f", {p.region}" if p.region else "")]
    if p.registry:
        facts.append(f"{p.registry.name} {p.registry.project_id or ''}".rstrip())
    if p.methodology:
        facts.append(f"methodology {p.methodology}")
    shown = display_path(loaded.path)
    if Path(shown).is_absolute():  # a report travels: no path of the machine it was made on
        shown = loaded.path.name
    facts.append(f"project file {shown}; carboncalc {__version__}")
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
    assumed = [(r.field, f"{r.value} {r.unit}".strip(), r.note or "-")
               for r in input_rows(p) if r.assumption]  # fmt: skip
    out = [
        Block("h2", "Inputs"),
        Block("p", "Every value with its source; assumptions are marked."),
        Block("table", header=("field", "value", "unit", "source", "assumption", "note"),
              rows=tuple(rows)),
    ]  # fmt: skip
    d = loaded.inputs.deforestation
    if d is not None and d.counterfactual_source is not None:
        out.append(Block("p", f"Counterfactual, not in the file: {d.counterfactual_source}."))
    if assumed:
        out += [Block("h2", "Assumptions"),
                Block("p", f"{len(assumed)} inputs are assumptions, not published values: the "
                           "figures rest on them. Replace each with a published value where "
                           "one exists."),
                Block("table", header=("field", "value", "why"), rows=tuple(assumed))]  # fmt: skip
    if sources:
        out += [
            Block("h2", "Sources"),
            Block("table", header=("id", "source"), rows=tuple(sources)),
        ]
    return out


def _summary(
    loaded: LoadedProject,
    stock: StockReport,
    emissions: EmissionsReport | None,
    credits: CreditsReport | None,
    uncertainty: UncertaintyReport | None,
    check: CheckResult,
) -> list[Block]:
    """The key figures, first: what a funder or an auditor reads before anything else."""
    p = loaded.project
    rows = [("area", f"{tonnes(stock.area_ha)} ha"
             + (f", of which {tonnes(stock.stock.area_ha)} ha forest at the start"
                if p.forest_area is not None else ""))]  # fmt: skip
    rows.append(("carbon stock", f"{tonnes(stock.stock.stock_tco2)} t CO2 "
                                 f"({tonnes(stock.stock.stock_tc)} t C)"))  # fmt: skip
    mc = uncertainty.monte_carlo if uncertainty is not None else None

    def interval(summary: Summary | None) -> str:
        if summary is None or summary.p5 == summary.p95:
            return ""
        return f" (90 % interval {tonnes(summary.p5)} to {tonnes(summary.p95)})"

    if emissions is not None:
        res = emissions.result
        rows.append((f"avoided emissions {res.first_year}-{res.last_year}",
                     f"{tonnes(res.avoided_emissions_tco2e)} t CO2e"
                     + interval(mc.avoided_tco2e if mc else None)))  # fmt: skip
    if credits is not None:
        rows.append((f"credits ({credits.rule_set.name} rules)",
                     f"{credits.waterfall.credits:,}"
                     + interval(mc.credits_exact_tco2e if mc else None)))  # fmt: skip
        if credits.claimed is not None and credits.supported is not None:
            ratio = credits.over_crediting_ratio
            finding = (
                "the baseline is the counterfactual: no over-crediting test"
                if credits.same_baseline
                else f"over-crediting ratio {ratio:.2f}" if ratio is not None
                else "every claimed credit is over-credited" if credits.claimed.credits
                else "neither baseline gives credits"
            )  # fmt: skip
            d = loaded.inputs.deforestation
            by = " (independent evidence)" if d is not None and d.counterfactual_source else ""
            rows.append(
                (
                    f"against the counterfactual{by}",
                    f"{credits.supported.credits:,} credits supported; {finding}",
                )
            )
    if check.claims:
        counts = {v: sum(c.verdict == v for c in check.claims) for v in ("holds", "fails",
                                                                          "unchecked")}  # fmt: skip
        words = {"holds": "hold", "fails": "fail", "unchecked": "unchecked"}
        rows.append(("published claims",
                     ", ".join(f"{n} {words[v]}" for v, n in counts.items() if n)))  # fmt: skip
    assumed = sum(r.assumption for r in input_rows(p))
    if assumed:
        rows.append(("assumptions", f"{assumed} inputs (listed under Assumptions)"))
    return [Block("summary", header=("key figures", ""), rows=tuple(rows))]


def blocks(
    loaded: LoadedProject,
    *,
    stock: StockReport,
    emissions: EmissionsReport | None,
    credits: CreditsReport | None,
    uncertainty: UncertaintyReport | None = None,
    sensitivity: SensitivityReport | None = None,
    equivalents: EquivalentsReport | None,
    check: CheckResult,
    charts: bool,
) -> list[Block]:
    """The document: the key figures first, then inputs with sources and assumptions, stock,
    emissions, credits, uncertainty and sensitivity, equivalents and the claims check."""
    from carboncalc.render.registry import section

    out = draft_blocks(loaded)  # a draft says so first
    out += _identity(loaded) + _summary(loaded, stock, emissions, credits, uncertainty, check)
    out += _inputs(loaded) + section(stock, charts=charts)
    if emissions is not None:
        out += section(emissions, charts=charts)
    if credits is not None:
        out += section(credits, charts=charts)
    if uncertainty is not None:
        out += section(uncertainty, charts=charts)
        if sensitivity is not None:
            out += section(sensitivity, charts=charts)
    if equivalents is not None and equivalents.rows:
        out += section(equivalents, charts=charts)
    return out + section(check, charts=charts)


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
        elif b.kind == "draft":
            parts.append(f"**{md_text(b.text)}**")
        elif b.kind in ("pre", "chart"):  # a chart's picture has no place in plain Markdown
            fence = _fence(b.text)
            parts.append(f"{fence}\n{printable(b.text)}\n{fence}")
        elif b.kind in ("table", "summary"):
            marks = b.marks or ("",) * len(b.rows)
            lines = ["| " + " | ".join(cell(h) for h in b.header) + " |",
                     "|" + "---|" * len(b.header)]  # fmt: skip
            lines += ["| " + " | ".join(f"**{cell(x)}**" if mark and x else cell(x)
                                        for x in row) + " |"
                      for row, mark in zip(b.rows, marks, strict=True)]  # fmt: skip
            parts.append("\n".join(lines))
    return "\n\n".join(parts) + "\n"


# A cell that holds a number (1,234.5, -78.03 %, [60-230]) is right-aligned.
NUMBER = re.compile(r"^[-+\[]?[\d,.]+(?:-[\d,.]+\])?(?: %)?$")

STYLE = (
    "body{font-family:system-ui,sans-serif;max-width:72rem;margin:2rem auto;padding:0 1rem;"
    "color:#1a1a1a;line-height:1.4}"
    "h1{margin-bottom:.2rem}h2{margin-top:2rem;border-bottom:1px solid #ddd}"
    "table{border-collapse:collapse;margin:1rem 0}td,th{border:1px solid #ccc;padding:.2rem .5rem;"
    "vertical-align:top}th{background:#f3f3f3;text-align:left}"
    "td.n{text-align:right;white-space:nowrap;font-variant-numeric:tabular-nums}"
    "tr.fail td{background:#fde8e8;font-weight:bold}tr.total td{font-weight:bold}"
    "table.summary{font-size:1.1rem;min-width:60%}table.summary td:first-child{font-weight:bold}"
    "pre{background:#f6f6f6;padding:.5rem;overflow-x:auto}svg{max-width:100%;height:auto}"
    "@media print{body{max-width:none;margin:0;font-size:10pt}"
    "table.summary{page-break-after:always}h2{page-break-after:avoid}"
    "tr,svg,pre{page-break-inside:avoid}a{color:inherit}}"
)


def _h(text: str) -> str:
    """Text as HTML shows it literally (control characters escaped too)."""
    return html.escape(printable(text))


def _td(text: str) -> str:
    numeric = ' class="n"' if NUMBER.match(text) else ""
    return f"<td{numeric}>{_h(text)}</td>"


def html_page(doc: list[Block]) -> str:
    title = next((b.text for b in doc if b.kind == "h1"), "carboncalc report")
    if any(b.kind == "draft" for b in doc):  # the window's title and a printed page's header
        title, style = f"{MARK}: {title}", STYLE + DRAFT_STYLE
    else:
        style = STYLE
    parts = [f"<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
             f"<title>{_h(title)}</title><style>{style}</style></head><body>"]  # fmt: skip
    for b in doc:
        if b.kind in ("h1", "h2"):
            parts.append(f"<{b.kind}>{_h(b.text)}</{b.kind}>")
        elif b.kind == "p":
            parts.append(f"<p>{_h(b.text)}</p>")
        elif b.kind == "draft":
            parts.append(f'<div class="draft-mark" aria-hidden="true">{MARK}</div>'
                         f'<p class="draft">{_h(b.text)}</p>')  # fmt: skip
        elif b.kind == "pre" or (b.kind == "chart" and not b.svg):
            parts.append(f"<pre>{_h(b.text)}</pre>")
        elif b.kind == "chart":
            parts.append(b.svg)
        elif b.kind in ("table", "summary"):
            marks = b.marks or ("",) * len(b.rows)
            head = "".join(f"<th>{_h(h)}</th>" for h in b.header)
            body = "".join(
                (f'<tr class="{mark}">' if mark else "<tr>") + "".join(_td(x) for x in row)
                + "</tr>" for row, mark in zip(b.rows, marks, strict=True)
            )  # fmt: skip
            kind = ' class="summary"' if b.kind == "summary" else ""
            parts.append(f"<table{kind}><thead><tr>{head}</tr></thead><tbody>{body}</tbody>"
                         "</table>")  # fmt: skip
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"
