"""Tables of credits, their uncertainty and their sensitivity (see :mod:`.tables`)."""

from __future__ import annotations

from carboncalc.render import records
from carboncalc.render.charts import tornado_chart
from carboncalc.render.numbers import dec, sig, tonnes
from carboncalc.render.tables import (
    indented,
    make_console,
    make_table,
    overrides_caption,
    plain,
    print_header,
    print_table,
    show,
)
from carboncalc.reports.credits import CreditsReport, SensitivityReport, UncertaintyReport
from carboncalc.units import MASS_PREFIX_T


@show.register
def _(report: CreditsReport) -> None:
    """The waterfall by vintage with each rule's source; the counterfactual; the value."""
    loaded, w = report.loaded, report.waterfall
    ratio = report.over_crediting_ratio
    fields = ["gross_tco2e", "leakage_tco2e", "uncertainty_tco2e", "net_tco2e", "buffer_tco2e"]
    console = make_console()
    print_header(console, loaded)
    against = "the counterfactual baseline" if report.baseline == "counterfactual" else (
        "the project's baseline")  # fmt: skip
    by = {"projection": "projection year", "calendar": "calendar year (split by days)",
          "monitoring": "monitoring period (split by days)"}[report.vintages]  # fmt: skip
    plain(console, f"Credits against {against}, by {by}; t CO2e; credits are whole tonnes, "
                   "rounded down")  # fmt: skip
    plain(console, f"Rule set: {report.rule_set.name} ({report.rule_set.label}); --rules NAME "
                   "chooses another (fcpf, vcs, art-trees)")  # fmt: skip
    rules = [
        f"leakage {report.leakage.pct:g} %: {report.leakage.how}",
        f"uncertainty deduction {report.uncertainty.pct:g} %: {report.uncertainty.how}",
        f"buffer {report.buffer.pct:g} %: {report.buffer.how}",
        *(f"{what}: {rule} [{source}]" for what, rule, source in report.rule_set.other_rules),
    ]
    plain(console, "\n".join(indented(r, 2, console) for r in rules))
    deduction = records.deduction_note(report)
    if deduction:
        plain(console, indented(deduction, 0, console))
    carried = any(v.eligible_tco2e < v.gross_tco2e for v in w.vintages)
    if carried:  # deductions are taken from what lies above the shortfall: show it
        fields.insert(1, "eligible_tco2e")
    table = make_table(
        "Credit waterfall by vintage",
        [("vintage", "r"), ("gross", "r"), *([("eligible", "r")] if carried else []),
         ("-leakage", "r"), ("-uncert.", "r"), ("net", "r"), ("-buffer", "r"),
         ("credits", "r")],
        caption=overrides_caption(loaded),
    )  # fmt: skip
    for v in w.vintages:
        table.add_row(v.name, *(tonnes(getattr(v, f)) for f in fields), f"{v.credits:,}")
    table.add_section()
    blank = [""] * len(fields)
    if w.unbacked_credits:
        table.add_row("issued", *(tonnes(w.total(f)) for f in fields), f"{w.issued:,}")
        table.add_row("unbacked", *blank, f"-{w.unbacked_credits:,}")
    table.add_row("total", *(tonnes(w.total(f)) for f in fields) if not w.unbacked_credits
                  else blank, f"{w.credits:,}", style="bold")  # fmt: skip
    print_table(console, table)
    if any(v.reversal_tco2e or v.shortfall_tco2e for v in w.vintages):
        account = make_table(
            "Buffer account and shortfall by vintage, t CO2e",
            [("vintage", "r"), ("gross", "r"), ("deposited", "r"), ("cancelled", "r"),
             ("balance", "r"), ("to make good", "r"), ("unbacked", "r")],
        )  # fmt: skip
        for v in w.vintages:
            account.add_row(v.name, *(tonnes(x) for x in (
                v.gross_tco2e, v.buffer_tco2e, v.buffer_cancelled_tco2e, v.buffer_balance_tco2e,
                v.shortfall_tco2e, v.unbacked_tco2e)))  # fmt: skip
        print_table(console, account)
    for note in records.account_notes(w):
        plain(console, indented(note, 0, console))
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
        text = (
            f"Against the counterfactual ({what}): {report.supported.credits:,} credits "
            f"supported, {report.claimed.credits:,} against the project's baseline; "
        )
        if ratio is not None:
            text += f"over-crediting ratio {ratio:.2f} (claimed / supported)."
        elif report.claimed.credits > 0:
            text += "the counterfactual supports no credits: every claimed credit is over-credited."
        else:
            text += "neither baseline gives credits."
        plain(console, indented(text, 0, console))
    if report.ledger is not None:
        check = report.ledger
        against = "the counterfactual" if report.baseline == "counterfactual" else (
            "the project's baseline")  # fmt: skip
        book = make_table(
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
        print_table(console, book)
        plain(console, indented(records.ledger_verdict(report), 0, console))
    if report.revenue:
        money = make_table(
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
        print_table(console, money)


@show.register
def _(result: UncertaintyReport) -> None:
    """Monte Carlo summaries of stock, avoided emissions and credits."""
    loaded, report = result.loaded, result.monte_carlo
    rows = [(key, label, getattr(report, key)) for key, label in records.MONTE_CARLO_ROWS]
    console = make_console()
    print_header(console, loaded)
    plain(console, f"Monte Carlo: {report.samples:,} samples, seed {report.seed}; uncertain "
                    f"inputs: {', '.join(report.inputs) or 'none'}")  # fmt: skip
    if result.rule_set is not None:
        plain(console, f"Credits under rule set {result.rule_set.name} ({result.rule_set.label})")
    table = make_table(
        "Results over the accounting period (90 % interval: 5th to 95th percentile)",
        [("quantity", "k"), ("mean", "r"), ("median", "r"), ("5th pct", "r"), ("95th pct", "r"),
         ("half-width", "r")],
        caption=overrides_caption(loaded),
    )  # fmt: skip
    for _, label, s in rows:
        if s is not None:
            half = s.half_width_pct
            # beyond 10^9 t, in Mt: the digits past the millions mean nothing in a spread
            mega = max(abs(s.p5), abs(s.p95), abs(s.mean)) >= 1e9
            show = (lambda x: dec(x / MASS_PREFIX_T["Mt"], 1)) if mega else tonnes
            label = label.replace(" t ", " Mt ") if mega else label
            table.add_row(label, show(s.mean), show(s.median), show(s.p5), show(s.p95),
                          "-" if half is None else f"{half:.1f} %")  # fmt: skip
    print_table(console, table)
    if report.credits_exact_tco2e is not None:
        plain(console, "Credits are after leakage, the uncertainty deduction and the buffer, "
                        "before rounding to whole credits.")  # fmt: skip


@show.register
def _(result: SensitivityReport) -> None:
    """Inputs ranked by how far they move avoided emissions and credits; tornado bars."""
    loaded, report = result.loaded, result.tornado
    console = make_console()
    print_header(console, loaded)
    how = (f"every input at its central value -/+ {report.pct:g} %" if report.pct is not None
           else "each uncertain input at its low and high value")  # fmt: skip
    if not report.swings:
        plain(console, "No uncertain inputs: give ranges or sds, or use --pct P.")
        return
    if result.rule_set is not None:
        plain(console, f"Credits under rule set {result.rule_set.name} ({result.rule_set.label}), "
                       "at the base case's uncertainty deduction")  # fmt: skip
    table = make_table(
        f"Sensitivity: {how}, the others central",
        [("input", "l"), ("low", "r"), ("high", "r"), ("avoided ± t", "r"),
         ("credits ±", "r")],
        caption=overrides_caption(loaded),
    )  # fmt: skip
    for s in report.swings:
        table.add_row(s.input, sig(s.low_value), sig(s.high_value), tonnes(s.avoided_swing_tco2e),
                      "-" if s.credits_swing is None else f"{s.credits_swing:,}")  # fmt: skip
    print_table(console, table)
    width = min(console.width, 100)
    bars = [(s.input, s.avoided_low_tco2e, s.avoided_high_tco2e) for s in report.swings]
    plain(console, tornado_chart(
        f"Avoided emissions, t CO2e (base {tonnes(report.base_avoided_tco2e)}):",
        report.base_avoided_tco2e, bars, width=width))  # fmt: skip
    if report.base_credits is not None:
        credit_bars = [(s.input, float(s.credits_low or 0), float(s.credits_high or 0))
                       for s in report.swings]  # fmt: skip
        plain(console, tornado_chart(f"Credits (base {report.base_credits:,}):",
                                      report.base_credits, credit_bars, width=width))  # fmt: skip
