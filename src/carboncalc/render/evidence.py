"""``carboncalc evidence``: independent evidence of avoided deforestation, project by project; as a
record (JSON, CSV) and a table."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from carboncalc.render.numbers import dec, tonnes
from carboncalc.render.recordkit import Record

if TYPE_CHECKING:
    from carboncalc.core.evidence import EvidenceRow
    from carboncalc.core.evidence_inputs import Evaluation
    from carboncalc.reports.evidence import EvidenceReport


EVIDENCE_KEYS = ["rank", "id", "name", "country", "iso3", "start_year", "area_ha",
                 "control_pct_per_yr", "project_pct_per_yr", "difference_pct_per_yr",
                 "avoided_ha_per_yr", "density_tco2_per_ha", "density_assumed",
                 "avoided_tco2e_per_yr", "verdict", "claimed_tco2e_per_yr",
                 "claimed_over_evidence", "specifications_evaluation", "specifications_count",
                 "specifications_control_min_pct_per_yr", "specifications_control_p5_pct_per_yr",
                 "specifications_control_p95_pct_per_yr", "specifications_control_max_pct_per_yr",
                 "control_within_specifications", "selected_run",
                 "selected_run_control_pct_per_yr", "selected_run_project_pct_per_yr"]  # fmt: skip


def specification_fields(r: EvidenceRow) -> dict[str, Any]:
    """The controls' rate over matching specifications beside the row, and the selected run;
    None throughout where no evaluation gives a spread for the project."""
    s = r.specifications
    if s is None:
        return {k: None for k in EVIDENCE_KEYS[EVIDENCE_KEYS.index("specifications_evaluation") :]}
    return {
        "specifications_evaluation": s.evaluation.id,
        "specifications_count": s.count,
        "specifications_control_min_pct_per_yr": s.min_pct_per_yr,
        "specifications_control_p5_pct_per_yr": s.p5_pct_per_yr,
        "specifications_control_p95_pct_per_yr": s.p95_pct_per_yr,
        "specifications_control_max_pct_per_yr": s.max_pct_per_yr,
        "control_within_specifications": r.control_within_specifications,
        "selected_run": s.run.run,
        "selected_run_control_pct_per_yr": s.run_control_pct_per_yr,
        "selected_run_project_pct_per_yr": s.run_project_pct_per_yr,
    }


def evidence_fields(rank: int, r: EvidenceRow) -> dict[str, Any]:
    p = r.project
    return {
        "rank": rank,
        "id": p.id,
        "name": p.name,
        "country": p.country,
        "iso3": p.iso3,
        "start_year": p.start_year,
        "area_ha": p.area_ha,
        "control_pct_per_yr": r.control_pct_per_yr,
        "project_pct_per_yr": r.project_pct_per_yr,
        "difference_pct_per_yr": r.difference_pct_per_yr,
        "avoided_ha_per_yr": r.avoided_ha_per_yr,
        "density_tco2_per_ha": r.density.tco2_per_ha,
        "density_assumed": r.density.assumed,
        "avoided_tco2e_per_yr": r.avoided_tco2e_per_yr,
        "verdict": r.verdict,
        "claimed_tco2e_per_yr": r.claimed_tco2e_per_yr,
        "claimed_over_evidence": r.claimed_over_evidence,
        **specification_fields(r),
    }


def claim_fields(r: EvidenceRow) -> dict[str, str] | None:
    return None if r.claim is None else {"as_stated": r.claim.what, "source": r.claim.source}


def densities(report: EvidenceReport) -> list[dict[str, Any]]:
    """Each density the rows use, once, with where it comes from and the projects using it."""
    grouped: dict[tuple[str, float, bool], list[str]] = {}
    for r in report.rows:
        key = (r.density.how, r.density.tco2_per_ha, r.density.assumed)
        grouped.setdefault(key, []).append(r.project.id)
    return [{"tco2_per_ha": t, "how": how, "assumed": assumed, "projects": ids}
            for (how, t, assumed), ids in grouped.items()]  # fmt: skip


def spread_from(report: EvidenceReport) -> list[Evaluation]:
    """Each evaluation the rows take a spread over specifications from, once, in row order."""
    seen = {r.specifications.evaluation.id: r.specifications.evaluation
            for r in report.rows if r.specifications is not None}  # fmt: skip
    return list(seen.values())


def specifications(report: EvidenceReport) -> list[dict[str, Any]]:
    return [{"id": e.id, "label": e.label, "source": e.source, "runs": e.over_specifications}
            for e in spread_from(report)]  # fmt: skip


def evidence_record(report: EvidenceReport) -> Record:
    e = report.evaluation
    rows = [evidence_fields(i, r) for i, r in enumerate(report.rows, start=1)]
    with_claims = [
        {**row, "claim": claim_fields(r)} for row, r in zip(rows, report.rows, strict=True)
    ]
    body = {
        "evaluation": {"id": e.id, "label": e.label, "what": e.what, "source": e.source},
        "units": {
            "rates": "%/yr of the forest (the source's fractions per year x 100)",
            "avoided_ha_per_yr": "ha/yr: area_ha x (control - project); negative where the "
            "project cleared more than its controls",
            "density_tco2_per_ha": "t CO2 per hectare cleared (the whole stock released)",
            "avoided_tco2e_per_yr": "t CO2e/yr: avoided_ha_per_yr x density; 0 where the "
            "project did no better than its controls",
            "specifications": "%/yr: the matched controls' rate over the matching "
            "specifications that passed the evaluation's checks (their count, least, 5th and "
            "95th percentiles, greatest), and the rates of the run it selected",
        },
        "country": report.country,
        "specifications": specifications(report),
        "densities": densities(report),
        "rows": with_claims,
        "total_avoided_tco2e_per_yr": report.total_avoided_tco2e_per_yr,
        "no_better_than_controls": [r.project.id for r in report.no_better],
    }
    table = [[row[k] for k in EVIDENCE_KEYS] for row in rows]
    return Record("evidence", None, body, EVIDENCE_KEYS, table)


def evidence_table(report: EvidenceReport) -> None:
    from carboncalc.render import tablekit as tk

    console = tk.make_console()
    e = report.evaluation
    where = f" in {report.country}" if report.country else ""
    table = tk.make_table(
        f"Independent evidence{where}: {e.label}",
        [("id", "k"), ("area ha", "r"), ("ctrl", "r"), ("specs", "r"), ("proj", "r"),
         ("ha/yr", "r"), ("t CO2/ha", "r"), ("t CO2e/yr", "r")],
        caption="Ranked by avoided t CO2e/yr. Rates, %/yr: deforestation in matched controls "
        "(ctrl) and in the project (proj); specs: the controls' rate over matching "
        "specifications, 5th to 95th percentile. Avoided: ha/yr = area x (ctrl - proj); t "
        "CO2e/yr = ha/yr x t CO2/ha, none where the project lost forest as fast as its controls "
        "or faster. * a Tier 1 default density (an assumption).",
    )  # fmt: skip
    for r in report.rows:
        p, s = r.project, r.specifications
        avoided = tonnes(r.avoided_tco2e_per_yr) if r.avoided_tco2e_per_yr > 0 else "none"
        spread = "-" if s is None else f"{dec(s.p5_pct_per_yr, 3)}-{dec(s.p95_pct_per_yr, 3)}"
        table.add_row(
            p.id, tonnes(p.area_ha), dec(r.control_pct_per_yr, 4), spread,
            dec(r.project_pct_per_yr, 4),
            dec(r.avoided_ha_per_yr, 1), tonnes(r.density.tco2_per_ha) + ("*" if r.density.assumed
                                                                          else " "),
            avoided, style="red" if r.avoided_tco2e_per_yr == 0 else None,
        )  # fmt: skip
    tk.print_table(console, table)
    names = "\n".join(
        tk.indented(f"{p.id}: {p.name} ({p.country}, start {p.start_year})", 2, console)
        for p in (r.project for r in report.rows)
    )
    tk.plain(console, "Projects:\n" + names)
    lines = [f"What: {e.what}.", f"Source: {e.source}."]
    lines += specification_lines(report)
    lines.append(
        f"Total: {tonnes(report.total_avoided_tco2e_per_yr)} t CO2e/yr avoided over "
        f"{len(report.rows)} project{'s' * (len(report.rows) != 1)}."
    )
    if report.no_better:
        ids = ", ".join(r.project.id for r in report.no_better)
        lines.append(
            f"{len(report.no_better)} lost forest as fast as their controls or faster, so "
            f"avoided no emissions and support no credits: {ids}."
        )
    for r in report.rows:
        if r.claim is not None:
            ratio = r.claimed_over_evidence
            versus = (f"{ratio:,.1f} x what the evidence supports" if ratio is not None
                      else "the evidence supports none")  # fmt: skip
            lines.append(
                f"{r.project.id} claims {r.claim.what}, {tonnes(r.claim.avoided_tco2e_per_yr)} "
                f"t CO2e/yr: {versus} [{r.claim.source}]"
            )
    densities = sorted({r.density.how for r in report.rows})
    lines.append("Densities: " + " | ".join(densities))
    tk.plain(console, "\n".join(tk.indented(line, 0, console) for line in lines))


def specification_lines(report: EvidenceReport) -> list[str]:
    """Where the specs column comes from, and the rows whose control rate lies outside it."""
    lines = []
    for e in spread_from(report):
        where = "" if e.id == report.evaluation.id else f" From {e.label}: {e.source}."
        lines.append(
            f"Specs: the matched controls' rate over {e.over_specifications}; its 5th and 95th "
            f"percentiles, interpolated between neighbouring runs.{where}"
        )
    with_spread = [r for r in report.rows if r.specifications is not None]
    outside = [r.project.id for r in with_spread if not r.control_within_specifications]
    if outside:
        lines.append(
            f"ctrl lies outside specs for {len(outside)} of {len(with_spread)}: "
            f"{', '.join(outside)}."
        )
    return lines
