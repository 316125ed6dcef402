"""``carboncalc credits``: the credit waterfall by vintage, the buffer account, the counterfactual,
the ledger and the revenue; as a record (JSON, CSV), a table and a section of the report."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict
from typing import TYPE_CHECKING, Any

from carboncalc.render.charts import bar_chart
from carboncalc.render.creditnotes import account_notes, eligible_note, ledger_verdict
from carboncalc.render.numbers import mass, mass_range, rounded, tonnes
from carboncalc.render.recordkit import Record, rule_set
from carboncalc.units import PERCENT

if TYPE_CHECKING:
    from carboncalc.core.credits import Waterfall
    from carboncalc.render.documentkit import Block
    from carboncalc.render.tablekit import Console
    from carboncalc.reports.credits import CreditsReport


WATERFALL_FIELDS = ["gross_tco2e", "eligible_tco2e", "leakage_tco2e", "uncertainty_tco2e",
                    "net_tco2e", "buffer_tco2e", "credits_exact_tco2e"]  # fmt: skip
# the buffer account and what is carried forward, per vintage: flows, then balances after it
ACCOUNT_FLOWS = ["reversal_tco2e", "buffer_cancelled_tco2e"]
ACCOUNT_BALANCES = ["buffer_balance_tco2e", "shortfall_tco2e", "unbacked_tco2e",
                    "pool_covered_tco2e"]  # fmt: skip
VINTAGE_FIELDS = [*WATERFALL_FIELDS, *ACCOUNT_FLOWS, *ACCOUNT_BALANCES]


def waterfall(w: Waterfall) -> dict[str, Any]:
    flows = [f for f in (*WATERFALL_FIELDS, *ACCOUNT_FLOWS) if f != "credits_exact_tco2e"]
    return {
        "vintages": [
            {"vintage": v.year, "label": v.name, **{f: getattr(v, f) for f in VINTAGE_FIELDS},
             "uncertainty_pct": pct, "credits": v.credits}
            for v, pct in zip(w.vintages, w.uncertainty_pct_by_vintage, strict=True)
        ],
        "totals": {
            **{f: w.total(f) for f in flows},
            "issued_exact_tco2e": w.total("credits_exact_tco2e"),
            "issued": w.issued,
            **{f: getattr(w, f) for f in ACCOUNT_BALANCES},
            "unbacked_credits": w.unbacked_credits,
            "credits_exact_tco2e": w.credits_exact_tco2e,
            "credits": w.credits,
        },
    }  # fmt: skip


def credits_record(result: CreditsReport) -> Record:
    w = result.waterfall
    body: dict[str, Any] = {
        "baseline": result.baseline,
        "vintage_kind": result.vintages,
        "rule_set": rule_set(result.rule_set),
        "rules": {
            name: {
                "pct": rule.pct,
                "how": rule.how,
                **(
                    {"base_case_pct": result.base_uncertainty_pct}
                    if name == "uncertainty" and result.base_uncertainty_pct is not None
                    else {}
                ),
                **(buffer_base(result) if name == "buffer" else {}),
            }
            for name, rule in (
                ("leakage", result.leakage),
                ("uncertainty", result.uncertainty),
                ("buffer", result.buffer),
            )
        },
        **waterfall(w),
        "counterfactual": None,
        # the avoided emissions' spread over the Monte Carlo behind the uncertainty deduction
        # (null where the file fixes the deduction), as the table's answer gives its interval
        "monte_carlo_avoided_tco2e": (
            asdict(mc.avoided_tco2e)
            if (mc := result.monte_carlo) is not None and mc.avoided_tco2e is not None
            else None
        ),
        "revenue": [
            {
                "case": r.case,
                "price_usd_per_tco2e": r.price_usd_per_tco2e,
                "revenue_usd": r.revenue_usd,
                "present_value_usd": r.present_value_usd,
                "by_vintage_usd": [{"vintage": y, "usd": usd} for y, usd in r.by_vintage_usd],
            }
            for r in result.revenue
        ],
    }
    if result.ledger is not None:
        check = result.ledger
        body["ledger"] = {
            "holds": check.holds,
            "issued": check.issued,
            "retired": check.retired,
            "computed": check.computed,
            "excess": check.excess,
            "buffer_balance_tco2e": check.buffer_balance_tco2e,
            "buffer_share_needed": check.buffer_share_needed,
            "buffer_account": check.buffer_account,
            "excess_route": (
                {"rule": check.excess_route[0], "source": check.excess_route[1]}
                if check.excess_route is not None else None
            ),
            "pool": (
                {"credits": check.pool.credits, "as_of": check.pool.as_of.isoformat(),
                 "source": check.pool.source}
                if check.pool is not None else None
            ),
            "pool_share_needed": check.pool_share_needed,
            "vintages": [
                {"vintage": r.line.vintage, "issued": r.line.issued, "retired": r.line.retired,
                 "cancelled": r.line.cancelled, "active": r.line.active,
                 "computed": r.computed, "excess": r.excess,
                 "beyond_by": [{"beneficiary": who, "credits": n} for who, n in r.beyond_by]}
                for r in check.rows
            ],
        }  # fmt: skip
    if result.claimed is not None and result.supported is not None:
        d = result.loaded.inputs.deforestation
        body["counterfactual"] = {
            "claimed_credits": result.claimed.credits,
            "supported_credits": result.supported.credits,
            # each at the deduction of the Monte Carlo against its own baseline
            "claimed_uncertainty_pct": result.claimed.uncertainty_fraction * PERCENT,
            "supported_uncertainty_pct": result.supported.uncertainty_fraction * PERCENT,
            "over_crediting_ratio": result.over_crediting_ratio,
            # the file's baseline avoids what the counterfactual does: no over-crediting test
            "same_baseline": result.same_baseline,
            # where it comes from when not the file: the evidence set (None: the file's own)
            "source": d.counterfactual_source if d is not None else None,
        }
    header = ["vintage", "label", *VINTAGE_FIELDS, "uncertainty_pct", "credits"]
    rows = [[v.year, v.name, *(getattr(v, f) for f in VINTAGE_FIELDS), pct, v.credits]
            for v, pct in zip(w.vintages, w.uncertainty_pct_by_vintage, strict=True)]  # fmt: skip
    return Record("credits", result.loaded, body, header, rows)


def deduction_note(report: CreditsReport) -> str | None:
    """For a what-if: whether its uncertainty deduction is the base case's."""
    base = report.base_uncertainty_pct
    if base is None:
        return None
    if report.deduction_differs:
        return (
            f"This what-if's uncertainty deduction, {report.uncertainty.pct:.4g} %, differs "
            f"from the base case's {base:.4g} % (the file without --set or --scenario): part "
            "of the change in credits is the deduction's, not the input's own."
        )
    return f"Same uncertainty deduction as the base case ({base:.4g} %)."


def buffer_base(report: CreditsReport) -> dict[str, Any]:
    """The buffer's base by vintage, for a reader to redo the buffer (JSON: rules.buffer)."""
    w = report.waterfall
    return {"base": report.rule_set.buffer_base,
            "base_by_vintage_tco2e": [{"vintage": v.name, "tco2e": v.buffer_base_tco2e}
                                      for v in w.vintages],
            "base_total_tco2e": w.total("buffer_base_tco2e")}  # fmt: skip


def buffer_base_note(report: CreditsReport) -> str:
    """The buffer's base where it is the change in carbon stocks, which no column shows."""
    w = report.waterfall
    by = ", ".join(f"{v.name} {tonnes(v.buffer_base_tco2e)}" for v in w.vintages)
    d = report.loaded.inputs.deforestation
    less = "less the CH4 and N2O from burning" if d is not None and d.burning else "no burning"
    return (f"buffer base, the change in carbon stocks (gross, {less}), "
            f"t CO2e: {by}; total {tonnes(w.total('buffer_base_tco2e'))}; buffer = base x "
            f"{report.buffer.pct:g} %, at most the net")  # fmt: skip


# where the file's baseline is the counterfactual (a project made from the evidence set)
NO_TEST = ("the file's baseline is the counterfactual, so both avoid the same tonnes by "
           "construction: no test of over-crediting (the credits differ only by their two "
           "uncertainty deductions; a ratio near 1 here validates nothing)")  # fmt: skip


def vintage_span(names: list[str]) -> str:
    """2008-2027; monitoring periods from the first's start to the last's end."""
    if len(names) < 2:
        return names[0] if names else "no vintage"
    if " to " in names[0]:
        return f"{names[0].split(' to ')[0]} to {names[-1].split(' to ')[-1]}"
    return f"{names[0]}-{names[-1]}"


def credits_answer(report: CreditsReport) -> list[str]:
    """The credits, the avoided emissions they come from (with the 90 % interval), what the
    counterfactual says of them, and the deductions: the lines a reader needs first."""
    w, mc = report.waterfall, report.monte_carlo
    gross = w.total("gross_tco2e")
    span = vintage_span([v.name for v in w.vintages])
    first = (f"{w.credits:,} credits ({report.rule_set.name} rules, {span}) from "
             f"{mass(gross, 'CO2e')} avoided")  # fmt: skip
    lines = [first]
    if report.claimed is not None and report.supported is not None:
        supported, claimed = report.supported.credits, report.claimed.credits
        ratio = report.over_crediting_ratio
        lines.append(
            "No test of over-crediting: the file's baseline is its counterfactual."
            if report.same_baseline
            else f"{ratio:.1f} times over-credited: the counterfactual supports {supported:,} of "
            f"the {claimed:,} credits the project's baseline gives." if ratio is not None
            else f"Under the {report.rule_set.name} rules the counterfactual supports no credits: "
            "its uncertainty deduction is 100 %." if report.supported.uncertainty_fraction >= 1
            else "The counterfactual supports no credits: every credit claimed is over-credited."
            if claimed > 0 else "Neither the baseline nor the counterfactual gives credits."
        )  # fmt: skip
    elif report.baseline != "counterfactual":
        lines.append("No counterfactual in the file: no test of over-crediting.")
    buffer_on = " of the change in carbon stocks" if report.rule_set.buffer_base == (
        "stock_change") else ""  # fmt: skip
    spread = ""
    if mc is not None and mc.avoided_tco2e is not None and not mc.counterfactual:
        low, high = mc.avoided_tco2e.p5, mc.avoided_tco2e.p95
        spread = f"Avoided emissions' 90 % interval {mass_range(low, high, 'CO2e')}. "
    lines.append(f"{spread}Deducted: leakage {rounded(report.leakage.pct)} %, uncertainty "
                 f"{rounded(report.uncertainty.pct)} %, buffer {rounded(report.buffer.pct)} %"
                 f"{buffer_on}; credits are whole tonnes, rounded down.")  # fmt: skip
    return lines


def _print_rules(console: Console, report: CreditsReport) -> None:
    """Each rule with its source: a line each, or in full with --explain."""
    from carboncalc.render import tablekit as tk

    against = "the counterfactual baseline" if report.baseline == "counterfactual" else (
        "the project's baseline")  # fmt: skip
    by = {"projection": "projection year", "calendar": "calendar year (split by days)",
          "monitoring": "monitoring period (split by days)"}[report.vintages]  # fmt: skip
    tk.plain(console, tk.indented(
        f"Credits against {against}, by {by}, t CO2e. Rule set {report.rule_set.name} "
        f"({report.rule_set.label}); --rules NAME chooses another (fcpf, vcs, art-trees)"
        + ("" if report.explain else "; --explain gives each rule's source in full") + ":",
        0, console))  # fmt: skip
    rules = [
        (f"leakage {rounded(report.leakage.pct)} %", report.leakage.how),
        (f"uncertainty deduction {rounded(report.uncertainty.pct)} %", report.uncertainty.how),
        (f"buffer {rounded(report.buffer.pct)} %", report.buffer.how),
        *((f"{what}: {rule}", source) for what, rule, source in report.rule_set.other_rules),
    ]
    if not report.explain:
        width = max(console.width, 40) - 2
        for name, how in rules:
            tk.plain(console, "  " + tk.shortened(f"{name}: {citations(how)}", width))
        return
    tk.plain(console, "\n".join(tk.indented(f"{name}: {how}", 2, console) for name, how in rules))
    if report.rule_set.buffer_base == "stock_change":
        tk.plain(console, tk.indented(buffer_base_note(report), 2, console))


def citations(how: str) -> str:
    """A rule's sources in short: the first clause of each [bracketed citation] (where the text
    has none, its first clause), and ASSUMPTION where the rule is one."""
    found, depth, start = [], 0, 0
    for i, ch in enumerate(how):
        if ch == "[":
            depth, start = depth + 1, (i + 1 if depth == 0 else start)
        elif ch == "]" and depth:
            depth -= 1
            if depth == 0:
                found.append(how[start:i].split("; ")[0])
    short = "; ".join(f for f in found if f != "ASSUMPTION") or how.split("; ")[0]
    return short + (" [ASSUMPTION]" if "ASSUMPTION" in how and "ASSUMPTION" not in short else "")


def credits_table(report: CreditsReport) -> None:
    """The waterfall by vintage with each rule's source; the counterfactual; the value."""
    from carboncalc.render import tablekit as tk

    loaded, w = report.loaded, report.waterfall
    ratio = report.over_crediting_ratio
    fields = ["gross_tco2e", "leakage_tco2e", "uncertainty_tco2e", "net_tco2e", "buffer_tco2e"]
    console = tk.make_console()
    tk.print_header(console, loaded)
    tk.print_answer(console, credits_answer(report))
    deduction = deduction_note(report)
    if deduction:
        tk.plain(console, tk.indented(deduction, 0, console))
    carried = any(v.eligible_tco2e != v.gross_tco2e for v in w.vintages)
    if carried:  # deductions are taken from what lies above the shortfall: show it
        fields.insert(1, "eligible_tco2e")
    per_year = w.uncertainty_fractions is not None  # each vintage's own deduction: show it
    table = tk.make_table(
        "Credit waterfall by vintage",
        [("vintage", "r"), ("gross", "r"), *([("eligible", "r")] if carried else []),
         ("-leakage", "r"), *([("unc%", "r")] if per_year else []), ("-uncert.", "r"),
         ("net", "r"), ("-buffer", "r"), ("credits", "r")],
        caption=tk.overrides_caption(loaded),
    )  # fmt: skip
    at = fields.index("uncertainty_tco2e")
    for v, pct in zip(w.vintages, w.uncertainty_pct_by_vintage, strict=True):
        cells = [tonnes(getattr(v, f)) for f in fields]
        if per_year:
            cells.insert(at, f"{pct:.2f}")
        # a monitoring period's dates one above the other: the table fits 80 columns
        table.add_row(v.name.replace(" to ", " to\n"), *cells, f"{v.credits:,}")
    table.add_section()
    blank = [""] * (len(fields) + per_year)
    totals = [tonnes(w.total(f)) for f in fields]
    if per_year:
        totals.insert(at, "")
    if w.unbacked_credits:
        table.add_row("issued", *totals, f"{w.issued:,}")
        table.add_row("unbacked", *blank, f"-{w.unbacked_credits:,}")
    table.add_row("total", *totals if not w.unbacked_credits else blank, f"{w.credits:,}",
                  style="bold")  # fmt: skip
    tk.print_table(console, table)
    _print_rules(console, report)
    above = eligible_note(w)
    if above:
        tk.plain(console, tk.indented(above, 0, console))
    if any(v.reversal_tco2e or v.shortfall_tco2e for v in w.vintages):
        account = tk.make_table(
            "Buffer account and shortfall by vintage, t CO2e",
            [("vintage", "r"), ("gross", "r"), ("deposited", "r"), ("cancelled", "r"),
             ("balance", "r"), ("to make good", "r"),
             ("by pool to date" if report.rule_set.buffer_account == "pooled"
              else "unbacked to date", "r")],
        )  # fmt: skip
        for v in w.vintages:
            pooled = report.rule_set.buffer_account == "pooled"
            last = v.pool_covered_tco2e if pooled else v.unbacked_tco2e
            account.add_row(v.name, *(tonnes(x) for x in (
                v.gross_tco2e, v.buffer_tco2e, v.buffer_cancelled_tco2e, v.buffer_balance_tco2e,
                v.shortfall_tco2e, last)))  # fmt: skip
        tk.print_table(console, account)
    for note in account_notes(w):
        tk.plain(console, tk.indented(note, 0, console))
    if report.claimed is not None and report.supported is not None:
        d = loaded.inputs.deforestation
        cf = d.counterfactual if d is not None else None
        whole = cf is not None and len(cf.rates) == 1 and cf.rates[0].first_year is None
        one = cf.rates[0] if cf is not None and whole else None  # a `rate:`, not `rates:`
        where = loaded.provenance.citation("deforestation.counterfactual.rate")
        what = (
            d.counterfactual_source if d is not None and d.counterfactual_source is not None
            else f"{one.rate.central:g} {one.unit}, [{where}]" if one is not None
            else "its rates by period" if cf is not None and cf.rates
            else "its observed forest loss"
        )  # fmt: skip
        if not report.explain:  # the verdict led the output: here the figures and the source
            text = (f"Against the counterfactual: {report.supported.credits:,} credits supported, "
                    f"{report.claimed.credits:,} against the project's baseline"
                    f"{deductions(report)}. The counterfactual: "
                    f"{tk.shortened(what, 2 * max(console.width, 40) - 30)}")  # fmt: skip
            tk.plain(console, tk.indented(text, 0, console))
        text = (
            f"Against the counterfactual ({what}): {report.supported.credits:,} credits "
            f"supported, {report.claimed.credits:,} against the project's baseline"
            f"{deductions(report)}; "
        )
        if report.same_baseline:
            text += NO_TEST + "."
        elif ratio is not None:
            text += f"over-crediting ratio {ratio:.2f} (claimed / supported)."
        elif report.claimed.credits > 0:
            text += "the counterfactual supports no credits: every claimed credit is over-credited."
        else:
            text += "neither baseline gives credits."
        if report.explain:
            tk.plain(console, tk.indented(text, 0, console))
    if report.ledger is not None:
        check = report.ledger
        against = "the counterfactual" if report.baseline == "counterfactual" else (
            "the project's baseline")  # fmt: skip
        book = tk.make_table(
            f"Ledger against the credits computed by calendar year, against {against}",
            [("vintage", "r"), ("issued", "r"), ("retired", "r"), ("cancelled", "r"),
             ("active", "r"), ("computed", "r"), ("excess", "r")],
            caption=f"Ledger: [{report.loaded.inputs.credits.ledger_source or 'no source'}]",  # type: ignore[union-attr]
        )  # fmt: skip
        for r in check.rows:
            line = r.line
            counts = (line.issued, line.retired, line.cancelled, line.active)
            computed = "-" if r.computed is None else f"{r.computed:,}"
            book.add_row(str(line.vintage), *(f"{n:,}" for n in counts), computed,
                         f"{r.excess:,}")  # fmt: skip
        tk.print_table(console, book)
        tk.plain(console, tk.indented(ledger_verdict(report), 0, console))
    if report.revenue:
        money = tk.make_table(
            "Revenue by vintage, USD",
            [("vintage", "r")]
            + [(f"{r.case} ({r.price_usd_per_tco2e:g} USD/t)", "r") for r in report.revenue],
        )
        for i, v in enumerate(w.vintages):
            money.add_row(v.name, *(tonnes(r.by_vintage_usd[i][1]) for r in report.revenue))
        money.add_section()
        money.add_row("total", *(tonnes(r.revenue_usd) for r in report.revenue), style="bold")
        if any(r.present_value_usd is not None for r in report.revenue):
            money.add_row("present value", *(tonnes(r.present_value_usd) for r in report.revenue))
        tk.print_table(console, money)


def credits_section(report: CreditsReport, *, charts: bool) -> list[Block]:
    """The waterfall's totals in the body; the rules with their sources in the methods; the
    waterfall by vintage, the buffer account and the counterfactual's in the appendix."""
    from carboncalc.render.documentkit import Block, chart_block, placed, record_columns, svg_of

    rec = credits_record(report)
    credits: Callable[[Any], str] = "{:,}".format
    # where the rule set takes the deduction per year, each vintage's own, as `credits` shows it
    per_year = report.waterfall.uncertainty_fractions is not None
    each: list[tuple[str, str, Callable[[Any], str]]] = [
        ("uncertainty_pct", "uncertainty %", "{:.2f}".format)] if per_year else []  # fmt: skip
    columns: list[tuple[str, str, Callable[[Any], str]]] = [
        ("label", "vintage", str), ("gross_tco2e", "gross", tonnes),
        ("leakage_tco2e", "leakage", tonnes), *each, ("uncertainty_tco2e", "uncertainty", tonnes),
        ("net_tco2e", "net", tonnes), ("buffer_tco2e", "buffer", tonnes),
        ("credits", "credits", credits),
    ]  # fmt: skip
    header, rows = record_columns(rec, columns)
    totals = rec.body["totals"]
    total = ("total", *(show(totals[name]) if name in totals else ""
                        for name, _, show in columns[1:]))  # fmt: skip
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
    kind = "each vintage's own" if per_year else f"{report.uncertainty.pct:.3g} %"
    steps = [("avoided emissions", "", tonnes(totals["gross_tco2e"]))]
    if abs(totals["eligible_tco2e"] - totals["gross_tco2e"]) > 0.5:
        steps.append(("eligible (after earlier shortfalls)", "", tonnes(totals["eligible_tco2e"])))
    steps += [
        ("less leakage", f"{report.leakage.pct:.3g} %", tonnes(-totals["leakage_tco2e"])),
        ("less the uncertainty deduction", kind, tonnes(-totals["uncertainty_tco2e"])),
        ("net emission reductions", "", tonnes(totals["net_tco2e"])),
        ("less the buffer", f"{report.buffer.pct:.3g} %", tonnes(-totals["buffer_tco2e"])),
    ]
    if w.unbacked_credits:
        steps += [("issued", "", f"{w.issued:,}"), ("unbacked", "", f"-{w.unbacked_credits:,}")]
    steps.append(("credits", "", f"{w.credits:,}"))  # fmt: skip
    out = [Block("h2", "From avoided emissions to credits"),
           Block("p", f"Under the {report.rule_set.label} rules as carboncalc applies them "
                      "(each rule and its publication: Methods). Credits are whole tonnes of "
                      "CO2e, rounded down vintage by vintage."),
           Block("table", header=("step", "rate", "t CO2e"), rows=tuple(steps),
                 marks=("",) * (len(steps) - 1) + ("total",))]  # fmt: skip
    if report.revenue:
        out.append(Block("p", "Value: " + "; ".join(
            f"at {r.price_usd_per_tco2e:g} USD/t CO2e"
            + (f" ({r.case})" if len(report.revenue) > 1 else "")
            + f", {tonnes(r.revenue_usd)} USD"
            + (f", present value {tonnes(r.present_value_usd)} USD"
               if r.present_value_usd is not None else "")
            for r in report.revenue) + "."))  # fmt: skip
    methods = [Block("h3", f"Credit rules: {report.rule_set.label}"),
               Block("p", f"Rule set {report.rule_set.name}; each rule with the publication it "
                          "follows and how carboncalc reads it."),
               Block("table", header=("rule", "value", "source and how"),
                     rows=tuple(rules))]  # fmt: skip
    table = [Block("h3", "Credits by vintage, t CO2e"),
             Block("table", header=header, rows=(*rows, *ends),
                   marks=("",) * len(rows) + ("total",) * len(ends))]  # fmt: skip
    above = eligible_note(w)
    table += [Block("p", note) for note in ([above] if above else []) + account_notes(w)]
    if charts:
        from carboncalc.render.plot import credits_plot

        bars = [(v.name, float(v.credits)) for v in w.vintages]
        svg = svg_of(credits_plot, report, "Credits and buffer by vintage, t CO2e")
        table.append(chart_block(bar_chart("Credits by vintage", bars), svg))
    if report.claimed is not None and report.supported is not None:
        ratio = report.over_crediting_ratio
        verdict = (NO_TEST + "." if report.same_baseline
                   else f"over-crediting ratio {ratio:.2f}." if ratio is not None
                   else "the counterfactual supports no credits.")  # fmt: skip
        supported, claimed = report.supported.credits, report.claimed.credits
        text = (f"Against the counterfactual: {supported:,} credits supported, "
                f"{claimed:,} claimed{deductions(report)}; " if not report.same_baseline
                else "Against the counterfactual: ")  # fmt: skip
        table.append(Block("p", f"{text}{verdict}"))
    return out + placed(methods, "methods") + placed(table, "appendix")


def deductions(report: CreditsReport) -> str:
    """The two waterfalls' uncertainty deductions, where they differ (each is from the Monte
    Carlo against its own baseline)."""
    assert report.claimed is not None and report.supported is not None
    claimed = report.claimed.uncertainty_fraction * PERCENT
    supported = report.supported.uncertainty_fraction * PERCENT
    if claimed == supported:
        return ""
    return (f" (uncertainty deductions {supported:.1f} % and {claimed:.1f} %, each from the "
            "Monte Carlo against its own baseline)")  # fmt: skip
