"""``carboncalc observe``: forest loss seen by satellites over each project and its comparison
zone, as a record (JSON, CSV) and a table; the answer first, the provenance after."""

from __future__ import annotations

import math
from dataclasses import asdict
from typing import TYPE_CHECKING, Any

from carboncalc.render.numbers import dec
from carboncalc.render.recordkit import Record
from carboncalc.reports.observation import project_lines
from carboncalc.units import PERCENT

if TYPE_CHECKING:
    from carboncalc.core.observation import BiomassLost, Observation, Zone
    from carboncalc.files.datasets import Dataset
    from carboncalc.reports.observation import ObserveReport

CSV_KEYS = ["project", "zone", "year", "loss_ha", "degradation_ha", "forest_at_start_ha",
            "zone_area_ha"]  # fmt: skip
ALLOCATION_KEYS = ["project", "baseline_ha_per_yr", "zone_area_ha", "pixel_count"]


def _zone_body(zone: Zone, first: int, last: int) -> dict[str, Any]:
    c = zone.change
    series = c.loss_series(first, last)
    return {
        "kind": zone.kind,
        "description": zone.description,
        "zone_area_ha": c.boundary_area_ha,
        "forest_at_start_ha": c.forest_at_start_ha,
        "non_forest_ha": c.non_forest_ha,
        "coverage_fraction": c.coverage_fraction,
        "loss_ha_total": math.fsum(ha for _, ha in series),
        "mean_loss_fraction_per_yr": c.mean_loss_fraction_per_yr(first, last),
        "loss_ha_by_year": {str(year): ha for year, ha in series},
        "degradation_ha_by_year": (
            {str(y): c.degradation_ha_by_year.get(y, 0.0) for y, _ in series}
            if c.threshold_pct is None
            else None
        ),
    }


def _project_body(result: ObserveReport, o: Observation) -> dict[str, Any]:
    first, last = result.first_year, result.last_year
    body: dict[str, Any] = {
        "project": o.project,
        "version": o.version,
        "threshold_pct": o.zones[0].change.threshold_pct if o.zones else None,
        "raster_crs": o.raster_crs,
        "ring_width_km": o.ring_width_km,
        "zones": [_zone_body(z, first, last) for z in o.zones],
        "allocation": asdict(o.allocation) if o.allocation is not None else None,
        "biomass_lost": asdict(o.biomass) if o.biomass is not None else None,
        "files": [{"name": f.name, "role": f.role, "sha256": f.sha256} for f in o.files],
        "project_file_lines": project_lines(result, o),
    }
    return body


def observation_record(result: ObserveReport) -> Record:
    d = result.dataset
    first, last = result.first_year, result.last_year
    body: dict[str, Any] = {
        "dataset": {
            "id": result.dataset_id,
            "title": d.title,
            "citation": d.citation(),
            "user_guide": _guide(d),
            "download": d.download.page,
        },
        "years": {"first": first, "last": last} if not _allocations(result) else None,
        "projects": [_project_body(result, o) for o in result.observations],
        "written": [f.path for f in result.files] if result.written else [],
        "notes": result.notes,
    }
    if _allocations(result):
        rows: list[list[Any]] = [
            [o.project, a.baseline_ha_per_yr, a.boundary_area_ha, a.pixel_count]
            for o in result.observations
            if (a := o.allocation) is not None
        ]
        return Record("observe", None, body, ALLOCATION_KEYS, rows)
    rows = [
        [o.project, z.kind, year, ha, _degradation(z, year), z.change.forest_at_start_ha,
         z.change.boundary_area_ha]
        for o in result.observations
        for z in o.zones
        for year, ha in z.change.loss_series(first, last)
    ]  # fmt: skip
    return Record("observe", None, body, CSV_KEYS, rows)


def _allocations(result: ObserveReport) -> bool:
    return all(o.allocation is not None for o in result.observations)


def _degradation(zone: Zone, year: int) -> float | None:
    """A zone's degradation in a year, where its dataset measures it (JRC TMF)."""
    if zone.change.threshold_pct is not None:
        return None
    return zone.change.degradation_ha_by_year.get(year, 0.0)


def _guide(d: Dataset) -> dict[str, Any] | None:
    g = d.user_guide
    return None if g is None else {"title": g.title, "version": g.version, "url": g.url}


def observation_table(result: ObserveReport) -> None:
    """For each project: the answer in a sentence, the loss by year in each zone (degradation
    beside it where measured), the zones' forest and coverage, the biomass lost, the files
    measured with their SHA-256, and the lines to add to the project file."""
    from carboncalc.render import tablekit as tk

    console = tk.make_console()
    for o in result.observations:
        tk.plain(console, _headline(result, o), style="bold")
        if o.zones:
            _loss_tables(console, result, o)
        if o.biomass is not None:
            _biomass_table(console, o.biomass)
        dataset = f"{result.dataset.title}, {o.version or 'version not in the file names'}"
        files = "\n".join(f"  {f.role}: {f.name}  SHA-256 {f.sha256}" for f in o.files)
        tk.plain(console, f"Measured from {dataset} ({o.raster_crs}):\n{files}", soft_wrap=True)
        verb = "To cite the files written, add" if result.written else "To cite these, add"
        lines = f"{verb} to the project file (merging with its own keys):\n" + project_lines(
            result, o
        )
        tk.plain(console, lines, soft_wrap=True)  # copied as it is: never wrapped
    tk.plain(console, "Source: " + result.dataset.citation())
    if result.biomass_dataset is not None:
        tk.plain(console, "Biomass: " + result.biomass_dataset.citation())
    for note in result.notes:
        tk.plain(console, tk.indented("Note: " + note, 0, console))


def _loss_tables(console: Any, result: ObserveReport, o: Observation) -> None:
    from carboncalc.render import tablekit as tk

    first, last = result.first_year, result.last_year
    degraded = [z for z in o.zones if z.change.threshold_pct is None]
    columns = [(z.kind, "r") for z in o.zones] + [(f"{z.kind} degr.", "r") for z in degraded]
    table = tk.make_table(f"{_loss_name(result)} by year, ha", [("year", "k"), *columns])
    series = [dict(z.change.loss_series(first, last)) for z in o.zones]
    series += [{y: z.change.degradation_ha_by_year.get(y, 0.0) for y in range(first, last + 1)}
               for z in degraded]  # fmt: skip
    for year in range(first, last + 1):
        table.add_row(str(year), *[dec(s[year], 2) for s in series])
    table.add_row("total", *[dec(math.fsum(s.values()), 2) for s in series])
    tk.print_table(console, table)
    zones = tk.make_table(
        "Zones",
        [("zone", "k"), ("area ha", "r"), (f"forest {o.first_year - 1} ha", "r"),
         ("lost %/yr", "r"), ("covered", "r"), ("what", "l")],
    )  # fmt: skip
    for z in o.zones:
        c = z.change
        zones.add_row(z.kind, dec(c.boundary_area_ha, 1), dec(c.forest_at_start_ha, 1),
                      dec(c.mean_loss_fraction_per_yr(first, last) * PERCENT, 4),
                      f"{c.coverage_fraction * 100:.1f} %", z.description)  # fmt: skip
    tk.print_table(console, zones)


def _biomass_table(console: Any, b: BiomassLost) -> None:
    from carboncalc.render import tablekit as tk

    table = tk.make_table(
        f"Above-ground biomass of the forest lost {b.first_year}-{b.last_year}, t dm/ha",
        [("mean", "r"), ("map SD (mean)", "r"), ("spread (SD)", "r"), ("lost ha", "r"),
         ("pixels", "r"), ("map cells", "r")],
    )  # fmt: skip
    table.add_row(dec(b.agb_mean_mg_per_ha, 1), dec(b.agb_sd_mean_mg_per_ha, 1),
                  dec(b.agb_spatial_sd_mg_per_ha, 1), dec(b.area_ha, 2), f"{b.pixel_count:,}",
                  f"{b.cell_count:,}")  # fmt: skip
    tk.print_table(console, table)


def _loss_name(result: ObserveReport) -> str:
    return "Deforestation" if result.dataset_id == "jrc-tmf" else "Forest loss"


def _headline(result: ObserveReport, o: Observation) -> str:
    if o.allocation is not None:
        a = o.allocation
        return (
            f"{o.project}: the allocated risk map gives {a.baseline_ha_per_yr:,.2f} ha/yr of "
            f"deforestation to the {a.boundary_area_ha:,.1f} ha inside the boundary "
            f"({a.pixel_count:,} pixels)."
        )
    first, last = result.first_year, result.last_year
    inside = o.zones[0].change
    lost = math.fsum(ha for _, ha in inside.loss_series(first, last))
    verb = "deforested" if result.dataset_id == "jrc-tmf" else "of forest lost"
    forest = "forest" if inside.threshold_pct is None else (
        f"forest (canopy >= {inside.threshold_pct:g} %)")  # fmt: skip
    text = (
        f"{o.project}: {lost:,.1f} ha {verb} {first}-{last} inside the boundary, "
        f"{inside.mean_loss_fraction_per_yr(first, last) * PERCENT:.3f} %/yr of the "
        f"{inside.forest_at_start_ha:,.1f} ha of {forest} in {o.first_year - 1}"
    )
    for z in o.zones[1:]:
        rate = z.change.mean_loss_fraction_per_yr(first, last) * PERCENT
        text += f"; {rate:.3f} %/yr in the {z.kind} (not a matched control)"
    return text + "."
