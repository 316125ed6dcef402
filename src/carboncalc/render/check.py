"""``carboncalc check``: every published claim of every file with its verdict; as a record (JSON,
CSV), a table, the claims section of the report, and :class:`CheckWriter`, which writes a
folder's results file by file as they come."""

from __future__ import annotations

from dataclasses import asdict
from typing import TYPE_CHECKING, Any

from carboncalc.files.placeholders import MESSAGE
from carboncalc.render.numbers import beside, share, sig
from carboncalc.render.prose import evidence_finding, input_words
from carboncalc.render.recordkit import ListStream, Record, claims

if TYPE_CHECKING:
    from carboncalc.errors import Problem
    from carboncalc.render.documentkit import Block
    from carboncalc.render.recordkit import Format
    from carboncalc.render.tablekit import Console
    from carboncalc.reports.check import CheckReport, CheckResult


CHECK_KEYS = ["claim", "case", "claimed", "derived", "unit", "difference_pct", "tolerance_pct",
              "verdict", "interval_p5", "interval_p95", "within_interval"]  # fmt: skip
# a placeholder's row: its field and line, with the verdict "placeholder"; then whether a
# claim fails as its file expects (last, so that no earlier column moved when it came)
PLACEHOLDER_KEYS = ["field", "line", "expected"]


def check_record(result: CheckReport) -> Record:
    body = {
        "projects": [check_project(r) for r in result.results],
        "summary": result.summary(),
        "exit_code": result.exit_code,
    }
    rows = [row for r in result.results for row in check_rows(r)]
    return Record("check", None, body, ["project", *CHECK_KEYS, *PLACEHOLDER_KEYS], rows)


def check_project(r: CheckResult) -> dict[str, Any]:
    """One file's part of ``check``'s JSON document."""
    c = r.counterfactual
    beside = None if c is None else {
        "source": c.source, "first_year": c.first_year, "last_year": c.last_year,
        "baseline_avoided_tco2e": c.baseline_avoided_tco2e,
        "counterfactual_avoided_tco2e": c.counterfactual_avoided_tco2e, "ratio": c.ratio,
        # over the draws of the counterfactual's uncertain rate (null: nothing uncertain)
        "counterfactual_monte_carlo_tco2e": asdict(c.interval) if c.interval else None,
    }  # fmt: skip
    return {"project": r.project, "file": r.file, "valid": not r.problems,
            "problems": [problem(p, r.file) for p in r.problems], "claims": claims(r.claims),
            "counterfactual": beside, "placeholders": [
                {"field": p.field, "file": p.path, "line": p.line, "message": MESSAGE}
                for p in r.placeholders]}  # fmt: skip


def problem(p: Problem, file: str) -> dict[str, Any]:
    """A problem of an invalid file, located for a script (null where unknown), with the line
    printed on stderr as ``text``."""
    return {"file": p.path if p.path is not None else file, "line": p.line, "column": p.column,
            "field": p.field, "message": p.message, "text": str(p)}  # fmt: skip


def check_rows(r: CheckResult) -> list[list[Any]]:
    """One file's rows of ``check``'s CSV table: its claims, then its placeholders."""
    rows = [[r.project, *(c[k] for k in CHECK_KEYS), None, None, c["expected"]]
            for c in claims(r.claims)]  # fmt: skip
    draft = [("placeholder" if k == "verdict" else None) for k in CHECK_KEYS]
    return rows + [[r.project, *draft, p.field, p.line, None] for p in r.placeholders]


VERDICT_WORDS = {"holds": "hold", "fails": "fail", "unchecked": "unchecked"}


def check_table(report: CheckReport) -> None:
    """Every claim of every file with its verdict; what each claim implies."""
    from carboncalc.render import tablekit as tk

    console = tk.make_console()
    for r in report.results:
        print_check_result(console, r)
    print_check_summary(console, report.summary(), report.exit_code)


def print_check_result(console: Console, r: CheckResult) -> None:
    """One file of ``check``, its answer first: the verdicts, the claim that fails worst and the
    counterfactual; then every claim in a table; then what each claim implies."""
    from carboncalc.render import tablekit as tk

    if r.problems:
        n = len(r.problems)
        tk.plain(console, f"{r.project}: INVALID ({n} problem{'s' * (n != 1)}, on stderr)", "bold")
        return
    _print_placeholders(console, r)  # a draft's answer: what is still to be filled in
    if not r.claims:
        tk.plain(console, f"{r.project}: no published claims to check", "bold")
    else:
        tk.print_answer(console, answer(r))
        _print_check_claims(console, r)
    c = r.counterfactual
    if c is not None and c.source:
        tk.plain(console, tk.indented(f"The counterfactual: {c.source}.", 2, console))


def check_answer(report: CheckReport) -> list[str]:
    """Each file's answer, in turn."""
    return [line for r in report.results for line in answer(r)]


def answer(r: CheckResult) -> list[str]:
    """The lines that answer first: how many claims hold and fail, the one that fails by most
    with what it would take, the others that fail in a few words, and the counterfactual."""
    from carboncalc.render import tablekit as tk

    words = {"fails": "FAIL", "holds": "HOLD", "unchecked": "UNCHECKED"}
    notes = {"fails": f" ({r.expected_fails} expected)" if r.expected_fails else "",
             "holds": f" ({r.unexpected_holds} expected to fail)" if r.unexpected_holds else "",
             "unchecked": ""}  # fmt: skip
    counts = ", ".join(f"{r.count(v)} {word}{notes[v]}" for v, word in words.items()
                       if r.count(v))  # fmt: skip
    n = len(r.claims)
    lines = [f"{r.project}: {n} published claim{'s' * (n != 1)}: {counts}"]
    lines += tk.claims_answer(r.claims, reasons=True)
    c = r.counterfactual
    if c is not None:
        whose = "Independent evidence: against the counterfactual" if c.source else (
            "Against the file's counterfactual")  # fmt: skip
        found = evidence_finding(c.counterfactual_avoided_tco2e, c.baseline_avoided_tco2e,
                                 c.interval)  # fmt: skip
        lines.append(f"{whose}, over {c.first_year}-{c.last_year} {found}.")
    return lines


def _print_placeholders(console: Console, r: CheckResult) -> None:
    """A draft's placeholders, one line each as ``file:line: field: ...`` (not wrapped, so an
    editor can go to each)."""
    from carboncalc.printable import printable
    from carboncalc.render import tablekit as tk

    n = len(r.placeholders)
    if n:
        tk.plain(console, f"{r.project}: DRAFT, {n} placeholder{'s' * (n != 1)} left", "bold")
        lines = (printable(str(p), one_line=True) for p in r.placeholders)  # a file's name as
        tk.plain(console, "\n".join(lines), soft_wrap=True)  # problems on stderr show it


def _print_check_claims(console: Console, r: CheckResult) -> None:
    from carboncalc.render import tablekit as tk

    table = tk.claims_table(None, r.claims, None)
    tk.print_table(console, table)
    lines = []
    for c in r.claims:
        parts = [c.how] + [f"{i.what}: {sig(i.value)} {i.unit}" for i in c.implied]
        if c.assumptions and c.verdict != "holds":
            parts.append("rests on assumed inputs: " + ", ".join(map(input_words, c.assumptions)))
        lines.append(tk.indented(f"{c.claim_id} ({c.case}): " + "; ".join(parts), 2, console))
    tk.plain(console, "\n".join(dict.fromkeys(lines)))


def print_check_summary(console: Console, summary: dict[str, int], exit_code: int) -> None:
    from carboncalc.render import tablekit as tk

    invalid, left, drafts = (summary[k] for k in ("invalid_files", "placeholders", "draft_files"))
    in_drafts = f" in {drafts} draft file{'s' * (drafts != 1)}"
    expected, unexpected = summary["expected_fails"], summary["unexpected_holds"]
    counts = (
        f"{summary['holds']} hold"
        + (f" ({unexpected} expected to fail: remove `expect`)" if unexpected else "")
        + f", {summary['fails']} fail"
        + (f" ({expected} expected)" if expected else "")
        + f", {summary['unchecked']} unchecked"
        + (f", {invalid} invalid file{'s' * (invalid != 1)}" if invalid else "")
        + (f", {left} placeholder{'s' * (left != 1)}{in_drafts}" if left else "")
    )
    code = f"(exit {exit_code})"  # never split across lines: a script or a reader greps for it
    fits = len(counts) + 1 + len(code) <= console.width
    tk.plain(console, f"{counts}{' ' if fits else chr(10)}{code}", "bold")


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
        shown = "-" if derived is None else beside(derived, c.claimed_as_published)
        row = [c.claim_id + ("" if c.case == "central" else f" ({c.case})"),
               sig(c.claimed_as_published), shown, c.published_unit, share(c.difference_pct),
               f"±{c.tolerance_pct:.2f} %",
               c.verdict.upper() + (" (expected)" if c.expected else "")]  # fmt: skip
        if spread:
            low, high = (None, None) if c.interval is None else (x / c.scale for x in c.interval)
            row.append("-" if low is None or high is None else
                       f"{about(low)}-{about(high)} "
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
            self.stream = ListStream(fmt, "check", "projects",
                                     ["project", *CHECK_KEYS, *PLACEHOLDER_KEYS])  # fmt: skip

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
