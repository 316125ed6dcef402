"""The only place that formats output: rich tables for people, JSON and CSV for scripts.

Rounding rule: tables show numbers rounded to the digits printed (Python's correctly rounded
formatting, ties to even); JSON and CSV carry the unrounded values. JSON and CSV are written with
the ``json`` and ``csv`` modules straight to stdout, never through rich (which wraps when piped).
rich is imported only for tables.
"""

from __future__ import annotations

import csv
import json
import math
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, NamedTuple

from carboncalc import __version__
from carboncalc.errors import ComputationError
from carboncalc.printable import printable
from carboncalc.units import MASS_PREFIX_T

if TYPE_CHECKING:
    from rich.console import Console
    from rich.table import Table

    from carboncalc.claims import ClaimCheck
    from carboncalc.credits import Waterfall
    from carboncalc.loading import LoadedProject
    from carboncalc.model import Cited, Project
    from carboncalc.reports import (
        CheckResult,
        CompareRow,
        CreditsReport,
        EmissionsReport,
        EquivalentsReport,
        StockReport,
    )
    from carboncalc.sensitivity import Tornado
    from carboncalc.uncertainty import MonteCarlo, Summary

Format = Literal["table", "json", "csv"]


# --- number formats (tables only) ---------------------------------------------------------------


def _unsigned_zero(text: str) -> str:
    """ "-0" and "-0.00" (a tiny negative rounded away) print as zero."""
    return text[1:] if text.startswith("-") and not text.strip("-0.,") else text


def tonnes(x: float | None) -> str:
    return "-" if x is None else _unsigned_zero(f"{x:,.0f}")


def dec(x: float | None, places: int = 2) -> str:
    return "-" if x is None else _unsigned_zero(f"{x:,.{places}f}")


def pct(x: float | None) -> str:
    return "-" if x is None else f"{x:+.2f} %"


def sig(x: float) -> str:
    """Up to 4 significant digits for small numbers, whole units with separators for large."""
    return f"{x:,.0f}" if abs(x) >= 1000 else f"{x:.4g}"


# --- output plumbing ----------------------------------------------------------------------------


def write_json(payload: dict[str, Any]) -> None:
    payload = {"carboncalc_version": __version__, **payload}
    sys.stdout.write(json_text(payload) + "\n")


def json_text(payload: Any) -> str:
    """Always valid JSON: non-ASCII text escaped where stdout cannot hold it, and a result that
    is not a finite number refused with its place in the output, never written as NaN."""
    encoding = (getattr(sys.stdout, "encoding", None) or "").lower().replace("-", "")
    ascii_only = not encoding.startswith("utf")
    try:
        return json.dumps(payload, indent=2, ensure_ascii=ascii_only, allow_nan=False)
    except ValueError:
        raise ComputationError(
            f"the result {_non_finite(payload)} is not a finite number; the inputs are at the "
            "edge of their ranges (see `carboncalc show`)"
        ) from None


def _non_finite(node: Any, where: str = "") -> str | None:
    """The JSON path of the first value that is NaN or infinite."""
    if isinstance(node, float) and not math.isfinite(node):
        return f"`{where}` ({node})"
    items = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(
        node, list | tuple) else ()  # fmt: skip
    for key, value in items:
        found = _non_finite(value, f"{where}.{key}" if where else str(key))
        if found:
            return found
    return None


def write_csv(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    writer = csv.writer(sys.stdout, lineterminator="\n")
    writer.writerow(header)
    for row in rows:
        for name, value in zip(header, row, strict=False):
            if isinstance(value, float) and not math.isfinite(value):
                raise ComputationError(
                    f"the result `{name}` is not a finite number ({value}); the inputs are at "
                    "the edge of their ranges (see `carboncalc show`)"
                )
        writer.writerow(row)


def _console() -> Console:
    """A console that shows text as it is: no markup, emoji codes or highlighting taken from
    it, and control characters escaped (a project file's "\\e[2J" must not clear the screen)."""
    from rich.console import Console

    class SafeConsole(Console):
        def render_str(self, text: str, **kwargs: Any) -> Any:
            return super().render_str(printable(text), **kwargs)

    return SafeConsole(highlight=False, markup=False, emoji=False)


def _table(title: str, columns: Sequence[tuple[str, str]], caption: str | None = None) -> Table:
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
    )
    for name, kind in columns:
        if kind in ("r", "k"):
            justify: Literal["left", "right"] = "right" if kind == "r" else "left"
            table.add_column(name, justify=justify, no_wrap=True, overflow="ignore")
        else:
            table.add_column(name, overflow="fold")
    return table


def _print_table(console: Console, table: Table) -> None:
    """Print a table whose numeric columns are at least as wide as their widest cell."""
    for column in table.columns:
        if column.no_wrap:
            cells = [str(c) for c in column.cells] + [str(column.header)]
            column.min_width = max(len(c) for c in cells)
    # Never crop digits: in a terminal narrower than the table, let lines run long.
    needed = console.measure(table).minimum
    console.print(table, width=max(console.width, needed), crop=False)


def _ref(obj: Cited) -> str:
    """Short citation: the source id, and whether the value is an assumption."""
    return ", ".join(x for x in (obj.source, "ASSUMPTION" if obj.assumption else None) if x)


def _source_text(project: Project, source_id: str) -> str:
    src = project.sources[source_id]
    text = f"{src.publisher + ': ' if src.publisher else ''}{src.title}"
    return text + (f" ({src.year})" if src.year else "")


def _indented(text: str, indent: int, console: Console) -> str:
    """Text wrapped to the console, every line indented (continuation lines two more)."""
    import textwrap

    return textwrap.fill(
        text,
        width=max(console.width, 40),
        initial_indent=" " * indent,
        subsequent_indent=" " * (indent + 2),
        break_on_hyphens=False,
    )


def _plain(console: Console, text: str, style: str | None = None) -> None:
    """Print text as it is: no markup, so "[source-id]" stays visible."""
    console.print(text, markup=False, highlight=False, style=style)


def _print_header(console: Console, loaded: LoadedProject) -> None:
    _plain(console, _header(loaded), style="bold")


def _print_sources(console: Console, project: Project, ids: set[str | None]) -> None:
    lines = [f"  {sid}: {_source_text(project, sid)}" for sid in project.sources if sid in ids]
    if lines:
        _plain(console, "Sources:\n" + "\n".join(lines))


def _overrides_json(loaded: LoadedProject) -> list[dict[str, Any]]:
    return [
        {"field": o.field, "value": o.value, "unit": o.unit, "set": o.text}
        for o in loaded.overrides
    ]


def _overrides_caption(loaded: LoadedProject) -> str | None:
    if not loaded.overrides:
        return None
    sets = ", ".join(o.text for o in loaded.overrides)
    what = f"Scenario {loaded.scenario}" if loaded.scenario else "What-if"
    return f"{what}: {sets} (file unchanged)"


def _claims_json(checks: Iterable[ClaimCheck]) -> list[dict[str, Any]]:
    return [
        {
            "claim": c.claim_id,
            "measure": c.measure,
            "case": c.case,
            "claimed": c.claimed,
            "derived": c.derived,
            "unit": c.unit,
            "difference_pct": c.difference_pct,
            "tolerance_pct": c.tolerance_pct,
            "verdict": c.verdict,
            "how": c.how,
            "implied": [{"what": i.what, "value": i.value, "unit": i.unit} for i in c.implied],
            "assumptions": list(c.assumptions),
        }
        for c in checks
    ]


def _claims_table(project: Project, checks: Sequence[ClaimCheck], title: str) -> Table:
    """Each claim as published, carboncalc's figure in the same unit, and the difference."""
    table = _table(
        title,
        [("claim", "k"), ("case", "k"), ("published", "r"), ("carboncalc", "r"),
         ("diff.", "r"), ("unit", "k")],
    )  # fmt: skip
    claims = {c.id: c for c in project.claims}
    for c in checks:
        claim = claims[c.claim_id]
        published = (claim.qualifier + " " if claim.qualifier else "") + sig(c.claimed_as_published)
        derived = c.derived_as_published
        table.add_row(
            c.claim_id, c.case, published, "-" if derived is None else sig(derived),
            pct(c.difference_pct), c.published_unit,
        )  # fmt: skip
    return table


def _print_claim_notes(console: Console, checks: Sequence[ClaimCheck]) -> None:
    """How carboncalc obtained each claim's figure, one wrapped line per claim and case."""
    notes = dict.fromkeys(f"{c.claim_id} ({c.case}): {c.how}" for c in checks)
    _plain(console, "\n".join(_indented(note, 2, console) for note in notes))


def _header(loaded: LoadedProject) -> str:
    p = loaded.project
    return f"{p.name} ({', '.join(p.countries)}) - {loaded.path}"


# --- commands -----------------------------------------------------------------------------------


def project_list(rows: Sequence[dict[str, Any]], fmt: Format) -> None:
    if fmt == "json":
        write_json({"projects": list(rows)})
        return
    keys = ["project", "name", "countries", "area_ha", "stock_tc", "stock_tco2", "file", "error"]
    if fmt == "csv":
        write_csv(keys, ([r.get(k, "") for k in keys] for r in rows))
        return
    folders = sorted({str(Path(r["file"]).parent) for r in rows})
    table = _table(
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
    _print_table(_console(), table)


def show(loaded: LoadedProject, fmt: Format) -> None:
    p = loaded.project
    if fmt == "json":
        write_json(
            {
                "project": loaded.name,
                "file": str(loaded.path),
                "inputs": p.model_dump(mode="json", exclude_none=True),
                "scenario": loaded.scenario,
                "overrides": _overrides_json(loaded),
            }
        )
        return
    rows = list(_input_rows(p))
    if fmt == "csv":
        write_csv(
            ["field", "value", "unit", "source", "assumption", "note"],
            ((r.field, r.value, r.unit, r.source, r.assumption, r.note) for r in rows),
        )
        return
    console = _console()
    _print_header(console, loaded)
    ident = [f"region: {p.region}" if p.region else ""]
    if p.registry:
        ident.append(f"registry: {p.registry.name} {p.registry.project_id or ''}".strip())
    if p.methodology:
        ident.append(f"methodology: {p.methodology}")
    if p.period:
        ident.append(f"period: {p.period.start} + {p.period.length_yr} yr")
    _plain(console, "  ".join(i for i in ident if i))
    inputs, facts = [], []
    for r in rows:
        source = ", ".join(x for x in (r.source_id, "ASSUMPTION" if r.assumption else "") if x)
        if r.field.startswith("note: "):
            fact = f"{r.value} {r.unit}: {r.field.removeprefix('note: ')} [{source}]"
            facts.append(_indented(fact, 2, console))
            continue
        line = f"{r.field} = {r.value} {r.unit}".rstrip() + f"  [{source}]"
        inputs.append(_indented(line, 2, console))
        if r.note:
            inputs.append(_indented(r.note, 6, console))
    _plain(console, "Inputs (field = value unit  [source]; the note below it, if any):")
    _plain(console, "\n".join(inputs))
    if loaded.overrides:
        _plain(console, _overrides_caption(loaded) or "")
    if facts:
        _plain(console, "Other published facts:\n" + "\n".join(facts))
    src = _table("Sources", [("id", "k"), ("source", "l")])
    for sid, s in p.sources.items():
        details = "; ".join(x for x in (s.url, s.note) if x)
        src.add_row(sid, _source_text(p, sid) + (f". {details}" if details else ""))
    _print_table(console, src)


class InputRow(NamedTuple):
    field: str  # dotted path, as --set takes it; "claim ID" or "note: TEXT" for those
    value: str
    unit: str
    source_id: str
    source: str  # the source's publisher, title and year
    assumption: bool
    note: str


def _input_rows(p: Project) -> list[InputRow]:
    """Every input value (and published fact) with its unit and source, in file order."""
    from carboncalc.model import Note, Ranged, walk

    rows = []
    for loc, obj in walk(p):
        if not loc or loc[0] == "sources":
            continue
        if isinstance(obj, Ranged) and getattr(obj, "root_to_shoot", None) is None:
            is_claim = loc[0] == "claims" and len(loc) == 2
            field = f"claim {p.claims[int(loc[1])].id}" if is_claim else ".".join(map(str, loc))
            value = sig(obj.value) if obj.value is not None else ""
            if obj.low is not None and obj.high is not None:
                value = (value + " " if value else "") + f"[{sig(obj.low)}-{sig(obj.high)}]"
            unit = str(getattr(obj, "unit", None) or "")
            basis = getattr(obj, "basis", None)
            if unit == "%/yr" and basis:
                unit += f" of {basis} forest"
            note = obj.note or ""
        elif isinstance(obj, Note):
            field, note = f"note: {obj.text}", ""
            value = sig(obj.value) if obj.value is not None else ""
            unit = obj.unit or ""
        else:
            continue
        source = _source_text(p, obj.source) if obj.source else ""
        rows.append(InputRow(field, value, unit, obj.source or "", source, obj.assumption, note))
    return rows


def stock(report: StockReport, fmt: Format) -> None:
    loaded, s = report.loaded, report.stock
    pools = [
        {
            "pool": ps.pool,
            "density_tc_per_ha": ps.density_tc_per_ha,
            "density_tco2_per_ha": ps.density_tco2_per_ha,
            "stock_tc": ps.stock_tc,
            "stock_tco2": ps.stock_tco2,
            "how": ps.how,
        }
        for ps in s.pools
    ]
    total = {
        "density_tc_per_ha": s.density_tc_per_ha,
        "density_tco2_per_ha": s.density_tco2_per_ha,
        "stock_tc": s.stock_tc,
        "stock_tco2": s.stock_tco2,
    }
    if fmt == "json":
        write_json(
            {
                "command": "stock",
                "project": loaded.name,
                "name": loaded.project.name,
                "file": str(loaded.path),
                "area_ha": s.area_ha,
                "pools": pools,
                "total": total,
                "fossil_reserves": [
                    {
                        "description": f.description,
                        "kind": f.kind,
                        "quantity": f.quantity,
                        "unit": f.unit,
                        "factor_tco2_per_unit": f.factor_tco2_per_unit,
                        "factor_from": f.factor_from,
                        "tco2": f.tco2,
                        "barrel_tco2_per_bbl": f.barrel_tco2_per_bbl,
                        "barrels_oil": f.barrels_oil,
                    }
                    for f in report.fossil
                ],
                "factors_version": report.factors_version,
                "claims": _claims_json(report.claims),
                "scenario": loaded.scenario,
                "overrides": _overrides_json(loaded),
            }
        )
        return
    keys = ["pool", "density_tc_per_ha", "density_tco2_per_ha", "stock_tc", "stock_tco2"]
    if fmt == "csv":
        write_csv(
            keys, [[p[k] for k in keys] for p in pools] + [["total", *(total[k] for k in keys[1:])]]
        )
        return
    console = _console()
    project = loaded.project
    _print_header(console, loaded)
    area = project.area
    as_given = "" if area.unit == "ha" else f" = {sig(area.central)} {area.unit}"
    _plain(console, f"Area: {dec(s.area_ha, 1)} ha{as_given} [{_ref(area)}]")
    table = _table(
        "Carbon stock",
        [("pool", "k"), ("t C/ha", "r"), ("t CO2/ha", "r"), ("t C", "r"), ("t CO2", "r")],
        caption=_overrides_caption(loaded),
    )
    notes = []
    for ps in s.pools:
        pool = project.carbon.pools[ps.pool]  # type: ignore[index]
        origin = pool.root_to_shoot if pool.root_to_shoot is not None else pool
        table.add_row(
            ps.pool, dec(ps.density_tc_per_ha), dec(ps.density_tco2_per_ha), tonnes(ps.stock_tc),
            tonnes(ps.stock_tco2),
        )  # fmt: skip
        notes.append(f"  {ps.pool}: {ps.how} [{_ref(origin)}]")
    table.add_section()
    table.add_row(
        "total", dec(s.density_tc_per_ha), dec(s.density_tco2_per_ha), tonnes(s.stock_tc),
        tonnes(s.stock_tco2), style="bold",
    )  # fmt: skip
    _print_table(console, table)
    _plain(console, "\n".join(notes))
    cited = (
        {project.area.source}
        | {(p.root_to_shoot or p).source for p in project.carbon.pools.values()}
        | {r.source for r in project.fossil_reserves}
    )
    _print_sources(console, project, cited)
    if report.fossil:
        fossil = _table(
            f"Fossil reserves kept in the ground (factors {report.factors_version})",
            [("reserve", "l"), ("as given", "r"), ("t CO2", "r"), ("= barrels of oil", "r")],
        )
        for f in report.fossil:
            fossil.add_row(
                f.description, f"{sig(f.quantity)} {f.unit}", tonnes(f.tco2), tonnes(f.barrels_oil)
            )
        _print_table(console, fossil)
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
        _plain(console, "\n".join(lines))
    if report.claims:
        _print_table(console, _claims_table(loaded.project, report.claims, "Published claims"))
        _print_claim_notes(console, report.claims)


def emissions_chart(report: EmissionsReport) -> None:
    """Forest area and cumulative avoided emissions, baseline against project, as text."""
    console = _console()
    res = report.result
    years = [r.year for r in res.rows]
    width = min(console.width, 100) - 16
    _plain(console, line_chart(
        "Forest area, ha", years,
        [("baseline", "b", [r.baseline_forest_ha for r in res.rows]),
         ("project", "p", [r.project_forest_ha for r in res.rows])], width=width))  # fmt: skip
    _plain(console, line_chart(
        "Cumulative avoided emissions, t CO2e", years,
        [("avoided", "*", res.cumulative_avoided_tco2e())], width=width))  # fmt: skip


def emissions(report: EmissionsReport, fmt: Format) -> None:
    loaded, res = report.loaded, report.result
    cumulative = res.cumulative_avoided_tco2e()
    fields = [
        "baseline_cleared_ha", "project_cleared_ha", "baseline_forest_ha", "project_forest_ha",
        "baseline_emissions_tco2e", "project_emissions_tco2e", "avoided_emissions_tco2e",
    ]  # fmt: skip
    years = [
        {"year": r.year, **{f: getattr(r, f) for f in fields}, "cumulative_avoided_tco2e": c}
        for r, c in zip(res.rows, cumulative, strict=True)
    ]
    totals = {f: res.total(f) for f in fields if "forest" not in f}
    if fmt == "json":
        write_json(
            {
                "command": "emissions",
                "project": loaded.name,
                "name": loaded.project.name,
                "file": str(loaded.path),
                "case": report.case,
                "first_year": res.first_year,
                "last_year": res.last_year,
                "emission_factor_tco2e_per_ha": res.ef_tco2e_per_ha,
                "years": years,
                "totals": totals,
                "cases": {
                    case: {
                        "avoided_emissions_tco2e": e.avoided_emissions_tco2e,
                        "mean_avoided_emissions_tco2e_per_yr": (
                            e.mean_avoided_emissions_tco2e_per_yr
                        ),
                        "emission_factor_tco2e_per_ha": e.ef_tco2e_per_ha,
                    }
                    for case, e in report.totals_by_case.items()
                },
                "claims": _claims_json(report.claims),
                "scenario": loaded.scenario,
                "overrides": _overrides_json(loaded),
            }
        )
        return
    if fmt == "csv":
        write_csv(["year", *fields, "cumulative_avoided_tco2e"], ([y[k] for k in y] for y in years))
        return
    console = _console()
    _print_header(console, loaded)
    _plain(
        console,
        f"Emission factor: {dec(res.ef_tco2e_per_ha)} t CO2e per ha cleared; "
        f"case: {report.case} (every input at its {report.case} value)\n"
        "ha = forest cleared, t = t CO2e emitted; base = baseline, proj. = with the project",
    )
    table = _table(
        f"Deforestation and emissions, {res.first_year}-{res.last_year} "
        "(year = projection year starting in it)",
        [("year", "r"), ("base ha", "r"), ("proj. ha", "r"), ("base t", "r"),
         ("proj. t", "r"), ("avoided t", "r"), ("cumul. t", "r")],
        caption=_overrides_caption(loaded),
    )  # fmt: skip
    for y in years:
        table.add_row(
            str(y["year"]), dec(y["baseline_cleared_ha"], 1), dec(y["project_cleared_ha"], 1),
            tonnes(y["baseline_emissions_tco2e"]), tonnes(y["project_emissions_tco2e"]),
            tonnes(y["avoided_emissions_tco2e"]), tonnes(y["cumulative_avoided_tco2e"]),
        )  # fmt: skip
    table.add_section()
    table.add_row(
        "total", dec(totals["baseline_cleared_ha"], 1),
        dec(totals["project_cleared_ha"], 1), tonnes(totals["baseline_emissions_tco2e"]),
        tonnes(totals["project_emissions_tco2e"]), tonnes(totals["avoided_emissions_tco2e"]), "",
        style="bold",
    )  # fmt: skip
    _print_table(console, table)
    if len(report.totals_by_case) > 1:
        cases = _table(
            "Avoided emissions by case (inputs at their low, central and high values)",
            [("case", "k"), ("avoided t CO2e", "r"), ("mean t CO2e/yr", "r"), ("t CO2e/ha", "r")],
        )
        for case, e in report.totals_by_case.items():
            cases.add_row(
                case, tonnes(e.avoided_emissions_tco2e),
                tonnes(e.mean_avoided_emissions_tco2e_per_yr), dec(e.ef_tco2e_per_ha),
            )  # fmt: skip
        _print_table(console, cases)
    if report.claims:
        _print_table(console, _claims_table(loaded.project, report.claims, "Published claims"))
        _print_claim_notes(console, report.claims)


def equivalents(report: EquivalentsReport, fmt: Format) -> None:
    rows = []
    for basis, eqs in report.rows:
        for item in eqs.items:
            rows.append(
                {
                    "basis": basis.what,
                    "tco2e": basis.tco2e,
                    "years": basis.years,
                    "factors_version": eqs.version_id,
                    "equivalent": item.key,
                    "label": item.label,
                    "factor": item.factor,
                    "factor_unit": item.factor_unit,
                    "per_yr": item.per_yr,
                    "count": item.count,
                }
            )
    if fmt == "json":
        payload: dict[str, Any] = {"command": "equivalents"}
        if report.loaded is not None:
            payload.update(project=report.loaded.name, name=report.loaded.project.name)
            payload["scenario"] = report.loaded.scenario
            payload["overrides"] = _overrides_json(report.loaded)
        version = report.rows[0][1] if report.rows else None
        if version is not None:
            payload.update(
                factors_version=version.version_id,
                factors_label=version.version.label,
                factors_source=version.version.source.as_dict(),
            )
        payload["equivalents"] = rows
        payload["claims"] = _claims_json(report.claims)
        payload["claims_at_current_factors"] = _claims_json(report.claims_current)
        write_json(payload)
        return
    if fmt == "csv":
        keys = list(rows[0]) if rows else ["basis"]
        write_csv(keys, ([r[k] for k in keys] for r in rows))
        return
    console = _console()
    if report.loaded is not None:
        _print_header(console, report.loaded)
    if report.rows:
        _, first = report.rows[0]
        columns = [("equivalent", "l")] + [(f"[{i}]", "r") for i in range(1, len(report.rows) + 1)]
        table = _table(
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
        _print_table(console, table)
        _plain(
            console,
            "\n".join(
                f"  [{i}] {tonnes(b.tco2e)} t CO2e, {b.what}, over {b.years} yr"
                for i, (b, _) in enumerate(report.rows, start=1)
            ),
        )
    if report.loaded is not None and report.claims:
        project = report.loaded.project
        for title, checks in (
            (
                "Published equivalence claims, at the factors they appear to use"
                if report.claims_factors is None
                else f"Published equivalence claims, at factors {report.claims_factors}",
                report.claims,
            ),
            ("The same claims at the current factors", report.claims_current),
        ):
            _print_table(console, _claims_table(project, checks, title))
            _print_claim_notes(console, checks)


VERDICT_WORDS = {"holds": "hold", "fails": "fail", "unchecked": "unchecked"}


def check(results: Sequence[CheckResult], fmt: Format, exit_code: int) -> None:
    """Every claim of every file with its verdict; what each claim implies."""
    summary = {v: sum(r.count(v) for r in results) for v in ("holds", "fails", "unchecked")}
    summary["invalid_files"] = sum(1 for r in results if r.problems)
    if fmt == "json":
        write_json(
            {
                "command": "check",
                "projects": [
                    {
                        "project": r.project,
                        "file": r.file,
                        "valid": not r.problems,
                        "problems": list(r.problems),
                        "claims": _claims_json(r.claims),
                    }
                    for r in results
                ],
                "summary": summary,
                "exit_code": exit_code,
            }
        )
        return
    if fmt == "csv":
        keys = ["claim", "case", "claimed", "derived", "unit", "difference_pct", "tolerance_pct",
                "verdict"]  # fmt: skip
        write_csv(
            ["project", *keys],
            ([r.project, *(c[k] for k in keys)] for r in results for c in _claims_json(r.claims)),
        )
        return
    console = _console()
    for r in results:
        if r.problems:
            n = len(r.problems)
            _plain(
                console, f"{r.project}: INVALID ({n} problem{'s' * (n != 1)}, on stderr)", "bold"
            )
            continue
        counts = ", ".join(
            f"{r.count(v)} {VERDICT_WORDS[v]}"
            for v in ("holds", "fails", "unchecked")
            if r.count(v)
        )
        if not r.claims:
            _plain(console, f"{r.project}: no published claims to check", "bold")
            continue
        plural = "s" if len(r.claims) != 1 else ""
        table = _table(
            f"{r.project}: {len(r.claims)} claim{plural}, {counts}",
            [("claim", "k"), ("published", "r"), ("carboncalc", "r"), ("unit", "k"),
             ("diff. ± tol.", "r"), ("verdict", "k")],
        )  # fmt: skip
        for c in r.claims:
            derived = c.derived_as_published
            table.add_row(
                c.claim_id + ("" if c.case == "central" else f" {c.case}"),
                sig(c.claimed_as_published), "-" if derived is None else sig(derived),
                c.published_unit, f"{pct(c.difference_pct)} ± {c.tolerance_pct:.2f}",
                c.verdict.upper(), style=None if c.verdict == "holds" else "bold",
            )  # fmt: skip
        _print_table(console, table)
        lines = []
        for c in r.claims:
            parts = [c.how] + [f"{i.what}: {sig(i.value)} {i.unit}" for i in c.implied]
            if c.assumptions and c.verdict != "holds":
                parts.append("rests on assumed inputs: " + ", ".join(c.assumptions))
            lines.append(_indented(f"{c.claim_id} ({c.case}): " + "; ".join(parts), 2, console))
        _plain(console, "\n".join(dict.fromkeys(lines)))
    _plain(
        console,
        f"{summary['holds']} hold, {summary['fails']} fail, {summary['unchecked']} unchecked"
        + (
            f", {summary['invalid_files']} invalid file{'s' * (summary['invalid_files'] != 1)}"
            if summary["invalid_files"]
            else ""
        )
        + f" (exit {exit_code})",
        "bold",
    )


def _summary_json(s: Summary | None) -> dict[str, float | None] | None:
    if s is None:
        return None
    return {"mean": s.mean, "median": s.median, "p5": s.p5, "p95": s.p95,
            "half_width_pct": s.half_width_pct}  # fmt: skip


def _waterfall_json(w: Waterfall) -> dict[str, Any]:
    fields = ["gross_tco2e", "leakage_tco2e", "uncertainty_tco2e", "net_tco2e", "buffer_tco2e",
              "credits_exact_tco2e"]  # fmt: skip
    return {
        "vintages": [
            {"vintage": v.year, **{f: getattr(v, f) for f in fields}, "credits": v.credits}
            for v in w.vintages
        ],
        "totals": {**{f: w.total(f) for f in fields}, "credits": w.credits},
    }


def credits(report: CreditsReport, fmt: Format) -> None:
    """The waterfall by vintage with each rule's source; the counterfactual; the value."""
    loaded, w = report.loaded, report.waterfall
    ratio = report.over_crediting_ratio
    if fmt == "json":
        payload: dict[str, Any] = {
            "command": "credits",
            "project": loaded.name,
            "name": loaded.project.name,
            "file": str(loaded.path),
            "baseline": report.baseline,
            "rules": {
                name: {"pct": rule.pct, "how": rule.how}
                for name, rule in (
                    ("leakage", report.leakage),
                    ("uncertainty", report.uncertainty),
                    ("buffer", report.buffer),
                )
            },
            **_waterfall_json(w),
            "counterfactual": None,
            "revenue": [
                {
                    "case": r.case,
                    "price_usd_per_tco2e": r.price_usd_per_tco2e,
                    "revenue_usd": r.revenue_usd,
                    "present_value_usd": r.present_value_usd,
                    "by_vintage_usd": [{"vintage": y, "usd": usd} for y, usd in r.by_vintage_usd],
                }
                for r in report.revenue
            ],
            "scenario": loaded.scenario,
            "overrides": _overrides_json(loaded),
        }
        if report.claimed is not None and report.supported is not None:
            payload["counterfactual"] = {
                "claimed_credits": report.claimed.credits,
                "supported_credits": report.supported.credits,
                "over_crediting_ratio": ratio,
            }
        write_json(payload)
        return
    fields = ["gross_tco2e", "leakage_tco2e", "uncertainty_tco2e", "net_tco2e", "buffer_tco2e"]
    if fmt == "csv":
        write_csv(
            ["vintage", *fields, "credits_exact_tco2e", "credits"],
            ([v.year, *(getattr(v, f) for f in fields), v.credits_exact_tco2e, v.credits]
             for v in w.vintages),
        )  # fmt: skip
        return
    console = _console()
    _print_header(console, loaded)
    against = "the counterfactual baseline" if report.baseline == "counterfactual" else (
        "the project's baseline")  # fmt: skip
    _plain(console, f"Credits against {against}; t CO2e; credits are whole tonnes, rounded down")
    rules = [
        f"leakage {report.leakage.pct:g} %: {report.leakage.how}",
        f"uncertainty deduction {report.uncertainty.pct:g} %: {report.uncertainty.how}",
        f"buffer {report.buffer.pct:g} %: {report.buffer.how}",
    ]
    _plain(console, "\n".join(_indented(r, 2, console) for r in rules))
    table = _table(
        "Credit waterfall by vintage",
        [("vintage", "r"), ("gross", "r"), ("-leakage", "r"), ("-uncert.", "r"), ("net", "r"),
         ("-buffer", "r"), ("credits", "r")],
        caption=_overrides_caption(loaded),
    )  # fmt: skip
    for v in w.vintages:
        table.add_row(str(v.year), *(tonnes(getattr(v, f)) for f in fields), f"{v.credits:,}")
    table.add_section()
    table.add_row("total", *(tonnes(w.total(f)) for f in fields), f"{w.credits:,}", style="bold")
    _print_table(console, table)
    if report.claimed is not None and report.supported is not None:
        cf = loaded.project.deforestation.counterfactual  # type: ignore[union-attr]
        rate = cf.rate if cf is not None else None
        text = (
            f"Against the counterfactual ({rate.central:g} {rate.unit}, [{_ref(rate)}]): "
            f"{report.supported.credits:,} credits supported, {report.claimed.credits:,} "
            "against the project's baseline; "
            if rate is not None else ""
        )  # fmt: skip
        if ratio is not None:
            text += f"over-crediting ratio {ratio:.2f} (claimed / supported)."
        elif report.claimed.credits > 0:
            text += "the counterfactual supports no credits: every claimed credit is over-credited."
        else:
            text += "neither baseline gives credits."
        _plain(console, _indented(text, 0, console))
    if report.revenue:
        money = _table(
            "Revenue by vintage, USD",
            [("vintage", "r")]
            + [(f"{r.case} ({r.price_usd_per_tco2e:g} USD/t)", "r") for r in report.revenue],
        )
        for i, v in enumerate(w.vintages):
            money.add_row(str(v.year), *(tonnes(r.by_vintage_usd[i][1]) for r in report.revenue))
        money.add_section()
        money.add_row("total", *(tonnes(r.revenue_usd) for r in report.revenue), style="bold")
        if any(r.present_value_usd is not None for r in report.revenue):
            money.add_row("present value", *(tonnes(r.present_value_usd) for r in report.revenue))
        _print_table(console, money)


def uncertainty(report: MonteCarlo, loaded: LoadedProject, fmt: Format) -> None:
    """Monte Carlo summaries of stock, avoided emissions and credits."""
    rows = [("stock_tco2", "stock t CO2", report.stock_tco2),
            ("avoided_tco2e", "avoided t CO2e", report.avoided_tco2e),
            ("credits_exact_tco2e", "credits t CO2e", report.credits_exact_tco2e)]  # fmt: skip
    if fmt == "json":
        write_json(
            {
                "command": "uncertainty",
                "project": loaded.name,
                "name": loaded.project.name,
                "file": str(loaded.path),
                "samples": report.samples,
                "seed": report.seed,
                "uncertain_inputs": list(report.inputs),
                **{key: _summary_json(s) for key, _, s in rows},
                "scenario": loaded.scenario,
                "overrides": _overrides_json(loaded),
            }
        )
        return
    if fmt == "csv":
        write_csv(
            ["quantity", "mean", "median", "p5", "p95", "half_width_pct"],
            ([key, s.mean, s.median, s.p5, s.p95, s.half_width_pct]
             for key, _, s in rows if s is not None),
        )  # fmt: skip
        return
    console = _console()
    _print_header(console, loaded)
    _plain(console, f"Monte Carlo: {report.samples:,} samples, seed {report.seed}; uncertain "
                    f"inputs: {', '.join(report.inputs) or 'none'}")  # fmt: skip
    table = _table(
        "Results over the accounting period (90 % interval: 5th to 95th percentile)",
        [("quantity", "k"), ("mean", "r"), ("median", "r"), ("5th pct", "r"), ("95th pct", "r"),
         ("half-width", "r")],
        caption=_overrides_caption(loaded),
    )  # fmt: skip
    for _, label, s in rows:
        if s is not None:
            half = s.half_width_pct
            table.add_row(label, tonnes(s.mean), tonnes(s.median), tonnes(s.p5), tonnes(s.p95),
                          "-" if half is None else f"{half:.1f} %")  # fmt: skip
    _print_table(console, table)
    if report.credits_exact_tco2e is not None:
        _plain(console, "Credits are after leakage, the uncertainty deduction and the buffer, "
                        "before rounding to whole credits.")  # fmt: skip


def compare(rows: Sequence[CompareRow], total: CompareRow | None, fmt: Format, title: str) -> None:
    """Projects or scenarios side by side; a portfolio's total row."""
    keys = ["label", "area_ha", "stock_tco2", "avoided_tco2e", "credits", "vehicles_per_yr"]
    every = [*rows, *([total] if total is not None else [])]
    if fmt == "json":
        write_json(
            {
                "command": "compare",
                "rows": [{k: getattr(r, k) for k in keys} for r in rows],
                "total": None if total is None else {k: getattr(total, k) for k in keys},
            }
        )
        return
    if fmt == "csv":
        write_csv(keys, ([getattr(r, k) for k in keys] for r in every))
        return
    table = _table(
        title,
        [("", "k"), ("area ha", "r"), ("stock Mt", "r"), ("avoided t", "r"),
         ("credits", "r"), ("cars/yr", "r")],
        caption=(f"Total of {len(rows)} projects. " if total is not None else "")
        + "Stock in Mt CO2; avoided emissions (t CO2e) and credits over each accounting "
        "period; cars off the road each year at the current EPA factor.",
    )  # fmt: skip
    for r in every:
        if r is total:
            table.add_section()
        table.add_row(
            r.label, tonnes(r.area_ha), dec(r.stock_tco2 / MASS_PREFIX_T["Mt"], 1),
            tonnes(r.avoided_tco2e),
            "-" if r.credits is None else f"{r.credits:,}", tonnes(r.vehicles_per_yr),
            style="bold" if r is total else None,
        )  # fmt: skip
    _print_table(_console(), table)


# --- text charts: readable without colour, within 80 columns -------------------------------------


def line_chart(
    title: str,
    years: Sequence[int],
    series: Sequence[tuple[str, str, Sequence[float]]],
    *,
    width: int = 60,
    height: int = 10,
) -> str:
    """Series over years as marks on a grid (one glyph per series; '%' where they meet)."""
    values = [v for _, _, vs in series for v in vs]
    lo, hi = min(values), max(values)
    span = hi - lo or 1.0
    step = max(1, (width - 1) // max(len(years) - 1, 1))
    cols = step * (len(years) - 1) + 1  # the last year on the right edge, under its label
    grid = [[" "] * cols for _ in range(height)]
    for _, mark, vs in series:
        for i, v in enumerate(vs):
            row = height - 1 - round((v - lo) / span * (height - 1))
            cell = grid[row][i * step]
            grid[row][i * step] = mark if cell in (" ", mark) else "%"
    labels = [tonnes(hi)] + [""] * (height - 2) + [tonnes(lo)]
    pad = max(len(x) for x in labels)
    lines = [title]
    lines += [f"{label:>{pad}} |{''.join(row)}" for label, row in zip(labels, grid, strict=True)]
    lines.append(f"{'':>{pad}} +{'-' * cols}")
    last = str(years[-1])
    lines.append(f"{'':>{pad}}  {years[0]}{last:>{cols - len(str(years[0]))}}")
    legend = "   ".join(f"{mark} {name}" for name, mark, _ in series)
    lines.append(f"{'':>{pad}}  {legend}" + ("   % both" if len(series) > 1 else ""))
    return "\n".join(lines)


def tornado_chart(
    title: str, base: float, bars: Sequence[tuple[str, float, float]], *, width: int = 80
) -> str:
    """One bar per input, either side of the base value: '<' below it, '>' above it."""
    name_width = min(max((len(n) for n, _, _ in bars), default=4), 30)
    deviation = max((abs(v - base) for _, lo, hi in bars for v in (lo, hi)), default=0.0) or 1.0
    numbers = max((len(tonnes(v)) for _, lo, hi in bars for v in (lo, hi)), default=1)
    half = max((width - name_width - 2 * numbers - 6) // 2, 4)
    lines = [title]
    for name, lo, hi in bars:
        below = max(base - min(lo, hi), 0.0)
        above = max(max(lo, hi) - base, 0.0)
        left = "<" * round(below / deviation * half)
        right = ">" * round(above / deviation * half)
        low_text, high_text = tonnes(min(lo, hi)), tonnes(max(lo, hi))
        short = name if len(name) <= name_width else "…" + name[-(name_width - 1) :]
        lines.append(
            f"{short:<{name_width}} {low_text:>{numbers}} "
            f"{left:>{half}}|{right:<{half}} {high_text}"
        )
    return "\n".join(lines)


def sensitivity(report: Tornado, loaded: LoadedProject, fmt: Format) -> None:
    """Inputs ranked by how far they move avoided emissions and credits; tornado bars."""
    if fmt == "json":
        write_json(
            {
                "command": "sensitivity",
                "project": loaded.name,
                "name": loaded.project.name,
                "file": str(loaded.path),
                "pct": report.pct,
                "base": {
                    "avoided_tco2e": report.base_avoided_tco2e,
                    "credits": report.base_credits,
                },
                "inputs": [
                    {
                        "input": s.input,
                        "low_value": s.low_value,
                        "high_value": s.high_value,
                        "avoided_low_tco2e": s.avoided_low_tco2e,
                        "avoided_high_tco2e": s.avoided_high_tco2e,
                        "avoided_swing_tco2e": s.avoided_swing_tco2e,
                        "credits_low": s.credits_low,
                        "credits_high": s.credits_high,
                        "credits_swing": s.credits_swing,
                    }
                    for s in report.swings
                ],
                "scenario": loaded.scenario,
                "overrides": _overrides_json(loaded),
            }
        )
        return
    keys = ["input", "low_value", "high_value", "avoided_low_tco2e", "avoided_high_tco2e",
            "credits_low", "credits_high"]  # fmt: skip
    if fmt == "csv":
        write_csv(keys, ([getattr(s, k) for k in keys] for s in report.swings))
        return
    console = _console()
    _print_header(console, loaded)
    how = (f"every input at its central value -/+ {report.pct:g} %" if report.pct is not None
           else "each uncertain input at its low and high value")  # fmt: skip
    if not report.swings:
        _plain(console, "No uncertain inputs: give ranges or sds, or use --pct P.")
        return
    table = _table(
        f"Sensitivity: {how}, the others central",
        [("input", "l"), ("low", "r"), ("high", "r"), ("avoided ± t", "r"),
         ("credits ±", "r")],
        caption=_overrides_caption(loaded),
    )  # fmt: skip
    for s in report.swings:
        table.add_row(s.input, sig(s.low_value), sig(s.high_value), tonnes(s.avoided_swing_tco2e),
                      "-" if s.credits_swing is None else f"{s.credits_swing:,}")  # fmt: skip
    _print_table(console, table)
    width = min(console.width, 100)
    bars = [(s.input, s.avoided_low_tco2e, s.avoided_high_tco2e) for s in report.swings]
    _plain(console, tornado_chart(
        f"Avoided emissions, t CO2e (base {tonnes(report.base_avoided_tco2e)}):",
        report.base_avoided_tco2e, bars, width=width))  # fmt: skip
    if report.base_credits is not None:
        credit_bars = [(s.input, float(s.credits_low or 0), float(s.credits_high or 0))
                       for s in report.swings]  # fmt: skip
        _plain(console, tornado_chart(f"Credits (base {report.base_credits:,}):",
                                      report.base_credits, credit_bars, width=width))  # fmt: skip
