"""``carboncalc check``: every published claim of every file with its verdict; as a record (JSON,
CSV), a table, the claims section of the report, and :class:`CheckWriter`, which writes a
folder's results file by file as they come."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from carboncalc.render.numbers import pct, sig, tonnes
from carboncalc.render.recordkit import ListStream, Record, claims

if TYPE_CHECKING:
    from carboncalc.render.documentkit import Block
    from carboncalc.render.recordkit import Format
    from carboncalc.render.tablekit import Console
    from carboncalc.reports.check import CheckReport, CheckResult


CHECK_KEYS = ["claim", "case", "claimed", "derived", "unit", "difference_pct", "tolerance_pct",
              "verdict"]  # fmt: skip


def check_record(result: CheckReport) -> Record:
    body = {
        "projects": [check_project(r) for r in result.results],
        "summary": result.summary(),
        "exit_code": result.exit_code,
    }
    rows = [row for r in result.results for row in check_rows(r)]
    return Record("check", None, body, ["project", *CHECK_KEYS], rows)


def check_project(r: CheckResult) -> dict[str, Any]:
    """One file's part of ``check``'s JSON document."""
    c = r.counterfactual
    beside = None if c is None else {
        "source": c.source, "first_year": c.first_year, "last_year": c.last_year,
        "baseline_avoided_tco2e": c.baseline_avoided_tco2e,
        "counterfactual_avoided_tco2e": c.counterfactual_avoided_tco2e, "ratio": c.ratio,
    }  # fmt: skip
    return {"project": r.project, "file": r.file, "valid": not r.problems,
            "problems": list(r.problems), "claims": claims(r.claims),
            "counterfactual": beside}  # fmt: skip


def check_rows(r: CheckResult) -> list[list[Any]]:
    """One file's rows of ``check``'s CSV table."""
    return [[r.project, *(c[k] for k in CHECK_KEYS)] for c in claims(r.claims)]


VERDICT_WORDS = {"holds": "hold", "fails": "fail", "unchecked": "unchecked"}


def check_table(report: CheckReport) -> None:
    """Every claim of every file with its verdict; what each claim implies."""
    from carboncalc.render import tablekit as tk

    console = tk.make_console()
    for r in report.results:
        print_check_result(console, r)
    print_check_summary(console, report.summary(), report.exit_code)


def print_check_result(console: Console, r: CheckResult) -> None:
    """One file of ``check``: its claims with their verdicts, or why it is invalid; and the
    claimed baseline beside the counterfactual, where there is one."""
    from carboncalc.render import tablekit as tk

    if r.problems:
        n = len(r.problems)
        tk.plain(console, f"{r.project}: INVALID ({n} problem{'s' * (n != 1)}, on stderr)", "bold")
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
        tk.plain(console, tk.indented(text, 0, console))


def _print_check_claims(console: Console, r: CheckResult) -> None:
    from carboncalc.render import tablekit as tk

    counts = ", ".join(
        f"{r.count(v)} {VERDICT_WORDS[v]}" for v in ("holds", "fails", "unchecked") if r.count(v)
    )
    if not r.claims:
        tk.plain(console, f"{r.project}: no published claims to check", "bold")
        return
    plural = "s" if len(r.claims) != 1 else ""
    table = tk.make_table(
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
    tk.print_table(console, table)
    lines = []
    for c in r.claims:
        parts = [c.how] + [f"{i.what}: {sig(i.value)} {i.unit}" for i in c.implied]
        if c.assumptions and c.verdict != "holds":
            parts.append("rests on assumed inputs: " + ", ".join(c.assumptions))
        lines.append(tk.indented(f"{c.claim_id} ({c.case}): " + "; ".join(parts), 2, console))
    tk.plain(console, "\n".join(dict.fromkeys(lines)))


def print_check_summary(console: Console, summary: dict[str, int], exit_code: int) -> None:
    from carboncalc.render import tablekit as tk

    invalid = summary["invalid_files"]
    tk.plain(
        console,
        f"{summary['holds']} hold, {summary['fails']} fail, {summary['unchecked']} unchecked"
        + (f", {invalid} invalid file{'s' * (invalid != 1)}" if invalid else "")
        + f" (exit {exit_code})",
        "bold",
    )


def claims_section(check: CheckResult, *, charts: bool) -> list[Block]:
    """The verdicts' table, the report's first section after its summary: each published
    figure, carboncalc's, the difference against the claim's tolerance, the verdict and, where
    a Monte Carlo gave one, carboncalc's 90 % interval and whether the claim lies within it."""
    from carboncalc.render.documentkit import Block
    from carboncalc.render.prose import about

    if not check.claims:
        return []  # no empty section
    spread = any(c.interval is not None for c in check.claims)
    rows, marks = [], []
    for c in check.claims:
        derived = c.derived_as_published
        shown = "-" if derived is None else sig(derived)
        row = [c.claim_id + ("" if c.case == "central" else f" ({c.case})"),
               sig(c.claimed_as_published), shown, c.published_unit, pct(c.difference_pct),
               f"±{c.tolerance_pct:.2f} %", c.verdict.upper()]  # fmt: skip
        if spread:
            low, high = (None, None) if c.interval is None else (x / c.scale for x in c.interval)
            row.append("-" if low is None or high is None else
                       f"{about(low, 2)}-{about(high, 2)} "
                       f"({'within' if c.within_interval else 'outside'})")  # fmt: skip
        rows.append(tuple(row))
        marks.append("" if c.verdict == "holds" else "fail")
    header = ("claim", "published", "carboncalc", "unit", "difference", "tolerance", "verdict",
              *(("carboncalc's 90 % interval",) if spread else ()))  # fmt: skip
    return [Block("table", header=header, rows=tuple(rows), marks=tuple(marks))]


class CheckWriter:
    """``check``'s output written file by file as the results come (issue 13: a folder of
    100,000 files is checked without holding every result), the same as the whole report's
    output would be."""

    def __init__(self, fmt: Format) -> None:
        self.fmt = fmt
        if fmt == "table":
            from carboncalc.render import tablekit as tk

            self.console = tk.make_console()
        else:
            self.stream = ListStream(fmt, "check", "projects", ["project", *CHECK_KEYS])

    def add(self, result: CheckResult) -> None:
        if self.fmt == "table":
            print_check_result(self.console, result)
        else:
            self.stream.add(check_project(result), check_rows(result))

    def close(self, summary: dict[str, int], exit_code: int) -> None:
        if self.fmt == "table":
            print_check_summary(self.console, summary, exit_code)
        else:
            self.stream.close({"summary": summary, "exit_code": exit_code})
