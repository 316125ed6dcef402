"""``carboncalc match``: a matched counterfactual as a record (JSON, CSV) and a table; the
answer first, then the years, the balance, the checks and the run's settings."""

from __future__ import annotations

from dataclasses import asdict
from typing import TYPE_CHECKING, Any

from carboncalc.render.numbers import dec
from carboncalc.render.recordkit import Record
from carboncalc.reports.matching import project_lines
from carboncalc.units import PERCENT

if TYPE_CHECKING:
    from carboncalc.core.matching import MatchedCounterfactual, Spread
    from carboncalc.reports.matching import MatchReport

CSV_KEYS = [
    "project",
    "period",
    "year",
    "project_share",
    "project_share_low",
    "project_share_high",
    "control_share",
    "control_share_low",
    "control_share_high",
    "naive_control_share",
]


def match_record(result: MatchReport) -> Record:
    body: dict[str, Any] = {
        "dataset": {"title": result.dataset.title, "citation": result.dataset.citation()},
        "projects": [
            {
                **asdict(r),
                "flagged": list(r.flagged),
                "pre_trends_differ": r.pre_trends_differ,
                "project_file_lines": project_lines(result, r),
            }
            for r in result.results
        ],
        "written": [f.path for f in result.files] if result.written else [],
        "notes": result.notes,
    }
    rows = [
        [
            r.project,
            period,
            y.year,
            y.project.mean,
            y.project.low,
            y.project.high,
            y.control.mean,
            y.control.low,
            y.control.high,
            y.naive_control,
        ]
        for r in result.results
        for period, years in (("pre", r.pre), ("post", r.post))
        for y in years
    ]
    return Record("match", None, body, CSV_KEYS, rows)


def _pct(s: Spread) -> str:
    return f"{s.mean * PERCENT:.3f} ({s.low * PERCENT:.3f} to {s.high * PERCENT:.3f})"


def _headline(r: MatchedCounterfactual) -> str:
    naive = r.naive_avoided_ha
    a = r.avoided_ha
    return (
        f"{r.project}: against matched controls, the project avoided {a.mean:,.1f} ha of forest "
        f"loss {r.start_year}-{r.last_year} (90 % interval {a.low:,.1f} to {a.high:,.1f} ha) "
        f"of its {r.project_forest_ha:,.1f} ha; against every candidate unmatched, "
        f"{naive:,.1f} ha."
    )


def match_table(result: MatchReport) -> None:
    from carboncalc.render import tablekit as tk

    console = tk.make_console()
    for r in result.results:
        tk.plain(console, _headline(r), style="bold")
        table = tk.make_table(
            "Share of the forest lost by year, % (mean over repeats, 90 % interval)",
            [
                ("year", "k"),
                ("", "k"),
                ("project", "r"),
                ("matched controls", "r"),
                ("every candidate", "r"),
            ],
        )
        for period, years in (("pre", r.pre), ("", r.post)):
            for y in years:
                table.add_row(
                    str(y.year),
                    period,
                    _pct(y.project),
                    _pct(y.control),
                    dec(y.naive_control * PERCENT, 3),
                )
        tk.print_table(console, table)
        balance = tk.make_table(
            "Covariate balance: standardised mean difference, project - controls",
            [("covariate", "k"), ("before", "r"), ("after", "r"), ("", "k")],
        )
        for b in r.balance:
            balance.add_row(
                b.name, dec(b.smd_before, 3), dec(b.smd_after, 3), "above 0.25" if b.flagged else ""
            )
        tk.print_table(console, balance)
        checks = [
            f"Matched within the caliper: {r.matched_fraction * PERCENT:.1f} % of the "
            f"sampled project pixels ({r.sample:,} a repeat, {r.candidates:,} candidates)."
        ]
        if r.did_per_yr is not None and r.pre_gap_per_yr is not None:
            checks.append(
                f"Difference in differences: {_pct(r.did_per_yr)} %/yr of the forest; before "
                f"the start, controls minus project {_pct(r.pre_gap_per_yr)} %/yr"
                + (" (pre-trends differ)." if r.pre_trends_differ else " (interval holds 0).")
            )
        else:
            checks.append(
                "No pre-period: the data begin too late for a difference in "
                "differences or a pre-trend check."
            )
        for line in checks:
            tk.plain(console, tk.indented(line, 0, console))
        files = "\n".join(f"  {f.role}: {f.name}  SHA-256 {f.sha256}" for f in r.files)
        tk.plain(console, f"Measured from:\n{files}", soft_wrap=True)
        verb = "To cite the file written, add" if result.written else "To cite it, add"
        tk.plain(
            console,
            f"{verb} to the project file (merging with its own keys):\n" + project_lines(result, r),
            soft_wrap=True,
        )
    for note in result.notes:
        tk.plain(console, tk.indented("Note: " + note, 0, console))
