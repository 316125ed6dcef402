"""``carboncalc match``: a matched counterfactual for each project, the CSV of it the project
file's counterfactual reads, and the lines that cite it with its spread.

The counterfactual written is the matched controls' yearly share of forest lost (their mean over
the repeats) applied to the project's forest at the start; its spread over the repeats enters
the project file as the series' ``scale`` (1, with the 5th and 95th percentiles of the repeats'
totals over their mean), which ``uncertainty`` and the credits' uncertainty deduction draw.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import TYPE_CHECKING, Final

if TYPE_CHECKING:
    from carboncalc.core.matching import MatchedCounterfactual
    from carboncalc.files.datasets import Dataset

CSV_DECIMALS: Final = 4  # hectares to 0.0001 ha (1 m²), half to even
METHOD_NOTE: Final = (
    "Matched on forest state (forest at the match year only), then by Mahalanobis distance "
    "over the covariates within the caliper, controls with replacement; each repeat matches a "
    "new seeded sample of the project's pixels drawn with replacement, and intervals are the "
    "5th-95th percentiles over the repeats (pixels taken as independent: neighbouring pixels "
    "are not, so the intervals are too narrow). A standardised mean difference above 0.25 "
    "after matching flags the covariate."
)


@dataclass(frozen=True)
class CounterfactualFile:
    path: str
    cited_as: str | None
    project: str
    text: str


@dataclass(frozen=True)
class MatchReport:
    results: tuple[MatchedCounterfactual, ...]
    dataset: Dataset
    files: tuple[CounterfactualFile, ...] = ()
    written: bool = False
    periods: Mapping[str, tuple[int, int] | None] = field(default_factory=dict)

    @property
    def notes(self) -> list[str]:
        found = [METHOD_NOTE]
        for r in self.results:
            if r.flagged:
                found.append(
                    f"{r.project}: balance not reached for {', '.join(r.flagged)} "
                    "(standardised mean difference above 0.25 after matching)"
                )
            if r.pre_trends_differ:
                found.append(
                    f"{r.project}: before the start, project and controls lost forest "
                    "at different rates (the 90 % interval of the gap excludes 0): the "
                    "matched controls may not stand for the project's counterfactual"
                )
            if r.constant:
                found.append(
                    f"{r.project}: left out, the same for every pixel: {', '.join(r.constant)}"
                )
        return found


def counterfactual_file(
    r: MatchedCounterfactual, folder: str, cited_from: str | None, first: int, last: int
) -> CounterfactualFile:
    name = f"{r.project}-matched-counterfactual.csv"
    cited = str(PurePosixPath(cited_from) / name) if cited_from is not None else None
    rows = [
        f"{year},{round(ha, CSV_DECIMALS):.{CSV_DECIMALS}f}"
        for year, ha in r.counterfactual_ha(first, last)
    ]
    text = "year,cleared_ha\n" + "\n".join(rows) + "\n"
    return CounterfactualFile(f"{folder.rstrip('/')}/{name}", cited, r.project, text)


def project_lines(report: MatchReport, r: MatchedCounterfactual) -> str:
    """The YAML to add to the project file: the run as a source, and the counterfactual."""
    d = report.dataset
    digests = ", ".join(
        f"{f.role} {PurePosixPath(f.name).name} SHA-256 {f.sha256[:16]}…" for f in r.files
    )
    sid = "carboncalc-match"
    run = (
        f"carboncalc match from {r.start_year}: {r.repeats} repeats, seed {r.seed}, sample "
        f"{r.sample:,} of the project's forest pixels, caliper {r.caliper:g}, covariates "
        f"{', '.join(r.covariates)}; {d.title} ({d.publication.authors.split(',')[0]} et al. "
        f"{d.publication.year}); {digests}"
    )
    file = next((f for f in report.files if f.project == r.project), None)
    cited = file.cited_as if file is not None and file.cited_as else "<counterfactual CSV>"
    lines = [
        "sources:",
        f"  {sid}:",
        '    title: "Matched counterfactual (carboncalc match)"',
        f"    note: {json.dumps(run, ensure_ascii=False)}",
        "deforestation:",
        "  counterfactual:",
        f"    observed: {{file: {cited}, source: {sid}",
    ]
    spread = r.scale()
    if spread is not None:
        lines[-1] += (
            f", scale: {{value: 1, low: {spread[0]:.4f}, high: {spread[1]:.4f}, source: {sid}}}"
        )
    lines[-1] += "}"
    period = report.periods.get(r.project)
    if period is not None and period[0] < r.start_year:
        lines.append(f"    # {period[0]}-{r.start_year - 1} come before the match's start: give "
                     "`deforestation.counterfactual` a `rate` for them")  # fmt: skip
    if period is not None and period[1] > r.last_year:
        lines.append(
            f"    # {max(r.last_year + 1, period[0])}-{period[1]} are after the "
            "rasters' last year: give `deforestation.counterfactual` a `rate` for them"
        )
    return "\n".join(lines) + "\n"
