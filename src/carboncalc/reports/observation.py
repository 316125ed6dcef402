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
    biomass_dataset: Dataset | None = None  # where a biomass map was read
    starts: Mapping[str, str] = field(default_factory=dict)  # "1 July": periods not in January

    @property
    def notes(self) -> list[str]:
        found = []
        if any(z.kind != "project" for o in self.observations for z in o.zones):
            found.append(NOT_MATCHED)
        found.append(DATASET_NOTES[self.dataset_id])
        if any(o.biomass is not None for o in self.observations):
            found.append(BIOMASS_NOTE)
        return found


DATASET_NOTES: Final = {
    "hansen-gfc": "Tree cover loss is not deforestation: it counts any removal of the canopy, "
    "plantations harvested and forest burnt included.",
    "jrc-tmf": "Deforestation as the JRC TMF classes give it: a pixel of forest (undisturbed or "
    "degraded) in one year and deforested land in the next; degradation (undisturbed to "
    "degraded) is shown apart and is not counted as loss.",
    "verra-vt0007": "The allocated baseline is the sum, over the pixels whose centre is inside "
    "the boundary, of the deforestation the jurisdiction's risk map allocates to each (ha/yr).",
}
BIOMASS_NOTE: Final = (
    "Biomass of the forest lost: each lost pixel takes the biomass of the map's cell its centre "
    "falls in; the mean and the map's SD are weighted by the pixels' areas. The map's SD "
    "averaged is the error of the mean only if the map's errors are fully correlated between "
    "cells; it is an upper bound otherwise."
)


def loss_csv(zone: Zone, first: int, last: int, scale: float = 1.0) -> str:
    """The CSV ``observed.file`` reads: ``year,cleared_ha``, one row per year, 0 where no loss
    was seen; hectares (times ``scale``) to :data:`CSV_DECIMALS` places."""
    rows = [f"{year},{round(ha * scale, CSV_DECIMALS):.{CSV_DECIMALS}f}"
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
            scale = o.comparison_scale(zone)
            if scale is None:
                continue  # a comparison zone without forest says nothing of the project's
            text = loss_csv(zone, first, last, scale)
            path = f"{folder.rstrip('/')}/{name}"
            found.append(LossFile(path, cited, o.project, zone.kind, text))
    return tuple(found)


def source_id(dataset_id: str, version: str | None) -> str:
    """The id the lines to add give a dataset's entry in ``sources``: ``hansen-gfc-2023-v1-11``."""
    if not version:
        return dataset_id
    return f"{dataset_id}-{version.replace('GFC-', '').replace('.', '-')}".lower()


# What a dataset's loss is called where it is cited.
LOSS_NAMES: Final = {"hansen-gfc": "tree cover loss", "jrc-tmf": "deforestation (JRC TMF classes)"}
IPCC_SOURCE: Final = (
    "  ipcc-2006-v4-ch4:",
    '    title: "2006 IPCC Guidelines for National Greenhouse Gas Inventories, Vol. 4 AFOLU, '
    'Ch. 4 Forest Land"',
    "    publisher: IPCC",
    "    year: 2006",
)


def project_lines(report: ObserveReport, o: Observation) -> str:
    """The YAML to add to a project's file: the dataset as a source; the observed loss of each
    zone as the scenario it informs (the project's own loss under ``project``; the comparison
    zone's under ``counterfactual``, said to be no matched control), or the allocated baseline
    as the baseline's rate; and the biomass lost as the above-ground density."""
    sid = source_id(report.dataset_id, o.version)
    digests = ", ".join(f"{f.role} {PurePosixPath(f.name).name} SHA-256 {f.sha256[:16]}…"
                        for f in o.files if f.role not in BIOMASS_ROLES)  # fmt: skip
    version = o.version or "version not in the file names"
    if o.allocation is not None:
        what = "allocated deforestation [ha/yr per pixel] summed over the boundary"
    elif o.dataset == "hansen-gfc":
        threshold = o.zones[0].change.threshold_pct or 0
        what = f"tree cover loss on pixels of canopy cover >= {threshold:g} % in 2000"
    else:
        what = "deforestation: forest (undisturbed or degraded) one year, deforested the next"
    measured = f"{version}; {what}, measured by carboncalc observe; {digests}"
    lines = ["sources:", *_source(sid, report.dataset, measured)]
    if o.biomass is not None and report.biomass_dataset is not None:
        lines += _source("esa-cci-biomass", report.biomass_dataset, _digests(o, BIOMASS_ROLES))
        lines += IPCC_SOURCE
    if o.allocation is not None:
        a = o.allocation
        note = (f"the allocated risk map summed over the {a.pixel_count:,} pixels inside the "
                f"boundary ({a.boundary_area_ha:,.1f} ha)")  # fmt: skip
        lines += ["deforestation:", "  baseline:",
                  f"    rate: {{value: {a.baseline_ha_per_yr:.4f}, unit: ha/yr, source: {sid}, "
                  f"note: {_yaml(note)}}}"]  # fmt: skip
    else:
        lines += ["deforestation:", *_loss_lines(report, o, sid)]
    lines += _biomass_lines(o)
    return "\n".join(lines) + "\n"


BIOMASS_ROLES: Final = ("agb", "agb_sd")


def _digests(o: Observation, roles: tuple[str, ...]) -> str:
    return ", ".join(f"{f.role} {PurePosixPath(f.name).name} SHA-256 {f.sha256[:16]}…"
                     for f in o.files if f.role in roles)  # fmt: skip


def _source(sid: str, d: Dataset, note: str) -> list[str]:
    p = d.publication
    return [
        f"  {sid}:",
        f"    title: {_yaml(p.title + ' (' + d.title + ')')}",
        f"    publisher: {_yaml(p.journal)}",
        f"    year: {p.year}",
        *([f"    url: https://doi.org/{p.doi}"] if p.doi and p.doi != "none" else []),
        f"    note: {_yaml(note)}",
    ]


def _loss_lines(report: ObserveReport, o: Observation, sid: str) -> list[str]:
    lines = []
    by_zone = {f.zone: f for f in report.files if f.project == o.project}
    for zone in o.zones:
        scenario = "project" if zone.kind == "project" else "counterfactual"
        file = by_zone.get(zone.kind)
        cited = file.cited_as if file is not None and file.cited_as else f"<{zone.kind} CSV>"
        note = f"{LOSS_NAMES.get(o.dataset, 'forest loss')} {zone.description}"
        if zone.kind != "project":
            inside = o.zone("project")
            project_forest = inside.change.forest_at_start_ha if inside else 0.0
            note += (
                f", as a yearly share of its {zone.change.forest_at_start_ha:,.1f} ha of forest "
                f"at the start applied to the project's {project_forest:,.1f} ha; not a "
                "matched control (also where leakage lands)"
            )
        lines += [
            f"  {scenario}:",
            f"    observed: {{file: {cited}, source: {sid}, note: {_yaml(note)}}}",
        ]
    start = report.starts.get(o.project)
    if start is not None:
        lines.append(
            f"    # the accounting period starts on {start}: each projection year takes the loss "
            "of the calendar year it starts in (the rasters count loss by calendar year)"
        )
    period = report.periods.get(o.project)
    if period is not None and period[1] > o.last_year:
        after = max(o.last_year + 1, period[0])
        scenarios = " and ".join(f"`deforestation.{s}`" for s in
                                 ("project", "counterfactual")[: len(o.zones)])  # fmt: skip
        lines.append(
            f"    # {after}-{period[1]} of the accounting period are after the rasters' last "
            f"year: give {scenarios} a `rate` for them"
        )
    return lines


def _biomass_lines(o: Observation) -> list[str]:
    from carboncalc.files.factors import DensitiesFile, load_reference

    b = o.biomass
    if b is None or b.agb_mean_mg_per_ha is None:
        return []
    # the carbon fraction of dry matter carboncalc's Tier 1 densities use (IPCC 2006, Table 4.3)
    fraction = load_reference("densities", DensitiesFile).carbon_fraction
    note = (
        f"ESA CCI above-ground biomass, area-weighted mean over the {b.pixel_count:,} forest "
        f"pixels ({b.area_ha:,.2f} ha) lost {b.first_year}-{b.last_year} inside the boundary; "
        f"sd: the map's own SD averaged over them (the error of the mean if the map's errors "
        f"are fully correlated, an upper bound otherwise); the biomass varies among the pixels "
        f"by {b.agb_spatial_sd_mg_per_ha or 0:,.1f} t dm/ha (SD)"
    )
    return [
        "carbon:",
        "  pools:",
        "    above_ground:",
        f"      value: {b.agb_mean_mg_per_ha:.2f}",
        f"      sd: {b.agb_sd_mean_mg_per_ha or 0:.2f}",
        "      unit: t dm/ha",
        "      source: esa-cci-biomass",
        f"      note: {_yaml(note)}",
        f"      carbon_fraction: {{value: {fraction.value}, source: ipcc-2006-v4-ch4, "
        f"note: {_yaml(fraction.note or '')}}}",
    ]


def _yaml(text: str) -> str:
    """A YAML scalar in double quotes (JSON's escapes are YAML's)."""
    import json

    return json.dumps(text, ensure_ascii=False)
