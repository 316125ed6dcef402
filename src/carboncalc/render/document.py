"""``carboncalc report``: one self-contained Markdown or HTML document about a project.

The document is a list of blocks (headings, paragraphs, tables, preformatted text, inline SVG),
written by one of two small backends, in the order a reader asks: the summary and the key
figures, the verdicts and the evidence (:mod:`.brief`), the forest lost, what the figures rest
on, the inputs with their sources (made here) and the credits; then the appendices (the blocks
each section puts in the methods or the tables) and how the report was made (:mod:`.made`).
Each result's section comes from that result's module, through :mod:`.registry`. It reuses the
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
from carboncalc.render import brief
from carboncalc.render.brief import inputs_only
from carboncalc.render.documentkit import Block, placed
from carboncalc.render.draft import DRAFT_STYLE, MARK, draft_blocks
from carboncalc.render.inputs import input_rows
from carboncalc.render.made import Made, byline, made_section, methods_intro, sources_table
from carboncalc.render.prose import input_words

if TYPE_CHECKING:
    from carboncalc.files.loading import LoadedProject
    from carboncalc.reports.check import CheckResult
    from carboncalc.reports.credits import (
        CreditsReport,
        SensitivityReport,
        UncertaintyReport,
    )
    from carboncalc.reports.forest import ForestReport
    from carboncalc.reports.projects import EmissionsReport, EquivalentsReport, StockReport


def _identity(loaded: LoadedProject, made: Made | None) -> list[Block]:
    p = loaded.project
    facts = [", ".join(p.countries) + (f", {p.region}" if p.region else "")]
    if p.registry:
        facts.append(f"{p.registry.name} {p.registry.project_id or ''}".rstrip())
    if p.methodology:
        facts.append(f"methodology {p.methodology}")
    shown = display_path(loaded.path)
    if Path(shown).is_absolute():  # a report travels: no path of the machine it was made on
        shown = loaded.path.name
    facts.append(f"project file {shown}; carboncalc {__version__}"
                 + (f", {made.date}" if made is not None else ""))  # fmt: skip
    if byline(loaded):
        facts.append(f"report by {byline(loaded)}")
    out = [Block("h1", p.name), Block("p", ". ".join(facts) + ".")]
    if loaded.overrides:
        out.append(Block("p", "What-if: " + ", ".join(o.text for o in loaded.overrides)))
    return out


def _inputs(loaded: LoadedProject) -> list[Block]:
    """The inputs with their sources in the body; why each assumption was taken, and the other
    published facts, in the appendix."""
    p = loaded.project
    given = input_rows(p)
    rows = [(input_words(r.field), r.field, r.value, r.unit, r.source_id,
             "yes" if r.assumption else "") for r in inputs_only(given)]  # fmt: skip
    out = [
        Block("h2", "Inputs and their sources"),
        Block("p", "Every input of the project file with its source; assumptions are marked "
                   "(why each was taken: appendix). The field is its name in the file."),
        Block("table", header=("input", "field", "value", "unit", "source", "assumption"),
              rows=tuple(rows)),
    ]  # fmt: skip
    d = loaded.inputs.deforestation
    if d is not None and d.counterfactual_source is not None:
        out.append(Block("p", "The counterfactual rate is not in the file: it comes from "
                              "carboncalc's evidence set (Independent evidence)."))  # fmt: skip
    out += sources_table(loaded)
    assumed = [(input_words(r.field), f"{r.value} {r.unit}".strip(), r.note or "-")
               for r in inputs_only(given) if r.assumption]  # fmt: skip
    notes = [(r.field.removeprefix("note: "), f"{r.value} {r.unit}".strip(), r.source_id)
             for r in given if r.field.startswith("note: ")]  # fmt: skip
    appendix = []
    if assumed:
        are = "s are assumptions" if len(assumed) != 1 else " is an assumption"
        appendix += [Block("h3", "Assumptions, and why each was taken"),
                     Block("p", f"{len(assumed)} input{are}, not published values "
                                "for this project: the figures rest on them. Replace each with a "
                                "published value where one exists."),
                     Block("table", header=("input", "value", "why"),
                           rows=tuple(assumed))]  # fmt: skip
    claims = [(r.field.removeprefix("claim "), r.note) for r in given
              if r.field.startswith("claim ") and r.note]  # fmt: skip
    if claims:
        appendix += [
            Block("h3", "The claims' notes"),
            Block("table", header=("claim", "note"), rows=tuple(claims)),
        ]
    if notes:
        appendix += [
            Block("h3", "Other published facts"),
            Block("table", header=("fact", "value", "source"), rows=tuple(notes)),
        ]
    return out + placed(appendix, "appendix")


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
    forest: ForestReport | None = None,
    made: Made | None = None,
) -> list[Block]:
    """The document in the order a reader asks: the summary and the key figures; the verdicts
    on the published claims and the independent evidence; the forest lost; what the figures
    rest on; the inputs with their sources; the credits; then the methods and the tables in
    the appendices, and who made the report and how to make it again."""
    from carboncalc.render.registry import section

    body = draft_blocks(loaded)  # a draft says so first
    body += _identity(loaded, made)
    body += [brief.lead(loaded, emissions, credits, uncertainty, check, stock),
             brief.key_figures(loaded, stock, emissions, credits, uncertainty, check)]  # fmt: skip
    body += brief.verdicts(loaded, check, charts=charts)
    body += brief.evidence(loaded, credits, check)
    if forest is not None:
        body += section(forest, charts=charts)
    body += brief.rests_on(loaded, sensitivity, charts=charts)
    body += _inputs(loaded)
    body += section(stock, charts=charts)
    if emissions is not None:
        body += section(emissions, charts=charts)
    if credits is not None:
        body += section(credits, charts=charts)
    if uncertainty is not None:
        body += section(uncertainty, charts=charts)
    if equivalents is not None and equivalents.rows:
        body += section(equivalents, charts=charts)
    methods = [b for b in body if b.part == "methods"]
    appendix = [b for b in body if b.part == "appendix"]
    out = [b for b in body if not b.part]
    out += placed(
        [
            Block("h2", "Appendix A: methods"),
            *methods_intro(loaded, emissions, credits, check),
            *methods,
        ],
        "methods",
    )
    if appendix:
        out += placed([Block("h2", "Appendix B: tables"), *appendix], "appendix")
    return out + (made_section(loaded, made) if made is not None else [])


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
        elif b.kind == "h3":
            parts.append(f"### {cell(b.text)}")
        elif b.kind in ("p", "lead"):
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

# The page on screen, and printed: the body on 2-4 A4 or Letter pages, the answer on the first
# (the summary, the key figures, the verdicts and the evidence), the appendices left to the file.
STYLE = (
    "body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;"
    "color:#1a1a1a;line-height:1.4}"
    "h1{margin-bottom:.2rem}h2{margin-top:1.6rem;border-bottom:1px solid #ddd}"
    "h3{margin-top:1.2rem}p.meta{color:#555;margin-top:0}"
    "p.lead{font-size:1.15rem;line-height:1.5;border-left:4px solid #2a6;padding-left:.8rem}"
    "table{border-collapse:collapse;margin:.8rem 0}td,th{border:1px solid #ccc;"
    "padding:.2rem .5rem;vertical-align:top}th{background:#f3f3f3;text-align:left}"
    "td.n{text-align:right;white-space:nowrap;font-variant-numeric:tabular-nums}"
    "tr.fail td{background:#fde8e8;font-weight:bold}tr.total td{font-weight:bold}"
    "table.summary{min-width:60%}table.summary td:first-child{font-weight:bold;"
    "white-space:nowrap}table.summary thead{display:none}"
    "pre{background:#f6f6f6;padding:.5rem;overflow-x:auto}svg{max-width:100%;height:auto}"
    ".print-only{display:none}.hint{color:#555;font-style:italic}"
    "@media print{@page{margin:12mm 13mm}"
    "body{max-width:none;margin:0;padding:0;font-size:9pt;line-height:1.3}"
    "h1{font-size:16pt;margin:0}h2{font-size:11.5pt;margin:.9rem 0 .3rem}"
    "h2,h3{break-after:avoid}p{margin:.35rem 0}p.lead{font-size:10pt}"
    "table{margin:.4rem 0;font-size:8pt}td,th{padding:.1rem .3rem}"
    "tr,svg,pre{break-inside:avoid}svg{max-height:7.5cm;width:auto}a{color:inherit}"
    "pre{font-size:7pt}.appendix{display:none}.print-only{display:block}"
    "tr.fail td,th{print-color-adjust:exact;-webkit-print-color-adjust:exact}}"
)

# where the report draws text charts (no matplotlib): how to get pictures
PLOT_HINT = (
    "These charts are drawn as text: for pictures, install carboncalc's plot extra "
    "(pip install '.[plot]' in carboncalc's folder, or pip install 'carboncalc[plot]')."
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
    hinted = False
    inside = False  # in the appendices, which a printed page leaves out
    for i, b in enumerate(doc):
        if bool(b.part) != inside:
            inside = bool(b.part)
            if inside:
                parts.append('<p class="print-only">The appendices (the methods in full and the '
                             "tables year by year) are in the HTML file of this report and are "
                             'not printed.</p><div class="appendix">')  # fmt: skip
            else:
                parts.append("</div>")
        if b.kind in ("h1", "h2", "h3"):
            parts.append(f"<{b.kind}>{_h(b.text)}</{b.kind}>")
        elif b.kind == "p":
            meta = ' class="meta"' if i and doc[i - 1].kind == "h1" else ""
            parts.append(f"<p{meta}>{_h(b.text)}</p>")
        elif b.kind == "lead":
            parts.append(f'<p class="lead">{_h(b.text)}</p>')
        elif b.kind == "draft":
            parts.append(f'<div class="draft-mark" aria-hidden="true">{MARK}</div>'
                         f'<p class="draft">{_h(b.text)}</p>')  # fmt: skip
        elif b.kind == "pre" or (b.kind == "chart" and not b.svg):
            parts.append(f"<pre>{_h(b.text)}</pre>")
            if b.kind == "chart" and not hinted:
                parts.append(f'<p class="hint">{_h(PLOT_HINT)}</p>')
                hinted = True
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
    if inside:
        parts.append("</div>")
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"
