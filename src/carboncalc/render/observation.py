"""``carboncalc observe``: forest loss seen by satellites over each project and its comparison
zone, as a record (JSON, CSV) and a table; the answer first, the provenance after."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

from carboncalc.render.numbers import dec
from carboncalc.render.recordkit import Record
from carboncalc.reports.observation import project_lines
from carboncalc.units import PERCENT

if TYPE_CHECKING:
    from carboncalc.core.observation import Observation, Zone
    from carboncalc.files.datasets import Dataset
    from carboncalc.reports.observation import ObserveReport

CSV_KEYS = ["project", "zone", "year", "loss_ha", "forest_at_start_ha", "zone_area_ha"]


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
    }


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
        "years": {"first": first, "last": last},
        "projects": [
            {
                "project": o.project,
                "version": o.version,
                "threshold_pct": o.zones[0].change.threshold_pct,
                "raster_crs": o.raster_crs,
                "ring_width_km": o.ring_width_km,
                "zones": [_zone_body(z, first, last) for z in o.zones],
                "files": [{"name": f.name, "role": f.role, "sha256": f.sha256} for f in o.files],
                "project_file_lines": project_lines(result, o),
            }
            for o in result.observations
        ],
        "written": [f.path for f in result.files] if result.written else [],
        "notes": result.notes,
    }
    rows = [
        [o.project, z.kind, year, ha, z.change.forest_at_start_ha, z.change.boundary_area_ha]
        for o in result.observations
        for z in o.zones
        for year, ha in z.change.loss_series(first, last)
    ]
    return Record("observe", None, body, CSV_KEYS, rows)


def _guide(d: Dataset) -> dict[str, Any] | None:
    g = d.user_guide
    return None if g is None else {"title": g.title, "version": g.version, "url": g.url}


def observation_table(result: ObserveReport) -> None:
    """For each project: the answer in a sentence, the loss by year in each zone, the zones'
    forest and coverage, the files measured with their SHA-256, and the lines to add."""
    from carboncalc.render import tablekit as tk

    console = tk.make_console()
    first, last = result.first_year, result.last_year
    for o in result.observations:
        tk.plain(console, _headline(o, first, last), style="bold")
        kinds = [z.kind for z in o.zones]
        table = tk.make_table(
            "Forest loss by year, ha", [("year", "k"), *[(k, "r") for k in kinds]]
        )
        series = [dict(z.change.loss_series(first, last)) for z in o.zones]
        for year in range(first, last + 1):
            table.add_row(str(year), *[dec(s[year], 2) for s in series])
        table.add_row("total", *[dec(math.fsum(s.values()), 2) for s in series])
        tk.print_table(console, table)
        zones = tk.make_table(
            "Zones",
            [("zone", "k"), ("area ha", "r"), ("forest at start ha", "r"), ("lost %/yr", "r"),
             ("covered", "r"), ("what", "l")],
        )  # fmt: skip
        for z in o.zones:
            c = z.change
            zones.add_row(z.kind, dec(c.boundary_area_ha, 1), dec(c.forest_at_start_ha, 1),
                          dec(c.mean_loss_fraction_per_yr(first, last) * PERCENT, 4),
                          f"{c.coverage_fraction * 100:.1f} %", z.description)  # fmt: skip
        tk.print_table(console, zones)
        dataset = f"{result.dataset.title}, {o.version or 'version not in the file names'}"
        files = "\n".join(f"  {f.role}: {f.name}  SHA-256 {f.sha256}" for f in o.files)
        tk.plain(console, f"Measured from {dataset} ({o.raster_crs}):\n{files}", soft_wrap=True)
        verb = "To cite the files written, add" if result.written else "To cite these, add"
        lines = f"{verb} to the project file:\n" + _indent(project_lines(result, o))
        tk.plain(console, lines, soft_wrap=True)  # copied as it is: never wrapped
    tk.plain(console, "Source: " + result.dataset.citation())
    for note in result.notes:
        tk.plain(console, tk.indented("Note: " + note, 0, console))


def _headline(o: Observation, first: int, last: int) -> str:
    inside = o.zone("project")
    if inside is None:  # pragma: no cover - every observation measures the project
        return o.project
    c = inside.change
    lost = math.fsum(ha for _, ha in c.loss_series(first, last))
    text = (
        f"{o.project}: {lost:,.1f} ha of forest lost {first}-{last} inside the boundary, "
        f"{c.mean_loss_fraction_per_yr(first, last) * PERCENT:.3f} %/yr of the "
        f"{c.forest_at_start_ha:,.1f} ha of forest (canopy >= {c.threshold_pct:g} %) in 2000"
    )
    for z in o.zones:
        if z.kind != "project":
            rate = z.change.mean_loss_fraction_per_yr(first, last) * PERCENT
            text += f"; {rate:.3f} %/yr in the {z.kind} (not a matched control)"
    return text + "."


def _indent(text: str) -> str:
    return "\n".join("  " + line for line in text.splitlines())
