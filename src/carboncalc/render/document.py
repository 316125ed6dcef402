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
from carboncalc.files.projects import display_path
from carboncalc.printable import printable
from carboncalc.render.charts import bar_chart, line_chart, tornado_chart
from carboncalc.render.inputs import input_rows, source_text
from carboncalc.render.numbers import dec, pct, sig, tonnes
from carboncalc.render.records import MONTE_CARLO_ROWS, Record, account_notes, record

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


@dataclass(frozen=True)
class Block:
    kind: str  # "h1", "h2", "p", "table", "pre", "chart", "summary"
    text: str = ""  # for a chart: the text chart, which HTML shows only without an SVG
    header: tuple[str, ...] = ()
    rows: tuple[tuple[str, ...], ...] = ()
    svg: str = ""  # a chart's picture, for HTML
    marks: tuple[str, ...] = ()  # per table row: "" or "fail" (highlighted)


def _chart(text: str, svg: str | None) -> Block:
    """A chart: the picture in HTML where matplotlib drew one, else (and in Markdown) text."""
    return Block("chart", text=text, svg=svg or "")


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
    total = ("total", one_place(res.total("baseline_cleared_ha")),
             one_place(res.total("project_cleared_ha")),
             tonnes(res.total("baseline_emissions_tco2e")),
             tonnes(res.total("project_emissions_tco2e")), tonnes(res.avoided_emissions_tco2e),
             *(("", "") if observed else ()))  # fmt: skip
    out = [
        Block("h2", f"Emissions {res.first_year}-{res.last_year}"),
        Block("p", f"Emission factor {dec(res.ef_tco2e_per_ha)} t CO2e per ha cleared."),
        Block("table", header=header, rows=(*rows, total), marks=("",) * len(rows) + ("total",)),
    ]
    if charts:
        svg = _svg(emissions_plot, report, f"{name}: forest and avoided emissions")
        years = [r.year for r in res.rows]
        forest = [("baseline", "b", [r.baseline_forest_ha for r in res.rows]),
                  ("project", "p", [r.project_forest_ha for r in res.rows])]  # fmt: skip
        out.append(_chart(line_chart("Forest area, ha", years, forest), svg))
    return out


def _credits(report: CreditsReport, charts: bool) -> list[Block]:
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
    rules = [("leakage", f"{report.leakage.pct:.4g} %", report.leakage.how),
             ("uncertainty deduction", f"{report.uncertainty.pct:.4g} %", report.uncertainty.how),
             ("buffer", f"{report.buffer.pct:.4g} %", report.buffer.how),
             *report.rule_set.other_rules]  # fmt: skip
    w = report.waterfall
    ends: tuple[tuple[str, ...], ...] = (total,)
    if w.unbacked_credits:  # issued, less the credits a loss beyond the buffer left unbacked
        blank = ("",) * (len(total) - 2)
        ends = (("issued", *total[1:-1], f"{w.issued:,}"),
                ("unbacked", *blank, f"-{w.unbacked_credits:,}"),
                ("total", *blank, f"{w.credits:,}"))  # fmt: skip
    out = [Block("h2", "Credits"),
           Block("p", f"Rule set {report.rule_set.name} ({report.rule_set.label}); each rule "
                      "with its source. Credits are whole tonnes, rounded down, by vintage."),
           Block("table", header=("rule", "value", "source and how"), rows=tuple(rules)),
           Block("table", header=header, rows=(*rows, *ends),
                 marks=("",) * len(rows) + ("total",) * len(ends))]  # fmt: skip
    out += [Block("p", note) for note in account_notes(w)]
    if charts:
        from carboncalc.render.plot import credits_plot

        bars = [(v.name, float(v.credits)) for v in w.vintages]
        svg = _svg(credits_plot, report, "Credits and buffer by vintage, t CO2e")
        out.append(_chart(bar_chart("Credits by vintage", bars), svg))
    if report.claimed is not None and report.supported is not None:
        ratio = report.over_crediting_ratio
        verdict = (f"over-crediting ratio {ratio:.2f}." if ratio is not None
                   else "the counterfactual supports no credits.")  # fmt: skip
        supported, claimed = report.supported.credits, report.claimed.credits
        d = report.loaded.inputs.deforestation
        source = d.counterfactual_source if d is not None else None
        what = f" ({source})" if source is not None else ""
        text = (f"Against the counterfactual{what}: {supported:,} credits supported, "
                f"{claimed:,} claimed")  # fmt: skip
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
    if not check.claims:
        return []  # no empty section
    rows, marks = [], []
    for c in check.claims:
        derived = c.derived_as_published
        shown = "-" if derived is None else sig(derived)
        rows.append((c.claim_id, c.case, sig(c.claimed_as_published), shown,
                     c.published_unit, pct(c.difference_pct),
                     f"{c.tolerance_pct:.2f} %", c.verdict.upper()))  # fmt: skip
        marks.append("" if c.verdict == "holds" else "fail")
    header = ("claim", "case", "published", "carboncalc", "unit", "difference", "tolerance",
              "verdict")  # fmt: skip
    return [Block("h2", "Published claims"),
            Block("p", "Each figure a source publishes, recomputed from the inputs; a claim "
                       "FAILS when the difference is beyond its tolerance."),
            Block("table", header=header, rows=tuple(rows), marks=tuple(marks))]  # fmt: skip


def _uncertainty(report: UncertaintyReport, sensitivity: SensitivityReport | None,
                 charts: bool) -> list[Block]:  # fmt: skip
    mc = report.monte_carlo
    rows = []
    for key, label in MONTE_CARLO_ROWS:
        summary = getattr(mc, key)
        if summary is not None:
            half = summary.half_width_pct
            rows.append((label, tonnes(summary.mean), tonnes(summary.p5), tonnes(summary.p95),
                         "-" if half is None else f"{half:.1f} %"))  # fmt: skip
    out = [Block("h2", "Uncertainty and sensitivity"),
           Block("p", f"Monte Carlo, {mc.samples:,} samples, seed {mc.seed}; uncertain inputs: "
                      f"{', '.join(mc.inputs)}. The 90 % interval runs from the 5th to the "
                      "95th percentile."),
           Block("table", header=("quantity", "mean", "5th pct", "95th pct", "half-width"),
                 rows=tuple(rows))]  # fmt: skip
    if sensitivity is not None and any(s.avoided_swing_tco2e for s in sensitivity.tornado.swings):
        t = sensitivity.tornado
        bars = [
            (s.input, s.avoided_low_tco2e, s.avoided_high_tco2e)
            for s in t.swings
            if s.avoided_swing_tco2e
        ]  # inputs that move credits only (the buffer) are left out
        text = tornado_chart(
            f"Avoided emissions, t CO2e, each input at its low and high value (base "
            f"{tonnes(t.base_avoided_tco2e)}):",
            t.base_avoided_tco2e,
            bars,
            width=78,
        )
        svg = None
        if charts:
            from carboncalc.render.plot import tornado_plot

            svg = _svg(tornado_plot, t, "Sensitivity of avoided emissions")
        out.append(_chart(text, svg))
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
                f"over-crediting ratio {ratio:.2f}" if ratio is not None
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
    out = _identity(loaded) + _summary(loaded, stock, emissions, credits, uncertainty, check)
    out += _inputs(loaded) + _stock(stock)
    if emissions is not None:
        out += _emissions(emissions, loaded.title, charts)
    if credits is not None:
        out += _credits(credits, charts)
    if uncertainty is not None:
        out += _uncertainty(uncertainty, sensitivity, charts)
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
    parts = [f"<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
             f"<title>{_h(title)}</title><style>{STYLE}</style></head><body>"]  # fmt: skip
    for b in doc:
        if b.kind in ("h1", "h2"):
            parts.append(f"<{b.kind}>{_h(b.text)}</{b.kind}>")
        elif b.kind == "p":
            parts.append(f"<p>{_h(b.text)}</p>")
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
