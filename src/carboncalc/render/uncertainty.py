"""``carboncalc uncertainty`` and ``sensitivity``: Monte Carlo summaries, and the inputs ranked by
how far they move the results; each as a record (JSON, CSV), a table and a section of the
report."""

from __future__ import annotations

from typing import TYPE_CHECKING

from carboncalc.core.sampling import samples_text
from carboncalc.render.charts import tornado_chart
from carboncalc.render.numbers import dec, mass, mass_range, sig, tonnes
from carboncalc.render.recordkit import Record, rule_set
from carboncalc.units import MASS_PREFIX_T

if TYPE_CHECKING:
    from carboncalc.core.uncertainty import Summary
    from carboncalc.render.documentkit import Block
    from carboncalc.reports.credits import SensitivityReport, UncertaintyReport


def summary(s: Summary | None) -> dict[str, float | None] | None:
    if s is None:
        return None
    return {"mean": s.mean, "median": s.median, "p5": s.p5, "p95": s.p95,
            "half_width_pct": s.half_width_pct}  # fmt: skip


MONTE_CARLO_ROWS = [("stock_tco2", "stock t CO2"), ("avoided_tco2e", "avoided t CO2e"),
                    ("credits_exact_tco2e", "credits t CO2e")]  # fmt: skip


def uncertainty_record(result: UncertaintyReport) -> Record:
    mc = result.monte_carlo
    found = [(key, getattr(mc, key)) for key, _ in MONTE_CARLO_ROWS]
    rules = result.rule_set
    body = {
        "samples": mc.samples,
        "seed": mc.seed,
        # what avoided emissions are against: the file's baseline, or the counterfactual rate
        "baseline": "counterfactual" if mc.counterfactual else "project",
        "rule_set": None if rules is None else rule_set(rules),
        "uncertain_inputs": list(mc.inputs),
        **{key: summary(s) for key, s in found},
    }
    header = ["quantity", "mean", "median", "p5", "p95", "half_width_pct"]
    rows = [
        [key, s.mean, s.median, s.p5, s.p95, s.half_width_pct] for key, s in found if s is not None
    ]
    return Record("uncertainty", result.loaded, body, header, rows)


def uncertainty_table(result: UncertaintyReport) -> None:
    """Monte Carlo summaries of stock, avoided emissions and credits."""
    from carboncalc.render import tablekit as tk

    loaded, report = result.loaded, result.monte_carlo
    rows = [(key, label, getattr(report, key)) for key, label in MONTE_CARLO_ROWS]
    console = tk.make_console()
    tk.print_header(console, loaded)
    tk.plain(console, f"Monte Carlo: {samples_text(report.samples)}, seed {report.seed}; uncertain "
                    f"inputs: {', '.join(report.inputs) or 'none'}")  # fmt: skip
    if report.counterfactual:
        d = loaded.inputs.deforestation
        source = d.counterfactual_source if d is not None else None
        against = f": {source}" if source else ", the file's own"
        line = f"Avoided emissions and credits against the counterfactual rate{against}"
        tk.plain(console, tk.indented(line, 0, console))
    if result.rule_set is not None:
        tk.plain(
            console, f"Credits under rule set {result.rule_set.name} ({result.rule_set.label})"
        )
    table = tk.make_table(
        "Results over the accounting period (90 % interval: 5th to 95th percentile)",
        [("quantity", "k"), ("mean", "r"), ("median", "r"), ("5th pct", "r"), ("95th pct", "r"),
         ("half-width", "r")],
        caption=tk.overrides_caption(loaded),
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
    tk.print_table(console, table)
    if report.credits_exact_tco2e is not None:
        tk.plain(console, "Credits are after leakage, the uncertainty deduction and the buffer, "
                        "before rounding to whole credits.")  # fmt: skip


def uncertainty_section(report: UncertaintyReport, *, charts: bool) -> list[Block]:
    """How the intervals were found, in the methods; the Monte Carlo's summaries, in the
    appendix (the intervals themselves are in the summary and the key figures)."""
    from carboncalc.render.documentkit import Block, placed
    from carboncalc.render.prose import input_words

    mc = report.monte_carlo
    rows = []
    for key, label in MONTE_CARLO_ROWS:
        summary = getattr(mc, key)
        if summary is not None:
            half = summary.half_width_pct
            rows.append((label, tonnes(summary.mean), tonnes(summary.p5), tonnes(summary.p95),
                         "-" if half is None else f"{half:.1f} %"))  # fmt: skip
    drawn = ", ".join(input_words(q) for q in mc.inputs)
    methods = [Block("h3", "Uncertainty"),
               Block("p", f"Each 90 % interval runs from the 5th to the 95th percentile of a Monte "
                          f"Carlo: {samples_text(mc.samples)}, seed {mc.seed}, each drawing every "
                          f"input given with a range ({drawn}) and computing stock, avoided "
                          "emissions and credits again. Inputs without a range are held at "
                          "their values, so the intervals do not cover them.")]  # fmt: skip
    table = [Block("h3", "Monte Carlo results"),
             Block("table", header=("quantity", "mean", "5th pct", "95th pct", "half-width"),
                   rows=tuple(rows))]  # fmt: skip
    return placed(methods, "methods") + placed(table, "appendix")


SWING_KEYS = ["input", "low_value", "high_value", "avoided_low_tco2e", "avoided_high_tco2e",
              "credits_low", "credits_high"]  # fmt: skip


def sensitivity_record(result: SensitivityReport) -> Record:
    t = result.tornado
    body = {
        "pct": t.pct,
        "rule_set": None if result.rule_set is None else rule_set(result.rule_set),
        "base": {"avoided_tco2e": t.base_avoided_tco2e, "credits": t.base_credits},
        "inputs": [
            {
                "input": s.input,
                "low_value": s.low_value,
                "high_value": s.high_value,
                "avoided_low_tco2e": s.avoided_low_tco2e,
                "avoided_high_tco2e": s.avoided_high_tco2e,
                "avoided_swing_tco2e": s.avoided_swing_tco2e,
                "credits_low": s.credits_low,
                "credits_high": s.credits_high,
                "credits_swing": s.credits_swing,
            }
            for s in t.swings
        ],
    }
    rows = [[getattr(s, k) for k in SWING_KEYS] for s in t.swings]
    return Record("sensitivity", result.loaded, body, SWING_KEYS, rows)


def sensitivity_table(result: SensitivityReport) -> None:
    """Inputs ranked by how far they move avoided emissions and credits; tornado bars."""
    from carboncalc.render import tablekit as tk
    from carboncalc.render.prose import input_words

    loaded, report = result.loaded, result.tornado
    console = tk.make_console()
    tk.print_header(console, loaded)
    how = (f"every input at its central value -/+ {report.pct:g} %" if report.pct is not None
           else "each uncertain input at its low and high value")  # fmt: skip
    if not report.swings:
        tk.plain(console, "No uncertain inputs: give ranges or sds, or use --pct P.")
        return
    top = max(report.swings, key=lambda s: s.avoided_swing_tco2e)
    answer = [f"What moves avoided emissions most: {input_words(top.input)}, from "
              f"{sig(top.low_value)} to {sig(top.high_value)}: "
              f"{mass_range(top.avoided_low_tco2e, top.avoided_high_tco2e, 'CO2e')} "
              f"(base {mass(report.base_avoided_tco2e, 'CO2e')})."]  # fmt: skip
    if report.base_credits is not None:
        most = max(report.swings, key=lambda s: s.credits_swing or 0)
        if most.credits_swing:
            answer.append(f"What moves credits most: {input_words(most.input)}, "
                          f"{most.credits_low or 0:,} to {most.credits_high or 0:,} "
                          f"(base {report.base_credits:,}).")  # fmt: skip
    tk.print_answer(console, answer)
    if result.rule_set is not None:
        rules = result.rule_set
        tk.plain(console, f"Credits under rule set {rules.name} ({rules.label}), "
                          "at the base case's uncertainty deduction")  # fmt: skip
    table = tk.make_table(
        f"Sensitivity: {how}, the others central",
        [("input", "l"), ("low", "r"), ("high", "r"), ("avoided range t", "r"),
         ("credits range", "r")],
        caption=tk.overrides_caption(loaded),
    )  # fmt: skip
    fields = "Fields, for --set: " + ", ".join(
        f"{input_words(s.input)} = {s.input}" for s in report.swings)  # fmt: skip
    for s in report.swings:
        table.add_row(input_words(s.input), sig(s.low_value), sig(s.high_value),
                      tonnes(s.avoided_swing_tco2e),
                      "-" if s.credits_swing is None else f"{s.credits_swing:,}")  # fmt: skip
    tk.print_table(console, table)
    tk.plain(console, tk.indented(fields, 0, console))
    width = min(console.width, 100)
    bars = [
        (input_words(s.input), s.avoided_low_tco2e, s.avoided_high_tco2e) for s in report.swings
    ]
    tk.plain(console, tornado_chart(
        f"Avoided emissions, t CO2e (base {tonnes(report.base_avoided_tco2e)}):",
        report.base_avoided_tco2e, bars, width=width))  # fmt: skip
    if report.base_credits is not None:
        credit_bars = [(input_words(s.input), float(s.credits_low or 0), float(s.credits_high or 0))
                       for s in report.swings]  # fmt: skip
        tk.plain(console, tornado_chart(f"Credits (base {report.base_credits:,}):",
                                      report.base_credits, credit_bars, width=width))  # fmt: skip


def sensitivity_section(report: SensitivityReport, *, charts: bool) -> list[Block]:
    """The inputs that move the answer most, largest first, each named in words with its low
    and high value, the results at each and whether it is an assumption; and the tornado of
    avoided emissions. Nothing where no input has a range."""
    from carboncalc.render.documentkit import Block, chart_block, svg_of
    from carboncalc.render.inputs import input_rows
    from carboncalc.render.prose import input_words, mass, mass_pair

    t = report.tornado
    if not t.swings:
        return []
    given = {r.field: r for r in input_rows(report.loaded.project)}
    units = {s.input: given[s.input].unit if s.input in given else "" for s in t.swings}

    def credits(n: int | None) -> str:
        return "-" if n is None else f"{n:,}"

    rows = tuple(
        (input_words(s.input), "yes" if s.input in given and given[s.input].assumption else "",
         f"{sig(s.low_value)} {units[s.input]}".rstrip(),
         f"{sig(s.high_value)} {units[s.input]}".rstrip(),
         mass_pair(s.avoided_low_tco2e, s.avoided_high_tco2e),
         *((f"{credits(s.credits_low)} to {credits(s.credits_high)}",)
           if t.base_credits is not None else ()))
        for s in t.swings
    )  # fmt: skip
    base = f"avoided emissions {mass(t.base_avoided_tco2e)}" + (
        f", {t.base_credits:,} credits" if t.base_credits is not None else "")  # fmt: skip
    out = [Block("p", f"Each input with a range at its low and then its high value, the others "
                      f"at their central values (the base case: {base}); largest effect "
                      "first."),
           Block("table", header=("input", "assumption", "low", "high",
                                  "avoided emissions, low to high",
                                  *(("credits, low to high",) if t.base_credits is not None
                                    else ())), rows=rows)]  # fmt: skip
    moves = 1e-9 * max(abs(t.base_avoided_tco2e), 1.0)  # more than rounding does
    bars = [(input_words(s.input), s.avoided_low_tco2e, s.avoided_high_tco2e)
            for s in t.swings if s.avoided_swing_tco2e > moves]  # fmt: skip
    if not bars:  # inputs that move credits only (the buffer) have no bar
        return out
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

        svg = svg_of(tornado_plot, t, "What moves avoided emissions", units=units)
    return [*out, chart_block(text, svg)]
