"""``carboncalc list`` and ``show``: the project files found, and one file's inputs as written;
each as a record (JSON, CSV) and a table."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from carboncalc.render.inputs import input_rows, source_text
from carboncalc.render.numbers import tonnes
from carboncalc.render.recordkit import Record

if TYPE_CHECKING:
    from carboncalc.reports.projects import ProjectList, ShowReport


LIST_KEYS = ["project", "name", "countries", "area_ha", "stock_tc", "stock_tco2", "file", "error"]


def list_record(result: ProjectList) -> Record:
    rows = [[r.get(k, "") for k in LIST_KEYS] for r in result.rows]
    return Record("list", None, {"projects": list(result.rows)}, LIST_KEYS, rows)


def list_table(report: ProjectList) -> None:
    from carboncalc.render import tablekit as tk

    rows = report.rows
    folders = sorted({str(Path(r["file"]).parent) for r in rows})
    table = tk.make_table(
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
    tk.print_table(tk.make_console(), table)


INPUT_KEYS = ["field", "value", "unit", "source", "assumption", "note"]


def show_record(result: ShowReport) -> Record:
    loaded = result.loaded
    d = loaded.inputs.deforestation
    body = {
        "inputs": loaded.project.model_dump(mode="json", exclude_none=True),
        # a counterfactual the file does not give, from the evidence set by its registry id
        "evidence_counterfactual": d.counterfactual_source if d is not None else None,
        # the burning's emission factors (the chosen table or the file's own) and GWPs
        "burning": d.burning.how if d is not None and d.burning is not None else None,
    }
    rows = [
        [r.field, r.value, r.unit, r.source, r.assumption, r.note]
        for r in input_rows(loaded.project)
    ]
    return Record("show", loaded, body, INPUT_KEYS, rows)


def show_table(report: ShowReport) -> None:
    from carboncalc.render import tablekit as tk

    loaded = report.loaded
    p = loaded.project
    rows = input_rows(p)
    console = tk.make_console()
    tk.print_header(console, loaded)
    ident = [f"region: {p.region}" if p.region else ""]
    if p.registry:
        ident.append(f"registry: {p.registry.name} {p.registry.project_id or ''}".strip())
    if p.methodology:
        ident.append(f"methodology: {p.methodology}")
    if p.period:
        ident.append(f"period: {p.period.start} + {p.period.length_yr} yr")
    tk.plain(console, "  ".join(i for i in ident if i))
    inputs, facts = [], []
    for r in rows:
        source = ", ".join(x for x in (r.source_id, "ASSUMPTION" if r.assumption else "") if x)
        if r.field.startswith("note: "):
            fact = f"{r.value} {r.unit}: {r.field.removeprefix('note: ')} [{source}]"
            facts.append(tk.indented(fact, 2, console))
            continue
        line = f"{r.field} = {r.value} {r.unit}".rstrip() + f"  [{source}]"
        inputs.append(tk.indented(line, 2, console))
        if r.note:
            inputs.append(tk.indented(r.note, 6, console))
    tk.plain(console, "Inputs (field = value unit  [source]; the note below it, if any):")
    tk.plain(console, "\n".join(inputs))
    d = loaded.inputs.deforestation
    if d is not None and d.counterfactual_source is not None:
        text = f"Counterfactual, not in the file: {d.counterfactual_source}"
        tk.plain(console, tk.indented(text, 0, console))
    if d is not None and d.burning is not None:
        tk.plain(console, tk.indented(f"Burning: {d.burning.how}", 0, console))
    if loaded.overrides:
        tk.plain(console, tk.overrides_caption(loaded) or "")
    if facts:
        tk.plain(console, "Other published facts:\n" + "\n".join(facts))
    src = tk.make_table("Sources", [("id", "k"), ("source", "l")])
    for sid, s in p.sources.items():
        details = "; ".join(x for x in (s.url, s.note) if x)
        src.add_row(sid, source_text(p, sid) + (f". {details}" if details else ""))
    tk.print_table(console, src)
