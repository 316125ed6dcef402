"""``carboncalc observe``: what the satellites saw over each project, and what to write into
the project file from it.

The measurement itself (:class:`~carboncalc.core.observation.Observation`) comes from the raster
side; this module adds what a reader needs around it: the dataset's citation, the CSV files of
observed loss the project file's ``observed:`` reads, and the lines that cite them.

The comparison zone (a ring around the project, or a control polygon given) is a reference, not
a matched control: a ring is where the deforestation a project pushes out of its boundary
(leakage) lands, and its forest is not chosen to be like the project's. Every output that shows
it says so; a matched counterfactual is ``carboncalc match``'s work.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import TYPE_CHECKING, Final

if TYPE_CHECKING:
    from carboncalc.core.observation import Observation, Zone
    from carboncalc.files.datasets import Dataset

CSV_DECIMALS: Final = 4  # loss is written to 0.0001 ha (1 m²), half to even
NOT_MATCHED: Final = (
    "The comparison zone is not a matched control: a ring around the project is also where "
    "deforestation the project displaces (leakage) lands, and its forest is not chosen to be "
    "like the project's."
)


@dataclass(frozen=True)
class LossFile:
    """A CSV of observed loss to write: where (as the project file cites it, relative to its
    folder, or None where the folder is elsewhere), for which zone, and its text."""

    path: str  # as given on the command line, joined
    cited_as: str | None
    project: str
    zone: str  # project, ring, control
    text: str


@dataclass(frozen=True)
class ObserveReport:
    """What ``observe`` shows: each project's observation, the dataset, the years written."""

    observations: tuple[Observation, ...]
    dataset_id: str
    dataset: Dataset
    first_year: int  # of the years written and summed
    last_year: int
    files: tuple[LossFile, ...] = ()
    written: bool = False  # the files were written (else only shown)
    periods: Mapping[str, tuple[int, int] | None] = field(default_factory=dict)  # by project

    @property
    def notes(self) -> list[str]:
        found = []
        if any(z.kind != "project" for o in self.observations for z in o.zones):
            found.append(NOT_MATCHED)
        found.append(
            "Tree cover loss is not deforestation: it counts any removal of the canopy, "
            "plantations harvested and forest burnt included."
        )
        return found


def loss_csv(zone: Zone, first: int, last: int) -> str:
    """The CSV ``observed.file`` reads: ``year,cleared_ha``, one row per year, 0 where no loss
    was seen; hectares to :data:`CSV_DECIMALS` places."""
    rows = [f"{year},{round(ha, CSV_DECIMALS):.{CSV_DECIMALS}f}"
            for year, ha in zone.change.loss_series(first, last)]  # fmt: skip
    return "year,cleared_ha\n" + "\n".join(rows) + "\n"


def loss_files(
    observations: tuple[Observation, ...],
    folder: str,
    cited_from: str | None,
    first: int,
    last: int,
) -> tuple[LossFile, ...]:
    """One CSV per project and zone in ``folder``: ``<project>-<zone>-loss.csv``.
    ``cited_from``: ``folder`` relative to the project files' folder (POSIX), None where it
    is not inside it (a project file names only files in its folder)."""
    found = []
    for o in observations:
        for zone in o.zones:
            name = f"{o.project}-{zone.kind}-loss.csv"
            cited = str(PurePosixPath(cited_from) / name) if cited_from is not None else None
            text = loss_csv(zone, first, last)
            found.append(
                LossFile(f"{folder.rstrip('/')}/{name}", cited, o.project, zone.kind, text)
            )
    return tuple(found)


def source_id(report: ObserveReport, o: Observation) -> str:
    """The id the lines to add give the dataset's entry in ``sources``."""
    version = o.version.replace("GFC-", "").replace(".", "-") if o.version else None
    return f"{report.dataset_id}-{version}" if version else report.dataset_id


def project_lines(report: ObserveReport, o: Observation) -> str:
    """The YAML to add to a project's file: the dataset as a source, and the observed loss of
    each zone as the scenario it informs (the project's own loss under ``project``; the
    comparison zone's under ``counterfactual``, said to be no matched control)."""
    d = report.dataset
    sid = source_id(report, o)
    digests = ", ".join(f"{f.role} {PurePosixPath(f.name).name} SHA-256 {f.sha256[:16]}…"
                        for f in o.files)  # fmt: skip
    inside = o.zone("project")
    threshold = inside.change.threshold_pct if inside is not None else math.nan
    version = o.version or "version not in the file names"
    measured = (
        f"{version}; tree cover loss on pixels of canopy cover >= {threshold:g} % in 2000, "
        f"measured by carboncalc observe; {digests}"
    )
    lines = [
        "sources:",
        f"  {sid}:",
        f"    title: {_yaml(d.publication.title + ' (' + d.title + ')')}",
        f"    publisher: {_yaml(d.publication.journal)}",
        f"    year: {d.publication.year}",
        *([f"    url: https://doi.org/{d.publication.doi}"] if d.publication.doi else []),
        f"    note: {_yaml(measured)}",
        "deforestation:",
    ]
    by_zone = {f.zone: f for f in report.files if f.project == o.project}
    for zone in o.zones:
        scenario = "project" if zone.kind == "project" else "counterfactual"
        file = by_zone.get(zone.kind)
        cited = file.cited_as if file is not None and file.cited_as else f"<{zone.kind} CSV>"
        note = f"tree cover loss {zone.description}"
        if zone.kind != "project":
            note += "; not a matched control (also where leakage lands)"
        lines += [
            f"  {scenario}:",
            f"    observed: {{file: {cited}, source: {sid}, note: {_yaml(note)}}}",
        ]
    period = report.periods.get(o.project)
    if period is not None and period[1] > o.last_year:
        lines.append(
            f"    # {o.last_year + 1}-{period[1]} of the accounting period are after the "
            "rasters' last year: give each scenario a `rate` for them"
        )
    return "\n".join(lines) + "\n"


def _yaml(text: str) -> str:
    """A YAML scalar in double quotes (JSON's escapes are YAML's)."""
    import json

    return json.dumps(text, ensure_ascii=False)
