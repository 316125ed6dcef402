"""Results as rich tables for people: the only module that imports rich.

Numbers are right-aligned and never cut: a table narrower than its numbers lets its lines run
long. Text from project files passes through a console that escapes control characters and takes
no markup from it (see :func:`make_console`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import singledispatch
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from carboncalc.printable import printable
from carboncalc.render import records, terminal
from carboncalc.render.charts import line_chart
from carboncalc.render.inputs import input_rows, source_text
from carboncalc.render.numbers import dec, pct, sig, tonnes
from carboncalc.reports.check import CheckReport
from carboncalc.reports.compare import CompareReport, CompareRow
from carboncalc.reports.projects import (
    EmissionsReport,
    EquivalentsReport,
    ProjectList,
    ShowReport,
    StockReport,
)
from carboncalc.units import AREA_HA, MASS_PREFIX_T, PERCENT

if TYPE_CHECKING:
    from rich.console import Console
    from rich.table import Table

    from carboncalc.core.claims import ClaimCheck
    from carboncalc.core.inputs import Provenance
    from carboncalc.files.loading import LoadedProject
    from carboncalc.files.quantities import Cited
    from carboncalc.reports.check import CheckResult
    from carboncalc.reports.rates import DidReport, RatesReport


def make_console() -> Console:
    """A console that shows text as it is: no markup, emoji codes or highlighting taken from
    it, and control characters escaped (a project file's "\\e[2J" must not clear the screen)."""
    from rich.console import Console

    class SafeConsole(Console):
        def render_str(self, text: str, **kwargs: Any) -> Any:
            return super().render_str(printable(text), **kwargs)

        def on_broken_pipe(self) -> None:
            # rich would exit 1 here; the command line ends by SIGPIPE instead, as it does for
            # JSON and CSV, so that `carboncalc stock X | head -1` behaves like other tools
            self.quiet = True
            raise BrokenPipeError

    return SafeConsole(highlight=False, markup=False, emoji=False, _environ=terminal.environ())


def make_table(title: str, columns: Sequence[tuple[str, str]], caption: str | None = None) -> Table:
    """A table: "r" numeric columns (right-aligned) and "k" identifiers (left) never wrap or
    truncate; "l" text columns wrap to fit."""
    from rich import box
    from rich.table import Table

    table = Table(
        title=title,
        caption=caption,
        title_justify="left",
        caption_justify="left",
        box=box.SIMPLE_HEAD,
        pad_edge=False,
        collapse_padding=True,
    )
    for name, kind in columns:
        if kind in ("r", "k"):
            justify: Literal["left", "right"] = "right" if kind == "r" else "left"
            table.add_column(name, justify=justify, no_wrap=True, overflow="fold")
        else:
            table.add_column(name, overflow="fold")
    return table


def print_table(console: Console, table: Table) -> None:
    """Print a table whose numeric columns are at least as wide as their widest cell."""
    for column in table.columns:
        if column.no_wrap:
            cells = [str(c) for c in column.cells] + [str(column.header)]
            column.min_width = max(len(c) for c in cells)
    # Never crop digits: in a terminal narrower than the table, let lines run long.
    needed = console.measure(table).minimum
    console.print(table, width=max(console.width, needed), crop=False)


def citation(obj: Cited) -> str:
    """Short citation: the source id, and whether the value is an assumption."""
    return ", ".join(x for x in (obj.source, "ASSUMPTION" if obj.assumption else None) if x)


def indented(text: str, indent: int, console: Console) -> str:
    """Text wrapped to the console, every line indented (continuation lines two more)."""
    import textwrap

    return textwrap.fill(
        text,
        width=max(console.width, 40),
        initial_indent=" " * indent,
        subsequent_indent=" " * (indent + 2),
        break_on_hyphens=False,
    )


def plain(console: Console, text: str, style: str | None = None) -> None:
    """Print text as it is: no markup, so "[source-id]" stays visible."""
    console.print(text, markup=False, highlight=False, style=style)


def print_header(console: Console, loaded: LoadedProject) -> None:
    plain(console, header_line(loaded), style="bold")


def print_sources(console: Console, provenance: Provenance, ids: set[str | None]) -> None:
    lines = [f"  {sid}: {text}" for sid, text in provenance.sources if sid in ids]
    if lines:
        plain(console, "Sources:\n" + "\n".join(lines))


def overrides_caption(loaded: LoadedProject) -> str | None:
    if not loaded.overrides:
        return None
    sets = ", ".join(o.text + (f" ({o.how})" if o.how else "") for o in loaded.overrides)
    what = f"Scenario {loaded.scenario}" if loaded.scenario else "What-if"
    return f"{what}: {sets} (file unchanged)"


def claims_table(provenance: Provenance, checks: Sequence[ClaimCheck], title: str) -> Table:
    """Each claim as published, carboncalc's figure in the same unit, and the difference."""
    table = make_table(
        title,
        [("claim", "k"), ("case", "k"), ("published", "r"), ("carboncalc", "r"),
         ("diff.", "r"), ("unit", "k")],
    )  # fmt: skip
    for c in checks:
        qualifier = provenance.qualifier(c.claim_id)
        published = (qualifier + " " if qualifier else "") + sig(c.claimed_as_published)
        derived = c.derived_as_published
        table.add_row(
            c.claim_id, c.case, published, "-" if derived is None else sig(derived),
            pct(c.difference_pct), c.published_unit,
        )  # fmt: skip
    return table


def print_claim_notes(console: Console, checks: Sequence[ClaimCheck]) -> None:
    """How carboncalc obtained each claim's figure, one wrapped line per claim and case."""
    notes = dict.fromkeys(f"{c.claim_id} ({c.case}): {c.how}" for c in checks)
    plain(console, "\n".join(indented(note, 2, console) for note in notes))


def header_line(loaded: LoadedProject) -> str:
    from carboncalc.files.projects import display_path

    return f"{loaded.title} ({', '.join(loaded.countries)}) - {display_path(loaded.path)}"


@singledispatch
def show(result: object) -> None:
    """Print a result as tables and text."""
    register = _LATER.pop(type(result).__module__, None)
    if register is not None:  # its tables are registered on first use (see records)
        register()
        return show(result)
    raise TypeError(f"no table for {type(result).__name__}")


def _credit_tables() -> None:
    from carboncalc.render import credit_tables  # noqa: F401 - registers its tables


def _rate_tables() -> None:
    from carboncalc.reports.rates import DidReport, RatesReport

    show.register(RatesReport, _rates_table)
    show.register(DidReport, _did_table)


def _evidence_tables() -> None:
    from carboncalc.render import evidence  # noqa: F401 - registers its record and table


# the module of some report types -> registers their tables, on first use
_LATER: dict[str, Callable[[], None]] = {
    "carboncalc.reports.credits": _credit_tables,
    "carboncalc.reports.rates": _rate_tables,
    "carboncalc.reports.evidence": _evidence_tables,
}


@show.register
def _(report: ProjectList) -> None:
    rows = report.rows
    folders = sorted({str(Path(r["file"]).parent) for r in rows})
    table = make_table(
        "Projects",
        [("project", "k"), ("area ha", "r"), ("stock t C", "r"), ("stock t CO2", "r"),
         ("name", "l")],
        caption="From " + ", ".join(folders) if folders else "No project files found",
    )  # fmt: skip
    for r in rows:
        if "error" in r:
            table.add_row(r["project"], "", "", "", f"invalid: {r['error']}", style="red")
            continue
        table.add_row(
            r["project"], tonnes(r["area_ha"]), tonnes(r["stock_tc"]), tonnes(r["stock_tco2"]),
            f"{r['name']} ({r['countries']})",
        )  # fmt: skip
    print_table(make_console(), table)


@show.register
def _(report: ShowReport) -> None:
    loaded = report.loaded
    p = loaded.project
    rows = input_rows(p)
    console = make_console()
    print_header(console, loaded)
    ident = [f"region: {p.region}" if p.region else ""]
    if p.registry:
        ident.append(f"registry: {p.registry.name} {p.registry.project_id or ''}".strip())
    if p.methodology:
        ident.append(f"methodology: {p.methodology}")
    if p.period:
        ident.append(f"period: {p.period.start} + {p.period.length_yr} yr")
    plain(console, "  ".join(i for i in ident if i))
    inputs, facts = [], []
    for r in rows:
        source = ", ".join(x for x in (r.source_id, "ASSUMPTION" if r.assumption else "") if x)
        if r.field.startswith("note: "):
            fact = f"{r.value} {r.unit}: {r.field.removeprefix('note: ')} [{source}]"
            facts.append(indented(fact, 2, console))
            continue
        line = f"{r.field} = {r.value} {r.unit}".rstrip() + f"  [{source}]"
        inputs.append(indented(line, 2, console))
        if r.note:
            inputs.append(indented(r.note, 6, console))
    plain(console, "Inputs (field = value unit  [source]; the note below it, if any):")
    plain(console, "\n".join(inputs))
    d = loaded.inputs.deforestation
    if d is not None and d.counterfactual_source is not None:
        text = f"Counterfactual, not in the file: {d.counterfactual_source}"
        plain(console, indented(text, 0, console))
    if loaded.overrides:
        plain(console, overrides_caption(loaded) or "")
    if facts:
        plain(console, "Other published facts:\n" + "\n".join(facts))
    src = make_table("Sources", [("id", "k"), ("source", "l")])
    for sid, s in p.sources.items():
        details = "; ".join(x for x in (s.url, s.note) if x)
        src.add_row(sid, source_text(p, sid) + (f". {details}" if details else ""))
    print_table(console, src)


@show.register
def _(report: StockReport) -> None:
    loaded, s = report.loaded, report.stock
    console = make_console()
    inputs, cited = loaded.inputs, loaded.provenance
    print_header(console, loaded)
    areas = (
        ("Area", "area", inputs.area, inputs.area_unit),
        ("Forest at the start", "forest_area", inputs.forest_area, inputs.forest_area_unit),
    )
    for label, path, area, unit in areas:  # fmt: skip
        if area is not None and unit is not None:
            ha = area.central * AREA_HA[unit]
            as_given = "" if unit == "ha" else f" = {sig(area.central)} {unit}"
            plain(console, f"{label}: {dec(ha, 1)} ha{as_given} [{cited.citation(path)}]")
    if inputs.forest_area is not None:
        plain(console, "Stock and clearing are over the forest.")
    table = make_table(
        "Carbon stock",
        [("pool", "k"), ("t C/ha", "r"), ("t CO2/ha", "r"), ("t C", "r"), ("t CO2", "r")],
        caption=overrides_caption(loaded),
    )
    notes = []
    pools = {p.name: p for p in inputs.pools}
    origins = []  # where each pool's figure comes from: its ratio, or the pool itself
    for ps in s.pools:
        ratio = pools[ps.pool].root_to_shoot is not None
        origin = f"carbon.pools.{ps.pool}" + (".root_to_shoot" if ratio else "")
        origins.append(origin)
        table.add_row(
            ps.pool, dec(ps.density_tc_per_ha), dec(ps.density_tco2_per_ha), tonnes(ps.stock_tc),
            tonnes(ps.stock_tco2),
        )  # fmt: skip
        notes.append(f"  {ps.pool}: {ps.how} [{cited.citation(origin)}]")
    table.add_section()
    table.add_row(
        "total", dec(s.density_tc_per_ha), dec(s.density_tco2_per_ha), tonnes(s.stock_tc),
        tonnes(s.stock_tco2), style="bold",
    )  # fmt: skip
    print_table(console, table)
    plain(console, "\n".join(notes))
    paths = ["area", *origins, *(f"fossil_reserves.{i}" for i in range(len(inputs.fossil)))]
    print_sources(console, cited, {cited.source_of(path) for path in paths})
    if report.fossil:
        fossil = make_table(
            f"Fossil reserves kept in the ground (factors {report.factors_version})",
            [("reserve", "l"), ("as given", "r"), ("t CO2", "r"), ("= barrels of oil", "r")],
        )
        for f in report.fossil:
            fossil.add_row(
                f.description, f"{sig(f.quantity)} {f.unit}", tonnes(f.tco2), tonnes(f.barrels_oil)
            )
        print_table(console, fossil)
        barrel = report.fossil[0].barrel_tco2_per_bbl
        lines = [
            f"  {f.description}: "
            + (
                "given in CO2"
                if f.kind == "co2"
                else f"{f.factor_tco2_per_unit:g} t CO2/{f.unit} ({f.factor_from})"
            )
            for f in report.fossil
        ]
        lines.append(
            f"  barrels of oil at {barrel:g} t CO2/barrel (factors {report.factors_version})"
        )
        plain(console, "\n".join(lines))
    if report.claims:
        print_table(console, claims_table(loaded.provenance, report.claims, "Published claims"))
        print_claim_notes(console, report.claims)


@show.register
def _(report: EmissionsReport) -> None:
    loaded, res = report.loaded, report.result
    years = records.years(report)
    totals = records.emission_totals(report)
    console = make_console()
    print_header(console, loaded)
    over_years = "".join(f"; {dec(d.tco2e_per_ha)} over {d.years} years" for d in res.decays)
    fire = (f"; {dec(res.non_co2_tco2e_per_ha)} of CH4 and N2O from burning"
            if res.non_co2_tco2e_per_ha else "")  # fmt: skip
    how = (f" ({dec(res.ef_at_once_tco2e_per_ha)} CO2 at once{over_years}{fire}: emissions in "
           "a year include the decay of earlier clearing)" if res.decays else
           f" ({dec(res.ef_at_once_tco2e_per_ha)} CO2{fire})" if fire else "")  # fmt: skip
    d = loaded.inputs.deforestation
    if d is not None and d.burning is not None:
        plain(console, indented(f"Burning: {d.burning.how}", 0, console))
    plain(
        console,
        f"Emission factor: {dec(res.ef_tco2e_per_ha)} t CO2e per ha cleared{how}; "
        f"case: {report.case} (every input at its {report.case} value)\n"
        "ha = forest cleared, t = t CO2e emitted; base = baseline, proj. = with the project",
    )
    observed = any("observed" in (y["baseline_data"], y["project_data"]) for y in years)
    table = make_table(
        f"Deforestation and emissions, {res.first_year}-{res.last_year} "
        "(year = projection year starting in it)",
        [("year", "r"), ("base ha", "r"), ("proj. ha", "r"), ("base t", "r"),
         ("proj. t", "r"), ("avoided t", "r"), ("cumul. t", "r"),
         *([("observed", "k")] if observed else [])],
        caption=overrides_caption(loaded),
    )  # fmt: skip
    for y in years:
        seen = [who for who, key in (("base", "baseline_data"), ("proj.", "project_data"))
                if y[key] == "observed"]  # fmt: skip
        table.add_row(
            str(y["year"]), dec(y["baseline_cleared_ha"], 1), dec(y["project_cleared_ha"], 1),
            tonnes(y["baseline_emissions_tco2e"]), tonnes(y["project_emissions_tco2e"]),
            tonnes(y["avoided_emissions_tco2e"]), tonnes(y["cumulative_avoided_tco2e"]),
            *(["+".join(seen) or "-"] if observed else []),
        )  # fmt: skip
    table.add_section()
    table.add_row(
        "total", dec(totals["baseline_cleared_ha"], 1),
        dec(totals["project_cleared_ha"], 1), tonnes(totals["baseline_emissions_tco2e"]),
        tonnes(totals["project_emissions_tco2e"]), tonnes(totals["avoided_emissions_tco2e"]), "",
        *([""] if observed else []), style="bold",
    )  # fmt: skip
    print_table(console, table)
    if len(report.totals_by_case) > 1:
        cases = make_table(
            "Avoided emissions by case (inputs at their low, central and high values)",
            [("case", "k"), ("avoided t CO2e", "r"), ("mean t CO2e/yr", "r"), ("t CO2e/ha", "r")],
        )
        for case, e in report.totals_by_case.items():
            cases.add_row(
                case, tonnes(e.avoided_emissions_tco2e),
                tonnes(e.mean_avoided_emissions_tco2e_per_yr), dec(e.ef_tco2e_per_ha),
            )  # fmt: skip
        print_table(console, cases)
    if report.claims:
        print_table(console, claims_table(loaded.provenance, report.claims, "Published claims"))
        print_claim_notes(console, report.claims)

    if report.chart:
        emissions_chart(report)


def emissions_chart(report: EmissionsReport) -> None:
    """Forest area and cumulative avoided emissions, baseline against project, as text."""
    console = make_console()
    res = report.result
    years = [r.year for r in res.rows]
    width = min(console.width, 100) - 16
    plain(console, line_chart(
        "Forest area, ha", years,
        [("baseline", "b", [r.baseline_forest_ha for r in res.rows]),
         ("project", "p", [r.project_forest_ha for r in res.rows])], width=width))  # fmt: skip
    plain(console, line_chart(
        "Cumulative avoided emissions, t CO2e", years,
        [("avoided", "*", res.cumulative_avoided_tco2e())], width=width))  # fmt: skip


@show.register
def _(report: EquivalentsReport) -> None:
    console = make_console()
    if report.loaded is not None:
        print_header(console, report.loaded)
    if report.rows:
        _, first = report.rows[0]
        columns = [("equivalent", "l")] + [(f"[{i}]", "r") for i in range(1, len(report.rows) + 1)]
        table = make_table(
            f"Everyday equivalents (factors {first.version_id})",
            columns,
            caption=f"Factors {first.version_id}: {first.version.label}; "
            f'{first.version.source.title}. Equivalents "for one year" count each year of the '
            "span: t CO2e / years / factor.",
        )
        for i, item in enumerate(first.items):
            table.add_row(
                f"{item.label} ({item.factor:g} {item.factor_unit})",
                *(tonnes(eqs.items[i].count) for _, eqs in report.rows),
            )
        print_table(console, table)
        plain(
            console,
            "\n".join(
                f"  [{i}] {tonnes(b.tco2e)} t CO2e, {b.what}, over {b.years} yr"
                for i, (b, _) in enumerate(report.rows, start=1)
            ),
        )
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
            print_table(console, claims_table(provenance, checks, title))
            print_claim_notes(console, checks)


VERDICT_WORDS = {"holds": "hold", "fails": "fail", "unchecked": "unchecked"}


VERDICT_WORDS = {"holds": "hold", "fails": "fail", "unchecked": "unchecked"}


@show.register
def _(report: CheckReport) -> None:
    """Every claim of every file with its verdict; what each claim implies."""
    console = make_console()
    for r in report.results:
        print_check_result(console, r)
    print_check_summary(console, report.summary(), report.exit_code)


def print_check_result(console: Console, r: CheckResult) -> None:
    """One file of ``check``: its claims with their verdicts, or why it is invalid; and the
    claimed baseline beside the counterfactual, where there is one."""
    if r.problems:
        n = len(r.problems)
        plain(console, f"{r.project}: INVALID ({n} problem{'s' * (n != 1)}, on stderr)", "bold")
        return
    _print_check_claims(console, r)
    c = r.counterfactual
    if c is not None:
        ratio = (f"{c.ratio:,.1f} times as much" if c.ratio is not None
                 else "the counterfactual supports none")  # fmt: skip
        where = f" ({c.source})" if c.source else ""
        supported = tonnes(c.counterfactual_avoided_tco2e)
        text = (
            f"{r.project}: against the counterfactual{where}, {supported} t CO2e avoided over "
            f"{c.first_year}-{c.last_year}; the claimed baseline gives "
            f"{tonnes(c.baseline_avoided_tco2e)}: {ratio}."
        )
        plain(console, indented(text, 0, console))


def _print_check_claims(console: Console, r: CheckResult) -> None:
    counts = ", ".join(
        f"{r.count(v)} {VERDICT_WORDS[v]}" for v in ("holds", "fails", "unchecked") if r.count(v)
    )
    if not r.claims:
        plain(console, f"{r.project}: no published claims to check", "bold")
        return
    plural = "s" if len(r.claims) != 1 else ""
    table = make_table(
        f"{r.project}: {len(r.claims)} claim{plural}, {counts}",
        [("claim", "k"), ("published", "r"), ("computed", "r"), ("unit", "k"),
         ("diff. ±tol.", "r"), ("verdict", "k")],
        caption="computed: carboncalc's figure from the file's inputs; diff.: (computed - "
        "published) / published, against the claim's tolerance.",
    )  # fmt: skip
    for c in r.claims:
        derived = c.derived_as_published
        table.add_row(
            c.claim_id + ("" if c.case == "central" else f" {c.case}"),
            sig(c.claimed_as_published), "-" if derived is None else sig(derived),
            c.published_unit, f"{pct(c.difference_pct)} ±{c.tolerance_pct:.2f}",
            c.verdict.upper(), style=None if c.verdict == "holds" else "bold",
        )  # fmt: skip
    print_table(console, table)
    lines = []
    for c in r.claims:
        parts = [c.how] + [f"{i.what}: {sig(i.value)} {i.unit}" for i in c.implied]
        if c.assumptions and c.verdict != "holds":
            parts.append("rests on assumed inputs: " + ", ".join(c.assumptions))
        lines.append(indented(f"{c.claim_id} ({c.case}): " + "; ".join(parts), 2, console))
    plain(console, "\n".join(dict.fromkeys(lines)))


def print_check_summary(console: Console, summary: dict[str, int], exit_code: int) -> None:
    invalid = summary["invalid_files"]
    plain(
        console,
        f"{summary['holds']} hold, {summary['fails']} fail, {summary['unchecked']} unchecked"
        + (f", {invalid} invalid file{'s' * (invalid != 1)}" if invalid else "")
        + f" (exit {exit_code})",
        "bold",
    )


def rule_sets_used(rows: Sequence[CompareRow]) -> str:
    """ " Credits under rule set vcs." (the credit rule sets of the rows, named once)."""
    names = sorted({r.rule_set for r in rows if r.rule_set is not None})
    if not names:
        return ""
    return f" Credits under rule set{'s' if len(names) > 1 else ''} {', '.join(names)}."


@show.register
def _(report: CompareReport) -> None:
    """Projects or scenarios side by side: totals over each period, then per year and per
    hectare; a portfolio's total row, which says when the periods differ."""
    from carboncalc.reports.compare import mixed_periods

    rows, total, title = report.rows, report.total, report.title
    every = [*rows, *([total] if total is not None else [])]
    mixed = mixed_periods(rows)
    totals = make_table(
        title,
        [("", "k"), ("years", "k"), ("area ha", "r"), ("stock Mt", "r"), ("avoided t", "r"),
         ("credits", "r")],
        caption=(f"Total of {len(rows)} projects" + (
            " over periods that differ: the total spans them all, not one period. "
            if mixed else ". ") if total is not None else "")
        + "Stock in Mt CO2; avoided emissions (t CO2e) and credits over each accounting "
        "period." + rule_sets_used(rows),
    )  # fmt: skip
    yearly = make_table(
        "Per year and per hectare of forest",
        [("", "k"), ("avoided t/yr", "r"), ("t/ha/yr", "r"), ("credits/yr", "r"),
         ("cars/yr", "r")],
        caption="Means over each accounting period; cars off the road at the current EPA "
        "factor." + (" The total adds each project's mean year." if total is not None else ""),
    )  # fmt: skip
    for r in every:
        if r is total:
            totals.add_section()
            yearly.add_section()
        span = "-" if r.first_year is None else f"{r.first_year}-{r.last_year}"
        style = "bold" if r is total else None
        totals.add_row(
            r.label, span, tonnes(r.area_ha), dec(r.stock_tco2 / MASS_PREFIX_T["Mt"], 1),
            tonnes(r.avoided_tco2e), "-" if r.credits is None else f"{r.credits:,}", style=style,
        )  # fmt: skip
        per_ha = r.avoided_tco2e_per_ha_per_yr
        yearly.add_row(
            r.label, tonnes(r.avoided_tco2e_per_yr), "-" if per_ha is None else dec(per_ha, 2),
            tonnes(r.credits_per_yr), tonnes(r.vehicles_per_yr), style=style,
        )  # fmt: skip
    console = make_console()
    print_table(console, totals)
    if any(r.avoided_tco2e_per_yr is not None for r in rows):
        print_table(console, yearly)
    note = records.compare_deduction_note(report)
    if note:
        plain(console, indented(note, 0, console))


def _rates_table(result: RatesReport) -> None:
    """Each interval's rates, with the formulas, and the rate a project file takes."""
    console = make_console()
    table = make_table(
        "Forest change between observed areas, %/yr (negative: forest lost)",
        [("from", "k"), ("to", "k"), ("years", "r"), ("FAO q", "r"), ("Puyravaud r", "r"),
         ("linear", "r"), ("ha/yr", "r")],
        caption="q = (A2/A1)^(1/t) - 1 (FAO 1995); r = ln(A2/A1)/t; linear = (A2 - A1)/(A1 t) "
        "(Puyravaud 2003, Forest Ecology and Management 177: 593-596).",
    )  # fmt: skip
    for i in result.intervals:
        c = i.change
        pcts = (dec(x * PERCENT, 4) for x in (c.fao_q, c.puyravaud_r, c.linear))
        table.add_row(i.start.text, i.end.text, dec(c.years, 2), *pcts, tonnes(c.ha_per_yr))
    print_table(console, table)
    whole = result.intervals[-1].change
    plain(console, indented(
        f"In a project file ({result.intervals[-1].start.text} to "
        f"{result.intervals[-1].end.text}): rate {-whole.fao_q * PERCENT:.4f} %/yr with basis: "
        f"remaining, or {-whole.linear * PERCENT:.4f} %/yr with basis: initial, or "
        f"{-whole.ha_per_yr:,.1f} ha/yr.", 0, console))  # fmt: skip


def _did_table(result: DidReport) -> None:
    """The difference in differences, step by step."""
    d, u = result.did, result.unit
    console = make_console()
    table = make_table(
        f"Difference in differences of deforestation rates, {u}",
        [("", "k"), ("before", "r"), ("after", "r"), ("change", "r")],
    )
    table.add_row("project", sig(d.project_before), sig(d.project_after), sig(d.project_change))
    table.add_row("control", sig(d.control_before), sig(d.control_after), sig(d.control_change))
    table.add_section()
    table.add_row("DiD", "", "", sig(d.did), style="bold")
    print_table(console, table)
    effect = result.effect_ha
    if effect is not None:
        plain(console, indented(
            f"DiD x area x years = {sig(d.did)} {u} x {result.area_ha:,.2f} ha x "
            f"{result.years:g} yr = {effect:,.4f} ha ("
            + ("the project lost less forest than its controls suggest)" if effect < 0 else
               "the project lost no less forest than its controls suggest: no avoided "
               "deforestation)"), 0, console))  # fmt: skip
